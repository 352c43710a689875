// bitwise: reg = (reg & mask) ^ xor — how nft matches a prefix that is not byte aligned and
// a ct state set. [ bitwise reg 1 = ( reg 1 & 0x00f0ffff ) ^ 0x00000000 ]
#include "../../nl/raw.h"
#include "../nft.h"
#include "expr.h"

namespace nl_nft {
namespace {
void build(nl::MessageBuffer& m, const Expr& e) {
  put_be32_opt(m, NFTA_BITWISE_SREG, e.sreg);
  put_be32_opt(m, NFTA_BITWISE_DREG, e.dreg);
  put_be32_opt(m, NFTA_BITWISE_OP, e.op);  // nft sends it for `&`/`|`/`^` statements, not for prefixes
  put_be32_opt(m, NFTA_BITWISE_LEN, e.len);
  if (e.mask) put_data_value(m, NFTA_BITWISE_MASK, *e.mask);
  if (e.xor_) put_data_value(m, NFTA_BITWISE_XOR, *e.xor_);
  put_raw_attrs(m, e);
}
nl::Error decode(const nl::Attr& d, nl::RecordWriter& w) {
  nl::AttrIter it(d.data, d.len);
  nl::Attr a;
  while (it.next(a)) {
    switch (a.type) {
      case NFTA_BITWISE_SREG: field_be32(w, xf::SREG, a); break;
      case NFTA_BITWISE_DREG: field_be32(w, xf::DREG, a); break;
      case NFTA_BITWISE_LEN: field_be32(w, xf::LEN, a); break;
      case NFTA_BITWISE_OP: field_be32(w, xf::OP, a); break;
      case NFTA_BITWISE_MASK: field_data(w, xf::MASK, a); break;
      case NFTA_BITWISE_XOR: field_data(w, xf::XOR, a); break;
      default: nl::write_raw(w, xf::RAW, a);
    }
  }
  return iter_error("bitwise", it);
}
const ExprKind kind{"bitwise", build, decode};
ExprRegistration reg(&kind);
}  // namespace
}  // namespace nl_nft
