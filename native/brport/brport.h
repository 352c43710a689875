// Bridge ports: per-port settings of a link enslaved to a bridge (hairpin, learning, flooding,
// isolation, STP cost/priority/state …). Set as `bridge link set` does (RTM_SETLINK, AF_BRIDGE,
// IFLA_PROTINFO › IFLA_BRPORT_*); read from the link's IFLA_LINKINFO › IFLA_INFO_SLAVE_DATA (one
// RTM_GETLINK, no dump). Pure C++ (no N-API): native tests and fuzzers drive it directly.
#pragma once
#include <linux/rtnetlink.h>

#include "../nl/error.h"
#include "../nl/record.h"

namespace nl_brport {

// Field ids of the "brportReq" request record and of the "brport" result record.
namespace f {
enum : uint16_t {
  INDEX = 1, HAIRPIN, GUARD, FAST_LEAVE, ROOT_BLOCK, FLOOD, MCAST_FLOOD, BCAST_FLOOD, MCAST_TO_UNICAST,
  LEARNING, COST, PRIORITY, STATE, PROXY_ARP, NEIGH_SUPPRESS, ISOLATED, LOCKED,
  // result only
  NAME, MASTER, IS_PORT, SLAVE_KIND, RAW,
};
}

// Decodes an RTM_NEWLINK reply into a "brport" record (isPort false when not a bridge port).
nl::Error decode(const nlmsghdr* h, nl::RecordWriter& w);

}  // namespace nl_brport
