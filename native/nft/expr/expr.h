// nf_tables expressions: one file per expression (payload.cc, meta.cc, cmp.cc, …) builds the
// attributes inside NFTA_EXPR_DATA and decodes them back into an "nftexpr" record. An expression
// we have no file for (or an attribute we do not know) travels as raw attributes, so a rule read
// from the kernel can be written back unchanged.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "../../nl/attr.h"
#include "../../nl/error.h"
#include "../../nl/message.h"
#include "../../nl/record.h"

namespace nl_nft {

struct RawAttr {
  uint16_t type = 0;
  bool nested = false;
  std::vector<uint8_t> data;
};

// One expression, as plain values. Which fields apply depends on `name`; field names are the
// ones TypeScript uses (lib/nft/expr.ts), so a decoded record can be fed back to the encoder.
struct Expr {
  std::string name;
  std::optional<uint32_t> dreg, sreg, key, base, offset, len, op, flags, dir, natType, nfproto,
      regAddrMin, regAddrMax, regProtoMin, regProtoMax, setId;
  std::optional<int32_t> verdict;
  std::optional<std::string> chain, set;
  std::optional<std::vector<uint8_t>> data, dataTo, mask, xor_;
  std::optional<uint64_t> bytes, packets;
  std::vector<RawAttr> raw;  // attributes to append verbatim (all of them for unknown expressions)
};

// Field ids of the "nftexpr" record (names in expr_schema.cc).
namespace xf {
enum : uint16_t {
  NAME = 1, DREG, SREG, KEY, BASE, OFFSET, LEN, OP, FLAGS, DIR, NAT_TYPE, NFPROTO, REG_ADDR_MIN,
  REG_ADDR_MAX, REG_PROTO_MIN, REG_PROTO_MAX, SET_ID, VERDICT, CHAIN, SET, DATA, DATA_TO, MASK, XOR,
  BYTES, PACKETS, RAW,
};
}

using ExprBuilder = void (*)(nl::MessageBuffer& m, const Expr& e);
// Decodes the attributes of NFTA_EXPR_DATA into the open record; unknown ones via write_raw.
using ExprDecoder = nl::Error (*)(const nl::Attr& data, nl::RecordWriter& w);

struct ExprKind {
  const char* name;
  ExprBuilder build;
  ExprDecoder decode;
};

// Expression files register themselves (static ExprRegistration in each .cc).
const ExprKind* find_expr(const std::string& name);
const ExprKind* find_expr(const char* name, size_t len);
struct ExprRegistration {
  explicit ExprRegistration(const ExprKind* k);
};

// NFTA_LIST_ELEM { NFTA_EXPR_NAME, NFTA_EXPR_DATA { … } }
void build_expr(nl::MessageBuffer& m, const Expr& e);
// Decodes one NFTA_LIST_ELEM into an "nftexpr" record nested under field `field` of w.
nl::Error decode_expr(const nl::Attr& elem, nl::RecordWriter& w, uint16_t field);

// Small helpers the expression files share.
inline void put_be32_opt(nl::MessageBuffer& m, uint16_t t, const std::optional<uint32_t>& v) {
  if (v) m.put_be32(t, *v);
}
inline void put_raw_attrs(nl::MessageBuffer& m, const Expr& e) {
  for (const RawAttr& a : e.raw) m.put(static_cast<uint16_t>(a.type | (a.nested ? NLA_F_NESTED : 0)), a.data.data(), a.data.size());
}
inline void field_be32(nl::RecordWriter& w, uint16_t id, const nl::Attr& a) {
  uint32_t v;
  if (a.be32(v)) w.u32(id, v);
}
// Writes NFTA_DATA_VALUE of a nested data attribute as bytes; raw if it is something else.
void field_data(nl::RecordWriter& w, uint16_t id, const nl::Attr& a);
nl::Error iter_error_of(const char* expr, const nl::AttrIter& it);
inline nl::Error iter_error(const char* expr, const nl::AttrIter& it) {
  return it.error() ? iter_error_of(expr, it) : nl::Error{};
}

}  // namespace nl_nft
