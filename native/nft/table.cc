#include "table.h"

#include <cstring>

#include "../nl/raw.h"
#include "nft.h"
#include "schema.h"

namespace nl_nft {

void build_table_new(nl::MessageBuffer& m, uint32_t seq, uint16_t nlflags, const TableSpec& t) {
  begin(m, NFT_MSG_NEWTABLE, nlflags, seq, t.family);
  m.put_strz(NFTA_TABLE_NAME, t.name);
  m.put_be32(NFTA_TABLE_FLAGS, t.flags.value_or(0));
  if (t.userdata) m.put(NFTA_TABLE_USERDATA, t.userdata->data(), t.userdata->size());
  else if (t.comment) { auto u = udata_comment(*t.comment); m.put(NFTA_TABLE_USERDATA, u.data(), u.size()); }
}

void build_table_del(nl::MessageBuffer& m, uint32_t seq, const TableSpec& t) {
  begin(m, NFT_MSG_DELTABLE, 0, seq, t.family);
  if (t.handle) m.put_be64(NFTA_TABLE_HANDLE, *t.handle);
  else m.put_strz(NFTA_TABLE_NAME, t.name);
}

void build_table_flush(nl::MessageBuffer& m, uint32_t seq, const TableSpec& t) {
  begin(m, NFT_MSG_DELRULE, 0, seq, t.family);
  m.put_strz(NFTA_RULE_TABLE, t.name);
}

nl::Error decode_table(const nlmsghdr* h, nl::RecordWriter& w) {
  return decode_nfgen_record(h, w, "NFT_MSG_NEWTABLE", tf::FAMILY, [&](nl::Attr& a) -> nl::Error {
    uint32_t v32;
    uint64_t v64;
    switch (a.type) {
      case NFTA_TABLE_NAME: w.str(tf::NAME, a.str()); break;
      case NFTA_TABLE_FLAGS: if (a.be32(v32)) w.u32(tf::FLAGS, v32); break;
      case NFTA_TABLE_USE: if (a.be32(v32)) w.u32(tf::USE, v32); break;
      case NFTA_TABLE_HANDLE: if (a.be64(v64)) w.u64(tf::HANDLE, v64); break;
      case NFTA_TABLE_USERDATA: write_userdata(w, tf::USERDATA, tf::COMMENT, a); break;
      case NFTA_TABLE_PAD: break;
      default: nl::write_raw(w, tf::RAW, a);
    }
    return nl::Error{};
  });
}

using nl::FieldType;
static const nl::FieldDef kTable[] = {
    {tf::FAMILY, "family", FieldType::U8, false, nullptr},
    {tf::NAME, "name", FieldType::STR, false, nullptr},
    {tf::FLAGS, "flags", FieldType::U32, false, nullptr},
    {tf::USE, "use", FieldType::U32, false, nullptr},
    {tf::HANDLE, "handle", FieldType::U64, false, nullptr},
    {tf::USERDATA, "userdata", FieldType::BYTES, false, nullptr},
    {tf::COMMENT, "comment", FieldType::STR, false, nullptr},
    {tf::RAW, "raw", FieldType::REC, true, "rawattr"},
};
NL_SCHEMA(kTableSchema, "nfttable", kTable)

}  // namespace nl_nft
