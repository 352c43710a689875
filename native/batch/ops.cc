#include "ops.h"

#include <sys/socket.h>

#include <climits>
#include <cstring>

#include "../addr/addr.h"
#include "../link/link.h"
#include "../nexthop/nexthop.h"
#include "../route/route.h"

namespace nl_batch {

namespace {

// ---- layouts: the one definition of every record's fields ----
const Field kRouteFields[] = {
    {"family", 4}, {"dstLen", 5}, {"gwFamily", 6}, {"present", 7}, {"scope", 8}, {"protocol", 10},
    {"type", 12}, {"nexthops", 14}, {"oif", 16}, {"table", 20}, {"metric", 24}, {"dst", 28},
    {"gw", 44}, {"prefsrc", 60}, {"end", 76},
};
// per next hop, relative to its start: gwFamily u8, flags u8 @1 (rtnh_flags), weight u16 @2, ifindex u32 @4, gw[16] @8
const Field kRouteV4Fields[] = {{"dstLen", 4}, {"dst", 8}, {"oif", 12}, {"end", kRouteV4Size}};
const Field kNexthopFields[] = {{"gwFamily", 0}, {"flags", 1}, {"weight", 2}, {"ifindex", 4}, {"gw", 8}, {"end", 24}};
const Field kAddrFields[] = {
    {"family", 4}, {"prefixlen", 5}, {"scope", 6}, {"present", 7}, {"flags", 8}, {"index", 12},
    {"local", 16}, {"peer", 32}, {"broadcast", 48}, {"label", 52}, {"validLft", 68}, {"preferredLft", 72}, {"end", 76},
};
// the route extension block, relative to its start (after the next hops); metric values at
// metrics + 4 * i for nl_route::kMetricOrder[i] (mtu, advmss, window, rtt, hoplimit, initcwnd)
const Field kRouteExtFields[] = {
    {"nhid", 0}, {"flags", 4}, {"realm", 8}, {"expires", 12}, {"pref", 16}, {"present", 17},
    {"metricMask", 20}, {"lock", 24}, {"metrics", 28}, {"end", kRouteExtSize},
};
const Field kNexthopObjectFields[] = {
    {"id", 4}, {"oif", 8}, {"flags", 12}, {"family", 16}, {"bits", 17}, {"gwLen", 18}, {"protocol", 19},
    {"groupType", 20}, {"groupCount", 22}, {"buckets", 24}, {"idleTimer", 28}, {"unbalancedTimer", 32},
    {"gw", 36}, {"end", kNexthopObjectSize},
};
const Field kGroupEntryFields[] = {{"id", 0}, {"weight", 4}, {"end", kGroupEntrySize}};
const Field kLinkDeleteFields[] = {{"index", 4}, {"name", 8}, {"end", 24}};
const Field kLinkSetFields[] = {{"index", 4}, {"present", 8}, {"mtu", 12}, {"master", 16}, {"group", 20}, {"name", 24}, {"end", 40}};
const Field kGroupFields[] = {{"group", 4}, {"end", 8}};
const Field kVethFields[] = {{"name", 4}, {"peer", 20}, {"peerNetnsFd", 36}, {"mtu", 40}, {"group", 44}, {"end", 48}};

#define N(a) (sizeof a / sizeof a[0])


template <typename T>
T rd(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

std::string name_at(const uint8_t* p) {
  size_t n = 0;
  while (n < 16 && p[n]) ++n;
  return std::string(reinterpret_cast<const char*>(p), n);
}

bool build_route(const uint8_t* r, uint16_t len, Op op, nl::MessageBuffer& m, uint32_t seq, std::string& error) {
  uint16_t hops = rd<uint16_t>(r + 14);
  if (len < 76u + hops * kNexthopSize) { error = "route record shorter than its next hops"; return false; }
  nl_route::Spec s;
  s.family = r[4];
  s.dst_len = r[5];
  uint8_t present = r[7];
  if (present & kHasDst) s.dst = r + 28;
  if (r[6]) { s.gw.family = r[6]; s.gw.bytes = r + 44; }
  if (present & kHasPrefsrc) s.prefsrc = r + 60;
  s.scope = rd<int16_t>(r + 8);
  s.protocol = rd<int16_t>(r + 10);
  s.type = rd<int16_t>(r + 12);
  s.oif = rd<uint32_t>(r + 16);
  s.table = rd<uint32_t>(r + 20);
  if (present & kHasMetric) s.metric = rd<uint32_t>(r + 24);
  std::vector<nl_route::Nexthop> nh(hops);
  for (uint16_t i = 0; i < hops; ++i) {
    const uint8_t* h = r + 76 + i * kNexthopSize;
    if (h[0]) { nh[i].gw.family = h[0]; nh[i].gw.bytes = h + 8; }
    nh[i].flags = h[1];
    nh[i].weight = rd<uint16_t>(h + 2);
    nh[i].ifindex = rd<uint32_t>(h + 4);
  }
  if (hops) { s.nexthops = nh.data(); s.nexthop_count = hops; }
  if (s.family != AF_INET && s.family != AF_INET6) { error = "route record: bad family"; return false; }
  nl_route::Extras x;
  if (present & kHasExt) {
    const uint8_t* e = r + 76 + hops * kNexthopSize;
    if (len < 76u + hops * kNexthopSize + kRouteExtSize) { error = "route record shorter than its extension"; return false; }
    x.nh_id = rd<uint32_t>(e);
    x.flags = rd<uint32_t>(e + 4);
    uint8_t xp = e[17];
    if (xp & kExtRealm) { x.has_realm = true; x.realm = rd<uint32_t>(e + 8); }
    if (xp & kExtExpires) { x.has_expires = true; x.expires = rd<uint32_t>(e + 12); }
    if (xp & kExtPref) { x.has_pref = true; x.pref = e[16]; }
    x.metric_mask = rd<uint32_t>(e + 20);
    x.lock = rd<uint32_t>(e + 24);
    for (size_t i = 0; i < 6; ++i) x.metric[nl_route::kMetricOrder[i]] = rd<uint32_t>(e + 28 + 4 * i);
    s.ext = &x;
  }
  nl_route::Change c = op == kRouteAdd ? nl_route::Change::Create : op == kRouteReplace ? nl_route::Change::Replace
                     : op == kRouteAppend ? nl_route::Change::Append : nl_route::Change::Delete;
  nl_route::build_change(m, seq, c, s);
  return true;
}

bool build_addr(const uint8_t* r, uint16_t len, Op op, nl::MessageBuffer& m, uint32_t seq, std::string& error) {
  nl_addr::Spec s;
  s.family = r[4];
  s.prefixlen = r[5];
  s.scope = r[6];
  uint8_t present = r[7];
  s.flags = rd<uint32_t>(r + 8);
  s.index = rd<uint32_t>(r + 12);
  s.local = r + 16;
  if (present & kHasPeer) s.peer = r + 32;
  if (present & kHasBroadcast) s.broadcast = r + 48;
  char label[17] = {0};
  if (present & kHasLabel) { std::memcpy(label, r + 52, 16); s.label = label; }
  if ((present & kHasLifetime) && len >= 76) {
    s.has_lifetime = true;
    s.valid_lft = rd<uint32_t>(r + 68);
    s.preferred_lft = rd<uint32_t>(r + 72);
  }
  if (s.family != AF_INET && s.family != AF_INET6) { error = "address record: bad family"; return false; }
  if (op == kAddrAdd) nl_addr::build_add(m, seq, s);
  else if (op == kAddrReplace) nl_addr::build_add(m, seq, s, true);
  else nl_addr::build_delete(m, seq, s);
  return true;
}

bool build_nexthop(const uint8_t* r, uint16_t len, Op op, nl::MessageBuffer& m, uint32_t seq, std::string& error) {
  if (op == kNexthopDelete) { nl_nexthop::build_delete(m, seq, rd<uint32_t>(r + 4)); return true; }
  uint16_t count = rd<uint16_t>(r + 22);
  if (len < kNexthopObjectSize + count * kGroupEntrySize) { error = "nexthop record shorter than its group"; return false; }
  nl_nexthop::Spec s;
  s.id = rd<uint32_t>(r + 4);
  s.oif = rd<uint32_t>(r + 8);
  s.flags = rd<uint32_t>(r + 12);
  s.family = r[16];
  uint8_t bits = r[17];
  s.gw_len = r[18];
  if (s.gw_len != 0 && s.gw_len != 4 && s.gw_len != 16) { error = "nexthop record: bad gateway length"; return false; }
  if (s.gw_len) s.gw = r + 36;
  s.protocol = r[19];
  s.group_type = rd<int16_t>(r + 20);
  s.blackhole = bits & kNhBlackhole;
  s.fdb = bits & kNhFdb;
  if (bits & kNhBuckets) { s.has_buckets = true; s.buckets = rd<uint16_t>(r + 24); }
  if (bits & kNhIdle) { s.has_idle = true; s.idle_timer = rd<uint32_t>(r + 28); }
  if (bits & kNhUnbalanced) { s.has_unbalanced = true; s.unbalanced_timer = rd<uint32_t>(r + 32); }
  std::vector<nl_nexthop::GroupEntry> g(count);
  for (uint16_t i = 0; i < count; ++i) {
    const uint8_t* e = r + kNexthopObjectSize + i * kGroupEntrySize;
    g[i].id = rd<uint32_t>(e);
    g[i].weight = rd<uint32_t>(e + 4);
  }
  if (count) { s.group = g.data(); s.group_count = count; }
  nl_nexthop::build_change(m, seq, op == kNexthopReplace ? nl_nexthop::Change::Replace : nl_nexthop::Change::Create, s);
  return true;
}

// A "routeV4" record: what build_route sends for a "route" record holding only family AF_INET,
// dstLen, dst and oif (scope, protocol and type unset, table 0, no metric).
bool build_route_v4(const uint8_t* r, Op op, nl::MessageBuffer& m, uint32_t seq, std::string& error) {
  nl_route::Spec s;
  s.family = AF_INET;
  s.dst_len = r[4];
  if (s.dst_len > 32) { error = "routeV4 record: prefix over 32"; return false; }
  s.dst = r + 8;
  s.oif = rd<uint32_t>(r + 12);
  nl_route::Change c = op == kRouteV4Add ? nl_route::Change::Create : op == kRouteV4Replace ? nl_route::Change::Replace
                     : nl_route::Change::Delete;
  nl_route::build_change(m, seq, c, s);
  return true;
}

}  // namespace

const std::vector<Layout>& layouts() {
  static const std::vector<Layout> l = {
      {"route", kRouteAdd, 76, kRouteFields, N(kRouteFields)},
      {"routeV4", kRouteV4Add, kRouteV4Size, kRouteV4Fields, N(kRouteV4Fields)},
      {"nexthop", kRouteAdd, kNexthopSize, kNexthopFields, N(kNexthopFields)},
      {"address", kAddrAdd, 68, kAddrFields, N(kAddrFields)},
      {"linkDelete", kLinkDelete, 24, kLinkDeleteFields, N(kLinkDeleteFields)},
      {"linkSet", kLinkSet, 40, kLinkSetFields, N(kLinkSetFields)},
      {"linkDeleteGroup", kLinkDeleteGroup, 8, kGroupFields, N(kGroupFields)},
      {"vethCreate", kVethCreate, 48, kVethFields, N(kVethFields)},
      {"routeExt", kRouteAdd, kRouteExtSize, kRouteExtFields, N(kRouteExtFields)},
      {"nexthopObject", kNexthopAdd, kNexthopObjectSize, kNexthopObjectFields, N(kNexthopObjectFields)},
      {"groupEntry", kNexthopAdd, kGroupEntrySize, kGroupEntryFields, N(kGroupEntryFields)},
  };
  return l;
}

namespace {
const uint16_t kMin[] = {0, 76, 76, 76, 68, 68, 24, 40, 8, 48,
                         76, kNexthopObjectSize, kNexthopObjectSize, kNexthopObjectSize, 68,
                         kRouteV4Size, kRouteV4Size, kRouteV4Size};

// The record header at data + off: its op and length, checked against the bytes left.
bool record_header(const uint8_t* data, size_t len, size_t off, Op& op, uint16_t& rlen, std::string& error) {
  if (len - off < 4) { error = "truncated record header"; return false; }
  op = static_cast<Op>(data[off]);
  rlen = rd<uint16_t>(data + off + 2);
  if (op < kRouteAdd || op > kRouteV4Delete) { error = "unknown batch op"; return false; }
  if (rlen < kMin[op] || rlen > len - off || (rlen & 3)) { error = "bad record length"; return false; }
  return true;
}
}  // namespace

long count_records(const uint8_t* data, size_t len, std::string& error) {
  size_t off = 0;
  long n = 0;
  Op op;
  uint16_t rlen;
  for (; off < len; off += rlen, ++n)
    if (!record_header(data, len, off, op, rlen, error)) return -1;
  return n;
}

long build_all(const uint8_t* data, size_t len, nl::MessageBuffer& m, uint32_t first_seq, std::string& error) {
  size_t off = 0;
  return build_some(data, len, off, LONG_MAX, m, first_seq, error);
}

long build_some(const uint8_t* data, size_t len, size_t& off, long max, nl::MessageBuffer& m, uint32_t first_seq,
                std::string& error) {
  long n = 0;
  while (off < len && n < max) {
    Op op;
    uint16_t rlen;
    if (!record_header(data, len, off, op, rlen, error)) return -1;
    const uint8_t* r = data + off;
    uint32_t seq = first_seq + static_cast<uint32_t>(n);
    switch (op) {
      case kRouteAdd: case kRouteReplace: case kRouteDelete: case kRouteAppend:
        if (!build_route(r, rlen, op, m, seq, error)) return -1;
        break;
      case kRouteV4Add: case kRouteV4Replace: case kRouteV4Delete:
        if (!build_route_v4(r, op, m, seq, error)) return -1;
        break;
      case kAddrAdd: case kAddrDelete: case kAddrReplace:
        if (!build_addr(r, rlen, op, m, seq, error)) return -1;
        break;
      case kNexthopAdd: case kNexthopReplace: case kNexthopDelete:
        if (!build_nexthop(r, rlen, op, m, seq, error)) return -1;
        break;
      case kLinkDelete: {
        nl_link::Ref ref{rd<uint32_t>(r + 4), name_at(r + 8)};
        nl_link::build_delete(m, seq, ref);
        break;
      }
      case kLinkSet: {
        nl_link::Ref ref{rd<uint32_t>(r + 4), name_at(r + 24)};
        uint8_t p = r[8];
        nl_link::Settings s;
        if (p & kSetUp) s.up = (p & kUpValue) != 0;
        if (p & kSetMtu) s.mtu = rd<uint32_t>(r + 12);
        if (p & kSetMaster) s.master = rd<uint32_t>(r + 16);
        if (p & kSetGroup) s.group = rd<uint32_t>(r + 20);
        nl_link::build_set(m, seq, ref, s);
        break;
      }
      case kLinkDeleteGroup:
        nl_link::build_delete_group(m, seq, rd<uint32_t>(r + 4));
        break;
      case kVethCreate: {
        nl_link::Spec s;
        s.kind = "veth";
        s.self.name = name_at(r + 4);
        s.has_peer = true;
        s.peer.name = name_at(r + 20);
        int32_t fd = rd<int32_t>(r + 36);
        if (fd >= 0) s.peer.netns_fd = fd;
        uint32_t mtu = rd<uint32_t>(r + 40), group = rd<uint32_t>(r + 44);
        if (mtu) { s.self.mtu = mtu; s.peer.mtu = mtu; }
        if (group) { s.self.group = group; s.peer.group = group; }
        nl_link::build_create(m, seq, s, false);
        break;
      }
    }
    off += rlen;
    ++n;
  }
  return n;
}

}  // namespace nl_batch
