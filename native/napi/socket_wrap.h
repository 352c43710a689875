// NativeSocket: a JS object owning one nl::Socket (closed on close() or garbage collection).
#pragma once
#include <napi.h>

#include "../nl/socket.h"

namespace napi_nl {

class SocketWrap : public Napi::ObjectWrap<SocketWrap> {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  explicit SocketWrap(const Napi::CallbackInfo& info);
  ~SocketWrap() override;
  nl::Socket& socket() { return sock_; }

 private:
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value Fd(const Napi::CallbackInfo& info);
  Napi::Value Portid(const Napi::CallbackInfo& info);
  Napi::Value Rcvbuf(const Napi::CallbackInfo& info);
  nl::Socket sock_;
  uint32_t id_ = 0;
};

// The hot single-request entry points (routeChangeV4, addrChangeV4) take the socket as its
// `id` (a number, a plain data property of every NativeSocket) instead of the object:
// napi_unwrap goes through V8's runtime property lookup and cost ~800 instructions per call
// (callgrind, bench/README "Single operations"), the id a bounds check. Ids are per
// environment (main thread, each worker) and carry a generation, so a stale or forged id is a
// TypeError, never another socket. nullptr (with a pending TypeError) when the id is not live.
nl::Socket* socket_by_id(Napi::Env env, Napi::Value id);

}  // namespace napi_nl
