// Namespace ids (netnsid): how one network namespace numbers another. IFLA_LINK_NETNSID on a
// veth says "the peer lives in the namespace I call N"; this asks the kernel which N a given
// namespace has. Pure C++ (no N-API).
#pragma once
#include <linux/netlink.h>

#include <cstdint>

#include "../nl/error.h"
#include "../nl/message.h"

namespace nl_netns {

// Equivalent to: ip netns list-id (for one namespace) — RTM_GETNSID with NETNSA_FD, answered
// from the namespace of the socket it is sent on.
void build_get_nsid(nl::MessageBuffer& m, uint32_t seq, int target_netns_fd);

// Reads NETNSA_NSID from an RTM_NEWNSID reply into `nsid` (NETNSA_NSID_NOT_ASSIGNED = -1 when
// the asking namespace has not numbered the target).
nl::Error decode_nsid(const nlmsghdr* h, int32_t& nsid);

}  // namespace nl_netns
