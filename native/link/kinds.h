// Link kinds beyond veth/bridge/macvlan/vxlan: vlan, ipvlan/ipvtap, vrf, bond, the gre/ipip
// tunnel families and geneve (dummy, ifb and wireguard take no kind data). Their
// IFLA_INFO_DATA is built here the way iproute2's link_*.c modules send it, including the
// defaults ip always sends for tunnels, so the same command encodes to the same bytes.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "../nl/attr.h"
#include "../nl/error.h"
#include "../nl/message.h"
#include "../nl/record.h"

namespace nl_link {

struct KindData {
  // vlan (IFLA_VLAN_*)
  std::optional<uint16_t> vlan_id, vlan_protocol;  // protocol: ETH_P_8021Q / ETH_P_8021AD
  // ipvlan, ipvtap (IFLA_IPVLAN_*): ip always sends both
  uint16_t ipvlan_mode = 0, ipvlan_flags = 0;
  // vrf
  std::optional<uint32_t> vrf_table;
  // bond (IFLA_BOND_*)
  std::optional<uint8_t> bond_mode, bond_xmit_hash_policy, bond_lacp_rate;
  std::optional<uint32_t> bond_miimon, bond_updelay, bond_downdelay, bond_min_links;
  // gre, gretap, ip6gre, ipip, sit, ip6tnl, geneve: addresses of 4 or 16 bytes (empty: any)
  std::vector<uint8_t> local, remote;
  std::optional<uint8_t> ttl, tos;
  std::optional<uint32_t> key;  // gre: ikey = okey = key, with the key flag in iflags/oflags
  bool nopmtudisc = false;
  // geneve
  std::optional<uint32_t> geneve_id;
  std::optional<uint16_t> geneve_port;
};

// True when `kind` is one of the kinds above (then its IFLA_INFO_DATA was written).
bool put_more_kind_data(nl::MessageBuffer& m, const std::string& kind, const KindData& k);
// Decodes one IFLA_INFO_DATA attribute of those kinds into linkinfo fields; false: not known.
bool decode_more_kind_attr(nl::RecordWriter& w, const std::string& kind, const nl::Attr& a);

}  // namespace nl_link
