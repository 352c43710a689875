// counter: packets and bytes. nft sends it empty; the kernel reports the values in dumps.
#include "../../nl/raw.h"
#include "../nft.h"
#include "expr.h"

namespace nl_nft {
namespace {
void build(nl::MessageBuffer& m, const Expr& e) {
  if (e.bytes) m.put_be64(NFTA_COUNTER_BYTES, *e.bytes);
  if (e.packets) m.put_be64(NFTA_COUNTER_PACKETS, *e.packets);
  put_raw_attrs(m, e);
}
nl::Error decode(const nl::Attr& d, nl::RecordWriter& w) {
  nl::AttrIter it(d.data, d.len);
  nl::Attr a;
  uint64_t v;
  while (it.next(a)) {
    switch (a.type) {
      case NFTA_COUNTER_BYTES: if (a.be64(v)) w.u64(xf::BYTES, v); break;
      case NFTA_COUNTER_PACKETS: if (a.be64(v)) w.u64(xf::PACKETS, v); break;
      case NFTA_COUNTER_PAD: break;  // alignment only
      default: nl::write_raw(w, xf::RAW, a);
    }
  }
  return iter_error("counter", it);
}
const ExprKind kind{"counter", build, decode};
ExprRegistration reg(&kind);
}  // namespace
}  // namespace nl_nft
