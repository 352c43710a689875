// police: Equivalent to: tc … action police rate R burst B [mtu M] [drop|pass|…] — tc_police
// (bucket in psched ticks) followed by the rate table, as tc writes it.
#include <linux/pkt_cls.h>

#include "../rate.h"
#include "actions.h"

namespace nl_tc {
namespace {

nl::Error encode(nl::MessageBuffer& m, const ActFields& a) {
  uint64_t rate = a.or_<uint64_t>(act::RATE, 0);
  uint32_t burst = a.or_<uint32_t>(act::BURST, 0);
  if (!rate || !burst) return nl::Error::bad("tc police: rate and burst are required");
  tc_police p{};
  p.index = a.or_<uint32_t>(act::INDEX, 0);
  p.action = static_cast<int>(a.or_<uint32_t>(act::VERDICT, TC_ACT_RECLASSIFY));
  p.mtu = a.or_<uint32_t>(act::MTU, 0);
  p.rate.rate = rate >= (1ULL << 32) ? ~0U : static_cast<uint32_t>(rate);
  uint32_t rtab[256];
  rtable(p.rate, rtab, -1, p.mtu, p.rate.rate);
  p.burst = xmittime(rate, burst);
  m.put(TCA_POLICE_TBF, &p, sizeof p);
  m.put(TCA_POLICE_RATE, rtab, sizeof rtab);
  if (rate >= (1ULL << 32)) m.put_u64(TCA_POLICE_RATE64, rate);
  return nl::Error{};
}

bool decode(const nl::Attr& opts, nl::RecordWriter& w) {
  nl::AttrTable<TCA_POLICE_MAX> t;
  if (!t.parse(opts)) return false;
  tc_police p;
  if (!t.get(TCA_POLICE_TBF) || !t.get(TCA_POLICE_TBF)->read(&p, sizeof p)) return false;
  uint64_t rate = p.rate.rate;
  if (const nl::Attr* r = t.get(TCA_POLICE_RATE64)) r->u64(rate);
  w.u32(act::INDEX, p.index);
  w.u32(act::VERDICT, static_cast<uint32_t>(p.action));
  w.u64(act::RATE, rate);
  w.u32(act::BURST, static_cast<uint32_t>(xmitsize(rate, p.burst)));
  if (p.mtu) w.u32(act::MTU, p.mtu);
  return true;
}

}  // namespace

const ActionKind kPolice{"police", &encode, &decode};

}  // namespace nl_tc
