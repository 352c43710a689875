// range: is the register between two constants (inclusive)? nft itself writes port ranges as
// two cmps (gte, lte); the range expression is what it uses for `!=` ranges.
#include "../../nl/raw.h"
#include "../nft.h"
#include "expr.h"

namespace nl_nft {
namespace {
void build(nl::MessageBuffer& m, const Expr& e) {
  put_be32_opt(m, NFTA_RANGE_SREG, e.sreg);
  put_be32_opt(m, NFTA_RANGE_OP, e.op);
  if (e.data) put_data_value(m, NFTA_RANGE_FROM_DATA, *e.data);
  if (e.dataTo) put_data_value(m, NFTA_RANGE_TO_DATA, *e.dataTo);
  put_raw_attrs(m, e);
}
nl::Error decode(const nl::Attr& d, nl::RecordWriter& w) {
  nl::AttrIter it(d.data, d.len);
  nl::Attr a;
  while (it.next(a)) {
    switch (a.type) {
      case NFTA_RANGE_SREG: field_be32(w, xf::SREG, a); break;
      case NFTA_RANGE_OP: field_be32(w, xf::OP, a); break;
      case NFTA_RANGE_FROM_DATA: field_data(w, xf::DATA, a); break;
      case NFTA_RANGE_TO_DATA: field_data(w, xf::DATA_TO, a); break;
      default: nl::write_raw(w, xf::RAW, a);
    }
  }
  return iter_error("range", it);
}
const ExprKind kind{"range", build, decode};
ExprRegistration reg(&kind);
}  // namespace
}  // namespace nl_nft
