// Runs one request on a socket: build it, send, collect data replies, turn a failure into a JS
// exception. The shape every single-request N-API entry point shares.
#pragma once
#include <napi.h>

#include "../nl/dump.h"
#include "../nl/message.h"
#include "../nl/socket.h"
#include "common.h"

namespace napi_nl {

// Sends `m` (one request, NLM_F_ACK, not a dump, no data replies expected) on the socket's
// single-request hot path (nl::Socket::transact_ack). Returns false with a pending JS exception
// when the transport or the request failed.
inline bool ack_one(Napi::Env env, nl::Socket& s, const nl::MessageBuffer& m, uint32_t seq) {
  nl::Outcome out;
  nl::Error e = s.transact_ack(m, seq, out);
  if (e) { make_error(env, e).ThrowAsJavaScriptException(); return false; }
  if (out.error) { make_error(env, out.error).ThrowAsJavaScriptException(); return false; }
  return true;
}

// Returns false (with a pending JS exception) when the transport or the request failed.
template <typename Build>
bool run_one(Napi::Env env, nl::Socket& s, Build&& build, const nl::OnMessage& on_msg,
             bool* interrupted = nullptr) {
  nl::MessageBuffer& m = s.scratch();
  uint32_t seq = s.next_seq();
  build(m, seq);
  // A lone request answered by an ACK alone takes the hot path (same bytes, same outcome).
  if (!on_msg && m.count() == 1 && m.size() >= NLMSG_HDRLEN) {
    const nlmsghdr* h = reinterpret_cast<const nlmsghdr*>(m.data());
    if ((h->nlmsg_flags & NLM_F_ACK) && (h->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP) {
      if (interrupted) *interrupted = false;
      return ack_one(env, s, m, seq);
    }
  }
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
