// Field ids of the records the link decoder writes (exported to TypeScript as schemas).
#pragma once
#include <cstdint>

namespace nl_link::f {
enum : uint16_t {
  INDEX = 1, NAME, KIND, FLAGS, OPERSTATE, MTU, ADDRESS, BROADCAST, MASTER, LINK, LINK_NETNSID,
  TXQLEN, ALIAS, TYPE, STATS, SLAVE_KIND, MIN_MTU, MAX_MTU, GROUP, PROMISCUITY, CARRIER, INFO,
  RAW, PERM_ADDRESS, NUM_TX_QUEUES, NUM_RX_QUEUES, PARENT_DEV_NAME,
};
}
namespace nl_link::stat {
enum : uint16_t {
  RX_PACKETS = 1, TX_PACKETS, RX_BYTES, TX_BYTES, RX_ERRORS, TX_ERRORS, RX_DROPPED, TX_DROPPED,
  MULTICAST, COLLISIONS,
};
}
namespace nl_link::info {
enum : uint16_t {
  STP_STATE = 1, FORWARD_DELAY, VLAN_FILTERING, MACVLAN_MODE, VXLAN_ID, VXLAN_PORT, VXLAN_GROUP,
  VXLAN_LOCAL, VXLAN_LINK, VXLAN_TTL, VXLAN_LEARNING, RAW,
  AGEING_TIME = 64, VLAN_DEFAULT_PVID, MCAST_SNOOPING,  // issue 9 part A: bridge options
};
}
