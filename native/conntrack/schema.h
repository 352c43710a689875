// Field ids of the conntrack records: "ctflow" (one flow, written by the decoder and read back by
// the create builder), "cttuple" (one direction), "ctcounters", and "ctfilter" (what lib/conntrack
// sends down for list/count/delete). Exported to TypeScript as schemas, never restated there.
#pragma once
#include <cstdint>

namespace nl_ct::ff {  // ctflow
enum : uint16_t {
  FAMILY = 1, ORIG, REPLY, MASTER, STATUS, TIMEOUT, MARK, ID, USE, ZONE, SECMARK, COUNTERS_ORIG,
  COUNTERS_REPLY, STATE, WSCALE_ORIG, WSCALE_REPLY, TCP_FLAGS_ORIG, TCP_FLAGS_REPLY, TS_START, TS_STOP,
  LABELS, HELPER, EVENT, RAW,
};
}
namespace nl_ct::tf {  // cttuple
enum : uint16_t { SRC = 1, DST, PROTO, SPORT, DPORT, ICMP_ID, ICMP_TYPE, ICMP_CODE, ZONE, RAW };
}
namespace nl_ct::cf {  // ctcounters
enum : uint16_t { PACKETS = 1, BYTES };
}
namespace nl_ct::qf {  // ctfilter
enum : uint16_t {
  FAMILY = 1, PROTO, ORIG_SRC, ORIG_SRC_PLEN, ORIG_DST, ORIG_DST_PLEN, ORIG_SPORT, ORIG_DPORT,
  REPLY_SRC, REPLY_SRC_PLEN, REPLY_DST, REPLY_DST_PLEN, REPLY_SPORT, REPLY_DPORT, MARK, MARK_MASK,
  ZONE, STATUS, STATE,
};
}
