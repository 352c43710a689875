// tbf (token bucket filter): Equivalent to: tc qdisc add … tbf rate R burst B (latency L | limit N)
//   [peakrate P mtu M] [mpu N] [overhead N]
// The parameters travel as tc_tbf_qopt with times in psched ticks and rate tables (tc_core).
#include <linux/pkt_sched.h>

#include "../fields.h"
#include "../rate.h"
#include "../schema.h"
#include "../tc.h"

namespace nl_tc {
namespace {

nl::Error encode(nl::MessageBuffer& m, nl::FieldReader& r, uint8_t) {
  Fields<tbf::OVERHEAD> o(r);
  if (o.error) return nl::Error::bad(std::string("tc_tbf: ") + o.error);
  uint64_t rate = o.or_<uint64_t>(tbf::RATE, 0), peak = o.or_<uint64_t>(tbf::PEAKRATE, 0);
  uint32_t burst = o.or_<uint32_t>(tbf::BURST, 0), limit = o.or_<uint32_t>(tbf::LIMIT, 0);
  uint32_t latency = o.or_<uint32_t>(tbf::LATENCY, 0), mtu = o.or_<uint32_t>(tbf::MTU, 0);
  if (!rate || !burst || (!limit && !latency) || (peak && !mtu)) {
    return nl::Error::bad("tc_tbf: rate, burst and limit or latency (and mtu with peakrate) are required");
  }
  tc_tbf_qopt opt{};
  opt.rate.rate = rate >= (1ULL << 32) ? ~0U : static_cast<uint32_t>(rate);
  opt.peakrate.rate = peak >= (1ULL << 32) ? ~0U : static_cast<uint32_t>(peak);
  opt.limit = limit;
  if (!limit) {
    // tc: the queue holds what the rate drains in `latency`, plus the bucket.
    double lim = rate * static_cast<double>(latency) / 1e6 + burst;
    if (peak) {
      double lim2 = peak * static_cast<double>(latency) / 1e6 + mtu;
      if (lim2 < lim) lim = lim2;
    }
    opt.limit = static_cast<uint32_t>(lim);
  }
  opt.rate.mpu = o.or_<uint32_t>(tbf::MPU, 0);
  opt.rate.overhead = static_cast<unsigned short>(o.or_<uint32_t>(tbf::OVERHEAD, 0));
  uint32_t rtab[256], ptab[256];
  rtable(opt.rate, rtab, -1, mtu, opt.rate.rate);
  opt.buffer = xmittime(opt.rate.rate, burst);
  if (opt.peakrate.rate) {
    opt.peakrate.mpu = opt.rate.mpu;
    opt.peakrate.overhead = opt.rate.overhead;
    rtable(opt.peakrate, ptab, -1, mtu, opt.peakrate.rate);
    opt.mtu = xmittime(opt.peakrate.rate, mtu);
  }
  m.put(TCA_TBF_PARMS, &opt, sizeof opt);
  m.put_u32(TCA_TBF_BURST, burst);
  if (rate >= (1ULL << 32)) m.put_u64(TCA_TBF_RATE64, rate);
  m.put(TCA_TBF_RTAB, rtab, sizeof rtab);
  if (opt.peakrate.rate) {
    if (peak >= (1ULL << 32)) m.put_u64(TCA_TBF_PRATE64, peak);
    m.put_u32(TCA_TBF_PBURST, mtu);
    m.put(TCA_TBF_PTAB, ptab, sizeof ptab);
  }
  return nl::Error{};
}

bool decode(const nl::Attr& opts, nl::RecordWriter& w, uint8_t) {
  nl::AttrTable<TCA_TBF_MAX> t;
  if (!t.parse(opts)) return false;
  tc_tbf_qopt q;
  if (!t.get(TCA_TBF_PARMS) || !t.get(TCA_TBF_PARMS)->read(&q, sizeof q)) return false;
  uint64_t rate = q.rate.rate, peak = q.peakrate.rate;
  if (const nl::Attr* a = t.get(TCA_TBF_RATE64)) a->u64(rate);
  if (const nl::Attr* a = t.get(TCA_TBF_PRATE64)) a->u64(peak);
  // The kernel reports the bucket as ticks at the rate; bytes are what users set (tc shows them).
  w.u64(tbf::RATE, rate);
  w.u32(tbf::BURST, static_cast<uint32_t>(xmitsize(rate, q.buffer)));
  w.u32(tbf::LIMIT, q.limit);
  if (peak) {
    w.u64(tbf::PEAKRATE, peak);
    w.u32(tbf::MTU, static_cast<uint32_t>(xmitsize(peak, q.mtu)));
  }
  if (q.rate.mpu) w.u32(tbf::MPU, q.rate.mpu);
  if (q.rate.overhead) w.u32(tbf::OVERHEAD, q.rate.overhead);
  return true;
}

}  // namespace

extern const Kind kTbf{"tbf", f::TBF, 0, &encode, &decode};

}  // namespace nl_tc
