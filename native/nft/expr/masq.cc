// masq: source NAT to the outgoing interface's address. [ masq flags 0x1c ]
#include "../../nl/raw.h"
#include "../nft.h"
#include "expr.h"

namespace nl_nft {
namespace {
void build(nl::MessageBuffer& m, const Expr& e) {
  put_be32_opt(m, NFTA_MASQ_FLAGS, e.flags);
  put_be32_opt(m, NFTA_MASQ_REG_PROTO_MIN, e.regProtoMin);
  put_be32_opt(m, NFTA_MASQ_REG_PROTO_MAX, e.regProtoMax);
  put_raw_attrs(m, e);
}
nl::Error decode(const nl::Attr& d, nl::RecordWriter& w) {
  nl::AttrIter it(d.data, d.len);
  nl::Attr a;
  while (it.next(a)) {
    switch (a.type) {
      case NFTA_MASQ_FLAGS: field_be32(w, xf::FLAGS, a); break;
      case NFTA_MASQ_REG_PROTO_MIN: field_be32(w, xf::REG_PROTO_MIN, a); break;
      case NFTA_MASQ_REG_PROTO_MAX: field_be32(w, xf::REG_PROTO_MAX, a); break;
      default: nl::write_raw(w, xf::RAW, a);
    }
  }
  return iter_error("masq", it);
}
const ExprKind kind{"masq", build, decode};
ExprRegistration reg(&kind);
}  // namespace
}  // namespace nl_nft
