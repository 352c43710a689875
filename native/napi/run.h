// Runs one request on a socket: build it, send, collect data replies, turn a failure into a JS
// exception. The shape every single-request N-API entry point shares.
#pragma once
#include <napi.h>

#include "../nl/message.h"
#include "../nl/socket.h"
#include "common.h"

namespace napi_nl {

// Returns false (with a pending JS exception) when the transport or the request failed.
template <typename Build>
bool run_one(Napi::Env env, nl::Socket& s, Build&& build, const nl::OnMessage& on_msg,
             bool* interrupted = nullptr) {
  nl::MessageBuffer m;
  uint32_t seq = s.next_seq();
  build(m, seq);
  std::vector<nl::Outcome> outs;
  nl::Error e = s.transact(m, seq, on_msg, outs);
  if (interrupted) *interrupted = !outs.empty() && outs[0].dump_interrupted;
  return throw_if_failed(env, e, outs);
}

}  // namespace napi_nl
