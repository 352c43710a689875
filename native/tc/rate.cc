#include "rate.h"

#include <climits>
#include <cstdio>

namespace nl_tc {

namespace {
constexpr double kUsecPerSec = 1000000.0;  // tc's TIME_UNITS_PER_SEC

struct Psched {
  double tick_in_usec = 1;
  uint32_t hz = 1000;
  Psched() {
    // "t2us us2t clock_res hz" in hex; the same values in every namespace.
    FILE* f = std::fopen("/proc/net/psched", "r");
    if (!f) return;
    unsigned t2us = 0, us2t = 0, res = 0, h = 0;
    int n = std::fscanf(f, "%08x%08x%08x%08x", &t2us, &us2t, &res, &h);
    std::fclose(f);
    if (n < 3 || us2t == 0) return;
    // tc's compatibility hack: a resolution of 1e9 advertises a multiplier of 1000 meaning 1.
    if (res == 1000000000) t2us = us2t;
    tick_in_usec = static_cast<double>(t2us) / us2t * (static_cast<double>(res) / kUsecPerSec);
    if (n == 4 && res == 1000000) hz = h;
  }
};
const Psched& psched() {
  static const Psched p;
  return p;
}
}  // namespace

double tick_in_usec() { return psched().tick_in_usec; }
uint32_t hz() { return psched().hz; }
// iproute2 6.1 (what the byte vectors were captured from) truncates at each step: the time in
// whole µs, then the ticks (later versions round up with ceil()).
uint32_t time2tick(uint32_t usec) { return static_cast<uint32_t>(usec * tick_in_usec()); }
double tick2time(double ticks) { return ticks / tick_in_usec(); }

uint32_t xmittime(uint64_t rate, uint64_t size) {
  if (rate == 0) return UINT_MAX;
  double usec = kUsecPerSec * (static_cast<double>(size) / static_cast<double>(rate));
  if (usec * tick_in_usec() >= UINT_MAX) return UINT_MAX;
  return time2tick(static_cast<uint32_t>(usec));
}

uint64_t xmitsize(uint64_t rate, uint32_t ticks) {
  return static_cast<uint64_t>(static_cast<double>(rate) * tick2time(ticks) / kUsecPerSec);
}

int rtable(tc_ratespec& r, uint32_t* rtab, int cell_log, uint32_t mtu, uint64_t rate) {
  if (mtu == 0) mtu = 2047;
  if (cell_log < 0) {
    cell_log = 0;
    while ((mtu >> cell_log) > 255) ++cell_log;
  }
  for (unsigned i = 0; i < 256; ++i) {
    unsigned sz = (i + 1) << cell_log;
    if (sz < r.mpu) sz = r.mpu;
    rtab[i] = xmittime(rate, sz);
  }
  r.cell_align = -1;
  r.cell_log = static_cast<unsigned char>(cell_log);
  r.linklayer = TC_LINKLAYER_ETHERNET;
  return cell_log;
}

}  // namespace nl_tc
