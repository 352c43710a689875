// N-API surface of native/conntrack: list/count/delete take a "ctfilter" record (validated in
// lib/conntrack/); matching runs here on each decoded flow, so count and delete never build
// JavaScript objects per flow. delete = one dump + the deletes pipelined (by tuple + id).
#include <errno.h>
#include <sys/socket.h>

#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nf_conntrack_tcp.h>
#include <linux/netfilter/nfnetlink.h>
#include <netinet/in.h>

#include "../conntrack/flow.h"
#include "common.h"
#include "families.h"
#include "run.h"

namespace napi_nl {

namespace {

// Deletes per sendmsg(): each ACK takes ~800 bytes of the receive queue (FIELD-NOTES.md), so 128
// stay well inside the default 208 KiB queue.
constexpr size_t kDeletesPerSend = 128;

bool filter_arg(const Napi::Value& v, nl_ct::Filter& q) {
  Napi::Env env = v.Env();
  if (!v.IsBuffer()) {
    Napi::TypeError::New(env, "internal: conntrack filter must be a Buffer of ctfilter records").ThrowAsJavaScriptException();
    return false;
  }
  auto b = v.As<Napi::Buffer<uint8_t>>();
  if (nl::Error e = nl_ct::read_filter(b.Data(), b.Length(), q)) {
    Napi::Error::New(env, e.where).ThrowAsJavaScriptException();
    return false;
  }
  return true;
}

bool is_flow(const nlmsghdr* h) {
  return (h->nlmsg_type >> 8) == NFNL_SUBSYS_CTNETLINK &&
         ((h->nlmsg_type & 0xff) == IPCTNL_MSG_CT_NEW || (h->nlmsg_type & 0xff) == IPCTNL_MSG_CT_DELETE);
}

// Runs the dump (again when interrupted) and hands every matching flow to `take`.
template <typename Take, typename Reset, typename Result>
Napi::Value each_flow(Napi::Env env, nl::Socket& s, const nl_ct::Filter& q, Take&& take, Reset&& reset, Result&& result) {
  nl::Error err;
  return run_dump(
      env, s, [&](nl::MessageBuffer& m, uint32_t seq) { nl_ct::build_dump(m, seq, q); },
      [&](size_t, const nlmsghdr* h) {
        if (err || !is_flow(h)) return;
        nl_ct::Flow f;
        if (nl::Error e = nl_ct::parse(h, f)) { err = e; return; }
        if (nl_ct::matches(q, f)) take(f);
      },
      [&] { err = nl::Error{}; reset(); },
      [&]() -> Napi::Value {
        if (err) { make_error(env, err).ThrowAsJavaScriptException(); return env.Undefined(); }
        return result();
      });
}

// ctList(sock, filter) → RecordBuffer of ctflow
Napi::Value List(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  nl::Socket& s = socket_arg(info);
  nl_ct::Filter q;
  if (!filter_arg(info[1], q)) return env.Undefined();
  nl::RecordWriter w;
  return each_flow(env, s, q, [&](const nl_ct::Flow& f) { nl_ct::write(f, w); }, [&] { w.rollback(0); },
                   [&] { return records_to_buffer(env, w); });
}

// ctCount(sock, filter) → number
Napi::Value Count(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  nl::Socket& s = socket_arg(info);
  nl_ct::Filter q;
  if (!filter_arg(info[1], q)) return env.Undefined();
  double n = 0;
  return each_flow(env, s, q, [&](const nl_ct::Flow&) { ++n; }, [&] { n = 0; },
                   [&] { return Napi::Number::New(env, n); });
}

// Gives the messages of `m` consecutive sequence numbers from `first`.
void number(nl::MessageBuffer& m, uint32_t first) {
  int len = static_cast<int>(m.size());
  uint32_t seq = first;
  for (nlmsghdr* h = reinterpret_cast<nlmsghdr*>(m.data()); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) h->nlmsg_seq = seq++;
}

// Sends `m` pipelined; returns [ok, enoent] or throws the first other failure.
Napi::Value send_counted(Napi::Env env, nl::Socket& s, nl::MessageBuffer& m) {
  uint32_t first = s.next_seq(static_cast<uint32_t>(m.count()));
  number(m, first);
  std::vector<nl::Outcome> outs;
  double ok = 0, gone = 0;
  if (m.count() > 0) {
    nl::Error e = s.transact(m, first, [](size_t, const nlmsghdr*) {}, outs, kDeletesPerSend);
    if (e) { make_error(env, e).ThrowAsJavaScriptException(); return env.Undefined(); }
  }
  for (const nl::Outcome& o : outs) {
    if (!o.error) ++ok;
    else if (o.error.code == ENOENT) ++gone;  // already gone, or the tuple now names a newer flow
    else { make_error(env, o.error).ThrowAsJavaScriptException(); return env.Undefined(); }
  }
  Napi::Array r = Napi::Array::New(env, 2);
  r.Set(0u, Napi::Number::New(env, ok));
  r.Set(1u, Napi::Number::New(env, gone));
  return r;
}

// ctDelete(sock, filter) → [deleted, vanished]
Napi::Value Delete(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  nl::Socket& s = socket_arg(info);
  nl_ct::Filter q;
  if (!filter_arg(info[1], q)) return env.Undefined();
  nl::MessageBuffer m;
  // Built while the dump runs (the flow's bytes are only valid during the callback), numbered
  // and sent once it is complete: a netlink socket cannot take requests in the middle of a dump.
  Napi::Value dumped = each_flow(env, s, q, [&](const nl_ct::Flow& f) { nl_ct::build_delete(m, 0, f); },
                                 [&] { m.clear(); }, [&] { return Napi::Boolean::New(env, true); });
  if (env.IsExceptionPending() || dumped.IsUndefined()) return env.Undefined();
  return send_counted(env, s, m);
}

// ctFlush(sock, family)
Napi::Value Flush(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  nl::Socket& s = socket_arg(info);
  uint8_t family = static_cast<uint8_t>(info[1].As<Napi::Number>().Uint32Value());
  run_one(env, s, [&](nl::MessageBuffer& m, uint32_t seq) { nl_ct::build_flush(m, seq, family); }, [](size_t, const nlmsghdr*) {});
  return env.Undefined();
}

bool build_creates(Napi::Env env, const Napi::Value& v, nl::MessageBuffer& m, uint32_t first_seq) {
  if (!v.IsBuffer()) {
    Napi::TypeError::New(env, "internal: flows must be a Buffer of ctflow records").ThrowAsJavaScriptException();
    return false;
  }
  auto b = v.As<Napi::Buffer<uint8_t>>();
  nl::RecordReader rr(b.Data(), b.Length());
  nl::FieldReader r(nullptr, 0);
  size_t off = 0;
  uint32_t seq = first_seq;
  while (rr.next(r)) {
    uint32_t len;
    std::memcpy(&len, b.Data() + off, 4);
    if (nl::Error e = nl_ct::build_create(m, seq++, b.Data() + off, 4 + static_cast<size_t>(len))) {
      Napi::Error::New(env, e.where).ThrowAsJavaScriptException();
      return false;
    }
    off += 4 + len;
  }
  if (rr.error()) {
    Napi::Error::New(env, rr.error()).ThrowAsJavaScriptException();
    return false;
  }
  return true;
}

// ctCreate(sock, flows: Buffer of ctflow) → [created, enoent]; pipelined like delete.
Napi::Value Create(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  nl::Socket& s = socket_arg(info);
  nl::MessageBuffer m;
  if (!build_creates(env, info[1], m, 0)) return env.Undefined();
  return send_counted(env, s, m);
}

// ctEncode(what, arg, seq) → Buffer: the request exactly as the calls above send it.
//   'dump' arg = ctfilter;  'flush' arg = family;  'create' arg = ctflow records;
//   'delete' arg = captured dump replies (the deletes delete() would send for each flow in them).
Napi::Value Encode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string what = info[0].As<Napi::String>().Utf8Value();
  uint32_t seq = info[2].As<Napi::Number>().Uint32Value();
  nl::MessageBuffer m;
  if (what == "dump") {
    nl_ct::Filter q;
    if (!filter_arg(info[1], q)) return env.Undefined();
    nl_ct::build_dump(m, seq, q);
  } else if (what == "flush") {
    nl_ct::build_flush(m, seq, static_cast<uint8_t>(info[1].As<Napi::Number>().Uint32Value()));
  } else if (what == "create") {
    if (!build_creates(env, info[1], m, seq)) return env.Undefined();
  } else if (what == "delete") {
    auto b = info[1].As<Napi::Buffer<uint8_t>>();
    std::vector<uint32_t> aligned((b.Length() + 3) / 4 + 1, 0);
    std::memcpy(aligned.data(), b.Data(), b.Length());
    int len = static_cast<int>(b.Length());
    for (const nlmsghdr* h = reinterpret_cast<const nlmsghdr*>(aligned.data()); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
      if (!is_flow(h)) continue;
      nl_ct::Flow f;
      if (nl::Error e = nl_ct::parse(h, f)) { make_error(env, e).ThrowAsJavaScriptException(); return env.Undefined(); }
      nl_ct::build_delete(m, seq++, f);
    }
  } else {
    Napi::TypeError::New(env, "internal: unknown conntrack request").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  return Napi::Buffer<uint8_t>::Copy(env, m.data(), m.size());
}

// Kernel constants lib/conntrack/ needs, straight from the UAPI headers.
Napi::Object constants(Napi::Env env) {
  Napi::Object o = Napi::Object::New(env);
#define C(name) o.Set(#name, Napi::Number::New(env, static_cast<double>(name)))
  C(IPS_EXPECTED_BIT); C(IPS_SEEN_REPLY_BIT); C(IPS_ASSURED_BIT); C(IPS_CONFIRMED_BIT); C(IPS_SRC_NAT_BIT);
  C(IPS_DST_NAT_BIT); C(IPS_SEQ_ADJUST_BIT); C(IPS_SRC_NAT_DONE_BIT); C(IPS_DST_NAT_DONE_BIT); C(IPS_DYING_BIT);
  C(IPS_FIXED_TIMEOUT_BIT); C(IPS_TEMPLATE_BIT); C(IPS_UNTRACKED_BIT); C(IPS_HELPER_BIT); C(IPS_OFFLOAD_BIT);
  C(IPS_HW_OFFLOAD_BIT);
  C(TCP_CONNTRACK_NONE); C(TCP_CONNTRACK_SYN_SENT); C(TCP_CONNTRACK_SYN_RECV); C(TCP_CONNTRACK_ESTABLISHED);
  C(TCP_CONNTRACK_FIN_WAIT); C(TCP_CONNTRACK_CLOSE_WAIT); C(TCP_CONNTRACK_LAST_ACK); C(TCP_CONNTRACK_TIME_WAIT);
  C(TCP_CONNTRACK_CLOSE); C(TCP_CONNTRACK_SYN_SENT2);
  C(NFNLGRP_CONNTRACK_NEW); C(NFNLGRP_CONNTRACK_UPDATE); C(NFNLGRP_CONNTRACK_DESTROY);
  C(IPPROTO_TCP); C(IPPROTO_UDP); C(IPPROTO_ICMP); C(IPPROTO_ICMPV6); C(IPPROTO_SCTP); C(IPPROTO_DCCP);
  C(IPPROTO_UDPLITE); C(IPPROTO_GRE);
  C(AF_UNSPEC); C(AF_INET); C(AF_INET6);
#undef C
  return o;
}

}  // namespace

void InitConntrack(Napi::Env env, Napi::Object exports) {
  exports.Set("ctConstants", constants(env));
  exports.Set("ctList", Napi::Function::New(env, List));
  exports.Set("ctCount", Napi::Function::New(env, Count));
  exports.Set("ctDelete", Napi::Function::New(env, Delete));
  exports.Set("ctFlush", Napi::Function::New(env, Flush));
  exports.Set("ctCreate", Napi::Function::New(env, Create));
  exports.Set("ctEncode", Napi::Function::New(env, Encode));
  exports.Set("ctDecode", Napi::Function::New(env, [](const Napi::CallbackInfo& info) { return decode_captured(info, "ctflow"); }));
}

}  // namespace napi_nl
