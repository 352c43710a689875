#include <cstring>

#include "../../nl/raw.h"
#include "../nft.h"
#include "expr.h"

namespace nl_nft {

namespace {
std::vector<const ExprKind*>& registry() {
  static std::vector<const ExprKind*> r;
  return r;
}
}  // namespace

ExprRegistration::ExprRegistration(const ExprKind* k) { registry().push_back(k); }

const ExprKind* find_expr(const char* name, size_t len) {
  for (const ExprKind* k : registry())
    if (std::strncmp(k->name, name, len) == 0 && k->name[len] == 0) return k;
  return nullptr;
}
const ExprKind* find_expr(const std::string& name) { return find_expr(name.data(), name.size()); }

void build_expr(nl::MessageBuffer& m, const Expr& e) {
  nl::Nest elem(m, NFTA_LIST_ELEM);
  m.put_strz(NFTA_EXPR_NAME, e.name);
  const ExprKind* k = find_expr(e.name);
  // An expression without attributes (notrack) has no NFTA_EXPR_DATA at all, as nft sends it.
  if (!k && e.raw.empty()) return;
  nl::Nest data(m, NFTA_EXPR_DATA);
  if (k) k->build(m, e);
  else put_raw_attrs(m, e);
}

void field_data(nl::RecordWriter& w, uint16_t id, const nl::Attr& a) {
  nl::AttrTable<NFTA_DATA_MAX> t;
  const nl::Attr* v = t.parse(a) ? t.get(NFTA_DATA_VALUE) : nullptr;
  if (v) w.bytes(id, v->data, v->len);
  else nl::write_raw(w, xf::RAW, a);
}

nl::Error iter_error_of(const char* expr, const nl::AttrIter& it) {
  return nl::Error::bad(std::string("NFTA_RULE_EXPRESSIONS › ") + expr + ": " + it.error());
}

nl::Error decode_expr(const nl::Attr& elem, nl::RecordWriter& w, uint16_t field) {
  nl::AttrTable<NFTA_EXPR_MAX> t;
  if (!t.parse(elem)) return nl::Error::bad(std::string("NFTA_LIST_ELEM: ") + t.error);
  const nl::Attr* name = t.get(NFTA_EXPR_NAME);
  if (!name) return nl::Error::bad("NFTA_LIST_ELEM: expression without NFTA_EXPR_NAME");
  size_t n = 0;  // the name up to its NUL, without a std::string per expression
  while (n < name->len && name->data[n] != 0) ++n;
  const char* nm = reinterpret_cast<const char*>(name->data);
  size_t tok = w.nest_begin(field);
  w.str(xf::NAME, nm, n);
  if (const nl::Attr* data = t.get(NFTA_EXPR_DATA)) {
    const ExprKind* k = find_expr(nm, n);
    if (k) {
      if (nl::Error e = k->decode(*data, w)) return e;
    } else {
      nl::AttrIter it(data->data, data->len);
      nl::Attr a;
      while (it.next(a)) nl::write_raw(w, xf::RAW, a);
      if (nl::Error e = iter_error(std::string(nm, n).c_str(), it)) return e;
    }
  }
  w.nest_end(tok);
  return nl::Error{};
}

// ---- schema ----
using nl::FieldType;
static const nl::FieldDef kExpr[] = {
    {xf::NAME, "name", FieldType::STR, false, nullptr},
    {xf::DREG, "dreg", FieldType::U32, false, nullptr},
    {xf::SREG, "sreg", FieldType::U32, false, nullptr},
    {xf::KEY, "key", FieldType::U32, false, nullptr},
    {xf::BASE, "base", FieldType::U32, false, nullptr},
    {xf::OFFSET, "offset", FieldType::U32, false, nullptr},
    {xf::LEN, "len", FieldType::U32, false, nullptr},
    {xf::OP, "op", FieldType::U32, false, nullptr},
    {xf::FLAGS, "flags", FieldType::U32, false, nullptr},
    {xf::DIR, "dir", FieldType::U32, false, nullptr},
    {xf::NAT_TYPE, "natType", FieldType::U32, false, nullptr},
    {xf::NFPROTO, "nfproto", FieldType::U32, false, nullptr},
    {xf::REG_ADDR_MIN, "regAddrMin", FieldType::U32, false, nullptr},
    {xf::REG_ADDR_MAX, "regAddrMax", FieldType::U32, false, nullptr},
    {xf::REG_PROTO_MIN, "regProtoMin", FieldType::U32, false, nullptr},
    {xf::REG_PROTO_MAX, "regProtoMax", FieldType::U32, false, nullptr},
    {xf::SET_ID, "setId", FieldType::U32, false, nullptr},
    {xf::VERDICT, "verdict", FieldType::S32, false, nullptr},
    {xf::CHAIN, "chain", FieldType::STR, false, nullptr},
    {xf::SET, "set", FieldType::STR, false, nullptr},
    {xf::DATA, "data", FieldType::BYTES, false, nullptr},
    {xf::DATA_TO, "dataTo", FieldType::BYTES, false, nullptr},
    {xf::MASK, "mask", FieldType::BYTES, false, nullptr},
    {xf::XOR, "xor", FieldType::BYTES, false, nullptr},
    {xf::BYTES, "bytes", FieldType::U64, false, nullptr},
    {xf::PACKETS, "packets", FieldType::U64, false, nullptr},
    {xf::RAW, "raw", FieldType::REC, true, "rawattr"},
};
NL_SCHEMA(kExprSchema, "nftexpr", kExpr)

}  // namespace nl_nft
