// N-API surface of native/netns: named namespaces and namespace ids.
#include <linux/rtnetlink.h>

#include "../netns/netns.h"
#include "../netns/nsid.h"
#include "common.h"
#include "families.h"
#include "run.h"

namespace napi_nl {

namespace {

// Creating a namespace can take milliseconds (unshare builds every per-net subsystem) and may
// wait for iproute2's flock on the run directory, so it runs off the event loop. The worker's
// pool thread itself never changes namespace: nl_netns::create unshares on its own thread.
class CreateWorker : public Napi::AsyncWorker {
 public:
  CreateWorker(Napi::Env env, std::string dir, std::string name)
      : Napi::AsyncWorker(env, "netnsCreate"), deferred_(Napi::Promise::Deferred::New(env)),
        dir_(std::move(dir)), name_(std::move(name)) {}
  Napi::Promise promise() { return deferred_.Promise(); }
  void Execute() override { err_ = nl_netns::create(dir_, name_); }
  void OnOK() override {
    if (err_) deferred_.Reject(make_error(Env(), err_).Value());
    else deferred_.Resolve(Env().Undefined());
  }

 private:
  Napi::Promise::Deferred deferred_;
  std::string dir_, name_;
  nl::Error err_;
};

// netnsCreate(dir, name) → Promise<void>
Napi::Value Create(const Napi::CallbackInfo& info) {
  auto* w = new CreateWorker(info.Env(), info[0].As<Napi::String>().Utf8Value(), info[1].As<Napi::String>().Utf8Value());
  Napi::Promise p = w->promise();
  w->Queue();
  return p;
}

// netnsDelete(dir, name)
Napi::Value Delete(const Napi::CallbackInfo& info) {
  nl::Error e = nl_netns::remove(info[0].As<Napi::String>().Utf8Value(), info[1].As<Napi::String>().Utf8Value());
  if (e) make_error(info.Env(), e).ThrowAsJavaScriptException();
  return info.Env().Undefined();
}

// nsidGet(sock, netnsFd) → the id the socket's namespace gives that namespace, -1 if none.
Napi::Value NsidGet(const Napi::CallbackInfo& info) {
  nl::Socket& s = socket_arg(info);
  int fd = info[1].As<Napi::Number>().Int32Value();
  int32_t nsid = -1;
  nl::Error decode_err;
  bool got = false;
  auto on_msg = [&](size_t, const nlmsghdr* h) {
    if (h->nlmsg_type != RTM_NEWNSID || got) return;
    decode_err = nl_netns::decode_nsid(h, nsid);
    got = true;
  };
  nl::MessageBuffer m;
  if (!run_one(info.Env(), s, [&](nl::MessageBuffer& mb, uint32_t seq) { nl_netns::build_get_nsid(mb, seq, fd); }, on_msg))
    return info.Env().Undefined();
  if (!got) decode_err = nl::Error::bad("RTM_GETNSID: no RTM_NEWNSID reply");
  if (decode_err) { make_error(info.Env(), decode_err).ThrowAsJavaScriptException(); return info.Env().Undefined(); }
  return Napi::Number::New(info.Env(), nsid);
}

}  // namespace

void InitNetns(Napi::Env env, Napi::Object exports) {
  exports.Set("netnsCreate", Napi::Function::New(env, Create, "netnsCreate"));
  exports.Set("netnsDelete", Napi::Function::New(env, Delete, "netnsDelete"));
  exports.Set("nsidGet", Napi::Function::New(env, NsidGet, "nsidGet"));
}

}  // namespace napi_nl
