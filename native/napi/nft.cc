// N-API surface of native/nft: converts JS op objects (already validated in lib/nft/) into
// nl_nft::Op, runs transactions and dumps, returns records.
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include <errno.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <netinet/in.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_nat.h>

#include <cstring>

#include "../nft/batch.h"
#include "common.h"
#include "families.h"
#include "run.h"

namespace napi_nl {

namespace {

using nl_nft::Expr;
using nl_nft::Op;

template <typename T>
void opt_u32(const Napi::Object& o, const char* k, std::optional<T>& out) {
  uint32_t v;
  if (get_u32(o, k, v)) out = static_cast<T>(v);
}
void opt_u64(const Napi::Object& o, const char* k, std::optional<uint64_t>& out) {
  Napi::Value v = o.Get(k);
  if (v.IsNumber()) out = static_cast<uint64_t>(v.As<Napi::Number>().Int64Value());
}
void opt_str(const Napi::Object& o, const char* k, std::optional<std::string>& out) {
  std::string s;
  if (get_str(o, k, s)) out = s;
}
void opt_bytes(const Napi::Object& o, const char* k, std::optional<std::vector<uint8_t>>& out) {
  std::vector<uint8_t> b;
  if (get_bytes(o, k, b)) out = std::move(b);
}
std::vector<uint8_t> buf_of(const Napi::Value& v) {
  auto b = v.As<Napi::Buffer<uint8_t>>();
  return std::vector<uint8_t>(b.Data(), b.Data() + b.Length());
}

// One pass over the expression object's own keys (cheaper than probing every possible key).
Expr expr_arg(const Napi::Object& o) {
  Expr e;
  Napi::Array keys = o.GetPropertyNames();
  for (uint32_t i = 0; i < keys.Length(); ++i) {
    std::string k = keys.Get(i).As<Napi::String>().Utf8Value();
    Napi::Value v = o.Get(k);
    if (v.IsUndefined() || v.IsNull()) continue;
    auto u32 = [&] { return v.As<Napi::Number>().Uint32Value(); };
    if (k == "name") e.name = v.As<Napi::String>().Utf8Value();
    else if (k == "dreg") e.dreg = u32();
    else if (k == "sreg") e.sreg = u32();
    else if (k == "key") e.key = u32();
    else if (k == "base") e.base = u32();
    else if (k == "offset") e.offset = u32();
    else if (k == "len") e.len = u32();
    else if (k == "op") e.op = u32();
    else if (k == "flags") e.flags = u32();
    else if (k == "dir") e.dir = u32();
    else if (k == "natType") e.natType = u32();
    else if (k == "nfproto") e.nfproto = u32();
    else if (k == "regAddrMin") e.regAddrMin = u32();
    else if (k == "regAddrMax") e.regAddrMax = u32();
    else if (k == "regProtoMin") e.regProtoMin = u32();
    else if (k == "regProtoMax") e.regProtoMax = u32();
    else if (k == "setId") e.setId = u32();
    else if (k == "verdict") e.verdict = v.As<Napi::Number>().Int32Value();
    else if (k == "chain") e.chain = v.As<Napi::String>().Utf8Value();
    else if (k == "set") e.set = v.As<Napi::String>().Utf8Value();
    else if (k == "data") e.data = buf_of(v);
    else if (k == "dataTo") e.dataTo = buf_of(v);
    else if (k == "mask") e.mask = buf_of(v);
    else if (k == "xor") e.xor_ = buf_of(v);
    else if (k == "bytes") e.bytes = static_cast<uint64_t>(v.As<Napi::Number>().Int64Value());
    else if (k == "packets") e.packets = static_cast<uint64_t>(v.As<Napi::Number>().Int64Value());
    else if (k == "raw") {
      Napi::Array raw = v.As<Napi::Array>();
      for (uint32_t j = 0; j < raw.Length(); ++j) {
        Napi::Object r = raw.Get(j).As<Napi::Object>();
        nl_nft::RawAttr a;
        uint32_t t = 0;
        get_u32(r, "type", t);
        a.type = static_cast<uint16_t>(t);
        get_bool(r, "nested", a.nested);
        get_bytes(r, "data", a.data);
        e.raw.push_back(std::move(a));
      }
    }
  }
  return e;
}

uint8_t family_of(const Napi::Object& o) {
  uint32_t f = 0;
  get_u32(o, "family", f);
  return static_cast<uint8_t>(f);
}

Op op_arg(const Napi::Object& o) {
  Op op;
  std::string kind;
  get_str(o, "kind", kind);
  bool excl = false;
  get_bool(o, "excl", excl);
  if (excl) op.nlflags = NLM_F_EXCL;
  uint8_t fam = family_of(o);
  if (kind == "newtable" || kind == "deltable" || kind == "flushtable") {
    op.kind = kind == "newtable" ? Op::NEW_TABLE : kind == "deltable" ? Op::DEL_TABLE : Op::FLUSH_TABLE;
    op.table.family = fam;
    get_str(o, "name", op.table.name);
    opt_u32(o, "flags", op.table.flags);
    opt_u64(o, "handle", op.table.handle);
    opt_bytes(o, "userdata", op.table.userdata);
    opt_str(o, "comment", op.table.comment);
  } else if (kind == "newchain" || kind == "delchain" || kind == "flushchain") {
    op.kind = kind == "newchain" ? Op::NEW_CHAIN : kind == "delchain" ? Op::DEL_CHAIN : Op::FLUSH_CHAIN;
    auto& c = op.chain;
    c.family = fam;
    get_str(o, "table", c.table);
    get_str(o, "name", c.name);
    opt_u64(o, "handle", c.handle);
    opt_u32(o, "hook", c.hook);
    int32_t prio;
    if (get_i32(o, "priority", prio)) c.priority = prio;
    opt_str(o, "type", c.type);
    opt_u32(o, "policy", c.policy);
    opt_str(o, "dev", c.dev);
    opt_u32(o, "flags", c.flags);
    opt_bytes(o, "userdata", c.userdata);
    opt_str(o, "comment", c.comment);
  } else if (kind == "newrule" || kind == "delrule") {
    op.kind = kind == "newrule" ? Op::NEW_RULE : Op::DEL_RULE;
    std::string mode;
    get_str(o, "mode", mode);
    op.mode = mode == "insert" ? nl_nft::RuleMode::Insert : mode == "replace" ? nl_nft::RuleMode::Replace : nl_nft::RuleMode::Append;
    auto& r = op.rule;
    r.family = fam;
    get_str(o, "table", r.table);
    get_str(o, "chain", r.chain);
    opt_u64(o, "handle", r.handle);
    opt_u64(o, "position", r.position);
    opt_bytes(o, "userdata", r.userdata);
    opt_str(o, "comment", r.comment);
    Napi::Value ev = o.Get("exprs");
    if (ev.IsArray()) {
      Napi::Array arr = ev.As<Napi::Array>();
      r.exprs.reserve(arr.Length());
      for (uint32_t i = 0; i < arr.Length(); ++i) r.exprs.push_back(expr_arg(arr.Get(i).As<Napi::Object>()));
    }
  } else if (kind == "newset" || kind == "delset") {
    op.kind = kind == "newset" ? Op::NEW_SET : Op::DEL_SET;
    auto& s = op.set;
    s.family = fam;
    get_str(o, "table", s.table);
    get_str(o, "name", s.name);
    opt_u32(o, "flags", s.flags);
    opt_u32(o, "keyType", s.keyType);
    opt_u32(o, "keyLen", s.keyLen);
    opt_u32(o, "dataType", s.dataType);
    opt_u32(o, "dataLen", s.dataLen);
    opt_u32(o, "id", s.id);
    opt_bytes(o, "userdata", s.userdata);
  } else if (kind == "newelems" || kind == "delelems") {
    op.kind = kind == "newelems" ? Op::NEW_ELEMS : Op::DEL_ELEMS;
    auto& e = op.elems;
    e.family = fam;
    get_str(o, "table", e.table);
    get_str(o, "set", e.set);
    opt_u32(o, "setId", e.setId);
    Napi::Array arr = o.Get("elems").As<Napi::Array>();
    for (uint32_t i = 0; i < arr.Length(); ++i) {
      Napi::Object x = arr.Get(i).As<Napi::Object>();
      nl_nft::ElemSpec el;
      get_bytes(x, "key", el.key);
      opt_u32(x, "flags", el.flags);
      e.elems.push_back(std::move(el));
    }
  } else {
    NAPI_THROW(Napi::TypeError::New(o.Env(), "internal: unknown nft op kind " + kind), op);
  }
  return op;
}

std::vector<Op> ops_arg(const Napi::Value& v) {
  Napi::Array arr = v.As<Napi::Array>();
  std::vector<Op> ops;
  ops.reserve(arr.Length());
  for (uint32_t i = 0; i < arr.Length(); ++i) ops.push_back(op_arg(arr.Get(i).As<Napi::Object>()));
  return ops;
}

std::optional<uint32_t> genid_arg(const Napi::Value& v) {
  if (v.IsNumber() && v.As<Napi::Number>().Int64Value() >= 0) return v.As<Napi::Number>().Uint32Value();
  return std::nullopt;
}

// nftCommit(sock, ops, genid | -1, echo) → { errors: (null | error)[], handles: number[] }, both of
// length ops.length + 2 (index 0: batch begin, i+1: ops[i], last: batch end).
Napi::Value Commit(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  nl::Socket& s = socket_arg(info);
  std::vector<Op> ops = ops_arg(info[1]);
  if (env.IsExceptionPending()) return env.Undefined();
  bool echo = info.Length() > 3 && info[3].ToBoolean().Value();
  std::vector<nl::Outcome> outs;
  std::vector<uint64_t> handles;
  nl::Error e = nl_nft::commit(s, ops, genid_arg(info[2]), echo, outs, handles);
  if (e) { make_error(env, e).ThrowAsJavaScriptException(); return env.Undefined(); }
  Napi::Object r = Napi::Object::New(env);
  r.Set("errors", outcomes_to_js(env, outs));
  Napi::Array hs = Napi::Array::New(env, handles.size());
  for (size_t i = 0; i < handles.size(); ++i) hs.Set(static_cast<uint32_t>(i), Napi::Number::New(env, static_cast<double>(handles[i])));
  r.Set("handles", hs);
  return r;
}

// nftEncode(ops, genid | -1, firstSeq) → Buffer: the batch exactly as nftCommit would send it.
Napi::Value Encode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::vector<Op> ops = ops_arg(info[0]);
  if (env.IsExceptionPending()) return env.Undefined();
  uint32_t seq = info[2].As<Napi::Number>().Uint32Value();
  bool ack_each = info.Length() > 3 && info[3].ToBoolean().Value();
  nl::MessageBuffer m;
  nl_nft::build_batch(m, seq, ops, genid_arg(info[1]), ack_each);
  return Napi::Buffer<uint8_t>::Copy(env, m.data(), m.size());
}

using Decoder = nl::Error (*)(const nlmsghdr*, nl::RecordWriter&);

struct What {
  uint16_t get, reply;
  Decoder decode;
};
bool what_arg(const std::string& w, What& out) {
  if (w == "tables") out = {NFT_MSG_GETTABLE, NFT_MSG_NEWTABLE, nl_nft::decode_table};
  else if (w == "chains") out = {NFT_MSG_GETCHAIN, NFT_MSG_NEWCHAIN, nl_nft::decode_chain};
  else if (w == "rules") out = {NFT_MSG_GETRULE, NFT_MSG_NEWRULE, nl_nft::decode_rule};
  else if (w == "sets") out = {NFT_MSG_GETSET, NFT_MSG_NEWSET, nl_nft::decode_set};
  else if (w == "elems") out = {NFT_MSG_GETSETELEM, NFT_MSG_NEWSETELEM, nl_nft::decode_elems};
  else return false;
  return true;
}

struct Collector {
  uint16_t type;
  Decoder decode;
  nl::RecordWriter w;
  nl::Error err;
  void take(const nlmsghdr* h) {
    if (err || (h->nlmsg_type & 0xff) != type || (h->nlmsg_type >> 8) != NFNL_SUBSYS_NFTABLES) return;
    size_t mark = w.size();
    nl::Error e = decode(h, w);
    if (e) { w.rollback(mark); err = e; }
  }
  Napi::Value result(Napi::Env env) {
    if (err) { make_error(env, err).ThrowAsJavaScriptException(); return env.Undefined(); }
    return records_to_buffer(env, w);
  }
};

// nftDump(sock, what, family, table, set) → RecordBuffer
Napi::Value Dump(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  nl::Socket& s = socket_arg(info);
  What w;
  if (!what_arg(info[1].As<Napi::String>().Utf8Value(), w)) {
    Napi::TypeError::New(env, "internal: unknown nft dump").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  uint8_t family = static_cast<uint8_t>(info[2].As<Napi::Number>().Uint32Value());
  std::string table = info[3].IsString() ? info[3].As<Napi::String>().Utf8Value() : std::string();
  std::string set = info[4].IsString() ? info[4].As<Napi::String>().Utf8Value() : std::string();
  Collector c{w.reply, w.decode, {}, {}};
  auto build = [&](nl::MessageBuffer& m, uint32_t seq) {
    if (w.get == NFT_MSG_GETSETELEM) nl_nft::build_elems_dump(m, seq, family, table, set);
    else nl_nft::build_dump(m, seq, w.get, family, table);
  };
  return run_dump(env, s, build, [&](size_t, const nlmsghdr* h) { c.take(h); }, [&] { c.w.rollback(0); c.err = nl::Error{}; },
                  [&] { return c.result(env); });
}

// nftGetGen(sock) → generation id
Napi::Value GetGen(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  nl::Socket& s = socket_arg(info);
  Collector c{NFT_MSG_NEWGEN, nl_nft::decode_gen, {}, {}};
  if (!run_one(env, s, [&](nl::MessageBuffer& m, uint32_t seq) { nl_nft::build_getgen(m, seq); },
               [&](size_t, const nlmsghdr* h) { c.take(h); }))
    return env.Undefined();
  return c.result(env);
}

// nftDecode(buf, what) → RecordBuffer: decodes every message of that kind in a raw netlink buffer
// (for byte-vector tests: messages captured from nft).
Napi::Value Decode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto b = info[0].As<Napi::Buffer<uint8_t>>();
  std::string ws = info[1].As<Napi::String>().Utf8Value();
  What w;
  if (!what_arg(ws, w)) {
    Napi::TypeError::New(env, "internal: unknown nft record kind").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Collector c{w.reply, w.decode, {}, {}};
  const nlmsghdr* h = reinterpret_cast<const nlmsghdr*>(b.Data());
  int len = static_cast<int>(b.Length());
  for (; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) c.take(h);
  return c.result(env);
}

// Kernel constants lib/nft/ needs, straight from the UAPI headers.
Napi::Object constants(Napi::Env env) {
  Napi::Object o = Napi::Object::New(env);
#define C(name) o.Set(#name, Napi::Number::New(env, static_cast<double>(name)))
  C(NFPROTO_UNSPEC); C(NFPROTO_INET); C(NFPROTO_IPV4); C(NFPROTO_IPV6); C(NFPROTO_ARP);
  C(NFPROTO_BRIDGE); C(NFPROTO_NETDEV);
  C(NF_INET_PRE_ROUTING); C(NF_INET_LOCAL_IN); C(NF_INET_FORWARD); C(NF_INET_LOCAL_OUT);
  C(NF_INET_POST_ROUTING); C(NF_INET_INGRESS); C(NF_NETDEV_INGRESS);
  C(NF_ACCEPT); C(NF_DROP); C(NFT_CONTINUE); C(NFT_BREAK); C(NFT_JUMP); C(NFT_GOTO); C(NFT_RETURN);
  C(NFT_REG_VERDICT); C(NFT_REG_1); C(NFT_REG_2); C(NFT_REG_3); C(NFT_REG_4);
  C(NFT_PAYLOAD_LL_HEADER); C(NFT_PAYLOAD_NETWORK_HEADER); C(NFT_PAYLOAD_TRANSPORT_HEADER);
  C(NFT_CMP_EQ); C(NFT_CMP_NEQ); C(NFT_CMP_LT); C(NFT_CMP_LTE); C(NFT_CMP_GT); C(NFT_CMP_GTE);
  C(NFT_META_IIFNAME); C(NFT_META_OIFNAME); C(NFT_META_L4PROTO); C(NFT_META_MARK); C(NFT_META_NFPROTO);
  C(NFT_META_IIF); C(NFT_META_OIF);
  C(NFT_CT_STATE); C(NFT_CT_MARK);
  C(NF_CT_STATE_INVALID_BIT); C(NF_CT_STATE_UNTRACKED_BIT);
  o.Set("NF_CT_STATE_ESTABLISHED_BIT", Napi::Number::New(env, NF_CT_STATE_BIT(IP_CT_ESTABLISHED)));
  o.Set("NF_CT_STATE_RELATED_BIT", Napi::Number::New(env, NF_CT_STATE_BIT(IP_CT_RELATED)));
  o.Set("NF_CT_STATE_NEW_BIT", Napi::Number::New(env, NF_CT_STATE_BIT(IP_CT_NEW)));
  C(NFT_NAT_SNAT); C(NFT_NAT_DNAT);
  C(NF_NAT_RANGE_MAP_IPS); C(NF_NAT_RANGE_PROTO_SPECIFIED); C(NF_NAT_RANGE_PROTO_RANDOM);
  C(NF_NAT_RANGE_PERSISTENT); C(NF_NAT_RANGE_PROTO_RANDOM_FULLY);
  C(NFT_SET_ANONYMOUS); C(NFT_SET_CONSTANT); C(NFT_SET_INTERVAL); C(NFT_SET_MAP); C(NFT_SET_TIMEOUT);
  C(NFT_SET_ELEM_INTERVAL_END); C(NFT_LOOKUP_F_INV);
  C(NFT_TABLE_F_DORMANT); C(NFT_CHAIN_BASE);
  C(IPPROTO_TCP); C(IPPROTO_UDP); C(IPPROTO_SCTP); C(IPPROTO_ICMP); C(IPPROTO_ICMPV6); C(IPPROTO_DCCP);
  C(IPPROTO_UDPLITE); C(IPPROTO_GRE); C(IPPROTO_ESP);
  C(ERESTART);
#undef C
  return o;
}

}  // namespace

void InitNft(Napi::Env env, Napi::Object exports) {
  exports.Set("nftConstants", constants(env));
  exports.Set("nftCommit", Napi::Function::New(env, Commit));
  exports.Set("nftEncode", Napi::Function::New(env, Encode));
  exports.Set("nftDump", Napi::Function::New(env, Dump));
  exports.Set("nftGetGen", Napi::Function::New(env, GetGen));
  exports.Set("nftDecode", Napi::Function::New(env, Decode));
}

}  // namespace napi_nl
