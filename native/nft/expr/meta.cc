// meta: load packet metadata (iifname, oifname, l4proto, mark, nfproto…) into a register,
// or set it from one. [ meta load oifname => reg 1 ]
#include "../../nl/raw.h"
#include "../nft.h"
#include "expr.h"

namespace nl_nft {
namespace {
void build(nl::MessageBuffer& m, const Expr& e) {
  put_be32_opt(m, NFTA_META_KEY, e.key);
  put_be32_opt(m, NFTA_META_DREG, e.dreg);
  put_be32_opt(m, NFTA_META_SREG, e.sreg);
  put_raw_attrs(m, e);
}
nl::Error decode(const nl::Attr& d, nl::RecordWriter& w) {
  nl::AttrIter it(d.data, d.len);
  nl::Attr a;
  while (it.next(a)) {
    switch (a.type) {
      case NFTA_META_KEY: field_be32(w, xf::KEY, a); break;
      case NFTA_META_DREG: field_be32(w, xf::DREG, a); break;
      case NFTA_META_SREG: field_be32(w, xf::SREG, a); break;
      default: nl::write_raw(w, xf::RAW, a);
    }
  }
  return iter_error("meta", it);
}
const ExprKind kind{"meta", build, decode};
ExprRegistration reg(&kind);
}  // namespace
}  // namespace nl_nft
