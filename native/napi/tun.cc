// N-API surface of native/tun: tun/tap devices through /dev/net/tun.
#include "../tun/tun.h"
#include "common.h"
#include "families.h"

namespace napi_nl {

namespace {

// tunCreate(netnsFd, name, tap, multiQueue, persist, owner, group); owner/group -1 = unset
Napi::Value Create(const Napi::CallbackInfo& info) {
  int nsfd = info[0].As<Napi::Number>().Int32Value();
  nl_tun::Spec s;
  s.name = info[1].As<Napi::String>().Utf8Value();
  s.tap = info[2].ToBoolean().Value();
  s.multi_queue = info[3].ToBoolean().Value();
  s.persist = info[4].ToBoolean().Value();
  s.owner = info[5].As<Napi::Number>().Int64Value();
  s.group = info[6].As<Napi::Number>().Int64Value();
  nl::Error e = nl_tun::create(nsfd, s);
  if (e) make_error(info.Env(), e).ThrowAsJavaScriptException();
  return info.Env().Undefined();
}

}  // namespace

void InitTun(Napi::Env env, Napi::Object exports) {
  exports.Set("tunCreate", Napi::Function::New(env, Create, "tunCreate"));
}

}  // namespace napi_nl
