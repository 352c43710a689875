// tc's time and rate arithmetic (iproute2 tc/tc_core.c), reproduced exactly so that our rate
// tables and buffer tick counts are the bytes `tc` sends: the kernel's psched clock runs in
// ticks whose length /proc/net/psched announces; tc converts µs ↔ ticks with doubles, truncating,
// and the kernel still validates the rate tables it is sent.
#pragma once
#include <linux/pkt_sched.h>

#include <cstdint>

namespace nl_tc {

// Ticks per µs, from /proc/net/psched (read once; 15.625 on current kernels).
double tick_in_usec();
// The kernel's HZ as tc's get_hz() computes it (htb's default burst).
uint32_t hz();
uint32_t time2tick(uint32_t usec);
double tick2time(double ticks);
// Ticks to send `size` bytes at `rate` bytes/s (UINT32_MAX when out of range), as tc_calc_xmittime.
uint32_t xmittime(uint64_t rate, uint64_t size);
// Bytes sent at `rate` during `ticks`, as tc_calc_xmitsize.
uint64_t xmitsize(uint64_t rate, uint32_t ticks);
// Fills the 256-entry rate table and r's cell_log/cell_align/linklayer, as tc_calc_rtable
// (Ethernet link layer; mtu 0 = 2047; cell_log -1 = computed from mtu).
int rtable(tc_ratespec& r, uint32_t* rtab, int cell_log, uint32_t mtu, uint64_t rate);

}  // namespace nl_tc
