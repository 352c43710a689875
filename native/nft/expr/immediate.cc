// immediate: load a constant or a verdict into a register. Register 0 is the verdict register:
// [ immediate reg 0 accept ], [ immediate reg 0 jump -> chain ], [ immediate reg 1 0x020012ac ]
#include "../../nl/raw.h"
#include "../nft.h"
#include "expr.h"

namespace nl_nft {
namespace {
void build(nl::MessageBuffer& m, const Expr& e) {
  put_be32_opt(m, NFTA_IMMEDIATE_DREG, e.dreg);
  if (e.verdict) {
    nl::Nest data(m, NFTA_IMMEDIATE_DATA);
    nl::Nest v(m, NFTA_DATA_VERDICT);
    m.put_be32(NFTA_VERDICT_CODE, static_cast<uint32_t>(*e.verdict));
    if (e.chain) m.put_strz(NFTA_VERDICT_CHAIN, *e.chain);
  } else if (e.data) {
    put_data_value(m, NFTA_IMMEDIATE_DATA, *e.data);
  }
  put_raw_attrs(m, e);
}
void decode_data(const nl::Attr& d, nl::RecordWriter& w) {
  nl::AttrTable<NFTA_DATA_MAX> t;
  if (!t.parse(d)) { nl::write_raw(w, xf::RAW, d); return; }
  if (const nl::Attr* v = t.get(NFTA_DATA_VALUE)) { w.bytes(xf::DATA, v->data, v->len); return; }
  const nl::Attr* vd = t.get(NFTA_DATA_VERDICT);
  nl::AttrTable<NFTA_VERDICT_MAX> vt;
  if (!vd || !vt.parse(*vd)) { nl::write_raw(w, xf::RAW, d); return; }
  uint32_t code;
  if (const nl::Attr* c = vt.get(NFTA_VERDICT_CODE); c && c->be32(code)) w.s32(xf::VERDICT, static_cast<int32_t>(code));
  if (const nl::Attr* c = vt.get(NFTA_VERDICT_CHAIN)) w.str(xf::CHAIN, c->str());
}
nl::Error decode(const nl::Attr& d, nl::RecordWriter& w) {
  nl::AttrIter it(d.data, d.len);
  nl::Attr a;
  while (it.next(a)) {
    switch (a.type) {
      case NFTA_IMMEDIATE_DREG: field_be32(w, xf::DREG, a); break;
      case NFTA_IMMEDIATE_DATA: decode_data(a, w); break;
      default: nl::write_raw(w, xf::RAW, a);
    }
  }
  return iter_error("immediate", it);
}
const ExprKind kind{"immediate", build, decode};
ExprRegistration reg(&kind);
}  // namespace
}  // namespace nl_nft
