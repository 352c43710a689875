// rtnetlink nexthop objects (ip nexthop): requests (RTM_NEWNEXTHOP/DELNEXTHOP/GETNEXTHOP) and the
// decoder for nexthop messages. Pure C++ (no N-API) so native tests and fuzzers can drive it.
#pragma once
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>

#include <cstddef>
#include <cstdint>

#include "../nl/error.h"
#include "../nl/message.h"
#include "../nl/record.h"

namespace nl_nexthop {

// One member of a group (struct nexthop_grp): weight 1..65536, sent as weight - 1 split over
// the low byte and (kernels since 6.12) weight_high.
struct GroupEntry {
  uint32_t id = 0;
  uint32_t weight = 1;
};

// What `ip nexthop add|replace` takes. Pointers borrow the caller's bytes during the build call.
struct Spec {
  uint32_t id = 0;          // NHA_ID; 0 lets the kernel pick one
  uint8_t family = 0;       // nhmsg.nh_family
  uint8_t protocol = 0;     // nhmsg.nh_protocol (ip sends 0 unless `proto P`)
  uint32_t flags = 0;       // nhmsg.nh_flags (RTNH_F_ONLINK)
  const uint8_t* gw = nullptr;  // NHA_GATEWAY, 4 or 16 bytes (gw_len)
  uint8_t gw_len = 0;
  uint32_t oif = 0;         // NHA_OIF; 0: none
  bool blackhole = false;   // NHA_BLACKHOLE
  bool fdb = false;         // NHA_FDB
  const GroupEntry* group = nullptr;  // NHA_GROUP
  size_t group_count = 0;
  int group_type = -1;      // NHA_GROUP_TYPE (NEXTHOP_GRP_TYPE_MPATH / _RES); -1: not sent
  // NHA_RES_GROUP (resilient groups); timers in seconds, sent in clock_t as ip does
  bool has_buckets = false, has_idle = false, has_unbalanced = false;
  uint16_t buckets = 0;
  uint32_t idle_timer = 0, unbalanced_timer = 0;
};

enum class Change { Create, Replace };

// Equivalent to: ip nexthop add|replace id ID [via G] [dev D] [onlink] [blackhole]
//                [group A[,W]/B[,W] [type mpath|resilient [buckets N] [idle_timer S] [unbalanced_timer S]]] [fdb]
void build_change(nl::MessageBuffer& m, uint32_t seq, Change c, const Spec& s);
// Equivalent to: ip nexthop del id ID
void build_delete(nl::MessageBuffer& m, uint32_t seq, uint32_t id);
// Equivalent to: ip nexthop show [id ID]; id 0 dumps every nexthop object.
void build_get(nl::MessageBuffer& m, uint32_t seq, uint32_t id);

// Decodes one RTM_NEWNEXTHOP/RTM_DELNEXTHOP message into a "nexthopObject" record.
nl::Error decode(const nlmsghdr* h, nl::RecordWriter& w);

}  // namespace nl_nexthop
