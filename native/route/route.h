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
  uint8_t flags = 0;    // rtnh_flags: RTNH_F_ONLINK (ip route add … nexthop via G dev D onlink)
};

// The less common parts of a route (ip route … nhid N onlink realm R expires E pref P mtu M …):
// kept out of Spec's hot fields so the plain path builds nothing it does not send.
struct Extras {
  uint32_t nh_id = 0;     // RTA_NH_ID (a nexthop object); 0: none
  uint32_t flags = 0;     // added to rtm_flags (RTNH_F_ONLINK)
  bool has_realm = false, has_expires = false, has_pref = false;
  uint32_t realm = 0;     // RTA_FLOW
  uint32_t expires = 0;   // RTA_EXPIRES, seconds (IPv6)
  uint8_t pref = 0;       // RTA_PREF (ICMPV6_ROUTER_PREF_*)
  // RTA_METRICS: metric[i] is sent when bit i of metric_mask is set (i = RTAX_*). rtt is in
  // milliseconds here; the kernel keeps it in 1/8 ms (ip sends rtt << 3).
  uint32_t metric_mask = 0;
  uint32_t metric[RTAX_MAX + 1] = {};
  uint32_t lock = 0;      // RTAX_LOCK: bit per locked RTAX_*
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
  const Extras* ext = nullptr;  // nullptr: none of the extras
};

// Append: ip route append (NLM_F_CREATE|NLM_F_APPEND: another route with the same key).
enum class Change { Create, Replace, Delete, Append };

// The order iproute2 puts metrics in for `… mtu M advmss A window W rtt R hoplimit H initcwnd I`.
extern const uint16_t kMetricOrder[6];

// Equivalent to: ip route add|replace|del …
void build_change(nl::MessageBuffer& m, uint32_t seq, Change c, const Spec& s);
// Equivalent to: ip route show [table T] [dev OIF] [-4|-6]; table 0 = every table, oif 0 = any.
// Strict checking is on for our sockets, so the kernel does the filtering.
void build_dump(nl::MessageBuffer& m, uint32_t seq, uint8_t family, uint32_t table, uint32_t oif);
// Equivalent to: ip route get DST — one lookup, the kernel answers with one RTM_NEWROUTE.
void build_get(nl::MessageBuffer& m, uint32_t seq, uint8_t family, const uint8_t* dst);
// ip route get DST [from SRC] [iif I] [oif O] [mark M] [uid U]: what the lookup may use. (No
// table: the kernel refuses RTA_TABLE in a get request.)
struct GetOptions {
  const uint8_t* src = nullptr;  // same family as dst
  uint32_t iif = 0, oif = 0;
  bool has_mark = false, has_uid = false;
  uint32_t mark = 0, uid = 0;
};
void build_get(nl::MessageBuffer& m, uint32_t seq, uint8_t family, const uint8_t* dst, const GetOptions& o);

// Decodes one RTM_NEWROUTE/RTM_DELROUTE message into a "route" record.
nl::Error decode(const nlmsghdr* h, nl::RecordWriter& w);

}  // namespace nl_route
