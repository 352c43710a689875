#include "kinds.h"

#include <linux/if_ether.h>
#include <linux/if_link.h>
#include <linux/if_tunnel.h>

#include "../nl/format.h"
#include "link_schema.h"

namespace nl_link {

using nl::Attr;
using nl::MessageBuffer;
using nl::Nest;
using nl::RecordWriter;

namespace {

// GRE_KEY as it travels in IFLA_GRE_[IO]FLAGS (a big-endian 16-bit field).
constexpr uint16_t kGreKey = 0x2000;
// ip's defaults: IPv6 tunnels get hop limit 64 and encap limit 4; csum6 encap flag.
constexpr uint8_t kIp6DefaultTtl = 64, kIp6DefaultEncapLimit = 4;

std::vector<uint8_t> addr_or_any(const std::vector<uint8_t>& a, size_t n) {
  return a.empty() ? std::vector<uint8_t>(n, 0) : a;
}

// link_gre.c (gre, gretap): every parameter, defaults included, in iproute2's order.
void put_gre4(MessageBuffer& m, const KindData& k) {
  uint32_t key = k.key.value_or(0);
  uint16_t flags = k.key ? kGreKey : 0;
  m.put_be32(IFLA_GRE_IKEY, key);
  m.put_be32(IFLA_GRE_OKEY, key);
  m.put_be16(IFLA_GRE_IFLAGS, flags);
  m.put_be16(IFLA_GRE_OFLAGS, flags);
  auto l = addr_or_any(k.local, 4), r = addr_or_any(k.remote, 4);
  m.put(IFLA_GRE_LOCAL, l.data(), 4);
  m.put(IFLA_GRE_REMOTE, r.data(), 4);
  m.put_u8(IFLA_GRE_PMTUDISC, k.nopmtudisc ? 0 : 1);
  m.put_u8(IFLA_GRE_TOS, k.tos.value_or(0));
  m.put_u8(IFLA_GRE_TTL, k.ttl.value_or(0));
  m.put_u32(IFLA_GRE_FWMARK, 0);
  m.put_u16(IFLA_GRE_ENCAP_TYPE, 0);
  m.put_u16(IFLA_GRE_ENCAP_FLAGS, 0);
  m.put_be16(IFLA_GRE_ENCAP_SPORT, 0);
  m.put_be16(IFLA_GRE_ENCAP_DPORT, 0);
}

// link_gre6.c (ip6gre)
void put_gre6(MessageBuffer& m, const KindData& k) {
  uint32_t key = k.key.value_or(0);
  uint16_t flags = k.key ? kGreKey : 0;
  m.put_be32(IFLA_GRE_IKEY, key);
  m.put_be32(IFLA_GRE_OKEY, key);
  m.put_be16(IFLA_GRE_IFLAGS, flags);
  m.put_be16(IFLA_GRE_OFLAGS, flags);
  auto l = addr_or_any(k.local, 16), r = addr_or_any(k.remote, 16);
  m.put(IFLA_GRE_LOCAL, l.data(), 16);
  m.put(IFLA_GRE_REMOTE, r.data(), 16);
  m.put_u8(IFLA_GRE_TTL, k.ttl.value_or(kIp6DefaultTtl));
  m.put_u8(IFLA_GRE_ENCAP_LIMIT, kIp6DefaultEncapLimit);
  m.put_u32(IFLA_GRE_FLOWINFO, 0);
  m.put_u32(IFLA_GRE_FLAGS, 0);
  m.put_u32(IFLA_GRE_FWMARK, 0);
  m.put_u8(IFLA_GRE_ERSPAN_VER, 1);
  m.put_u16(IFLA_GRE_ENCAP_TYPE, 0);
  m.put_u16(IFLA_GRE_ENCAP_FLAGS, TUNNEL_ENCAP_FLAG_CSUM6);
  m.put_be16(IFLA_GRE_ENCAP_SPORT, 0);
  m.put_be16(IFLA_GRE_ENCAP_DPORT, 0);
}

// link_iptnl.c (ipip, sit)
void put_iptnl4(MessageBuffer& m, const KindData& k, bool sit) {
  m.put_u8(IFLA_IPTUN_PROTO, 0);
  auto l = addr_or_any(k.local, 4), r = addr_or_any(k.remote, 4);
  m.put(IFLA_IPTUN_LOCAL, l.data(), 4);
  m.put(IFLA_IPTUN_REMOTE, r.data(), 4);
  m.put_u8(IFLA_IPTUN_PMTUDISC, k.nopmtudisc ? 0 : 1);
  m.put_u8(IFLA_IPTUN_TOS, k.tos.value_or(0));
  m.put_u8(IFLA_IPTUN_TTL, k.ttl.value_or(0));
  m.put_u32(IFLA_IPTUN_LINK, 0);
  m.put_u32(IFLA_IPTUN_FWMARK, 0);
  m.put_u16(IFLA_IPTUN_ENCAP_TYPE, 0);
  m.put_u16(IFLA_IPTUN_ENCAP_FLAGS, 0);
  m.put_be16(IFLA_IPTUN_ENCAP_SPORT, 0);
  m.put_be16(IFLA_IPTUN_ENCAP_DPORT, 0);
  if (sit) m.put_u16(IFLA_IPTUN_FLAGS, 0);
}

// link_ip6tnl.c (ip6tnl)
void put_ip6tnl(MessageBuffer& m, const KindData& k) {
  m.put_u8(IFLA_IPTUN_PROTO, 0);
  auto l = addr_or_any(k.local, 16), r = addr_or_any(k.remote, 16);
  m.put(IFLA_IPTUN_LOCAL, l.data(), 16);
  m.put(IFLA_IPTUN_REMOTE, r.data(), 16);
  m.put_u8(IFLA_IPTUN_TTL, k.ttl.value_or(kIp6DefaultTtl));
  m.put_u8(IFLA_IPTUN_ENCAP_LIMIT, kIp6DefaultEncapLimit);
  m.put_u32(IFLA_IPTUN_FLOWINFO, 0);
  m.put_u32(IFLA_IPTUN_FLAGS, 0);
  m.put_u32(IFLA_IPTUN_LINK, 0);
  m.put_u32(IFLA_IPTUN_FWMARK, 0);
  m.put_u16(IFLA_IPTUN_ENCAP_TYPE, 0);
  m.put_u16(IFLA_IPTUN_ENCAP_FLAGS, TUNNEL_ENCAP_FLAG_CSUM6);
  m.put_be16(IFLA_IPTUN_ENCAP_SPORT, 0);
  m.put_be16(IFLA_IPTUN_ENCAP_DPORT, 0);
}

}  // namespace

bool put_more_kind_data(MessageBuffer& m, const std::string& kind, const KindData& k) {
  if (kind == "vlan") {
    Nest data(m, IFLA_INFO_DATA);
    if (k.vlan_protocol) m.put_be16(IFLA_VLAN_PROTOCOL, *k.vlan_protocol);
    if (k.vlan_id) m.put_u16(IFLA_VLAN_ID, *k.vlan_id);
  } else if (kind == "ipvlan" || kind == "ipvtap") {
    Nest data(m, IFLA_INFO_DATA);
    m.put_u16(IFLA_IPVLAN_MODE, k.ipvlan_mode);
    m.put_u16(IFLA_IPVLAN_FLAGS, k.ipvlan_flags);
  } else if (kind == "vrf") {
    Nest data(m, IFLA_INFO_DATA);
    if (k.vrf_table) m.put_u32(IFLA_VRF_TABLE, *k.vrf_table);
  } else if (kind == "bond") {
    if (!k.bond_mode && !k.bond_miimon && !k.bond_updelay && !k.bond_downdelay && !k.bond_min_links &&
        !k.bond_xmit_hash_policy && !k.bond_lacp_rate)
      return true;
    Nest data(m, IFLA_INFO_DATA);
    if (k.bond_mode) m.put_u8(IFLA_BOND_MODE, *k.bond_mode);
    if (k.bond_miimon) m.put_u32(IFLA_BOND_MIIMON, *k.bond_miimon);
    if (k.bond_updelay) m.put_u32(IFLA_BOND_UPDELAY, *k.bond_updelay);
    if (k.bond_downdelay) m.put_u32(IFLA_BOND_DOWNDELAY, *k.bond_downdelay);
    if (k.bond_min_links) m.put_u32(IFLA_BOND_MIN_LINKS, *k.bond_min_links);
    if (k.bond_xmit_hash_policy) m.put_u8(IFLA_BOND_XMIT_HASH_POLICY, *k.bond_xmit_hash_policy);
    if (k.bond_lacp_rate) m.put_u8(IFLA_BOND_AD_LACP_RATE, *k.bond_lacp_rate);
  } else if (kind == "gre" || kind == "gretap") {
    Nest data(m, IFLA_INFO_DATA);
    put_gre4(m, k);
  } else if (kind == "ip6gre" || kind == "ip6gretap") {
    Nest data(m, IFLA_INFO_DATA);
    put_gre6(m, k);
  } else if (kind == "ipip" || kind == "sit") {
    Nest data(m, IFLA_INFO_DATA);
    put_iptnl4(m, k, kind == "sit");
  } else if (kind == "ip6tnl") {
    Nest data(m, IFLA_INFO_DATA);
    put_ip6tnl(m, k);
  } else if (kind == "geneve") {
    // link_geneve.c: id, remote, then label, ttl and tos always; the port only when given.
    Nest data(m, IFLA_INFO_DATA);
    if (k.geneve_id) m.put_u32(IFLA_GENEVE_ID, *k.geneve_id);
    if (k.remote.size() == 4) m.put(IFLA_GENEVE_REMOTE, k.remote.data(), 4);
    if (k.remote.size() == 16) m.put(IFLA_GENEVE_REMOTE6, k.remote.data(), 16);
    m.put_be32(IFLA_GENEVE_LABEL, 0);
    m.put_u8(IFLA_GENEVE_TTL, k.ttl.value_or(0));
    m.put_u8(IFLA_GENEVE_TOS, k.tos.value_or(0));
    if (k.geneve_port) m.put_be16(IFLA_GENEVE_PORT, *k.geneve_port);
  } else {
    return kind == "dummy" || kind == "ifb" || kind == "wireguard";  // no kind data
  }
  return true;
}

namespace {

bool addr(RecordWriter& w, uint16_t id, const Attr& a) {
  if (a.len != 4 && a.len != 16) return false;
  w.str(id, nl::ip_from_bytes(a.data, a.len));
  return true;
}

}  // namespace

bool decode_more_kind_attr(RecordWriter& w, const std::string& kind, const Attr& a) {
  uint32_t v32;
  uint16_t v16;
  uint8_t v8;
  if (kind == "vlan") {
    switch (a.type) {
      case IFLA_VLAN_ID: if (!a.u16(v16)) return false; w.u16(info::VLAN_ID, v16); return true;
      case IFLA_VLAN_PROTOCOL: if (!a.be16(v16)) return false; w.u16(info::VLAN_PROTOCOL, v16); return true;
    }
  } else if (kind == "ipvlan" || kind == "ipvtap") {
    switch (a.type) {
      case IFLA_IPVLAN_MODE: if (!a.u16(v16)) return false; w.u16(info::IPVLAN_MODE, v16); return true;
      case IFLA_IPVLAN_FLAGS: if (!a.u16(v16)) return false; w.u16(info::IPVLAN_FLAGS, v16); return true;
    }
  } else if (kind == "vrf") {
    if (a.type == IFLA_VRF_TABLE && a.u32(v32)) { w.u32(info::VRF_TABLE, v32); return true; }
  } else if (kind == "bond") {
    switch (a.type) {
      case IFLA_BOND_MODE: if (!a.u8(v8)) return false; w.u8(info::BOND_MODE, v8); return true;
      case IFLA_BOND_MIIMON: if (!a.u32(v32)) return false; w.u32(info::BOND_MIIMON, v32); return true;
      case IFLA_BOND_UPDELAY: if (!a.u32(v32)) return false; w.u32(info::BOND_UPDELAY, v32); return true;
      case IFLA_BOND_DOWNDELAY: if (!a.u32(v32)) return false; w.u32(info::BOND_DOWNDELAY, v32); return true;
      case IFLA_BOND_MIN_LINKS: if (!a.u32(v32)) return false; w.u32(info::BOND_MIN_LINKS, v32); return true;
      case IFLA_BOND_XMIT_HASH_POLICY: if (!a.u8(v8)) return false; w.u8(info::BOND_XMIT_HASH_POLICY, v8); return true;
      case IFLA_BOND_AD_LACP_RATE: if (!a.u8(v8)) return false; w.u8(info::BOND_LACP_RATE, v8); return true;
    }
  } else if (kind == "gre" || kind == "gretap" || kind == "ip6gre" || kind == "ip6gretap") {
    switch (a.type) {
      case IFLA_GRE_LOCAL: return addr(w, info::VXLAN_LOCAL, a);
      case IFLA_GRE_REMOTE: return addr(w, info::VXLAN_GROUP, a);
      case IFLA_GRE_TTL: if (!a.u8(v8)) return false; w.u8(info::VXLAN_TTL, v8); return true;
      case IFLA_GRE_TOS: if (!a.u8(v8)) return false; w.u8(info::TOS, v8); return true;
      case IFLA_GRE_PMTUDISC: if (!a.u8(v8)) return false; w.u8(info::PMTUDISC, v8); return true;
      case IFLA_GRE_IKEY: if (!a.be32(v32)) return false; w.u32(info::IKEY, v32); return true;
      case IFLA_GRE_OKEY: if (!a.be32(v32)) return false; w.u32(info::OKEY, v32); return true;
      case IFLA_GRE_LINK: if (!a.u32(v32)) return false; w.u32(info::VXLAN_LINK, v32); return true;
    }
  } else if (kind == "ipip" || kind == "sit" || kind == "ip6tnl") {
    switch (a.type) {
      case IFLA_IPTUN_LOCAL: return addr(w, info::VXLAN_LOCAL, a);
      case IFLA_IPTUN_REMOTE: return addr(w, info::VXLAN_GROUP, a);
      case IFLA_IPTUN_TTL: if (!a.u8(v8)) return false; w.u8(info::VXLAN_TTL, v8); return true;
      case IFLA_IPTUN_TOS: if (!a.u8(v8)) return false; w.u8(info::TOS, v8); return true;
      case IFLA_IPTUN_PMTUDISC: if (!a.u8(v8)) return false; w.u8(info::PMTUDISC, v8); return true;
      case IFLA_IPTUN_LINK: if (!a.u32(v32)) return false; w.u32(info::VXLAN_LINK, v32); return true;
    }
  } else if (kind == "geneve") {
    switch (a.type) {
      case IFLA_GENEVE_ID: if (!a.u32(v32)) return false; w.u32(info::VXLAN_ID, v32); return true;
      case IFLA_GENEVE_REMOTE: case IFLA_GENEVE_REMOTE6: return addr(w, info::VXLAN_GROUP, a);
      case IFLA_GENEVE_TTL: if (!a.u8(v8)) return false; w.u8(info::VXLAN_TTL, v8); return true;
      case IFLA_GENEVE_TOS: if (!a.u8(v8)) return false; w.u8(info::TOS, v8); return true;
      case IFLA_GENEVE_PORT: if (!a.be16(v16)) return false; w.u16(info::VXLAN_PORT, v16); return true;
    }
  }
  return false;
}

}  // namespace nl_link
