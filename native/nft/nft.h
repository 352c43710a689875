// Shared by native/nft: the nfnetlink header every nf_tables message starts with, and nft's
// userdata TLV format (the comment `nft list ruleset` shows lives there).
#pragma once
#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>

#include <cstdint>
#include <string>
#include <vector>

#include "../nl/attr.h"
#include "../nl/message.h"
#include "../nl/record.h"

namespace nl_nft {

// Starts an nf_tables message (NFT_MSG_*) with its nfgenmsg header.
inline void begin(nl::MessageBuffer& m, uint16_t msg, uint16_t flags, uint32_t seq, uint8_t family) {
  m.begin(static_cast<uint16_t>((NFNL_SUBSYS_NFTABLES << 8) | msg), static_cast<uint16_t>(NLM_F_REQUEST | flags), seq);
  nfgenmsg g{};
  g.nfgen_family = family;
  g.version = NFNETLINK_V0;
  g.res_id = 0;
  m.put_header(g);
}

// The frame every nf_tables object decoder shares (tables, chains, sets, objects, rules): the
// nfgenmsg, a record holding its family, each attribute handed to on_attr (which returns an
// error for a bad nested payload), the attribute iterator's own error — all named after `msg`
// ("NFT_MSG_NEWTABLE"), so a malformed message says which one it was.
template <typename OnAttr>
nl::Error decode_nfgen_record(const nlmsghdr* h, nl::RecordWriter& w, const char* msg, uint16_t family_field, OnAttr&& on_attr) {
  nfgenmsg g;
  const uint8_t* p;
  size_t len;
  if (!nl::split_message(h, g, p, len)) return nl::Error::bad(std::string(msg) + ": shorter than nfgenmsg");
  size_t rec = w.begin();
  w.u8(family_field, g.nfgen_family);
  nl::AttrIter it(p, len);
  nl::Attr a;
  while (it.next(a)) {
    if (nl::Error e = on_attr(a)) return e;
  }
  if (it.error()) return nl::Error::bad(std::string(msg) + ": " + it.error());
  w.end(rec);
  return nl::Error{};
}

// The userdata blobs nft attaches to tables, chains, rules and sets are TLVs of (u8 type,
// u8 length, value). These type numbers are nft's (libnftnl's udata.h), not the kernel's:
// the kernel stores the blob opaquely.
namespace udata {
enum : uint8_t {
  COMMENT = 0,          // tables, chains, rules: NUL-terminated string
  SET_KEYBYTEORDER = 0, // sets: u32 (host order) byteorder of the key; 2 = big endian
  SET_DATABYTEORDER = 1,
  SET_MERGE_ELEMENTS = 2,
  SET_KEY_TYPEOF = 3,
  SET_DATA_TYPEOF = 4,
  SET_COMMENT = 5,
};
}

// Appends one TLV to a userdata blob.
inline void udata_put(std::vector<uint8_t>& out, uint8_t type, const void* p, size_t n) {
  out.push_back(type);
  out.push_back(static_cast<uint8_t>(n));
  const uint8_t* b = static_cast<const uint8_t*>(p);
  out.insert(out.end(), b, b + n);
}
inline std::vector<uint8_t> udata_comment(const std::string& s) {
  std::vector<uint8_t> out;
  udata_put(out, udata::COMMENT, s.c_str(), s.size() + 1);
  return out;
}
// Finds a TLV of `type` in a userdata blob; false when absent or the blob is malformed.
inline bool udata_get(const uint8_t* p, size_t n, uint8_t type, std::string& out) {
  size_t i = 0;
  while (i + 2 <= n) {
    uint8_t t = p[i], l = p[i + 1];
    if (i + 2 + l > n) return false;
    if (t == type) {
      size_t k = 0;
      while (k < l && p[i + 2 + k] != 0) ++k;
      out.assign(reinterpret_cast<const char*>(p + i + 2), k);
      return true;
    }
    i += 2 + l;
  }
  return false;
}
// A listed NFTA_*_USERDATA: its bytes (written back as they are) and nft's comment in it, if any.
inline void write_userdata(nl::RecordWriter& w, uint16_t bytes_field, uint16_t comment_field, const nl::Attr& a) {
  w.bytes(bytes_field, a.data, a.len);
  std::string c;
  if (udata_get(a.data, a.len, udata::COMMENT, c)) w.str(comment_field, c);
}

// An attribute of NFTA_DATA_VALUE nested under `type` (how nf_tables carries constants).
inline void put_data_value(nl::MessageBuffer& m, uint16_t type, const std::vector<uint8_t>& v) {
  nl::Nest n(m, type);
  m.put(NFTA_DATA_VALUE, v.data(), v.size());
}
// Reads NFTA_DATA_VALUE out of a nested data attribute.
inline bool get_data_value(const nl::Attr& a, std::vector<uint8_t>& out) {
  nl::AttrTable<NFTA_DATA_MAX> t;
  if (!t.parse(a)) return false;
  const nl::Attr* v = t.get(NFTA_DATA_VALUE);
  if (!v) return false;
  out.assign(v->data, v->data + v->len);
  return true;
}

}  // namespace nl_nft
