// sfq: Equivalent to: tc qdisc add … sfq [limit N] [perturb S] [quantum N] — a bare
// tc_sfq_qopt_v1 (the v1 fields zero unless set, as tc sends them).
#include <linux/pkt_sched.h>

#include "../fields.h"
#include "../schema.h"
#include "../tc.h"

namespace nl_tc {
namespace {

nl::Error encode(nl::MessageBuffer& m, nl::FieldReader& r, uint8_t) {
  Fields<sfq::LIMIT> o(r);
  if (o.error) return nl::Error::bad(std::string("tc_sfq: ") + o.error);
  tc_sfq_qopt_v1 q{};
  q.v0.quantum = o.or_<uint32_t>(sfq::QUANTUM, 0);
  q.v0.perturb_period = static_cast<int>(o.or_<uint32_t>(sfq::PERTURB, 0));
  q.v0.limit = o.or_<uint32_t>(sfq::LIMIT, 0);
  m.put_raw(&q, sizeof q);
  return nl::Error{};
}

bool decode(const nl::Attr& opts, nl::RecordWriter& w, uint8_t) {
  tc_sfq_qopt q;
  if (!opts.read(&q, sizeof q)) return false;
  w.u32(sfq::QUANTUM, q.quantum);
  w.u32(sfq::PERTURB, static_cast<uint32_t>(q.perturb_period));
  w.u32(sfq::LIMIT, q.limit);
  return true;
}

}  // namespace

extern const Kind kSfq{"sfq", f::SFQ, 0, &encode, &decode};

}  // namespace nl_tc
