// Field ids of the records the route decoder writes (exported to TypeScript as schemas).
#pragma once
#include <cstdint>

namespace nl_route::f {
enum : uint16_t {
  FAMILY = 1, DST_LEN, SRC_LEN, TOS, TABLE, PROTOCOL, SCOPE, TYPE, FLAGS, DST, SRC, GATEWAY, VIA,
  OIF, IIF, PREFSRC, PRIORITY, PREF, EXPIRES, NEXTHOPS, NH_ID, RAW,
  // RTA_METRICS (rtt in ms), RTA_FLOW, RTA_CACHEINFO's rta_expires (seconds)
  MTU, ADVMSS, WINDOW, RTT, HOPLIMIT, INITCWND, LOCK, METRICS_RAW, REALM, CACHE_EXPIRES,
};
}
namespace nl_route::nh {
enum : uint16_t { GATEWAY = 1, VIA, IFINDEX, WEIGHT, FLAGS, RAW };
}
