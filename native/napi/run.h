// Runs one request on a socket: build it, send, collect data replies, turn a failure into a JS
// exception. The shape every single-request N-API entry point shares.
#pragma once
#include <napi.h>

#include "../nl/dump.h"
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

// A dump, run again while the kernel flags it interrupted (nl/dump.h). `reset` empties the
// collector before each attempt. On success the result gets `dumpAttempts` when it took more
// than one; when every attempt was interrupted, a NetlinkError EINTR saying so is thrown.
template <typename Build, typename Reset, typename Result>
Napi::Value run_dump(Napi::Env env, nl::Socket& s, Build&& build, const nl::OnMessage& on_msg, Reset&& reset,
                     Result&& result) {
  nl::DumpRun r = nl::run_dump([&](nl::Outcome& o) {
    reset();
    nl::MessageBuffer m;
    uint32_t seq = s.next_seq();
    build(m, seq);
    std::vector<nl::Outcome> outs;
    nl::Error e = s.transact(m, seq, on_msg, outs);
    if (!outs.empty()) o = outs[0];
    return e;
  });
  if (r.error) { make_error(env, r.error).ThrowAsJavaScriptException(); return env.Undefined(); }
  Napi::Value out = result();
  if (r.attempts > 1 && out.IsObject()) out.As<Napi::Object>().Set("dumpAttempts", Napi::Number::New(env, r.attempts));
  return out;
}

}  // namespace napi_nl
