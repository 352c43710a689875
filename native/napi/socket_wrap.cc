#include "socket_wrap.h"

#include <vector>

#include "common.h"

namespace napi_nl {

namespace {

// Live sockets of one environment: slot = id & 0xffff, generation = id >> 16 (bumped each time
// a slot is reused). Touched only by that environment's JS thread.
struct Registry {
  std::vector<nl::Socket*> sockets;
  std::vector<uint32_t> generations;
  std::vector<uint32_t> free_slots;
};
constexpr uint32_t kSlots = 0x10000;

Registry& registry(Napi::Env env) {
  Registry* r = env.GetInstanceData<Registry>();
  if (!r) {
    r = new Registry();
    env.SetInstanceData(r);  // deleted with the environment
  }
  return *r;
}

}  // namespace

nl::Socket* socket_by_id(Napi::Env env, Napi::Value id) {
  uint32_t v = 0;
  if (napi_get_value_uint32(env, id, &v) == napi_ok) {
    Registry* r = env.GetInstanceData<Registry>();
    uint32_t slot = v & (kSlots - 1);
    if (r && slot < r->sockets.size() && r->sockets[slot] && r->generations[slot] == (v >> 16)) return r->sockets[slot];
  }
  Napi::TypeError::New(env, "not the id of a live NativeSocket").ThrowAsJavaScriptException();
  return nullptr;
}

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
  if (e) { make_error(info.Env(), e).ThrowAsJavaScriptException(); return; }
  Registry& r = registry(info.Env());
  uint32_t slot;
  if (!r.free_slots.empty()) {
    slot = r.free_slots.back();
    r.free_slots.pop_back();
  } else if (r.sockets.size() < kSlots) {
    slot = static_cast<uint32_t>(r.sockets.size());
    r.sockets.push_back(nullptr);
    r.generations.push_back(0);
  } else {
    slot = kSlots;  // 65,536 live sockets: this one gets id 0, and lib/ takes the general paths for it
  }
  if (slot < kSlots) {
    r.sockets[slot] = &sock_;
    r.generations[slot] = (r.generations[slot] + 1) & 0xffff;
    if (r.generations[slot] == 0) r.generations[slot] = 1;  // id 0 never names a socket
    id_ = (r.generations[slot] << 16) | slot;
  }
  // A plain data property (not an accessor): reading it from JavaScript is a field load.
  info.This().As<Napi::Object>().DefineProperty(
      Napi::PropertyDescriptor::Value("id", Napi::Number::New(info.Env(), id_), napi_enumerable));
}

SocketWrap::~SocketWrap() {
  if (id_ == 0) return;
  Registry* r = Env().GetInstanceData<Registry>();
  uint32_t slot = id_ & (kSlots - 1);
  if (r && slot < r->sockets.size() && r->sockets[slot] == &sock_) {
    r->sockets[slot] = nullptr;
    r->free_slots.push_back(slot);
  }
}

Napi::Value SocketWrap::Close(const Napi::CallbackInfo& info) {
  sock_.close();
  return info.Env().Undefined();
}
Napi::Value SocketWrap::Fd(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), sock_.fd()); }
Napi::Value SocketWrap::Portid(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), sock_.portid()); }
Napi::Value SocketWrap::Rcvbuf(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), sock_.rcvbuf()); }

}  // namespace napi_nl
