#include "chain.h"

#include <cstring>

#include "../nl/raw.h"
#include "nft.h"
#include "schema.h"

namespace nl_nft {

// Attribute order follows nft's own messages (captured with strace), so ours compare equal.
void build_chain_new(nl::MessageBuffer& m, uint32_t seq, uint16_t nlflags, const ChainSpec& c) {
  begin(m, NFT_MSG_NEWCHAIN, nlflags, seq, c.family);
  m.put_strz(NFTA_CHAIN_TABLE, c.table);
  if (c.handle) m.put_be64(NFTA_CHAIN_HANDLE, *c.handle);
  m.put_strz(NFTA_CHAIN_NAME, c.name);
  if (c.type) m.put_strz(NFTA_CHAIN_TYPE, *c.type);
  if (c.policy) m.put_be32(NFTA_CHAIN_POLICY, *c.policy);
  if (c.hook) {
    nl::Nest hook(m, NFTA_CHAIN_HOOK);
    m.put_be32(NFTA_HOOK_HOOKNUM, *c.hook);
    m.put_be32(NFTA_HOOK_PRIORITY, static_cast<uint32_t>(c.priority.value_or(0)));
    if (c.dev) m.put_strz(NFTA_HOOK_DEV, *c.dev);
  }
  if (c.flags) m.put_be32(NFTA_CHAIN_FLAGS, *c.flags);
  if (c.userdata) m.put(NFTA_CHAIN_USERDATA, c.userdata->data(), c.userdata->size());
  else if (c.comment) { auto u = udata_comment(*c.comment); m.put(NFTA_CHAIN_USERDATA, u.data(), u.size()); }
}

void build_chain_del(nl::MessageBuffer& m, uint32_t seq, const ChainSpec& c) {
  begin(m, NFT_MSG_DELCHAIN, 0, seq, c.family);
  m.put_strz(NFTA_CHAIN_TABLE, c.table);
  if (c.handle) m.put_be64(NFTA_CHAIN_HANDLE, *c.handle);
  else m.put_strz(NFTA_CHAIN_NAME, c.name);
}

void build_chain_flush(nl::MessageBuffer& m, uint32_t seq, const ChainSpec& c) {
  begin(m, NFT_MSG_DELRULE, 0, seq, c.family);
  m.put_strz(NFTA_RULE_TABLE, c.table);
  m.put_strz(NFTA_RULE_CHAIN, c.name);
}

nl::Error decode_chain(const nlmsghdr* h, nl::RecordWriter& w) {
  return decode_nfgen_record(h, w, "NFT_MSG_NEWCHAIN", cf::FAMILY, [&](nl::Attr& a) -> nl::Error {
    uint32_t v32;
    uint64_t v64;
    switch (a.type) {
      case NFTA_CHAIN_TABLE: w.str(cf::TABLE, a.str()); break;
      case NFTA_CHAIN_NAME: w.str(cf::NAME, a.str()); break;
      case NFTA_CHAIN_HANDLE: if (a.be64(v64)) w.u64(cf::HANDLE, v64); break;
      case NFTA_CHAIN_TYPE: w.str(cf::TYPE, a.str()); break;
      case NFTA_CHAIN_POLICY: if (a.be32(v32)) w.u32(cf::POLICY, v32); break;
      case NFTA_CHAIN_FLAGS: if (a.be32(v32)) w.u32(cf::FLAGS, v32); break;
      case NFTA_CHAIN_USE: if (a.be32(v32)) w.u32(cf::USE, v32); break;
      case NFTA_CHAIN_HOOK: {
        nl::AttrTable<NFTA_HOOK_MAX> t;
        if (!t.parse(a)) return nl::Error::bad(std::string("NFTA_CHAIN_HOOK: ") + t.error);
        if (auto x = t.get(NFTA_HOOK_HOOKNUM); x && x->be32(v32)) w.u32(cf::HOOK, v32);
        if (auto x = t.get(NFTA_HOOK_PRIORITY); x && x->be32(v32)) w.s32(cf::PRIORITY, static_cast<int32_t>(v32));
        if (auto x = t.get(NFTA_HOOK_DEV)) w.str(cf::DEV, x->str());
        break;
      }
      case NFTA_CHAIN_USERDATA: write_userdata(w, cf::USERDATA, cf::COMMENT, a); break;
      case NFTA_CHAIN_PAD: break;
      default: nl::write_raw(w, cf::RAW, a);  // NFTA_CHAIN_COUNTERS, NFTA_CHAIN_ID, …
    }
    return nl::Error{};
  });
}

using nl::FieldType;
static const nl::FieldDef kChain[] = {
    {cf::FAMILY, "family", FieldType::U8, false, nullptr},
    {cf::TABLE, "table", FieldType::STR, false, nullptr},
    {cf::NAME, "name", FieldType::STR, false, nullptr},
    {cf::HANDLE, "handle", FieldType::U64, false, nullptr},
    {cf::HOOK, "hook", FieldType::U32, false, nullptr},
    {cf::PRIORITY, "priority", FieldType::S32, false, nullptr},
    {cf::POLICY, "policy", FieldType::U32, false, nullptr},
    {cf::TYPE, "type", FieldType::STR, false, nullptr},
    {cf::FLAGS, "flags", FieldType::U32, false, nullptr},
    {cf::USE, "use", FieldType::U32, false, nullptr},
    {cf::USERDATA, "userdata", FieldType::BYTES, false, nullptr},
    {cf::COMMENT, "comment", FieldType::STR, false, nullptr},
    {cf::DEV, "dev", FieldType::STR, false, nullptr},
    {cf::RAW, "raw", FieldType::REC, true, "rawattr"},
};
NL_SCHEMA(kChainSchema, "nftchain", kChain)

}  // namespace nl_nft
