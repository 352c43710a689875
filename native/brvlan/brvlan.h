// Bridge VLANs (`bridge vlan`): which VLAN ids a bridge port (or the bridge itself, `self`)
// carries, which one is its PVID and which leave untagged. Added and removed as `bridge vlan
// add|del` does (RTM_SETLINK / RTM_DELLINK, AF_BRIDGE, IFLA_AF_SPEC › IFLA_BRIDGE_VLAN_INFO);
// listed as `bridge vlan show` (iproute2 6.1) does: an AF_BRIDGE RTM_GETLINK dump with
// IFLA_EXT_MASK = RTEXT_FILTER_BRVLAN. The per-VLAN notifications of newer kernels
// (RTM_NEWVLAN / RTM_DELVLAN on RTNLGRP_BRVLAN) decode into the same record.
// Pure C++ (no N-API): native tests and fuzzers drive it directly.
#pragma once
#include <linux/rtnetlink.h>

#include "../nl/error.h"
#include "../nl/record.h"

namespace nl_brvlan {

// Field ids of the "brvlanReq" request record.
namespace req {
enum : uint16_t { INDEX = 1, VID, VID_END, FLAGS, BRIDGE_FLAGS };
}
// Field ids of the "brvlan" result record (one per link) and its "brvlanEntry" sub-records.
namespace f {
enum : uint16_t { INDEX = 1, NAME, MASTER, VLANS, RAW, FAMILY };
}
namespace entry {
enum : uint16_t { VID = 1, VID_END, FLAGS, STATE };
}

// An AF_BRIDGE RTM_NEWLINK (a `bridge vlan show` dump reply) → one "brvlan" record.
nl::Error decode_link(const nlmsghdr* h, nl::RecordWriter& w);
// An RTM_NEWVLAN / RTM_DELVLAN notification → one "brvlan" record.
nl::Error decode_vlan(const nlmsghdr* h, nl::RecordWriter& w);

}  // namespace nl_brvlan
