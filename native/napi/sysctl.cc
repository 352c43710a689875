// N-API surface of native/sysctl: files under /proc/sys/net inside a namespace.
#include "../sysctl/sysctl.h"
#include "common.h"
#include "families.h"

namespace napi_nl {

namespace {

// sysctlRead(nsfd, relPath) → file contents (string, trailing newline kept)
Napi::Value Read(const Napi::CallbackInfo& info) {
  int nsfd = info[0].As<Napi::Number>().Int32Value();
  std::string out;
  nl::Error e = nl_sysctl::read(nsfd, info[1].As<Napi::String>().Utf8Value(), out);
  if (e) { make_error(info.Env(), e).ThrowAsJavaScriptException(); return info.Env().Undefined(); }
  return Napi::String::New(info.Env(), out);
}

// sysctlWrite(nsfd, relPath, value)
Napi::Value Write(const Napi::CallbackInfo& info) {
  int nsfd = info[0].As<Napi::Number>().Int32Value();
  nl::Error e = nl_sysctl::write(nsfd, info[1].As<Napi::String>().Utf8Value(), info[2].As<Napi::String>().Utf8Value());
  if (e) make_error(info.Env(), e).ThrowAsJavaScriptException();
  return info.Env().Undefined();
}

}  // namespace

void InitSysctl(Napi::Env env, Napi::Object exports) {
  exports.Set("sysctlRead", Napi::Function::New(env, Read, "sysctlRead"));
  exports.Set("sysctlWrite", Napi::Function::New(env, Write, "sysctlWrite"));
}

}  // namespace napi_nl
