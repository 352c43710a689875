#include "link.h"

#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/veth.h>

#include <cstring>

#include "../nl/attr.h"
#include "../nl/format.h"
#include "../nl/raw.h"
#include "link_schema.h"

namespace nl_link {

using nl::Attr;
using nl::FieldType;
using nl::MessageBuffer;
using nl::Nest;
using nl::RecordWriter;

namespace {

ifinfomsg header_for(const Settings& s, uint32_t index) {
  ifinfomsg ifi{};
  ifi.ifi_family = AF_UNSPEC;
  ifi.ifi_index = static_cast<int>(index);
  auto flag = [&](const std::optional<bool>& on, unsigned bit, bool inverted) {
    if (!on) return;
    ifi.ifi_change |= bit;
    if (*on != inverted) ifi.ifi_flags |= bit;
  };
  flag(s.up, IFF_UP, false);
  flag(s.promisc, IFF_PROMISC, false);
  flag(s.allmulti, IFF_ALLMULTI, false);
  flag(s.arp, IFF_NOARP, true);  // arp off = IFF_NOARP set
  return ifi;
}

void put_settings(MessageBuffer& m, const Settings& s) {
  if (s.name) m.put_strz(IFLA_IFNAME, *s.name);
  if (s.mtu) m.put_u32(IFLA_MTU, *s.mtu);
  if (s.txqlen) m.put_u32(IFLA_TXQLEN, *s.txqlen);
  if (s.address) m.put(IFLA_ADDRESS, s.address->data(), s.address->size());
  if (s.broadcast) m.put(IFLA_BROADCAST, s.broadcast->data(), s.broadcast->size());
  if (s.master) m.put_u32(IFLA_MASTER, *s.master);
  if (s.group) m.put_u32(IFLA_GROUP, *s.group);
  // IFLA_IFALIAS with an empty payload clears the alias, as `ip link set alias ""` does.
  if (s.alias) m.put(IFLA_IFALIAS, s.alias->data(), s.alias->size());
  if (s.netns_fd) m.put_u32(IFLA_NET_NS_FD, static_cast<uint32_t>(*s.netns_fd));
  if (s.netns_pid) m.put_u32(IFLA_NET_NS_PID, *s.netns_pid);
}

void put_kind_data(MessageBuffer& m, const Spec& s) {
  if (s.kind == "veth") {
    if (!s.has_peer) return;
    Nest data(m, IFLA_INFO_DATA);
    Nest peer(m, VETH_INFO_PEER);
    // The peer's attributes follow its own ifinfomsg inside VETH_INFO_PEER.
    ifinfomsg pifi = header_for(s.peer, 0);
    m.put_raw(&pifi, sizeof pifi);
    put_settings(m, s.peer);
  } else if (s.kind == "bridge") {
    put_bridge_data(m, BridgeOptions{s.forward_delay, s.ageing_time, s.stp_state, s.vlan_filtering,
                                     s.vlan_default_pvid, s.mcast_snooping});
  } else if (s.kind == "macvlan" || s.kind == "macvtap") {
    if (!s.macvlan_mode) return;
    Nest data(m, IFLA_INFO_DATA);
    m.put_u32(IFLA_MACVLAN_MODE, *s.macvlan_mode);
  } else if (s.kind == "vxlan") {
    Nest data(m, IFLA_INFO_DATA);
    if (s.vni) m.put_u32(IFLA_VXLAN_ID, *s.vni);
    if (s.vx_group) m.put(s.vx_group->size() == 16 ? IFLA_VXLAN_GROUP6 : IFLA_VXLAN_GROUP, s.vx_group->data(), s.vx_group->size());
    if (s.vx_remote) m.put(s.vx_remote->size() == 16 ? IFLA_VXLAN_GROUP6 : IFLA_VXLAN_GROUP, s.vx_remote->data(), s.vx_remote->size());
    if (s.vx_local) m.put(s.vx_local->size() == 16 ? IFLA_VXLAN_LOCAL6 : IFLA_VXLAN_LOCAL, s.vx_local->data(), s.vx_local->size());
    if (s.parent) m.put_u32(IFLA_VXLAN_LINK, *s.parent);
    if (s.vx_ttl) m.put_u8(IFLA_VXLAN_TTL, *s.vx_ttl);
    if (s.vx_learning) m.put_u8(IFLA_VXLAN_LEARNING, *s.vx_learning);
    if (s.vx_port) m.put_be16(IFLA_VXLAN_PORT, *s.vx_port);
  } else {
    put_more_kind_data(m, s.kind, s.more);
  }
}

void put_ref(MessageBuffer& m, const Ref& ref) {
  if (ref.index == 0) m.put_strz(IFLA_IFNAME, ref.name);
}

}  // namespace

void put_bridge_data(MessageBuffer& m, const BridgeOptions& b) {
  if (!b.any()) return;
  Nest data(m, IFLA_INFO_DATA);
  // iproute2 sends options in the order given; this is its documented order (ip-link(8)).
  if (b.forward_delay) m.put_u32(IFLA_BR_FORWARD_DELAY, *b.forward_delay);
  if (b.ageing_time) m.put_u32(IFLA_BR_AGEING_TIME, *b.ageing_time);
  if (b.stp_state) m.put_u32(IFLA_BR_STP_STATE, *b.stp_state);
  if (b.vlan_filtering) m.put_u8(IFLA_BR_VLAN_FILTERING, *b.vlan_filtering);
  if (b.vlan_default_pvid) m.put_u16(IFLA_BR_VLAN_DEFAULT_PVID, *b.vlan_default_pvid);
  if (b.mcast_snooping) m.put_u8(IFLA_BR_MCAST_SNOOPING, *b.mcast_snooping);
}

void build_create(MessageBuffer& m, uint32_t seq, const Spec& s, bool echo) {
  uint16_t flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
  if (echo) flags |= NLM_F_ECHO;
  m.begin(RTM_NEWLINK, flags, seq);
  m.put_header(header_for(s.self, 0));
  // The parent (macvlan, vlan, ipvlan …) is IFLA_LINK at the top level, before the name, as
  // `ip link add link P name N type K` sends it; vxlan's goes in its info data.
  if (s.parent && s.kind != "vxlan") m.put_u32(IFLA_LINK, *s.parent);
  put_settings(m, s.self);
  Nest info(m, IFLA_LINKINFO);
  m.put_str(IFLA_INFO_KIND, s.kind);
  put_kind_data(m, s);
}

void build_set(MessageBuffer& m, uint32_t seq, const Ref& ref, const Settings& s) {
  m.begin(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
  m.put_header(header_for(s, ref.index));
  // A rename by index carries the new name; by name the name selects, so no rename then
  // (lib/ resolves the index first when both are asked for).
  put_ref(m, ref);
  Settings rest = s;
  if (ref.index == 0) rest.name.reset();
  put_settings(m, rest);
}

void build_altnames(MessageBuffer& m, uint32_t seq, const Ref& ref, const std::vector<std::string>& names, bool add) {
  uint16_t flags = NLM_F_REQUEST | NLM_F_ACK;
  if (add) flags |= NLM_F_CREATE | NLM_F_EXCL | NLM_F_APPEND;  // as ip link property add
  m.begin(add ? RTM_NEWLINKPROP : RTM_DELLINKPROP, flags, seq);
  ifinfomsg ifi{};
  ifi.ifi_index = static_cast<int>(ref.index);
  m.put_header(ifi);
  put_ref(m, ref);
  Nest list(m, IFLA_PROP_LIST);
  for (const auto& n : names) m.put_strz(IFLA_ALT_IFNAME, n);
}

void build_delete(MessageBuffer& m, uint32_t seq, const Ref& ref) {
  m.begin(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
  ifinfomsg ifi{};
  ifi.ifi_index = static_cast<int>(ref.index);
  m.put_header(ifi);
  put_ref(m, ref);
}

void build_delete_group(MessageBuffer& m, uint32_t seq, uint32_t group) {
  m.begin(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
  ifinfomsg ifi{};
  m.put_header(ifi);
  m.put_u32(IFLA_GROUP, group);
}

void build_get(MessageBuffer& m, uint32_t seq, const Ref& ref) {
  m.begin(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
  ifinfomsg ifi{};
  ifi.ifi_index = static_cast<int>(ref.index);
  m.put_header(ifi);
  put_ref(m, ref);
}

void build_dump(MessageBuffer& m, uint32_t seq, const std::string& kind, std::optional<uint32_t> master) {
  m.begin(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, seq);
  ifinfomsg ifi{};
  m.put_header(ifi);
  // The kernel filters dumps by master and kind itself (strict checking is on).
  if (master) m.put_u32(IFLA_MASTER, *master);
  if (!kind.empty()) {
    Nest info(m, IFLA_LINKINFO);
    m.put_str(IFLA_INFO_KIND, kind);
  }
}

namespace {

void decode_stats(RecordWriter& w, const Attr& a) {
  rtnl_link_stats64 s{};
  // The struct grew over the years (192 → 200+ bytes); read what both sides know.
  std::memcpy(&s, a.data, a.len < sizeof s ? a.len : sizeof s);
  size_t t = w.nest_begin(f::STATS);
  w.u64(stat::RX_PACKETS, s.rx_packets);
  w.u64(stat::TX_PACKETS, s.tx_packets);
  w.u64(stat::RX_BYTES, s.rx_bytes);
  w.u64(stat::TX_BYTES, s.tx_bytes);
  w.u64(stat::RX_ERRORS, s.rx_errors);
  w.u64(stat::TX_ERRORS, s.tx_errors);
  w.u64(stat::RX_DROPPED, s.rx_dropped);
  w.u64(stat::TX_DROPPED, s.tx_dropped);
  w.u64(stat::MULTICAST, s.multicast);
  w.u64(stat::COLLISIONS, s.collisions);
  w.nest_end(t);
}

nl::Error decode_info_data(RecordWriter& w, const std::string& kind, const Attr& data) {
  nl::AttrIter it(data.data, data.len);
  Attr a;
  size_t t = w.nest_begin(f::INFO);
  while (it.next(a)) {
    uint32_t v32;
    uint16_t v16;
    uint8_t v8;
    bool known = true;
    if (kind == "bridge") {
      switch (a.type) {
        case IFLA_BR_STP_STATE: if (a.u32(v32)) w.u32(info::STP_STATE, v32); break;
        case IFLA_BR_FORWARD_DELAY: if (a.u32(v32)) w.u32(info::FORWARD_DELAY, v32); break;
        case IFLA_BR_VLAN_FILTERING: if (a.u8(v8)) w.u8(info::VLAN_FILTERING, v8); break;
        case IFLA_BR_AGEING_TIME: if (a.u32(v32)) w.u32(info::AGEING_TIME, v32); break;
        case IFLA_BR_VLAN_DEFAULT_PVID: if (a.u16(v16)) w.u16(info::VLAN_DEFAULT_PVID, v16); break;
        case IFLA_BR_MCAST_SNOOPING: if (a.u8(v8)) w.u8(info::MCAST_SNOOPING, v8); break;
        default: known = false;
      }
    } else if (kind == "macvlan" || kind == "macvtap") {
      switch (a.type) {
        case IFLA_MACVLAN_MODE: if (a.u32(v32)) w.u32(info::MACVLAN_MODE, v32); break;
        default: known = false;
      }
    } else if (kind == "vxlan") {
      switch (a.type) {
        case IFLA_VXLAN_ID: if (a.u32(v32)) w.u32(info::VXLAN_ID, v32); break;
        case IFLA_VXLAN_PORT: if (a.be16(v16)) w.u16(info::VXLAN_PORT, v16); break;
        case IFLA_VXLAN_GROUP: case IFLA_VXLAN_GROUP6:
          w.str(info::VXLAN_GROUP, nl::ip_from_bytes(a.data, a.len)); break;
        case IFLA_VXLAN_LOCAL: case IFLA_VXLAN_LOCAL6:
          w.str(info::VXLAN_LOCAL, nl::ip_from_bytes(a.data, a.len)); break;
        case IFLA_VXLAN_LINK: if (a.u32(v32)) w.u32(info::VXLAN_LINK, v32); break;
        case IFLA_VXLAN_TTL: if (a.u8(v8)) w.u8(info::VXLAN_TTL, v8); break;
        case IFLA_VXLAN_LEARNING: if (a.u8(v8)) w.u8(info::VXLAN_LEARNING, v8); break;
        default: known = false;
      }
    } else {
      known = decode_more_kind_attr(w, kind, a);
    }
    if (!known) nl::write_raw(w, info::RAW, a);
  }
  w.nest_end(t);
  if (it.error()) return nl::Error::bad(std::string("IFLA_LINKINFO › IFLA_INFO_DATA: ") + it.error());
  return nl::Error{};
}

}  // namespace

nl::Error decode(const nlmsghdr* h, RecordWriter& w) {
  ifinfomsg ifi;
  const uint8_t* p;
  size_t len;
  if (!nl::split_message(h, ifi, p, len)) return nl::Error::bad("RTM_NEWLINK: shorter than ifinfomsg");

  size_t rec = w.begin();
  w.u32(f::INDEX, static_cast<uint32_t>(ifi.ifi_index));
  w.u32(f::FLAGS, ifi.ifi_flags);
  w.u16(f::TYPE, ifi.ifi_type);

  nl::AttrIter it(p, len);
  Attr a;
  uint32_t v32;
  int32_t s32;
  uint8_t v8;
  while (it.next(a)) {
    switch (a.type) {
      case IFLA_IFNAME: w.str(f::NAME, a.str()); break;
      case IFLA_MTU: if (a.u32(v32)) w.u32(f::MTU, v32); break;
      case IFLA_MIN_MTU: if (a.u32(v32)) w.u32(f::MIN_MTU, v32); break;
      case IFLA_MAX_MTU: if (a.u32(v32)) w.u32(f::MAX_MTU, v32); break;
      case IFLA_OPERSTATE: if (a.u8(v8)) w.u8(f::OPERSTATE, v8); break;
      case IFLA_CARRIER: if (a.u8(v8)) w.u8(f::CARRIER, v8); break;
      case IFLA_ADDRESS: w.str(f::ADDRESS, nl::hw_to_string(a.data, a.len)); break;
      case IFLA_BROADCAST: w.str(f::BROADCAST, nl::hw_to_string(a.data, a.len)); break;
      case IFLA_PERM_ADDRESS: w.str(f::PERM_ADDRESS, nl::hw_to_string(a.data, a.len)); break;
      case IFLA_MASTER: if (a.u32(v32)) w.u32(f::MASTER, v32); break;
      case IFLA_LINK: if (a.u32(v32)) w.u32(f::LINK, v32); break;
      case IFLA_LINK_NETNSID: if (a.s32(s32)) w.s32(f::LINK_NETNSID, s32); break;
      case IFLA_TXQLEN: if (a.u32(v32)) w.u32(f::TXQLEN, v32); break;
      case IFLA_IFALIAS: w.str(f::ALIAS, a.str()); break;
      case IFLA_GROUP: if (a.u32(v32)) w.u32(f::GROUP, v32); break;
      case IFLA_PROMISCUITY: if (a.u32(v32)) w.u32(f::PROMISCUITY, v32); break;
      case IFLA_NUM_TX_QUEUES: if (a.u32(v32)) w.u32(f::NUM_TX_QUEUES, v32); break;
      case IFLA_NUM_RX_QUEUES: if (a.u32(v32)) w.u32(f::NUM_RX_QUEUES, v32); break;
      case IFLA_PARENT_DEV_NAME: w.str(f::PARENT_DEV_NAME, a.str()); break;
      case IFLA_STATS64: decode_stats(w, a); break;
      case IFLA_PROP_LIST: {
        nl::AttrIter pit(a.data, a.len);
        Attr p;
        while (pit.next(p)) {
          if (p.type == IFLA_ALT_IFNAME) w.str(f::ALT_NAMES, p.str());
          else nl::write_raw(w, f::RAW, p);
        }
        if (pit.error()) return nl::Error::bad(std::string("IFLA_PROP_LIST: ") + pit.error());
        break;
      }
      case IFLA_LINKINFO: {
        nl::AttrTable<IFLA_INFO_MAX> li;
        if (!li.parse(a)) return nl::Error::bad(std::string("IFLA_LINKINFO: ") + li.error);
        std::string kind;
        if (auto k = li.get(IFLA_INFO_KIND)) { kind = k->str(); w.str(f::KIND, kind); }
        if (auto k = li.get(IFLA_INFO_SLAVE_KIND)) w.str(f::SLAVE_KIND, k->str());
        if (auto d = li.get(IFLA_INFO_DATA)) {
          if (nl::Error e = decode_info_data(w, kind, *d)) return e;
        }
        if (auto d = li.get(IFLA_INFO_SLAVE_DATA)) nl::write_raw(w, f::RAW, *d);
        break;
      }
      default:
        nl::write_raw(w, f::RAW, a);
        break;
    }
  }
  if (it.error()) return nl::Error::bad(std::string("RTM_NEWLINK: ") + it.error());
  w.end(rec);
  return nl::Error{};
}

// ---- schemas (exported to TypeScript) ----
static const nl::FieldDef kLink[] = {
    {f::INDEX, "index", FieldType::U32, false, nullptr},
    {f::NAME, "name", FieldType::STR, false, nullptr},
    {f::KIND, "kind", FieldType::STR, false, nullptr},
    {f::FLAGS, "flags", FieldType::U32, false, nullptr},
    {f::OPERSTATE, "operstate", FieldType::U8, false, nullptr},
    {f::MTU, "mtu", FieldType::U32, false, nullptr},
    {f::ADDRESS, "address", FieldType::STR, false, nullptr},
    {f::BROADCAST, "broadcast", FieldType::STR, false, nullptr},
    {f::MASTER, "master", FieldType::U32, false, nullptr},
    {f::LINK, "link", FieldType::U32, false, nullptr},
    {f::LINK_NETNSID, "linkNetnsId", FieldType::S32, false, nullptr},
    {f::TXQLEN, "txqlen", FieldType::U32, false, nullptr},
    {f::ALIAS, "alias", FieldType::STR, false, nullptr},
    {f::TYPE, "type", FieldType::U16, false, nullptr},
    {f::STATS, "stats", FieldType::REC, false, "linkstats"},
    {f::SLAVE_KIND, "slaveKind", FieldType::STR, false, nullptr},
    {f::MIN_MTU, "minMtu", FieldType::U32, false, nullptr},
    {f::MAX_MTU, "maxMtu", FieldType::U32, false, nullptr},
    {f::GROUP, "group", FieldType::U32, false, nullptr},
    {f::PROMISCUITY, "promiscuity", FieldType::U32, false, nullptr},
    {f::CARRIER, "carrier", FieldType::U8, false, nullptr},
    {f::INFO, "info", FieldType::REC, false, "linkinfo"},
    {f::RAW, "raw", FieldType::REC, true, "rawattr"},
    {f::PERM_ADDRESS, "permAddress", FieldType::STR, false, nullptr},
    {f::NUM_TX_QUEUES, "numTxQueues", FieldType::U32, false, nullptr},
    {f::NUM_RX_QUEUES, "numRxQueues", FieldType::U32, false, nullptr},
    {f::PARENT_DEV_NAME, "parentDevName", FieldType::STR, false, nullptr},
    {f::ALT_NAMES, "altnames", FieldType::STR, true, nullptr},
};
static const nl::FieldDef kStats[] = {
    {stat::RX_PACKETS, "rxPackets", FieldType::U64, false, nullptr},
    {stat::TX_PACKETS, "txPackets", FieldType::U64, false, nullptr},
    {stat::RX_BYTES, "rxBytes", FieldType::U64, false, nullptr},
    {stat::TX_BYTES, "txBytes", FieldType::U64, false, nullptr},
    {stat::RX_ERRORS, "rxErrors", FieldType::U64, false, nullptr},
    {stat::TX_ERRORS, "txErrors", FieldType::U64, false, nullptr},
    {stat::RX_DROPPED, "rxDropped", FieldType::U64, false, nullptr},
    {stat::TX_DROPPED, "txDropped", FieldType::U64, false, nullptr},
    {stat::MULTICAST, "multicast", FieldType::U64, false, nullptr},
    {stat::COLLISIONS, "collisions", FieldType::U64, false, nullptr},
};
static const nl::FieldDef kInfo[] = {
    {info::STP_STATE, "stpState", FieldType::U32, false, nullptr},
    {info::FORWARD_DELAY, "forwardDelay", FieldType::U32, false, nullptr},
    {info::VLAN_FILTERING, "vlanFiltering", FieldType::U8, false, nullptr},
    {info::MACVLAN_MODE, "macvlanMode", FieldType::U32, false, nullptr},
    {info::VXLAN_ID, "vni", FieldType::U32, false, nullptr},
    {info::VXLAN_PORT, "port", FieldType::U16, false, nullptr},
    {info::VXLAN_GROUP, "remote", FieldType::STR, false, nullptr},
    {info::VXLAN_LOCAL, "local", FieldType::STR, false, nullptr},
    {info::VXLAN_LINK, "underlay", FieldType::U32, false, nullptr},
    {info::VXLAN_TTL, "ttl", FieldType::U8, false, nullptr},
    {info::VXLAN_LEARNING, "learning", FieldType::U8, false, nullptr},
    {info::RAW, "raw", FieldType::REC, true, "rawattr"},
    // issue 9 part A: bridge options
    {info::AGEING_TIME, "ageingTime", FieldType::U32, false, nullptr},
    {info::VLAN_DEFAULT_PVID, "vlanDefaultPvid", FieldType::U16, false, nullptr},
    {info::MCAST_SNOOPING, "mcastSnooping", FieldType::U8, false, nullptr},
    {info::VLAN_ID, "vlanId", FieldType::U16, false, nullptr},
    {info::VLAN_PROTOCOL, "vlanProtocol", FieldType::U16, false, nullptr},
    {info::IPVLAN_MODE, "ipvlanMode", FieldType::U16, false, nullptr},
    {info::IPVLAN_FLAGS, "ipvlanFlags", FieldType::U16, false, nullptr},
    {info::VRF_TABLE, "vrfTable", FieldType::U32, false, nullptr},
    {info::BOND_MODE, "bondMode", FieldType::U8, false, nullptr},
    {info::BOND_MIIMON, "miimon", FieldType::U32, false, nullptr},
    {info::BOND_UPDELAY, "updelay", FieldType::U32, false, nullptr},
    {info::BOND_DOWNDELAY, "downdelay", FieldType::U32, false, nullptr},
    {info::BOND_MIN_LINKS, "minLinks", FieldType::U32, false, nullptr},
    {info::BOND_XMIT_HASH_POLICY, "xmitHashPolicy", FieldType::U8, false, nullptr},
    {info::BOND_LACP_RATE, "lacpRate", FieldType::U8, false, nullptr},
    {info::TOS, "tos", FieldType::U8, false, nullptr},
    {info::PMTUDISC, "pmtudisc", FieldType::U8, false, nullptr},
    {info::IKEY, "ikey", FieldType::U32, false, nullptr},
    {info::OKEY, "okey", FieldType::U32, false, nullptr},
};
NL_SCHEMA(kLinkSchema, "link", kLink)
NL_SCHEMA(kStatsSchema, "linkstats", kStats)
NL_SCHEMA(kInfoSchema, "linkinfo", kInfo)
static nl::DecoderRegistration reg_newlink({RTM_NEWLINK, "newlink", "link", &decode});
static nl::DecoderRegistration reg_dellink({RTM_DELLINK, "dellink", "link", &decode});

}  // namespace nl_link
