// Field ids of the records the address decoder writes (exported to TypeScript as schemas).
#pragma once
#include <cstdint>

namespace nl_addr::f {
enum : uint16_t {
  INDEX = 1, FAMILY, PREFIXLEN, SCOPE, FLAGS, ADDRESS, LOCAL, BROADCAST, ANYCAST, LABEL,
  PREFERRED, VALID, RT_PRIORITY, PROTO, RAW,
};
}
