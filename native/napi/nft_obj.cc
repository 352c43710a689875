// N-API surface of nft named objects and the nft monitor's constants: object dumps (GETOBJ) and
// resets (GETOBJ_RESET), decoding of captured NEWOBJ messages, and the UAPI constants
// lib/nft/objects.ts and lib/nft/monitor.ts need. Creating and deleting objects goes through the
// transaction (nftCommit, native/nft/batch.cc).
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_cttimeout.h>

#include "../nft/obj.h"
#include "common.h"
#include "families.h"
#include "run.h"

namespace napi_nl {

namespace {

bool is_obj(const nlmsghdr* h) {
  return (h->nlmsg_type >> 8) == NFNL_SUBSYS_NFTABLES && (h->nlmsg_type & 0xff) == NFT_MSG_NEWOBJ;
}

// nftObjDump(sock, family, table, name, type, reset) → RecordBuffer of "nftobj". With a name:
// that one object (table and type required). reset: the values before the kernel zeroed them.
Napi::Value ObjDump(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  nl::Socket& s = socket_arg(info);
  uint8_t family = static_cast<uint8_t>(info[1].As<Napi::Number>().Uint32Value());
  std::string table = info[2].IsString() ? info[2].As<Napi::String>().Utf8Value() : std::string();
  std::string name = info[3].IsString() ? info[3].As<Napi::String>().Utf8Value() : std::string();
  uint32_t type = info[4].As<Napi::Number>().Uint32Value();
  bool reset = info[5].ToBoolean().Value();
  nl::RecordWriter w;
  nl::Error err;
  auto take = [&](size_t, const nlmsghdr* h) {
    if (err || !is_obj(h)) return;
    size_t mark = w.size();
    if (nl::Error e = nl_nft::decode_obj(h, w)) { w.rollback(mark); err = e; }
  };
  auto build = [&](nl::MessageBuffer& m, uint32_t seq) { nl_nft::build_obj_get(m, seq, reset, family, table, name, type); };
  auto result = [&]() -> Napi::Value {
    if (err) { make_error(env, err).ThrowAsJavaScriptException(); return env.Undefined(); }
    return records_to_buffer(env, w);
  };
  if (!reset) return run_dump(env, s, build, take, [&] { w.rollback(0); err = nl::Error{}; }, result);
  // A reset is never run twice: a second attempt would report the values the first one zeroed.
  bool interrupted = false;
  if (!run_one(env, s, build, take, &interrupted)) return env.Undefined();
  Napi::Value out = result();
  if (interrupted && out.IsObject()) out.As<Napi::Object>().Set("dumpInterrupted", Napi::Boolean::New(env, true));
  return out;
}

// nftObjDecode(buf) → RecordBuffer: every NEWOBJ of a raw netlink buffer (byte-vector tests).
Napi::Value ObjDecode(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto b = info[0].As<Napi::Buffer<uint8_t>>();
  nl::RecordWriter w;
  const nlmsghdr* h = reinterpret_cast<const nlmsghdr*>(b.Data());
  int len = static_cast<int>(b.Length());
  for (; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
    if (!is_obj(h)) continue;
    if (nl::Error e = nl_nft::decode_obj(h, w)) { make_error(env, e).ThrowAsJavaScriptException(); return env.Undefined(); }
  }
  return records_to_buffer(env, w);
}

Napi::Object constants(Napi::Env env) {
  Napi::Object o = Napi::Object::New(env);
#define C(name) o.Set(#name, Napi::Number::New(env, static_cast<double>(name)))
  C(NFT_OBJECT_COUNTER); C(NFT_OBJECT_QUOTA); C(NFT_OBJECT_CT_HELPER); C(NFT_OBJECT_LIMIT);
  C(NFT_OBJECT_CONNLIMIT); C(NFT_OBJECT_TUNNEL); C(NFT_OBJECT_CT_TIMEOUT); C(NFT_OBJECT_SECMARK);
  C(NFT_OBJECT_CT_EXPECT); C(NFT_OBJECT_SYNPROXY);
  C(NFTA_COUNTER_BYTES); C(NFTA_COUNTER_PACKETS);
  C(NFTA_QUOTA_BYTES); C(NFTA_QUOTA_FLAGS); C(NFTA_QUOTA_CONSUMED); C(NFT_QUOTA_F_INV); C(NFT_QUOTA_F_DEPLETED);
  C(NFTA_CT_HELPER_NAME); C(NFTA_CT_HELPER_L3PROTO); C(NFTA_CT_HELPER_L4PROTO);
  C(NFTA_CT_TIMEOUT_L3PROTO); C(NFTA_CT_TIMEOUT_L4PROTO); C(NFTA_CT_TIMEOUT_DATA);
  C(CTA_TIMEOUT_TCP_SYN_SENT); C(CTA_TIMEOUT_TCP_UNACK); C(CTA_TIMEOUT_UDP_UNREPLIED); C(CTA_TIMEOUT_UDP_REPLIED);
  C(NFTA_OBJREF_IMM_TYPE); C(NFTA_OBJREF_IMM_NAME); C(NFTA_OBJREF_SET_SREG); C(NFTA_OBJREF_SET_NAME);
  C(NFTA_OBJREF_SET_ID);
  // monitor: the group and the message types nf_tables notifies
  C(NFNLGRP_NFTABLES); C(NFNL_SUBSYS_NFTABLES);
  C(NFT_MSG_NEWTABLE); C(NFT_MSG_DELTABLE); C(NFT_MSG_NEWCHAIN); C(NFT_MSG_DELCHAIN); C(NFT_MSG_NEWRULE);
  C(NFT_MSG_DELRULE); C(NFT_MSG_NEWSET); C(NFT_MSG_DELSET); C(NFT_MSG_NEWSETELEM); C(NFT_MSG_DELSETELEM);
  C(NFT_MSG_NEWGEN); C(NFT_MSG_NEWOBJ); C(NFT_MSG_DELOBJ);
#undef C
  return o;
}

}  // namespace

void InitNftObj(Napi::Env env, Napi::Object exports) {
  exports.Set("nftObjConstants", constants(env));
  exports.Set("nftObjDump", Napi::Function::New(env, ObjDump));
  exports.Set("nftObjDecode", Napi::Function::New(env, ObjDecode));
}

}  // namespace napi_nl
