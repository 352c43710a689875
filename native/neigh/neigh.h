// Neighbours (`ip neigh`) and, with family AF_BRIDGE, forwarding-database entries (`bridge fdb`):
// both are RTM_NEWNEIGH/DELNEIGH/GETNEIGH with an ndmsg and NDA_* attributes, so one request
// schema ("neighReq") and one decoder ("neigh" records) serve both; native/fdb adds the FDB
// builders. Pure C++ (no N-API).
#pragma once
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

#include "../nl/error.h"
#include "../nl/message.h"
#include "../nl/record.h"
#include "../nl/request.h"

namespace nl_neigh {

namespace f {
enum : uint16_t {
  FAMILY = 1, INDEX, STATE, FLAGS, TYPE, DST, LLADDR, VLAN, PORT, VNI, VIA, MASTER, PROBES, CONFIRMED,
  USED, UPDATED, PROTOCOL, FLAGS_EXT, SRC_VNI, RAW,
};
}

// The ndmsg of a request from its record (family, ifindex, state, flags, type).
ndmsg header_for(const nl::ReqFields& r);
// Equivalent to: ip neigh show / bridge fdb show — RTM_GETNEIGH dump filtered by the kernel on
// family, ifindex, NTF_PROXY and NDA_MASTER (strict checking is on).
nl::Error build_dump(const nl::ReqFields& r, nl::MessageBuffer& m, uint32_t seq);

// Decodes one RTM_NEWNEIGH/RTM_DELNEIGH message into a "neigh" record.
nl::Error decode(const nlmsghdr* h, nl::RecordWriter& w);

}  // namespace nl_neigh
