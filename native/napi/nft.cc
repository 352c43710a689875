// N-API surface of native/nft: takes a transaction's elements as one Buffer of records (already
// validated in lib/nft/), runs transactions and dumps, returns records.
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include <errno.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <netinet/in.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_nat.h>

#include <cstring>

#include "../nft/batch.h"
#include "../nft/ops.h"
#include "common.h"
#include "families.h"
#include "run.h"

namespace napi_nl {

namespace {

// The "nftop" records Buffer; decoded (and checked) element by element while the batch is built.
bool ops_arg(const Napi::Value& v, const uint8_t*& data, size_t& len) {
  Napi::Env env = v.Env();
  if (!v.IsBuffer()) {
    Napi::TypeError::New(env, "internal: nft ops must be a Buffer of nftop records").ThrowAsJavaScriptException();
    return false;
  }
  auto b = v.As<Napi::Buffer<uint8_t>>();
  data = b.Data();
  len = b.Length();
  return true;
}

std::optional<uint32_t> genid_arg(const Napi::Value& v) {
  if (v.IsNumber() && v.As<Napi::Number>().Int64Value() >= 0) return v.As<Napi::Number>().Uint32Value();
  return std::nullopt;
}

// nftCommit(sock, ops: Buffer, genid | -1, echo) → { failed: [index, error][], handles: Float64Array }
// Indexes count messages: 0 is batch begin, i+1 is ops[i], the last is batch end. handles has
// one entry per message (0 = none); failed lists only the messages the kernel refused.
Napi::Value Commit(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  nl::Socket& s = socket_arg(info);
  const uint8_t* data;
  size_t len;
  if (!ops_arg(info[1], data, len)) return env.Undefined();
  bool echo = info.Length() > 3 && info[3].ToBoolean().Value();
  std::vector<nl::Outcome> outs;
  std::vector<uint64_t> handles;
  nl::Error e = nl_nft::commit(s, data, len, genid_arg(info[2]), echo, outs, handles);
  if (e) { make_error(env, e).ThrowAsJavaScriptException(); return env.Undefined(); }
  Napi::Object r = Napi::Object::New(env);
  r.Set("failed", failures_to_js(env, outs));
  Napi::Float64Array hs = Napi::Float64Array::New(env, handles.size());
  for (size_t i = 0; i < handles.size(); ++i) hs[i] = static_cast<double>(handles[i]);
  r.Set("handles", hs);
  return r;
}

// nftEncode(ops: Buffer, genid | -1, firstSeq, ackEach?) → Buffer: the batch exactly as
// nftCommit would send it without echo.
Napi::Value Encode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const uint8_t* data;
  size_t len;
  if (!ops_arg(info[0], data, len)) return env.Undefined();
  uint32_t seq = info[2].As<Napi::Number>().Uint32Value();
  bool ack_each = info.Length() > 3 && info[3].ToBoolean().Value();
  nl::MessageBuffer m;
  if (nl::Error e = nl_nft::build_batch(m, seq, data, len, genid_arg(info[1]), ack_each, nullptr, nullptr)) {
    Napi::Error::New(env, e.where).ThrowAsJavaScriptException();
    return env.Undefined();
  }
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

// nftDump(sock, what, family, table, name) → RecordBuffer; name: the set for 'elems', the chain for 'rules'
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
    else nl_nft::build_dump(m, seq, w.get, family, table, w.get == NFT_MSG_GETRULE ? set : std::string());
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
  // issue 8 (nftables, faithful and complete): expressions decoded in lib/nft from raw attributes.
  C(NFT_REG32_00); C(NFT_META_SKUID); C(NFT_META_SKGID); C(NFT_META_PKTTYPE);
  C(NFT_META_IIFTYPE); C(NFT_META_OIFTYPE);
  C(NFT_CT_STATUS); C(NFT_CT_ZONE); C(NFT_CT_DIRECTION); C(NFT_CT_SRC_IP); C(NFT_CT_DST_IP);
  C(NFT_CT_SRC_IP6); C(NFT_CT_DST_IP6); C(NFT_CT_PROTO_DST); C(NFT_CT_PROTO_SRC); C(NFT_CT_L3PROTOCOL);
  C(NFT_CT_PROTOCOL);
  C(NFT_RANGE_EQ); C(NFT_RANGE_NEQ);
  C(NFTA_FIB_DREG); C(NFTA_FIB_RESULT); C(NFTA_FIB_FLAGS);
  C(NFT_FIB_RESULT_OIF); C(NFT_FIB_RESULT_OIFNAME); C(NFT_FIB_RESULT_ADDRTYPE);
  C(NFTA_FIB_F_SADDR); C(NFTA_FIB_F_DADDR); C(NFTA_FIB_F_MARK); C(NFTA_FIB_F_IIF); C(NFTA_FIB_F_OIF);
  C(NFTA_FIB_F_PRESENT);
  C(NFTA_NG_DREG); C(NFTA_NG_MODULUS); C(NFTA_NG_TYPE); C(NFTA_NG_OFFSET);
  C(NFT_NG_INCREMENTAL); C(NFT_NG_RANDOM);
  C(NFTA_LIMIT_RATE); C(NFTA_LIMIT_UNIT); C(NFTA_LIMIT_BURST); C(NFTA_LIMIT_TYPE); C(NFTA_LIMIT_FLAGS);
  C(NFT_LIMIT_PKTS); C(NFT_LIMIT_PKT_BYTES); C(NFT_LIMIT_F_INV);
  C(NFTA_LOG_GROUP); C(NFTA_LOG_PREFIX); C(NFTA_LOG_SNAPLEN); C(NFTA_LOG_QTHRESHOLD); C(NFTA_LOG_LEVEL);
  C(NFTA_LOG_FLAGS);
  C(NFTA_REJECT_TYPE); C(NFTA_REJECT_ICMP_CODE);
  C(NFT_REJECT_ICMP_UNREACH); C(NFT_REJECT_TCP_RST); C(NFT_REJECT_ICMPX_UNREACH);
  C(NFTA_OBJREF_IMM_TYPE); C(NFTA_OBJREF_IMM_NAME); C(NFTA_OBJREF_SET_SREG); C(NFTA_OBJREF_SET_NAME);
  C(NFT_OBJECT_COUNTER); C(NFT_OBJECT_QUOTA); C(NFT_OBJECT_LIMIT);
  C(NFTA_DYNSET_SET_NAME); C(NFTA_DYNSET_OP); C(NFTA_DYNSET_SREG_KEY); C(NFTA_DYNSET_SREG_DATA);
  C(NFTA_DYNSET_TIMEOUT); C(NFTA_DYNSET_EXPR); C(NFTA_DYNSET_FLAGS); C(NFTA_DYNSET_EXPRESSIONS);
  C(NFT_DYNSET_OP_ADD); C(NFT_DYNSET_OP_UPDATE); C(NFT_DYNSET_OP_DELETE);
  C(NFTA_QUOTA_BYTES); C(NFTA_QUOTA_FLAGS); C(NFTA_QUOTA_CONSUMED); C(NFT_QUOTA_F_INV);
  C(NFTA_EXTHDR_DREG); C(NFTA_EXTHDR_TYPE); C(NFTA_EXTHDR_OFFSET); C(NFTA_EXTHDR_LEN);
  C(NFTA_EXTHDR_FLAGS); C(NFTA_EXTHDR_OP); C(NFTA_EXTHDR_SREG); C(NFT_EXTHDR_OP_TCPOPT);
  C(NFT_SET_EVAL); C(NFT_SET_OBJECT); C(NFT_SET_CONCAT);
  C(NFTA_DATA_VALUE); C(NFTA_DATA_VERDICT); C(NFTA_VERDICT_CODE); C(NFTA_VERDICT_CHAIN);
  C(NFTA_LIST_ELEM); C(NFTA_EXPR_NAME); C(NFTA_EXPR_DATA); C(NFTA_BITWISE_OP); C(NFT_BITWISE_BOOL);
  C(NFTA_SET_ELEM_DATA); C(NFTA_SET_ELEM_TIMEOUT); C(NFTA_SET_ELEM_EXPIRATION); C(NFTA_SET_ELEM_USERDATA);
  C(NFTA_SET_ELEM_EXPR); C(NFTA_SET_ELEM_EXPRESSIONS); C(NFTA_SET_ELEM_OBJREF);
  C(NFTA_SET_POLICY); C(NFTA_SET_DESC); C(NFTA_SET_TIMEOUT); C(NFTA_SET_GC_INTERVAL); C(NFTA_SET_OBJ_TYPE);
  C(NFTA_SET_EXPR); C(NFTA_SET_EXPRESSIONS); C(NFTA_SET_DESC_SIZE); C(NFTA_SET_DESC_CONCAT); C(NFTA_SET_FIELD_LEN);
  C(NFT_SET_POL_PERFORMANCE); C(NFT_SET_POL_MEMORY);
  // end issue 8
  // nft-exprs (issue 8, part 2): rt mtu, byteorder, connlimit, link layer payload
  C(NFTA_RT_DREG); C(NFTA_RT_KEY); C(NFT_RT_TCPMSS);
  C(NFTA_BYTEORDER_SREG); C(NFTA_BYTEORDER_DREG); C(NFTA_BYTEORDER_OP); C(NFTA_BYTEORDER_LEN);
  C(NFTA_BYTEORDER_SIZE); C(NFT_BYTEORDER_HTON);
  C(NFTA_CONNLIMIT_COUNT); C(NFTA_CONNLIMIT_FLAGS); C(NFT_CONNLIMIT_F_INV); C(NFTA_DYNSET_SET_ID);
  // end nft-exprs
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
