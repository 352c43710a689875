// prio: Equivalent to: tc qdisc add … prio [bands N] [priomap P0 … P15] — tc_prio_qopt followed
// by an empty nested TCA_OPTIONS (tc's addattr_nest_compat framing).
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#include <cstring>

#include "../fields.h"
#include "../schema.h"
#include "../tc.h"

namespace nl_tc {
namespace {

// tc's default map (TC_PRIO_* → band).
constexpr uint8_t kDefaultMap[TC_PRIO_MAX + 1] = {1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1};

nl::Error encode(nl::MessageBuffer& m, nl::FieldReader& r, uint8_t) {
  Fields<prio::PRIOMAP> o(r);
  if (o.error) return nl::Error::bad(std::string("tc_prio: ") + o.error);
  tc_prio_qopt q{};
  q.bands = static_cast<int>(o.or_<uint32_t>(prio::BANDS, 3));
  std::memcpy(q.priomap, kDefaultMap, sizeof q.priomap);
  if (o.has[prio::PRIOMAP]) {
    if (o.at[prio::PRIOMAP].len != sizeof q.priomap) return nl::Error::bad("tc_prio: priomap needs 16 entries");
    std::memcpy(q.priomap, o.at[prio::PRIOMAP].data, sizeof q.priomap);
  }
  m.put_raw(&q, sizeof q);
  m.nest_end(open_plain(m, TCA_OPTIONS));
  return nl::Error{};
}

bool decode(const nl::Attr& opts, nl::RecordWriter& w, uint8_t) {
  tc_prio_qopt q;
  if (!opts.read(&q, sizeof q)) return false;
  w.u32(prio::BANDS, static_cast<uint32_t>(q.bands));
  w.bytes(prio::PRIOMAP, q.priomap, sizeof q.priomap);
  return true;
}

}  // namespace

extern const Kind kPrio{"prio", f::PRIO_Q, 0, &encode, &decode};

}  // namespace nl_tc
