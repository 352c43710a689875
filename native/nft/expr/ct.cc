// ct: load conntrack state/mark/… into a register. [ ct load state => reg 1 ]
#include "../../nl/raw.h"
#include "../nft.h"
#include "expr.h"

namespace nl_nft {
namespace {
void build(nl::MessageBuffer& m, const Expr& e) {
  put_be32_opt(m, NFTA_CT_KEY, e.key);
  put_be32_opt(m, NFTA_CT_DREG, e.dreg);
  if (e.dir) m.put_u8(NFTA_CT_DIRECTION, static_cast<uint8_t>(*e.dir));
  put_be32_opt(m, NFTA_CT_SREG, e.sreg);
  put_raw_attrs(m, e);
}
nl::Error decode(const nl::Attr& d, nl::RecordWriter& w) {
  nl::AttrIter it(d.data, d.len);
  nl::Attr a;
  uint8_t v8;
  while (it.next(a)) {
    switch (a.type) {
      case NFTA_CT_KEY: field_be32(w, xf::KEY, a); break;
      case NFTA_CT_DREG: field_be32(w, xf::DREG, a); break;
      case NFTA_CT_SREG: field_be32(w, xf::SREG, a); break;
      case NFTA_CT_DIRECTION: if (a.u8(v8)) w.u32(xf::DIR, v8); break;
      default: nl::write_raw(w, xf::RAW, a);
    }
  }
  return iter_error("ct", it);
}
const ExprKind kind{"ct", build, decode};
ExprRegistration reg(&kind);
}  // namespace
}  // namespace nl_nft
