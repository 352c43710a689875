// N-API surface of native/batch: one Buffer of encoded operations in, failures out.
#include <linux/netlink.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "../batch/ops.h"
#include "common.h"
#include "families.h"
#include "plain_v4.h"

namespace napi_nl {

namespace {

// batchCommit(sock, ops: Buffer | Buffer[], perSend: number, ackLast: boolean)
//   → [[index, error], …] for the operations that failed (empty when all succeeded)
// `ops` may come in chunks (lib/batch/encode.ts: records never straddle two chunks); their
// requests are numbered and sent as if the chunks were one buffer.
//
// The requests are built one sendmsg's worth (perSend) at a time into a small buffer that
// persists across commits, each group sent and its ACKs read before the next is built: the
// bytes and their order are what building everything first would send, but a 10,000-route
// batch no longer needs ~0.5 MB of requests and ~1 MB of outcomes in fresh memory (a fresh
// process page-faulted all of it on its first commit; C's loop reuses one small buffer too).
// Every record header is checked before anything is sent; a record a builder rejects (a bug in
// lib/, never user input) stops the commit with the groups before it already sent.
Napi::Value Commit(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  nl::Socket& s = socket_arg(info);
  uint32_t per_send = info[2].As<Napi::Number>().Uint32Value();
  bool ack_last = info[3].ToBoolean().Value();
  struct Part { const uint8_t* data; size_t len; };
  std::vector<Part> parts;
  if (info[1].IsArray()) {
    Napi::Array a = info[1].As<Napi::Array>();
    parts.reserve(a.Length());
    for (uint32_t i = 0; i < a.Length(); ++i) {
      auto b = a.Get(i).As<Napi::Buffer<uint8_t>>();
      parts.push_back({b.Data(), b.Length()});
    }
  } else {
    auto b = info[1].As<Napi::Buffer<uint8_t>>();
    parts.push_back({b.Data(), b.Length()});
  }
  std::string error;
  long total = 0;
  for (const Part& p : parts) {
    long k = nl_batch::count_records(p.data, p.len, error);
    if (k < 0) {
      Napi::Error::New(env, "internal: malformed batch encoding: " + error).ThrowAsJavaScriptException();
      return env.Undefined();
    }
    total += k;
  }
  uint32_t first = s.next_seq(0);
  s.next_seq(static_cast<uint32_t>(total));
  const long group = per_send == 0 ? total : static_cast<long>(per_send);

  thread_local nl::MessageBuffer m;
  thread_local std::vector<nl::Outcome> outs;
  std::vector<std::pair<long, nl::Error>> failed;
  size_t part = 0, off = 0;
  for (long idx = 0; idx < total;) {
    const long want = std::min(group, total - idx);
    if (m.overflowed()) m = nl::MessageBuffer();  // clear() keeps the flag: start afresh
    m.clear();
    for (long built = 0; built < want;) {
      if (off >= parts[part].len) { ++part; off = 0; continue; }
      long k = nl_batch::build_some(parts[part].data, parts[part].len, off, want - built, m,
                                    first + static_cast<uint32_t>(idx + built), error);
      if (k < 0) {
        Napi::Error::New(env, "internal: malformed batch encoding: " + error).ThrowAsJavaScriptException();
        return env.Undefined();
      }
      built += k;
    }
    if (ack_last && want > 1) {
      // Only the last request of each sendmsg asks for an ACK: the kernel still answers every
      // failing request with an error of its own, and the final ACK says all before it are done.
      uint8_t* p = m.data();
      size_t left = m.size();
      for (long i = 0; i + 1 < want && left >= NLMSG_HDRLEN; ++i) {
        nlmsghdr* h = reinterpret_cast<nlmsghdr*>(p);
        h->nlmsg_flags &= ~NLM_F_ACK;
        size_t step = NLMSG_ALIGN(h->nlmsg_len);
        if (step > left) break;
        p += step;
        left -= step;
      }
    }
    nl::Error e = s.transact(m, first + static_cast<uint32_t>(idx), nullptr, outs, per_send);
    if (e) {
      // A sendmsg failing after earlier groups went out fails what is left, as transact()
      // itself does past its first send; anything else is the commit's error.
      if (idx == 0 || e.where != "sendmsg") {
        make_error(env, e).ThrowAsJavaScriptException();
        return env.Undefined();
      }
      for (long i = idx; i < total; ++i) failed.emplace_back(i, e);
      break;
    }
    for (size_t i = 0; i < outs.size(); ++i)
      if (outs[i].error) failed.emplace_back(idx + static_cast<long>(i), std::move(outs[i].error));
    idx += want;
  }
  // Keep the storage for the next commit, unless one huge group made it huge.
  if (m.size() > (16u << 20)) m = nl::MessageBuffer();
  if (outs.size() > (1u << 16)) std::vector<nl::Outcome>().swap(outs);
  Napi::Array out = Napi::Array::New(env, failed.size());
  for (size_t k = 0; k < failed.size(); ++k) {
    Napi::Array pair = Napi::Array::New(env, 2);
    pair.Set(0u, Napi::Number::New(env, static_cast<double>(failed[k].first)));
    pair.Set(1u, make_error(env, failed[k].second).Value());
    out.Set(static_cast<uint32_t>(k), pair);
  }
  return out;
}

// batchRouteV4(chunk: Buffer, at, op, dst: string, oif) → true when dst is a plain IPv4 prefix
// (plain_v4.h's rule, as routeParseV4) and its 16-byte "routeV4" record (ops.h: the request
// Encoder.route() would encode for [AF_INET, prefix, dst, null, oif, null, 0, -1, -1, -1, -1,
// null], in a fifth of the bytes) is now at chunk[at, at + 16); false, nothing written,
// otherwise. `op` is routeAdd, routeReplace or routeDelete. The batch queues the plain shape
// with it: one crossing parses and writes, where a fresh process otherwise ran the record's
// stores in the interpreter for its first thousands of routes (and boxed the parse result),
// and the smaller record means fewer fresh pages, which cost several µs each on this VM.
// The bytes at chunk[at, at + 16) must be zero (an encoder chunk's unwritten tail is).
Napi::Value RouteV4(const Napi::CallbackInfo& info) {
  napi_env env = info.Env();
  void* data = nullptr;
  size_t len = 0;
  uint32_t at = 0, op = 0, oif = 0;
  if (napi_get_buffer_info(env, info[0], &data, &len) != napi_ok || napi_get_value_uint32(env, info[1], &at) != napi_ok ||
      napi_get_value_uint32(env, info[2], &op) != napi_ok || napi_get_value_uint32(env, info[4], &oif) != napi_ok ||
      static_cast<size_t>(at) + nl_batch::kRouteV4Size > len ||
      (op != nl_batch::kRouteAdd && op != nl_batch::kRouteReplace && op != nl_batch::kRouteDelete)) {
    Napi::TypeError::New(env, "internal: batchRouteV4(chunk, at, op, dst, oif) misused").ThrowAsJavaScriptException();
    return Napi::Value();
  }
  uint32_t value = 0;
  uint8_t prefix = 0;
  if (!plain_v4_arg(env, info[3], true, value, prefix)) return Napi::Boolean::New(env, false);
  uint8_t* r = static_cast<uint8_t*>(data) + at;
  const uint16_t size = nl_batch::kRouteV4Size;
  r[0] = static_cast<uint8_t>(op == nl_batch::kRouteAdd ? nl_batch::kRouteV4Add
                              : op == nl_batch::kRouteReplace ? nl_batch::kRouteV4Replace : nl_batch::kRouteV4Delete);
  std::memcpy(r + 2, &size, 2);
  r[4] = prefix;
  r[8] = static_cast<uint8_t>(value >> 24);  // dst, network order
  r[9] = static_cast<uint8_t>(value >> 16);
  r[10] = static_cast<uint8_t>(value >> 8);
  r[11] = static_cast<uint8_t>(value);
  std::memcpy(r + 12, &oif, 4);  // little-endian, as every record field
  return Napi::Boolean::New(env, true);
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
  // issue 13: the plain IPv4 route record (written by batchRouteV4)
  ops.Set("routeV4Add", Napi::Number::New(env, nl_batch::kRouteV4Add));
  ops.Set("routeV4Replace", Napi::Number::New(env, nl_batch::kRouteV4Replace));
  ops.Set("routeV4Delete", Napi::Number::New(env, nl_batch::kRouteV4Delete));
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
  exports.Set("batchRouteV4", Napi::Function::New(env, RouteV4));
}

}  // namespace napi_nl
