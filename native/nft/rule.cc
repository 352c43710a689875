#include "rule.h"

#include <cstring>

#include "../nl/raw.h"
#include "nft.h"
#include "schema.h"

namespace nl_nft {

// Flags as nft sends them: add = CREATE|APPEND, insert = CREATE, replace = REPLACE.
void build_rule_new(nl::MessageBuffer& m, uint32_t seq, RuleMode mode, const RuleSpec& r) {
  uint16_t fl = mode == RuleMode::Append ? (NLM_F_CREATE | NLM_F_APPEND)
              : mode == RuleMode::Insert ? NLM_F_CREATE
                                         : NLM_F_REPLACE;
  begin(m, NFT_MSG_NEWRULE, fl, seq, r.family);
  m.put_strz(NFTA_RULE_TABLE, r.table);
  m.put_strz(NFTA_RULE_CHAIN, r.chain);
  if (r.handle && mode == RuleMode::Replace) m.put_be64(NFTA_RULE_HANDLE, *r.handle);
  if (r.position) m.put_be64(NFTA_RULE_POSITION, *r.position);
  if (!r.exprs.empty()) {
    nl::Nest list(m, NFTA_RULE_EXPRESSIONS);
    for (const Expr& e : r.exprs) build_expr(m, e);
  }
  if (r.userdata) m.put(NFTA_RULE_USERDATA, r.userdata->data(), r.userdata->size());
  else if (r.comment) { auto u = udata_comment(*r.comment); m.put(NFTA_RULE_USERDATA, u.data(), u.size()); }
}

void build_rule_del(nl::MessageBuffer& m, uint32_t seq, const RuleSpec& r) {
  begin(m, NFT_MSG_DELRULE, 0, seq, r.family);
  m.put_strz(NFTA_RULE_TABLE, r.table);
  m.put_strz(NFTA_RULE_CHAIN, r.chain);
  if (r.handle) m.put_be64(NFTA_RULE_HANDLE, *r.handle);
}

nl::Error decode_rule(const nlmsghdr* h, nl::RecordWriter& w) {
  return decode_nfgen_record(h, w, "NFT_MSG_NEWRULE", rf::FAMILY, [&](nl::Attr& a) -> nl::Error {
    uint64_t v64;
    switch (a.type) {
      case NFTA_RULE_TABLE: w.str(rf::TABLE, a.str()); break;
      case NFTA_RULE_CHAIN: w.str(rf::CHAIN, a.str()); break;
      case NFTA_RULE_HANDLE: if (a.be64(v64)) w.u64(rf::HANDLE, v64); break;
      case NFTA_RULE_POSITION: if (a.be64(v64)) w.u64(rf::POSITION, v64); break;
      case NFTA_RULE_EXPRESSIONS: {
        nl::AttrIter ei(a.data, a.len);
        nl::Attr e;
        while (ei.next(e)) {
          if (e.type != NFTA_LIST_ELEM) { nl::write_raw(w, rf::RAW, e); continue; }
          if (nl::Error err = decode_expr(e, w, rf::EXPRS)) return err;
        }
        if (ei.error()) return nl::Error::bad(std::string("NFTA_RULE_EXPRESSIONS: ") + ei.error());
        break;
      }
      case NFTA_RULE_USERDATA: write_userdata(w, rf::USERDATA, rf::COMMENT, a); break;
      case NFTA_RULE_PAD: break;
      default: nl::write_raw(w, rf::RAW, a);
    }
    return nl::Error{};
  });
}

using nl::FieldType;
static const nl::FieldDef kRule[] = {
    {rf::FAMILY, "family", FieldType::U8, false, nullptr},
    {rf::TABLE, "table", FieldType::STR, false, nullptr},
    {rf::CHAIN, "chain", FieldType::STR, false, nullptr},
    {rf::HANDLE, "handle", FieldType::U64, false, nullptr},
    {rf::POSITION, "position", FieldType::U64, false, nullptr},
    {rf::EXPRS, "exprs", FieldType::REC, true, "nftexpr"},
    {rf::USERDATA, "userdata", FieldType::BYTES, false, nullptr},
    {rf::COMMENT, "comment", FieldType::STR, false, nullptr},
    {rf::RAW, "raw", FieldType::REC, true, "rawattr"},
};
NL_SCHEMA(kRuleSchema, "nftrule", kRule)

}  // namespace nl_nft
