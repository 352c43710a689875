#include "socket_wrap.h"

#include "common.h"

namespace napi_nl {

void SocketWrap::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function f = DefineClass(env, "NativeSocket",
                                 {InstanceMethod("close", &SocketWrap::Close),
                                  InstanceAccessor("fd", &SocketWrap::Fd, nullptr),
                                  InstanceAccessor("portid", &SocketWrap::Portid, nullptr),
                                  InstanceAccessor("rcvbuf", &SocketWrap::Rcvbuf, nullptr)});
  exports.Set("NativeSocket", f);
}

// new NativeSocket(protocol, netnsFd): netnsFd -1 = the caller's namespace.
SocketWrap::SocketWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<SocketWrap>(info) {
  int protocol = info[0].As<Napi::Number>().Int32Value();
  int nsfd = info[1].As<Napi::Number>().Int32Value();
  nl::Error e = nl::Socket::open(protocol, nsfd, sock_);
  if (e) make_error(info.Env(), e).ThrowAsJavaScriptException();
}

Napi::Value SocketWrap::Close(const Napi::CallbackInfo& info) {
  sock_.close();
  return info.Env().Undefined();
}
Napi::Value SocketWrap::Fd(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), sock_.fd()); }
Napi::Value SocketWrap::Portid(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), sock_.portid()); }
Napi::Value SocketWrap::Rcvbuf(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), sock_.rcvbuf()); }

}  // namespace napi_nl
