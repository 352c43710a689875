// rtnetlink links: requests (RTM_NEWLINK/DELLINK/GETLINK) and the decoder for link messages.
// Pure C++ (no N-API) so native tests and fuzzers can drive it directly.
#pragma once
#include <linux/rtnetlink.h>

#include <optional>
#include <string>
#include <vector>

#include "../nl/error.h"
#include "../nl/message.h"
#include "../nl/record.h"
#include "kinds.h"

namespace nl_link {

// What createLink/setLink can change on one interface (each field optional).
struct Settings {
  std::optional<std::string> name, alias;
  std::optional<uint32_t> mtu, txqlen, master, group;
  std::optional<std::vector<uint8_t>> address, broadcast;
  std::optional<bool> up;
  std::optional<int32_t> netns_fd;
  std::optional<uint32_t> netns_pid;
  // ifinfomsg flags (ip link set … promisc on|off allmulti on|off arp on|off)
  std::optional<bool> promisc, allmulti, arp;
};

struct Spec {
  std::string kind;  // "veth", "bridge", "macvlan", "vxlan", or any kind the kernel knows
  Settings self;
  bool has_peer = false;  // veth
  Settings peer;
  std::optional<uint32_t> parent;  // IFLA_LINK: macvlan parent, vxlan underlay device
  // bridge
  std::optional<uint32_t> stp_state, forward_delay;
  std::optional<uint8_t> vlan_filtering;
  std::optional<uint32_t> ageing_time;      // issue 9 part A: bridge options
  std::optional<uint16_t> vlan_default_pvid;
  std::optional<uint8_t> mcast_snooping;
  // macvlan
  std::optional<uint32_t> macvlan_mode;
  // vxlan
  std::optional<uint32_t> vni;
  std::optional<std::vector<uint8_t>> vx_remote, vx_local, vx_group;
  std::optional<uint16_t> vx_port;
  std::optional<uint8_t> vx_ttl, vx_learning;
  // vlan, ipvlan/ipvtap, vrf, bond, tunnels, geneve (kinds.h)
  KindData more;
};

// A link selector: ifindex when non-zero, else the name (IFLA_IFNAME: the kernel looks it up,
// so naming a link costs no extra request).
struct Ref {
  uint32_t index = 0;
  std::string name;
};

void build_create(nl::MessageBuffer& m, uint32_t seq, const Spec& s, bool echo);
void build_set(nl::MessageBuffer& m, uint32_t seq, const Ref& ref, const Settings& s);
void build_delete(nl::MessageBuffer& m, uint32_t seq, const Ref& ref);
// Deletes every link in an interface group with one request.
void build_delete_group(nl::MessageBuffer& m, uint32_t seq, uint32_t group);
void build_get(nl::MessageBuffer& m, uint32_t seq, const Ref& ref);
void build_dump(nl::MessageBuffer& m, uint32_t seq, const std::string& kind, std::optional<uint32_t> master);

// Equivalent to: ip link property add|del dev REF altname NAME …
void build_altnames(nl::MessageBuffer& m, uint32_t seq, const Ref& ref, const std::vector<std::string>& names, bool add);

// Bridge options (IFLA_INFO_DATA of kind "bridge"), on create and on `ip link set … type bridge`.
struct BridgeOptions {
  std::optional<uint32_t> forward_delay, ageing_time, stp_state;
  std::optional<uint8_t> vlan_filtering;
  std::optional<uint16_t> vlan_default_pvid;
  std::optional<uint8_t> mcast_snooping;
  bool any() const {
    return forward_delay || ageing_time || stp_state || vlan_filtering || vlan_default_pvid || mcast_snooping;
  }
};
// IFLA_INFO_DATA with the options given, in ip-link(8)'s documented order (nothing when none).
void put_bridge_data(nl::MessageBuffer& m, const BridgeOptions& b);

// Decodes one RTM_NEWLINK message into a "link" record.
nl::Error decode(const nlmsghdr* h, nl::RecordWriter& w);

}  // namespace nl_link
