// fq: Equivalent to: tc qdisc add … fq [limit N] [flow_limit N] [quantum N]
//   [initial_quantum N] [maxrate R] (attribute order as tc writes them).
#include <linux/pkt_sched.h>

#include "../fields.h"
#include "../schema.h"
#include "../tc.h"

namespace nl_tc {
namespace {

nl::Error encode(nl::MessageBuffer& m, nl::FieldReader& r, uint8_t) {
  Fields<fq::MAXRATE> o(r);
  if (o.error) return nl::Error::bad(std::string("tc_fq: ") + o.error);
  uint32_t v;
  uint64_t rate;
  if (o.get(fq::LIMIT, v)) m.put_u32(TCA_FQ_PLIMIT, v);
  if (o.get(fq::FLOW_LIMIT, v)) m.put_u32(TCA_FQ_FLOW_PLIMIT, v);
  if (o.get(fq::QUANTUM, v)) m.put_u32(TCA_FQ_QUANTUM, v);
  if (o.get(fq::INITIAL_QUANTUM, v)) m.put_u32(TCA_FQ_INITIAL_QUANTUM, v);
  // The kernel attribute is 32 bits (~0U = unlimited); tc caps larger rates the same way.
  if (o.get(fq::MAXRATE, rate)) m.put_u32(TCA_FQ_FLOW_MAX_RATE, rate >= (1ULL << 32) ? ~0U : static_cast<uint32_t>(rate));
  return nl::Error{};
}

bool decode(const nl::Attr& opts, nl::RecordWriter& w, uint8_t) {
  nl::AttrTable<TCA_FQ_MAX> t;
  if (!t.parse(opts)) return false;
  uint32_t v;
  if (t.get(TCA_FQ_PLIMIT) && t.get(TCA_FQ_PLIMIT)->u32(v)) w.u32(fq::LIMIT, v);
  if (t.get(TCA_FQ_FLOW_PLIMIT) && t.get(TCA_FQ_FLOW_PLIMIT)->u32(v)) w.u32(fq::FLOW_LIMIT, v);
  if (t.get(TCA_FQ_QUANTUM) && t.get(TCA_FQ_QUANTUM)->u32(v)) w.u32(fq::QUANTUM, v);
  if (t.get(TCA_FQ_INITIAL_QUANTUM) && t.get(TCA_FQ_INITIAL_QUANTUM)->u32(v)) w.u32(fq::INITIAL_QUANTUM, v);
  if (t.get(TCA_FQ_FLOW_MAX_RATE) && t.get(TCA_FQ_FLOW_MAX_RATE)->u32(v)) w.u64(fq::MAXRATE, v);
  return true;
}

}  // namespace

extern const Kind kFq{"fq", f::FQ, 0, &encode, &decode};

}  // namespace nl_tc
