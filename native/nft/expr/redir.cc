// redir: destination NAT to the local machine (optionally another port).
// [ redir proto_min reg 1 flags 0x2 ]
#include "../../nl/raw.h"
#include "../nft.h"
#include "expr.h"

namespace nl_nft {
namespace {
void build(nl::MessageBuffer& m, const Expr& e) {
  put_be32_opt(m, NFTA_REDIR_REG_PROTO_MIN, e.regProtoMin);
  put_be32_opt(m, NFTA_REDIR_REG_PROTO_MAX, e.regProtoMax);
  put_be32_opt(m, NFTA_REDIR_FLAGS, e.flags);
  put_raw_attrs(m, e);
}
nl::Error decode(const nl::Attr& d, nl::RecordWriter& w) {
  nl::AttrIter it(d.data, d.len);
  nl::Attr a;
  while (it.next(a)) {
    switch (a.type) {
      case NFTA_REDIR_REG_PROTO_MIN: field_be32(w, xf::REG_PROTO_MIN, a); break;
      case NFTA_REDIR_REG_PROTO_MAX: field_be32(w, xf::REG_PROTO_MAX, a); break;
      case NFTA_REDIR_FLAGS: field_be32(w, xf::FLAGS, a); break;
      default: nl::write_raw(w, xf::RAW, a);
    }
  }
  return iter_error("redir", it);
}
const ExprKind kind{"redir", build, decode};
ExprRegistration reg(&kind);
}  // namespace
}  // namespace nl_nft
