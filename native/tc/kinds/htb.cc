// htb: the qdisc (Equivalent to: tc qdisc add … htb [default C] [r2q N] [direct_qlen N]) and its
// classes (Equivalent to: tc class add … htb rate R [ceil C] [burst B] [cburst B] [prio P]
// [quantum Q] [mtu M]): tc_htb_opt with rate tables and bucket sizes in psched ticks.
#include <linux/pkt_sched.h>

#include "../fields.h"
#include "../rate.h"
#include "../schema.h"
#include "../tc.h"

namespace nl_tc {
namespace {

nl::Error encode_qdisc(nl::MessageBuffer& m, Fields<htbc::LEVEL>& o) {
  tc_htb_glob g{};
  g.version = 3;
  g.rate2quantum = o.or_<uint32_t>(htb::R2Q, 10);
  g.defcls = o.or_<uint32_t>(htb::DEFAULT, 0);
  m.put(TCA_HTB_INIT, &g, sizeof g);
  uint32_t qlen;
  if (o.get(htb::DIRECT_QLEN, qlen)) m.put_u32(TCA_HTB_DIRECT_QLEN, qlen);
  return nl::Error{};
}

nl::Error encode_class(nl::MessageBuffer& m, Fields<htbc::LEVEL>& o) {
  uint64_t rate = o.or_<uint64_t>(htbc::RATE, 0);
  if (!rate) return nl::Error::bad("tc_htb: a class needs a rate");
  uint64_t ceil = o.or_<uint64_t>(htbc::CEIL, rate);
  uint32_t mtu = o.or_<uint32_t>(htbc::MTU, 1600);
  tc_htb_opt opt{};
  opt.rate.rate = rate >= (1ULL << 32) ? ~0U : static_cast<uint32_t>(rate);
  opt.ceil.rate = ceil >= (1ULL << 32) ? ~0U : static_cast<uint32_t>(ceil);
  opt.prio = o.or_<uint32_t>(htbc::PRIO, 0);
  opt.quantum = o.or_<uint32_t>(htbc::QUANTUM, 0);
  // tc's default buckets: what the rate sends in one jiffy, plus one packet.
  uint64_t buffer = o.or_<uint32_t>(htbc::BURST, 0);
  uint32_t cbuffer = o.or_<uint32_t>(htbc::CBURST, 0);
  if (!buffer) buffer = rate / hz() + mtu;
  if (!cbuffer) cbuffer = static_cast<uint32_t>(ceil / hz() + mtu);
  uint32_t rtab[256], ctab[256];
  rtable(opt.rate, rtab, -1, mtu, opt.rate.rate);
  opt.buffer = xmittime(rate, buffer);
  rtable(opt.ceil, ctab, -1, mtu, opt.ceil.rate);
  opt.cbuffer = xmittime(ceil, cbuffer);
  if (rate >= (1ULL << 32)) m.put_u64(TCA_HTB_RATE64, rate);
  if (ceil >= (1ULL << 32)) m.put_u64(TCA_HTB_CEIL64, ceil);
  m.put(TCA_HTB_PARMS, &opt, sizeof opt);
  m.put(TCA_HTB_RTAB, rtab, sizeof rtab);
  m.put(TCA_HTB_CTAB, ctab, sizeof ctab);
  return nl::Error{};
}

nl::Error encode(nl::MessageBuffer& m, nl::FieldReader& r, uint8_t obj) {
  Fields<htbc::LEVEL> o(r);
  if (o.error) return nl::Error::bad(std::string("tc_htb: ") + o.error);
  return obj == CLASS ? encode_class(m, o) : encode_qdisc(m, o);
}

bool decode(const nl::Attr& opts, nl::RecordWriter& w, uint8_t obj) {
  nl::AttrTable<TCA_HTB_MAX> t;
  if (!t.parse(opts)) return false;
  if (obj != CLASS) {
    tc_htb_glob g;
    if (!t.get(TCA_HTB_INIT) || !t.get(TCA_HTB_INIT)->read(&g, sizeof g)) return false;
    w.u32(htb::DEFAULT, g.defcls);
    w.u32(htb::R2Q, g.rate2quantum);
    w.u32(htb::VERSION, g.version);
    w.u32(htb::DIRECT_PACKETS, g.direct_pkts);
    uint32_t qlen;
    if (t.get(TCA_HTB_DIRECT_QLEN) && t.get(TCA_HTB_DIRECT_QLEN)->u32(qlen)) w.u32(htb::DIRECT_QLEN, qlen);
    return true;
  }
  tc_htb_opt o;
  if (!t.get(TCA_HTB_PARMS) || !t.get(TCA_HTB_PARMS)->read(&o, sizeof o)) return false;
  uint64_t rate = o.rate.rate, ceil = o.ceil.rate;
  if (const nl::Attr* a = t.get(TCA_HTB_RATE64)) a->u64(rate);
  if (const nl::Attr* a = t.get(TCA_HTB_CEIL64)) a->u64(ceil);
  w.u64(htbc::RATE, rate);
  w.u64(htbc::CEIL, ceil);
  w.u32(htbc::BURST, static_cast<uint32_t>(xmitsize(rate, o.buffer)));
  w.u32(htbc::CBURST, static_cast<uint32_t>(xmitsize(ceil, o.cbuffer)));
  w.u32(htbc::PRIO, o.prio);
  w.u32(htbc::QUANTUM, o.quantum);
  w.u32(htbc::LEVEL, o.level);
  return true;
}

}  // namespace

extern const Kind kHtb{"htb", f::HTB, f::HTB_CLASS, &encode, &decode};

}  // namespace nl_tc
