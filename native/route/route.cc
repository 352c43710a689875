// Route requests. Field order and defaults follow iproute2's iproute_modify() so that the same
// command produces the same bytes (test/codec/route.test.ts compares them with strace captures).
#include "route.h"

#include <sys/socket.h>

#include <cstring>

namespace nl_route {

using nl::MessageBuffer;

namespace {

size_t addr_len(uint8_t family) { return family == AF_INET6 ? 16 : 4; }

// iproute2's scope defaults: IPv6 ignores scope; local/nat routes are host-scoped; a unicast
// route without any gateway is on-link; everything else is universe. A delete without a scope
// matches any (RT_SCOPE_NOWHERE).
uint8_t default_scope(Change c, const Spec& s, uint8_t type) {
  if (s.family == AF_INET6) return RT_SCOPE_UNIVERSE;
  if (type == RTN_LOCAL || type == RTN_NAT) return RT_SCOPE_HOST;
  if (type == RTN_BROADCAST || type == RTN_MULTICAST || type == RTN_ANYCAST) return RT_SCOPE_LINK;
  const uint8_t initial = c == Change::Delete ? RT_SCOPE_NOWHERE : RT_SCOPE_UNIVERSE;
  if (type == RTN_UNICAST || type == RTN_UNSPEC) {
    if (c == Change::Delete) return RT_SCOPE_NOWHERE;
    // A nexthop object (nhid) stands for a gateway: ip sends universe scope with it.
    if (!s.gw.bytes && s.nexthop_count == 0 && !(s.ext && s.ext->nh_id)) return RT_SCOPE_LINK;
  }
  return initial;
}

void put_gateway(MessageBuffer& m, uint8_t route_family, const Gateway& g) {
  if (!g.bytes) return;
  if (g.family == route_family) {
    m.put(RTA_GATEWAY, g.bytes, addr_len(g.family));
    return;
  }
  // struct rtvia: a sa_family_t then the address.
  uint8_t via[sizeof(rtvia) + 16] = {};
  rtvia hdr{};
  hdr.rtvia_family = g.family;
  std::memcpy(via, &hdr, sizeof hdr);
  std::memcpy(via + sizeof hdr, g.bytes, addr_len(g.family));
  m.put(RTA_VIA, via, sizeof hdr + addr_len(g.family));
}

// RTA_MULTIPATH: rtnexthop entries back to back, each followed by its own attributes.
// iproute2 sends it without NLA_F_NESTED (its payload is not a plain attribute stream), so do we.
void put_multipath(MessageBuffer& m, const Spec& s) {
  size_t tok = m.nest_begin(RTA_MULTIPATH);
  for (size_t i = 0; i < s.nexthop_count; ++i) {
    const Nexthop& n = s.nexthops[i];
    rtnexthop rtnh{};
    rtnh.rtnh_hops = static_cast<uint8_t>(n.weight > 0 ? n.weight - 1 : 0);
    rtnh.rtnh_flags = n.flags;
    rtnh.rtnh_ifindex = static_cast<int>(n.ifindex);
    size_t off = m.put_raw(&rtnh, sizeof rtnh);
    put_gateway(m, s.family, n.gw);
    reinterpret_cast<rtnexthop*>(m.data() + off)->rtnh_len = static_cast<unsigned short>(m.size() - off);
  }
  m.nest_end(tok);
  reinterpret_cast<nlattr*>(m.data() + tok)->nla_type = RTA_MULTIPATH;
}

void put_metrics(MessageBuffer& m, const Extras& x) {
  if (x.metric_mask == 0 && x.lock == 0) return;
  // RTA_METRICS holds RTAX_* attributes; iproute2 sends it without NLA_F_NESTED, so do we.
  size_t tok = m.nest_begin(RTA_METRICS);
  for (uint16_t t : kMetricOrder) {
    if (!(x.metric_mask & (1u << t))) continue;
    m.put_u32(t, t == RTAX_RTT ? x.metric[t] << 3 : x.metric[t]);
  }
  if (x.lock) m.put_u32(RTAX_LOCK, x.lock);
  m.nest_end(tok);
  reinterpret_cast<nlattr*>(m.data() + tok)->nla_type = RTA_METRICS;
}

}  // namespace

const uint16_t kMetricOrder[6] = {RTAX_MTU, RTAX_ADVMSS, RTAX_WINDOW, RTAX_RTT, RTAX_HOPLIMIT, RTAX_INITCWND};

void build_change(MessageBuffer& m, uint32_t seq, Change c, const Spec& s) {
  uint16_t flags = NLM_F_REQUEST | NLM_F_ACK;
  uint16_t type = RTM_NEWROUTE;
  switch (c) {
    case Change::Create: flags |= NLM_F_CREATE | NLM_F_EXCL; break;
    case Change::Replace: flags |= NLM_F_CREATE | NLM_F_REPLACE; break;
    case Change::Append: flags |= NLM_F_CREATE | NLM_F_APPEND; break;
    case Change::Delete: type = RTM_DELROUTE; break;
  }
  const bool del = c == Change::Delete;
  m.begin(type, flags, seq);

  rtmsg r{};
  r.rtm_family = s.family;
  r.rtm_dst_len = s.dst_len;
  r.rtm_type = static_cast<uint8_t>(s.type >= 0 ? s.type : (del ? RTN_UNSPEC : RTN_UNICAST));
  r.rtm_protocol = static_cast<uint8_t>(s.protocol >= 0 ? s.protocol : (del ? RTPROT_UNSPEC : RTPROT_BOOT));
  r.rtm_scope = s.scope >= 0 ? static_cast<uint8_t>(s.scope) : default_scope(c, s, r.rtm_type);
  uint32_t table = s.table;
  if (table == 0) table = (r.rtm_type == RTN_LOCAL || r.rtm_type == RTN_NAT) ? RT_TABLE_LOCAL : RT_TABLE_MAIN;
  // rtm_table is 8 bits; larger ids travel in RTA_TABLE (which the kernel prefers when present).
  r.rtm_table = static_cast<uint8_t>(table < 256 ? table : RT_TABLE_UNSPEC);
  const Extras* x = s.ext;
  if (x) r.rtm_flags |= x->flags;
  m.put_header(r);

  // iproute2 adds attributes in command-line order, then RTA_OIF, RTA_METRICS and
  // RTA_MULTIPATH after the loop; our order is that of
  // ip route add DST via G metric M src S table T expires E pref P realm R nhid N dev D mtu …
  const size_t n = addr_len(s.family);
  if (s.dst && s.dst_len > 0) m.put(RTA_DST, s.dst, n);
  put_gateway(m, s.family, s.gw);
  if (s.metric >= 0) m.put_u32(RTA_PRIORITY, static_cast<uint32_t>(s.metric));
  if (s.prefsrc) m.put(RTA_PREFSRC, s.prefsrc, n);
  if (table >= 256) m.put_u32(RTA_TABLE, table);
  if (x) {
    if (x->has_expires) m.put_u32(RTA_EXPIRES, x->expires);
    if (x->has_pref) m.put_u8(RTA_PREF, x->pref);
    if (x->has_realm) m.put_u32(RTA_FLOW, x->realm);
    if (x->nh_id) m.put_u32(RTA_NH_ID, x->nh_id);
  }
  if (s.oif) m.put_u32(RTA_OIF, s.oif);
  if (x) put_metrics(m, *x);
  if (s.nexthop_count > 0) put_multipath(m, s);
}

void build_dump(MessageBuffer& m, uint32_t seq, uint8_t family, uint32_t table, uint32_t oif) {
  m.begin(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, seq);
  rtmsg r{};
  r.rtm_family = family;
  m.put_header(r);
  if (table) m.put_u32(RTA_TABLE, table);
  if (oif) m.put_u32(RTA_OIF, oif);
}

void build_get(MessageBuffer& m, uint32_t seq, uint8_t family, const uint8_t* dst) {
  build_get(m, seq, family, dst, GetOptions{});
}

void build_get(MessageBuffer& m, uint32_t seq, uint8_t family, const uint8_t* dst, const GetOptions& o) {
  // iproute2 sends no NLM_F_ACK here; we ask for one because our receive loop waits on ACKs
  // (the answer arrives first, then the ACK).
  m.begin(RTM_GETROUTE, NLM_F_REQUEST | NLM_F_ACK, seq);
  rtmsg r{};
  r.rtm_family = family;
  r.rtm_dst_len = static_cast<uint8_t>(addr_len(family) * 8);
  // IPv4: report the FIB table that matched (not always main), as `ip route get` does. IPv6
  // always reports the real table, and its strict request check rejects this flag (EINVAL,
  // "Invalid flags for get route request"; ip gets away with it only because it is not strict).
  if (family == AF_INET) r.rtm_flags = RTM_F_LOOKUP_TABLE;
  if (o.src) r.rtm_src_len = r.rtm_dst_len;
  m.put_header(r);
  // iproute2's order for ip route get DST from SRC uid U …: DST, SRC and UID as parsed, then
  // after its loop IIF, OIF and MARK.
  m.put(RTA_DST, dst, addr_len(family));
  if (o.src) m.put(RTA_SRC, o.src, addr_len(family));
  if (o.has_uid) m.put_u32(RTA_UID, o.uid);
  if (o.iif) m.put_u32(RTA_IIF, o.iif);
  if (o.oif) m.put_u32(RTA_OIF, o.oif);
  if (o.has_mark) m.put_u32(RTA_MARK, o.mark);
}

}  // namespace nl_route
