// fq_codel: Equivalent to: tc qdisc add … fq_codel [limit N] [flows N] [quantum N]
//   [interval T] [target T] [ecn]  (attribute order as tc writes them; times in µs)
#include <linux/pkt_sched.h>

#include "../fields.h"
#include "../schema.h"
#include "../tc.h"

namespace nl_tc {
namespace {

nl::Error encode(nl::MessageBuffer& m, nl::FieldReader& r, uint8_t) {
  Fields<fqc::ECN> o(r);
  if (o.error) return nl::Error::bad(std::string("tc_fq_codel: ") + o.error);
  uint32_t v;
  bool ecn;
  if (o.get(fqc::LIMIT, v)) m.put_u32(TCA_FQ_CODEL_LIMIT, v);
  if (o.get(fqc::FLOWS, v)) m.put_u32(TCA_FQ_CODEL_FLOWS, v);
  if (o.get(fqc::QUANTUM, v)) m.put_u32(TCA_FQ_CODEL_QUANTUM, v);
  if (o.get(fqc::INTERVAL, v)) m.put_u32(TCA_FQ_CODEL_INTERVAL, v);
  if (o.get(fqc::TARGET, v)) m.put_u32(TCA_FQ_CODEL_TARGET, v);
  if (o.has[fqc::ECN] && o.at[fqc::ECN].boolean(ecn)) m.put_u32(TCA_FQ_CODEL_ECN, ecn ? 1 : 0);
  return nl::Error{};
}

bool decode(const nl::Attr& opts, nl::RecordWriter& w, uint8_t) {
  nl::AttrTable<TCA_FQ_CODEL_MAX> t;
  if (!t.parse(opts)) return false;
  uint32_t v;
  if (t.get(TCA_FQ_CODEL_LIMIT) && t.get(TCA_FQ_CODEL_LIMIT)->u32(v)) w.u32(fqc::LIMIT, v);
  if (t.get(TCA_FQ_CODEL_FLOWS) && t.get(TCA_FQ_CODEL_FLOWS)->u32(v)) w.u32(fqc::FLOWS, v);
  if (t.get(TCA_FQ_CODEL_QUANTUM) && t.get(TCA_FQ_CODEL_QUANTUM)->u32(v)) w.u32(fqc::QUANTUM, v);
  if (t.get(TCA_FQ_CODEL_INTERVAL) && t.get(TCA_FQ_CODEL_INTERVAL)->u32(v)) w.u32(fqc::INTERVAL, v);
  if (t.get(TCA_FQ_CODEL_TARGET) && t.get(TCA_FQ_CODEL_TARGET)->u32(v)) w.u32(fqc::TARGET, v);
  if (t.get(TCA_FQ_CODEL_ECN) && t.get(TCA_FQ_CODEL_ECN)->u32(v)) w.boolean(fqc::ECN, v != 0);
  return true;
}

}  // namespace

extern const Kind kFqCodel{"fq_codel", f::FQ_CODEL, 0, &encode, &decode};

}  // namespace nl_tc
