// rtnetlink routes: requests (RTM_NEWROUTE/DELROUTE/GETROUTE) and the decoder for route
// messages. Pure C++ (no N-API) so native tests and fuzzers can drive it directly.
#pragma once
#include <linux/rtnetlink.h>

#include <cstddef>
#include <cstdint>

#include "../nl/error.h"
#include "../nl/message.h"
#include "../nl/record.h"

namespace nl_route {

// A gateway: 4 bytes (AF_INET) or 16 (AF_INET6). When its family differs from the route's
// (an IPv4 route via an IPv6 next hop) it is sent as RTA_VIA, else as RTA_GATEWAY.
struct Gateway {
  const uint8_t* bytes = nullptr;
  uint8_t family = 0;
};

// One leg of a multipath route (struct rtnexthop + RTA_GATEWAY/RTA_VIA inside).
struct Nexthop {
  Gateway gw;
  uint32_t ifindex = 0;
  uint16_t weight = 1;  // 1..256; the kernel stores weight - 1 in rtnh_hops
};

// What `ip route add|replace|del` takes. Pointers borrow the caller's bytes for the duration
// of the build call (the hot path copies nothing it doesn't send). A field at its "default"
// value gets iproute2's default, so the same command encodes to the same bytes as `ip`.
struct Spec {
  uint8_t family = 0;   // AF_INET / AF_INET6
  uint8_t dst_len = 0;  // 0 with dst == nullptr: the default route (no RTA_DST, as ip sends it)
  const uint8_t* dst = nullptr;
  Gateway gw;
  const uint8_t* prefsrc = nullptr;  // same family as the route
  uint32_t oif = 0;                  // 0: none
  uint32_t table = 0;                // 0: main (local for type local/nat)
  int64_t metric = -1;               // -1: none (RTA_PRIORITY omitted)
  int scope = -1;                    // -1: iproute2's rule (see default_scope in route.cc)
  int protocol = -1;                 // -1: RTPROT_BOOT to add, RTPROT_UNSPEC to delete
  int type = -1;                     // -1: RTN_UNICAST to add, RTN_UNSPEC (any) to delete
  const Nexthop* nexthops = nullptr;
  size_t nexthop_count = 0;
};

enum class Change { Create, Replace, Delete };

// Equivalent to: ip route add|replace|del …
void build_change(nl::MessageBuffer& m, uint32_t seq, Change c, const Spec& s);
// Equivalent to: ip route show [table T] [dev OIF] [-4|-6]; table 0 = every table, oif 0 = any.
// Strict checking is on for our sockets, so the kernel does the filtering.
void build_dump(nl::MessageBuffer& m, uint32_t seq, uint8_t family, uint32_t table, uint32_t oif);
// Equivalent to: ip route get DST — one lookup, the kernel answers with one RTM_NEWROUTE.
void build_get(nl::MessageBuffer& m, uint32_t seq, uint8_t family, const uint8_t* dst);

// Decodes one RTM_NEWROUTE/RTM_DELROUTE message into a "route" record.
nl::Error decode(const nlmsghdr* h, nl::RecordWriter& w);

}  // namespace nl_route
