#include "set.h"

#include <cstring>

#include "../nl/raw.h"
#include "nft.h"
#include "schema.h"

namespace nl_nft {

void build_set_new(nl::MessageBuffer& m, uint32_t seq, uint16_t nlflags, const SetSpec& s) {
  begin(m, NFT_MSG_NEWSET, nlflags, seq, s.family);
  m.put_strz(NFTA_SET_TABLE, s.table);
  m.put_strz(NFTA_SET_NAME, s.name);
  if (s.flags) m.put_be32(NFTA_SET_FLAGS, *s.flags);
  if (s.keyType) m.put_be32(NFTA_SET_KEY_TYPE, *s.keyType);
  if (s.keyLen) m.put_be32(NFTA_SET_KEY_LEN, *s.keyLen);
  if (s.dataType) m.put_be32(NFTA_SET_DATA_TYPE, *s.dataType);
  if (s.dataLen) m.put_be32(NFTA_SET_DATA_LEN, *s.dataLen);
  if (s.id) m.put_be32(NFTA_SET_ID, *s.id);
  for (const RawAttr& a : s.raw) m.put(static_cast<uint16_t>(a.type | (a.nested ? NLA_F_NESTED : 0)), a.data.data(), a.data.size());
  if (s.userdata) m.put(NFTA_SET_USERDATA, s.userdata->data(), s.userdata->size());
}

void build_set_del(nl::MessageBuffer& m, uint32_t seq, const SetSpec& s) {
  begin(m, NFT_MSG_DELSET, 0, seq, s.family);
  m.put_strz(NFTA_SET_TABLE, s.table);
  m.put_strz(NFTA_SET_NAME, s.name);
}

void build_elems(nl::MessageBuffer& m, uint32_t seq, bool add, const ElemsSpec& e) {
  begin(m, add ? NFT_MSG_NEWSETELEM : NFT_MSG_DELSETELEM, add ? NLM_F_CREATE : 0, seq, e.family);
  if (!add && e.elems.empty()) {
    // nft flush set: libnftnl builds it from the set object, which puts the name first.
    m.put_strz(NFTA_SET_ELEM_LIST_SET, e.set);
    m.put_strz(NFTA_SET_ELEM_LIST_TABLE, e.table);
    return;  // DELSETELEM without elements flushes the set
  }
  m.put_strz(NFTA_SET_ELEM_LIST_TABLE, e.table);
  m.put_strz(NFTA_SET_ELEM_LIST_SET, e.set);
  if (e.setId) m.put_be32(NFTA_SET_ELEM_LIST_SET_ID, *e.setId);
  if (e.elems.empty()) return;
  nl::Nest list(m, NFTA_SET_ELEM_LIST_ELEMENTS);
  uint16_t index = 0;
  for (const ElemSpec& el : e.elems) {
    // libnftnl numbers the element nests 1, 2, 3 … (the kernel ignores the type); so do we, so
    // the bytes equal nft's.
    nl::Nest one(m, ++index);
    if (el.flags) m.put_be32(NFTA_SET_ELEM_FLAGS, *el.flags);
    auto put_raw = [&](bool before_key) {
      for (const RawAttr& a : el.raw) {
        bool early = a.type == NFTA_SET_ELEM_TIMEOUT || a.type == NFTA_SET_ELEM_EXPIRATION;
        if (early == before_key) m.put(static_cast<uint16_t>(a.type | (a.nested ? NLA_F_NESTED : 0)), a.data.data(), a.data.size());
      }
    };
    put_raw(true);
    {
      nl::Nest key(m, NFTA_SET_ELEM_KEY);
      m.put(NFTA_DATA_VALUE, el.key.data(), el.key.size());
    }
    if (el.keyEnd) {
      nl::Nest key(m, NFTA_SET_ELEM_KEY_END);
      m.put(NFTA_DATA_VALUE, el.keyEnd->data(), el.keyEnd->size());
    }
    put_raw(false);
  }
}

void build_elems_dump(nl::MessageBuffer& m, uint32_t seq, uint8_t family, const std::string& table, const std::string& set) {
  begin(m, NFT_MSG_GETSETELEM, NLM_F_DUMP, seq, family);
  m.put_strz(NFTA_SET_ELEM_LIST_TABLE, table);
  m.put_strz(NFTA_SET_ELEM_LIST_SET, set);
}

nl::Error decode_set(const nlmsghdr* h, nl::RecordWriter& w) {
  return decode_nfgen_record(h, w, "NFT_MSG_NEWSET", sf::FAMILY, [&](nl::Attr& a) -> nl::Error {
    uint32_t v32;
    uint64_t v64;
    switch (a.type) {
      case NFTA_SET_TABLE: w.str(sf::TABLE, a.str()); break;
      case NFTA_SET_NAME: w.str(sf::NAME, a.str()); break;
      case NFTA_SET_HANDLE: if (a.be64(v64)) w.u64(sf::HANDLE, v64); break;
      case NFTA_SET_FLAGS: if (a.be32(v32)) w.u32(sf::FLAGS, v32); break;
      case NFTA_SET_KEY_TYPE: if (a.be32(v32)) w.u32(sf::KEY_TYPE, v32); break;
      case NFTA_SET_KEY_LEN: if (a.be32(v32)) w.u32(sf::KEY_LEN, v32); break;
      case NFTA_SET_DATA_TYPE: if (a.be32(v32)) w.u32(sf::DATA_TYPE, v32); break;
      case NFTA_SET_DATA_LEN: if (a.be32(v32)) w.u32(sf::DATA_LEN, v32); break;
      case NFTA_SET_ID: if (a.be32(v32)) w.u32(sf::ID, v32); break;
      case NFTA_SET_USERDATA: w.bytes(sf::USERDATA, a.data, a.len); break;
      case NFTA_SET_PAD: break;
      default: nl::write_raw(w, sf::RAW, a);
    }
    return nl::Error{};
  });
}

nl::Error decode_elems(const nlmsghdr* h, nl::RecordWriter& w) {
  nfgenmsg g;
  const uint8_t* p;
  size_t len;
  if (!nl::split_message(h, g, p, len)) return nl::Error::bad("NFT_MSG_NEWSETELEM: shorter than nfgenmsg");
  size_t rec = w.begin();
  w.u8(lf::FAMILY, g.nfgen_family);
  nl::AttrIter it(p, len);
  nl::Attr a;
  while (it.next(a)) {
    switch (a.type) {
      case NFTA_SET_ELEM_LIST_TABLE: w.str(lf::TABLE, a.str()); break;
      case NFTA_SET_ELEM_LIST_SET: w.str(lf::SET, a.str()); break;
      case NFTA_SET_ELEM_LIST_ELEMENTS: {
        nl::AttrIter ei(a.data, a.len);
        nl::Attr e;
        while (ei.next(e)) {
          size_t t = w.nest_begin(lf::ELEMS);
          nl::AttrIter fi(e.data, e.len);
          nl::Attr f;
          uint32_t v32;
          std::vector<uint8_t> v;
          while (fi.next(f)) {
            switch (f.type) {
              case NFTA_SET_ELEM_KEY: if (get_data_value(f, v)) w.bytes(ef::KEY, v.data(), v.size()); break;
              case NFTA_SET_ELEM_KEY_END: if (get_data_value(f, v)) w.bytes(ef::KEY_END, v.data(), v.size()); break;
              case NFTA_SET_ELEM_FLAGS: if (f.be32(v32)) w.u32(ef::FLAGS, v32); break;
              default: nl::write_raw(w, ef::RAW, f);
            }
          }
          w.nest_end(t);
        }
        break;
      }
      default: break;
    }
  }
  if (it.error()) return nl::Error::bad(std::string("NFT_MSG_NEWSETELEM: ") + it.error());
  w.end(rec);
  return nl::Error{};
}

using nl::FieldType;
static const nl::FieldDef kSet[] = {
    {sf::FAMILY, "family", FieldType::U8, false, nullptr},
    {sf::TABLE, "table", FieldType::STR, false, nullptr},
    {sf::NAME, "name", FieldType::STR, false, nullptr},
    {sf::HANDLE, "handle", FieldType::U64, false, nullptr},
    {sf::FLAGS, "flags", FieldType::U32, false, nullptr},
    {sf::KEY_TYPE, "keyType", FieldType::U32, false, nullptr},
    {sf::KEY_LEN, "keyLen", FieldType::U32, false, nullptr},
    {sf::DATA_TYPE, "dataType", FieldType::U32, false, nullptr},
    {sf::DATA_LEN, "dataLen", FieldType::U32, false, nullptr},
    {sf::ID, "id", FieldType::U32, false, nullptr},
    {sf::USERDATA, "userdata", FieldType::BYTES, false, nullptr},
    {sf::RAW, "raw", FieldType::REC, true, "rawattr"},
};
static const nl::FieldDef kElem[] = {
    {ef::KEY, "key", FieldType::BYTES, false, nullptr},
    {ef::KEY_END, "keyEnd", FieldType::BYTES, false, nullptr},
    {ef::FLAGS, "flags", FieldType::U32, false, nullptr},
    {ef::RAW, "raw", FieldType::REC, true, "rawattr"},
};
static const nl::FieldDef kElems[] = {
    {lf::FAMILY, "family", FieldType::U8, false, nullptr},
    {lf::TABLE, "table", FieldType::STR, false, nullptr},
    {lf::SET, "set", FieldType::STR, false, nullptr},
    {lf::ELEMS, "elems", FieldType::REC, true, "nftelem"},
};
NL_SCHEMA(kSetSchema, "nftset", kSet)
NL_SCHEMA(kElemSchema, "nftelem", kElem)
NL_SCHEMA(kElemsSchema, "nftelems", kElems)

}  // namespace nl_nft
