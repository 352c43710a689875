// N-API surface of native/addr: positional numbers and small Buffers in, records out
// (no JS objects are read property by property on these paths).
#include <linux/rtnetlink.h>

#include <sys/socket.h>

#include <string>
#include <vector>

#include "../addr/addr.h"
#include "common.h"
#include "plain_v4.h"
#include "families.h"
#include "positional.h"
#include "run.h"
#include "socket_wrap.h"

namespace napi_nl {

namespace {

// (ifindex, family, prefixlen, local, peer|null, broadcast|null, label|null, flags, scope)
// starting at argument `i`. Returns false with a pending TypeError on malformed arguments.
bool spec_args(const Napi::CallbackInfo& info, size_t i, nl_addr::Spec& s, std::string& label) {
  s.index = info[i].As<Napi::Number>().Uint32Value();
  s.family = static_cast<uint8_t>(info[i + 1].As<Napi::Number>().Uint32Value());
  s.prefixlen = static_cast<uint8_t>(info[i + 2].As<Napi::Number>().Uint32Value());
  const size_t n = nl_addr::addr_len(s.family);
  bool bad = false;
  s.local = bytes_arg(info, i + 3, n, bad);
  s.peer = bytes_arg(info, i + 4, n, bad);
  s.broadcast = bytes_arg(info, i + 5, 4, bad);
  if (info[i + 6].IsString()) {
    label = info[i + 6].As<Napi::String>().Utf8Value();
    s.label = label.c_str();
  }
  if (info[i + 7].IsNumber()) s.flags = info[i + 7].As<Napi::Number>().Uint32Value();
  if (info[i + 8].IsNumber()) s.scope = static_cast<uint8_t>(info[i + 8].As<Napi::Number>().Uint32Value());
  if (bad || !s.local) {
    Napi::TypeError::New(info.Env(), "address arguments: local/peer/broadcast must be Buffers of the family's length").ThrowAsJavaScriptException();
    return false;
  }
  return true;
}

struct AddrCollector {
  nl::RecordWriter w;
  nl::Error err;
  nl::OnMessage fn() {
    return [this](size_t, const nlmsghdr* h) {
      if (h->nlmsg_type != RTM_NEWADDR || err) return;
      size_t mark = w.size();
      nl::Error e = nl_addr::decode(h, w);
      if (e) { w.rollback(mark); err = e; }
    };
  }
  void reset() { w.rollback(0); err = nl::Error{}; }
  Napi::Value result(Napi::Env env) {
    if (err) { make_error(env, err).ThrowAsJavaScriptException(); return env.Undefined(); }
    return records_to_buffer(env, w);
  }
};

// addrAdd(sock, ifindex, family, prefixlen, local, peer|null, broadcast|null, label|null, flags, scope)
Napi::Value Add(const Napi::CallbackInfo& info) {
  nl::Socket& s = socket_arg(info);
  nl_addr::Spec spec;
  std::string label;
  if (!spec_args(info, 1, spec, label)) return info.Env().Undefined();
  run_one(info.Env(), s, [&](nl::MessageBuffer& m, uint32_t seq) { nl_addr::build_add(m, seq, spec); }, nullptr);
  return info.Env().Undefined();
}

// addrDelete(sock, ifindex, family, prefixlen, local, peer|null, broadcast|null, label|null, flags, scope)
Napi::Value Delete(const Napi::CallbackInfo& info) {
  nl::Socket& s = socket_arg(info);
  nl_addr::Spec spec;
  std::string label;
  if (!spec_args(info, 1, spec, label)) return info.Env().Undefined();
  run_one(info.Env(), s, [&](nl::MessageBuffer& m, uint32_t seq) { nl_addr::build_delete(m, seq, spec); }, nullptr);
  return info.Env().Undefined();
}

// Reads (change, cidr string, ifindex) at `i` into a Spec: what lib/addr addrArgs gives for
// (ifindex, 'a.b.c.d[/n]', {}) — no peer, broadcast, label or flags; scope host for 127/8, else
// universe. False when the text is not that plain form.
bool plain_v4_args(const Napi::CallbackInfo& info, size_t i, bool& del, nl_addr::Spec& spec, uint8_t* bytes) {
  del = u32_arg(info, i) == 1;
  uint32_t value = 0;
  uint8_t prefix = 0;
  if (!plain_v4_arg(info.Env(), info[i + 1], false, value, prefix)) return false;
  bytes[0] = static_cast<uint8_t>(value >> 24);
  bytes[1] = static_cast<uint8_t>(value >> 16);
  bytes[2] = static_cast<uint8_t>(value >> 8);
  bytes[3] = static_cast<uint8_t>(value);
  spec.index = u32_arg(info, i + 2);
  spec.family = AF_INET;
  spec.prefixlen = prefix;
  spec.local = bytes;
  spec.scope = bytes[0] == 127 ? RT_SCOPE_HOST : RT_SCOPE_UNIVERSE;
  return true;
}

// addrChangeV4(sockId, change: 0 add | 1 delete, cidr: string, ifindex) → true when sent, false
// (nothing sent) when cidr is not a plain 'a.b.c.d[/n]'. The request and outcome buffers are
// reused between calls (the socket's scratch buffer, nl::Socket::transact_ack).
Napi::Value ChangeV4(const Napi::CallbackInfo& info) {
  nl::Socket* sp = socket_by_id(info.Env(), info[0]);
  if (!sp) return info.Env().Undefined();
  nl::Socket& s = *sp;
  bool del = false;
  nl_addr::Spec spec;
  uint8_t bytes[4];
  if (!plain_v4_args(info, 1, del, spec, bytes)) return Napi::Boolean::New(info.Env(), false);
  nl::MessageBuffer& m = s.scratch();
  uint32_t seq = s.next_seq();
  if (del) nl_addr::build_delete(m, seq, spec);
  else nl_addr::build_add(m, seq, spec);
  if (!ack_one(info.Env(), s, m, seq)) return info.Env().Undefined();
  return Napi::Boolean::New(info.Env(), true);
}

// encodeAddrRequestV4(change, cidr, ifindex) → what addrChangeV4 would send (seq 0), or null.
// For tests: it must equal the general path's bytes.
Napi::Value EncodeV4(const Napi::CallbackInfo& info) {
  bool del = false;
  nl_addr::Spec spec;
  uint8_t bytes[4];
  if (!plain_v4_args(info, 0, del, spec, bytes)) return info.Env().Null();
  nl::MessageBuffer m;
  if (del) nl_addr::build_delete(m, 0, spec);
  else nl_addr::build_add(m, 0, spec);
  return Napi::Buffer<uint8_t>::Copy(info.Env(), m.data(), m.size());
}

// addrDump(sock, family (0 = any), ifindex (0 = any)) → Buffer of address records
Napi::Value Dump(const Napi::CallbackInfo& info) {
  nl::Socket& s = socket_arg(info);
  uint8_t family = static_cast<uint8_t>(info[1].As<Napi::Number>().Uint32Value());
  uint32_t index = info[2].As<Napi::Number>().Uint32Value();
  AddrCollector c;
  return run_dump(info.Env(), s, [&](nl::MessageBuffer& m, uint32_t seq) { nl_addr::build_dump(m, seq, family, index); },
                  c.fn(), [&] { c.reset(); }, [&] { return c.result(info.Env()); });
}

// encodeAddrRequest(change: 0 add | 1 delete, …the addrAdd arguments after sock) → the request
// bytes, not sent (seq and portid 0). For codec tests that compare our bytes with iproute2's.
Napi::Value Encode(const Napi::CallbackInfo& info) {
  uint32_t change = info[0].As<Napi::Number>().Uint32Value();
  nl_addr::Spec spec;
  std::string label;
  if (!spec_args(info, 1, spec, label)) return info.Env().Undefined();
  nl::MessageBuffer m;
  if (change == 1) nl_addr::build_delete(m, 0, spec);
  else nl_addr::build_add(m, 0, spec);
  return Napi::Buffer<uint8_t>::Copy(info.Env(), m.data(), m.size());
}

// decodeAddrMessages(buf) → address records for every RTM_NEWADDR/RTM_DELADDR in `buf`.
// For codec tests: our decoder must read back what `ip` (and our encoder) send.
Napi::Value DecodeMessages(const Napi::CallbackInfo& info) { return decode_captured(info, "address"); }

}  // namespace

void InitAddr(Napi::Env env, Napi::Object exports) {
  exports.Set("addrAdd", Napi::Function::New(env, Add));
  exports.Set("addrDelete", Napi::Function::New(env, Delete));
  exports.Set("addrChangeV4", Napi::Function::New(env, ChangeV4));
  exports.Set("encodeAddrRequestV4", Napi::Function::New(env, EncodeV4));
  exports.Set("addrDump", Napi::Function::New(env, Dump));
  exports.Set("encodeAddrRequest", Napi::Function::New(env, Encode));
  exports.Set("decodeAddrMessages", Napi::Function::New(env, DecodeMessages));
}

}  // namespace napi_nl
