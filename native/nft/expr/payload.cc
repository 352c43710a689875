// payload: load bytes from a packet header into a register.
// [ payload load 4b @ network header + 12 => reg 1 ]
#include "../../nl/raw.h"
#include "../nft.h"
#include "expr.h"

namespace nl_nft {
namespace {
void build(nl::MessageBuffer& m, const Expr& e) {
  put_be32_opt(m, NFTA_PAYLOAD_DREG, e.dreg);
  put_be32_opt(m, NFTA_PAYLOAD_BASE, e.base);
  put_be32_opt(m, NFTA_PAYLOAD_OFFSET, e.offset);
  put_be32_opt(m, NFTA_PAYLOAD_LEN, e.len);
  put_be32_opt(m, NFTA_PAYLOAD_SREG, e.sreg);
  put_raw_attrs(m, e);
}
nl::Error decode(const nl::Attr& d, nl::RecordWriter& w) {
  nl::AttrIter it(d.data, d.len);
  nl::Attr a;
  while (it.next(a)) {
    switch (a.type) {
      case NFTA_PAYLOAD_DREG: field_be32(w, xf::DREG, a); break;
      case NFTA_PAYLOAD_BASE: field_be32(w, xf::BASE, a); break;
      case NFTA_PAYLOAD_OFFSET: field_be32(w, xf::OFFSET, a); break;
      case NFTA_PAYLOAD_LEN: field_be32(w, xf::LEN, a); break;
      case NFTA_PAYLOAD_SREG: field_be32(w, xf::SREG, a); break;
      default: nl::write_raw(w, xf::RAW, a);
    }
  }
  return iter_error("payload", it);
}
const ExprKind kind{"payload", build, decode};
ExprRegistration reg(&kind);
}  // namespace
}  // namespace nl_nft
