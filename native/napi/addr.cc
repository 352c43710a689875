// N-API surface of native/addr: positional numbers and small Buffers in, records out
// (no JS objects are read property by property on these paths).
#include <linux/rtnetlink.h>

#include <string>

#include "../addr/addr.h"
#include "common.h"
#include "families.h"
#include "positional.h"
#include "run.h"

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
  exports.Set("addrDump", Napi::Function::New(env, Dump));
  exports.Set("encodeAddrRequest", Napi::Function::New(env, Encode));
  exports.Set("decodeAddrMessages", Napi::Function::New(env, DecodeMessages));
}

}  // namespace napi_nl
