// netem: Equivalent to: tc qdisc add … netem [limit N] [delay T [J]] [loss P%] [gap N]
//   [duplicate P%] — a bare tc_netem_qopt; delays in psched ticks, probabilities scaled to u32
//   (lib/tc does the percent scaling, as tc's get_percent: round(p / 100 · 2^32-1)).
#include <linux/pkt_sched.h>

#include "../fields.h"
#include "../rate.h"
#include "../schema.h"
#include "../tc.h"

namespace nl_tc {
namespace {

nl::Error encode(nl::MessageBuffer& m, nl::FieldReader& r, uint8_t) {
  Fields<netem::DUPLICATE> o(r);
  if (o.error) return nl::Error::bad(std::string("tc_netem: ") + o.error);
  tc_netem_qopt q{};
  q.latency = time2tick(o.or_<uint32_t>(netem::LATENCY, 0));
  q.jitter = time2tick(o.or_<uint32_t>(netem::JITTER, 0));
  q.limit = o.or_<uint32_t>(netem::LIMIT, 1000);
  q.loss = o.or_<uint32_t>(netem::LOSS, 0);
  q.gap = o.or_<uint32_t>(netem::GAP, 0);
  q.duplicate = o.or_<uint32_t>(netem::DUPLICATE, 0);
  m.put_raw(&q, sizeof q);
  return nl::Error{};
}

bool decode(const nl::Attr& opts, nl::RecordWriter& w, uint8_t) {
  tc_netem_qopt q;
  if (!opts.read(&q, sizeof q)) return false;
  w.u32(netem::LATENCY, static_cast<uint32_t>(tick2time(q.latency)));
  w.u32(netem::JITTER, static_cast<uint32_t>(tick2time(q.jitter)));
  w.u32(netem::LIMIT, q.limit);
  w.u32(netem::LOSS, q.loss);
  w.u32(netem::GAP, q.gap);
  w.u32(netem::DUPLICATE, q.duplicate);
  return true;
}

}  // namespace

extern const Kind kNetem{"netem", f::NETEM, 0, &encode, &decode};

}  // namespace nl_tc
