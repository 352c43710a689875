// Field ids of the records the nexthop-object decoder writes (exported to TypeScript as schemas).
#pragma once
#include <cstdint>

namespace nl_nexthop::f {
enum : uint16_t {
  ID = 1, FAMILY, SCOPE, PROTOCOL, FLAGS, OIF, GATEWAY, BLACKHOLE, FDB, GROUP_TYPE, GROUP,
  BUCKETS, IDLE_TIMER, UNBALANCED_TIMER, UNBALANCED_TIME, RES_RAW, RAW,
};
}
namespace nl_nexthop::g {
enum : uint16_t { ID = 1, WEIGHT };
}
