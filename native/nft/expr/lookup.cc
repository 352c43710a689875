// lookup: is the register's value in a named set? [ lookup reg 1 set s4 ]
#include "../../nl/raw.h"
#include "../nft.h"
#include "expr.h"

namespace nl_nft {
namespace {
void build(nl::MessageBuffer& m, const Expr& e) {
  // libnftnl's order (sreg, dreg, set, set id, flags), so our bytes equal nft's.
  put_be32_opt(m, NFTA_LOOKUP_SREG, e.sreg);
  put_be32_opt(m, NFTA_LOOKUP_DREG, e.dreg);
  if (e.set) m.put_strz(NFTA_LOOKUP_SET, *e.set);
  put_be32_opt(m, NFTA_LOOKUP_SET_ID, e.setId);
  put_be32_opt(m, NFTA_LOOKUP_FLAGS, e.flags);
  put_raw_attrs(m, e);
}
nl::Error decode(const nl::Attr& d, nl::RecordWriter& w) {
  nl::AttrIter it(d.data, d.len);
  nl::Attr a;
  while (it.next(a)) {
    switch (a.type) {
      case NFTA_LOOKUP_SREG: field_be32(w, xf::SREG, a); break;
      case NFTA_LOOKUP_SET: w.str(xf::SET, a.str()); break;
      case NFTA_LOOKUP_SET_ID: field_be32(w, xf::SET_ID, a); break;
      case NFTA_LOOKUP_DREG: field_be32(w, xf::DREG, a); break;
      case NFTA_LOOKUP_FLAGS: field_be32(w, xf::FLAGS, a); break;
      default: nl::write_raw(w, xf::RAW, a);
    }
  }
  return iter_error("lookup", it);
}
const ExprKind kind{"lookup", build, decode};
ExprRegistration reg(&kind);
}  // namespace
}  // namespace nl_nft
