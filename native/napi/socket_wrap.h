// NativeSocket: a JS object owning one nl::Socket (closed on close() or garbage collection).
#pragma once
#include <napi.h>

#include "../nl/socket.h"

namespace napi_nl {

class SocketWrap : public Napi::ObjectWrap<SocketWrap> {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  explicit SocketWrap(const Napi::CallbackInfo& info);
  nl::Socket& socket() { return sock_; }

 private:
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value Fd(const Napi::CallbackInfo& info);
  Napi::Value Portid(const Napi::CallbackInfo& info);
  Napi::Value Rcvbuf(const Napi::CallbackInfo& info);
  nl::Socket sock_;
};

}  // namespace napi_nl
