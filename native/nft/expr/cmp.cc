// cmp: compare a register with a constant. [ cmp eq reg 1 0x000012ac ]
#include "../../nl/raw.h"
#include "../nft.h"
#include "expr.h"

namespace nl_nft {
namespace {
void build(nl::MessageBuffer& m, const Expr& e) {
  put_be32_opt(m, NFTA_CMP_SREG, e.sreg);
  put_be32_opt(m, NFTA_CMP_OP, e.op);
  if (e.data) put_data_value(m, NFTA_CMP_DATA, *e.data);
  put_raw_attrs(m, e);
}
nl::Error decode(const nl::Attr& d, nl::RecordWriter& w) {
  nl::AttrIter it(d.data, d.len);
  nl::Attr a;
  while (it.next(a)) {
    switch (a.type) {
      case NFTA_CMP_SREG: field_be32(w, xf::SREG, a); break;
      case NFTA_CMP_OP: field_be32(w, xf::OP, a); break;
      case NFTA_CMP_DATA: field_data(w, xf::DATA, a); break;
      default: nl::write_raw(w, xf::RAW, a);
    }
  }
  return iter_error("cmp", it);
}
const ExprKind kind{"cmp", build, decode};
ExprRegistration reg(&kind);
}  // namespace
}  // namespace nl_nft
