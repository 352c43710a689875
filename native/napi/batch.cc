// N-API surface of native/batch: one Buffer of encoded operations in, failures out.
#include <linux/netlink.h>

#include "../batch/ops.h"
#include "common.h"
#include "families.h"

namespace napi_nl {

namespace {

// batchCommit(sock, ops: Buffer, perSend: number, ackLast: boolean)
//   → [[index, error], …] for the operations that failed (empty when all succeeded)
Napi::Value Commit(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  nl::Socket& s = socket_arg(info);
  auto ops = info[1].As<Napi::Buffer<uint8_t>>();
  uint32_t per_send = info[2].As<Napi::Number>().Uint32Value();
  bool ack_last = info[3].ToBoolean().Value();
  nl::MessageBuffer m;
  // A record is never smaller than the message built from it (a route: 76 → 52 bytes; a veth:
  // 48 → ~120, rare): one allocation instead of a doubling series of copies.
  m.reserve(ops.Length() + 256);
  uint32_t first = s.next_seq(0);
  std::string error;
  long n = nl_batch::build_all(ops.Data(), ops.Length(), m, first, error);
  if (n < 0) {
    Napi::Error::New(env, "internal: malformed batch encoding: " + error).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  s.next_seq(static_cast<uint32_t>(n));
  if (ack_last && n > 1) {
    // Only the last request of each sendmsg asks for an ACK: the kernel still answers every
    // failing request with an error of its own, and the final ACK says all before it are done.
    uint8_t* p = m.data();
    size_t left = m.size();
    for (long i = 0; i < n && left >= NLMSG_HDRLEN; ++i) {
      nlmsghdr* h = reinterpret_cast<nlmsghdr*>(p);
      bool last_of_chunk = per_send == 0 ? i == n - 1 : ((i + 1) % per_send == 0 || i == n - 1);
      if (!last_of_chunk) h->nlmsg_flags &= ~NLM_F_ACK;
      size_t step = NLMSG_ALIGN(h->nlmsg_len);
      if (step > left) break;
      p += step;
      left -= step;
    }
  }
  std::vector<nl::Outcome> outs;
  nl::Error e = s.transact(m, first, nullptr, outs, per_send);
  if (e) {
    make_error(env, e).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  return failures_to_js(env, outs);
}

// batchEncode(ops: Buffer) → the netlink requests batchCommit would send (seqs from 0, pid 0),
// not sent. For codec tests: every op record's bytes against iproute2's.
Napi::Value Encode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto ops = info[0].As<Napi::Buffer<uint8_t>>();
  nl::MessageBuffer m;
  std::string error;
  if (nl_batch::build_all(ops.Data(), ops.Length(), m, 0, error) < 0) {
    Napi::Error::New(env, "internal: malformed batch encoding: " + error).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  return Napi::Buffer<uint8_t>::Copy(env, m.data(), m.size());
}

// batchLayout() → { route: { size, op, fields: { family: 4, … } }, … }
Napi::Value Layout(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object out = Napi::Object::New(env);
  for (const auto& l : nl_batch::layouts()) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("op", Napi::Number::New(env, l.op));
    o.Set("size", Napi::Number::New(env, l.size));
    Napi::Object f = Napi::Object::New(env);
    for (size_t i = 0; i < l.count; ++i) f.Set(l.fields[i].name, Napi::Number::New(env, l.fields[i].offset));
    o.Set("fields", f);
    out.Set(l.op_name, o);
  }
  Napi::Object ops = Napi::Object::New(env);
  ops.Set("routeAdd", Napi::Number::New(env, nl_batch::kRouteAdd));
  ops.Set("routeReplace", Napi::Number::New(env, nl_batch::kRouteReplace));
  ops.Set("routeDelete", Napi::Number::New(env, nl_batch::kRouteDelete));
  ops.Set("addrAdd", Napi::Number::New(env, nl_batch::kAddrAdd));
  ops.Set("addrDelete", Napi::Number::New(env, nl_batch::kAddrDelete));
  ops.Set("linkDelete", Napi::Number::New(env, nl_batch::kLinkDelete));
  ops.Set("linkSet", Napi::Number::New(env, nl_batch::kLinkSet));
  ops.Set("linkDeleteGroup", Napi::Number::New(env, nl_batch::kLinkDeleteGroup));
  ops.Set("vethCreate", Napi::Number::New(env, nl_batch::kVethCreate));
  // issue 9 part B
  ops.Set("routeAppend", Napi::Number::New(env, nl_batch::kRouteAppend));
  ops.Set("nexthopAdd", Napi::Number::New(env, nl_batch::kNexthopAdd));
  ops.Set("nexthopReplace", Napi::Number::New(env, nl_batch::kNexthopReplace));
  ops.Set("nexthopDelete", Napi::Number::New(env, nl_batch::kNexthopDelete));
  ops.Set("addrReplace", Napi::Number::New(env, nl_batch::kAddrReplace));
  out.Set("ops", ops);
  Napi::Object bits = Napi::Object::New(env);
  bits.Set("hasDst", Napi::Number::New(env, nl_batch::kHasDst)); bits.Set("hasPrefsrc", Napi::Number::New(env, nl_batch::kHasPrefsrc)); bits.Set("hasMetric", Napi::Number::New(env, nl_batch::kHasMetric));
  bits.Set("hasPeer", Napi::Number::New(env, nl_batch::kHasPeer)); bits.Set("hasBroadcast", Napi::Number::New(env, nl_batch::kHasBroadcast)); bits.Set("hasLabel", Napi::Number::New(env, nl_batch::kHasLabel));
  bits.Set("setUp", Napi::Number::New(env, nl_batch::kSetUp)); bits.Set("upValue", Napi::Number::New(env, nl_batch::kUpValue)); bits.Set("setMtu", Napi::Number::New(env, nl_batch::kSetMtu));
  bits.Set("setMaster", Napi::Number::New(env, nl_batch::kSetMaster)); bits.Set("setGroup", Napi::Number::New(env, nl_batch::kSetGroup));
  // issue 9 part B
  bits.Set("hasExt", Napi::Number::New(env, nl_batch::kHasExt)); bits.Set("hasLifetime", Napi::Number::New(env, nl_batch::kHasLifetime));
  bits.Set("extRealm", Napi::Number::New(env, nl_batch::kExtRealm)); bits.Set("extExpires", Napi::Number::New(env, nl_batch::kExtExpires));
  bits.Set("extPref", Napi::Number::New(env, nl_batch::kExtPref));
  bits.Set("nhBlackhole", Napi::Number::New(env, nl_batch::kNhBlackhole)); bits.Set("nhFdb", Napi::Number::New(env, nl_batch::kNhFdb));
  bits.Set("nhBuckets", Napi::Number::New(env, nl_batch::kNhBuckets)); bits.Set("nhIdle", Napi::Number::New(env, nl_batch::kNhIdle));
  bits.Set("nhUnbalanced", Napi::Number::New(env, nl_batch::kNhUnbalanced));
  out.Set("bits", bits);
  return out;
}

}  // namespace

void InitBatch(Napi::Env env, Napi::Object exports) {
  exports.Set("batchCommit", Napi::Function::New(env, Commit));
  exports.Set("batchLayout", Napi::Function::New(env, Layout));
  exports.Set("batchEncode", Napi::Function::New(env, Encode));
}

}  // namespace napi_nl
