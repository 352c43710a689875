// nat: snat/dnat to the address and port range held in registers (filled by immediates).
// [ nat dnat ip addr_min reg 1 proto_min reg 2 flags 0x2 ]
#include "../../nl/raw.h"
#include "../nft.h"
#include "expr.h"

namespace nl_nft {
namespace {
void build(nl::MessageBuffer& m, const Expr& e) {
  put_be32_opt(m, NFTA_NAT_TYPE, e.natType);
  put_be32_opt(m, NFTA_NAT_FAMILY, e.nfproto);
  put_be32_opt(m, NFTA_NAT_REG_ADDR_MIN, e.regAddrMin);
  put_be32_opt(m, NFTA_NAT_REG_ADDR_MAX, e.regAddrMax);
  put_be32_opt(m, NFTA_NAT_REG_PROTO_MIN, e.regProtoMin);
  put_be32_opt(m, NFTA_NAT_REG_PROTO_MAX, e.regProtoMax);
  put_be32_opt(m, NFTA_NAT_FLAGS, e.flags);
  put_raw_attrs(m, e);
}
nl::Error decode(const nl::Attr& d, nl::RecordWriter& w) {
  nl::AttrIter it(d.data, d.len);
  nl::Attr a;
  while (it.next(a)) {
    switch (a.type) {
      case NFTA_NAT_TYPE: field_be32(w, xf::NAT_TYPE, a); break;
      case NFTA_NAT_FAMILY: field_be32(w, xf::NFPROTO, a); break;
      case NFTA_NAT_REG_ADDR_MIN: field_be32(w, xf::REG_ADDR_MIN, a); break;
      case NFTA_NAT_REG_ADDR_MAX: field_be32(w, xf::REG_ADDR_MAX, a); break;
      case NFTA_NAT_REG_PROTO_MIN: field_be32(w, xf::REG_PROTO_MIN, a); break;
      case NFTA_NAT_REG_PROTO_MAX: field_be32(w, xf::REG_PROTO_MAX, a); break;
      case NFTA_NAT_FLAGS: field_be32(w, xf::FLAGS, a); break;
      default: nl::write_raw(w, xf::RAW, a);
    }
  }
  return iter_error("nat", it);
}
const ExprKind kind{"nat", build, decode};
ExprRegistration reg(&kind);
}  // namespace
}  // namespace nl_nft
