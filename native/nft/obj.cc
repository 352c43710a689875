#include "obj.h"

#include "../nl/raw.h"
#include "nft.h"
#include "schema.h"

namespace nl_nft {

void build_obj_new(nl::MessageBuffer& m, uint32_t seq, uint16_t nlflags, const ObjSpec& o) {
  begin(m, NFT_MSG_NEWOBJ, nlflags, seq, o.family);
  m.put_strz(NFTA_OBJ_TABLE, o.table);
  m.put_strz(NFTA_OBJ_NAME, o.name);
  m.put_be32(NFTA_OBJ_TYPE, o.type);
  if (o.userdata) m.put(NFTA_OBJ_USERDATA, o.userdata->data(), o.userdata->size());
  nl::Nest data(m, NFTA_OBJ_DATA);
  for (const RawAttr& a : o.data) m.put(static_cast<uint16_t>(a.type | (a.nested ? NLA_F_NESTED : 0)), a.data.data(), a.data.size());
}

void build_obj_del(nl::MessageBuffer& m, uint32_t seq, const ObjSpec& o) {
  begin(m, NFT_MSG_DELOBJ, 0, seq, o.family);
  m.put_strz(NFTA_OBJ_TABLE, o.table);
  if (o.handle) m.put_be64(NFTA_OBJ_HANDLE, *o.handle);
  else m.put_strz(NFTA_OBJ_NAME, o.name);
  m.put_be32(NFTA_OBJ_TYPE, o.type);
  // libnftnl opens the (empty) data nest of the object's type even for a delete; nft sends it.
  nl::Nest data(m, NFTA_OBJ_DATA);
}

void build_obj_get(nl::MessageBuffer& m, uint32_t seq, bool reset, uint8_t family, const std::string& table,
                   const std::string& name, uint32_t type) {
  // One named object is a plain GET (the kernel needs table, name and type); anything else a
  // dump the kernel filters by table and type itself (nft_obj_filter).
  bool one = !name.empty();
  begin(m, reset ? NFT_MSG_GETOBJ_RESET : NFT_MSG_GETOBJ, one ? NLM_F_ACK : NLM_F_DUMP, seq, family);
  if (!table.empty()) m.put_strz(NFTA_OBJ_TABLE, table);
  if (one) m.put_strz(NFTA_OBJ_NAME, name);
  if (type != 0) m.put_be32(NFTA_OBJ_TYPE, type);
}

nl::Error decode_obj(const nlmsghdr* h, nl::RecordWriter& w) {
  return decode_nfgen_record(h, w, "NFT_MSG_NEWOBJ", obf::FAMILY, [&](nl::Attr& a) -> nl::Error {
    uint32_t v32;
    uint64_t v64;
    switch (a.type) {
      case NFTA_OBJ_TABLE: w.str(obf::TABLE, a.str()); break;
      case NFTA_OBJ_NAME: w.str(obf::NAME, a.str()); break;
      case NFTA_OBJ_TYPE: if (a.be32(v32)) w.u32(obf::TYPE, v32); break;
      case NFTA_OBJ_USE: if (a.be32(v32)) w.u32(obf::USE, v32); break;
      case NFTA_OBJ_HANDLE: if (a.be64(v64)) w.u64(obf::HANDLE, v64); break;
      case NFTA_OBJ_USERDATA: write_userdata(w, obf::USERDATA, obf::COMMENT, a); break;
      case NFTA_OBJ_DATA: {
        // Each attribute of the type-specific data, raw (lib/nft/objects.ts names them).
        nl::AttrIter di(a.data, a.len);
        nl::Attr d;
        while (di.next(d)) nl::write_raw(w, obf::DATA, d);
        if (di.error()) return nl::Error::bad(std::string("NFT_MSG_NEWOBJ › NFTA_OBJ_DATA: ") + di.error());
        break;
      }
      case NFTA_OBJ_PAD: break;
      default: nl::write_raw(w, obf::RAW, a);
    }
    return nl::Error{};
  });
}

using nl::FieldType;
static const nl::FieldDef kObj[] = {
    {obf::FAMILY, "family", FieldType::U8, false, nullptr},
    {obf::TABLE, "table", FieldType::STR, false, nullptr},
    {obf::NAME, "name", FieldType::STR, false, nullptr},
    {obf::TYPE, "type", FieldType::U32, false, nullptr},
    {obf::USE, "use", FieldType::U32, false, nullptr},
    {obf::HANDLE, "handle", FieldType::U64, false, nullptr},
    {obf::USERDATA, "userdata", FieldType::BYTES, false, nullptr},
    {obf::COMMENT, "comment", FieldType::STR, false, nullptr},
    {obf::DATA, "data", FieldType::REC, true, "rawattr"},
    {obf::RAW, "raw", FieldType::REC, true, "rawattr"},
};
NL_SCHEMA(kObjSchema, "nftobj", kObj)

}  // namespace nl_nft
