// Route messages → "route" records (nexthops as nested "nexthop" records; unknown attributes raw).
#include <sys/socket.h>

#include <cstring>

#include "../nl/attr.h"
#include "../nl/format.h"
#include "../nl/raw.h"
#include "route.h"
#include "route_schema.h"

namespace nl_route {

using nl::Attr;
using nl::FieldType;
using nl::RecordWriter;

namespace {

std::string via_to_string(const Attr& a) {
  rtvia v{};
  if (a.len < sizeof v) return std::string();
  std::memcpy(&v, a.data, sizeof v);
  const uint8_t* p = a.data + sizeof v;
  size_t n = a.len - sizeof v;
  if (v.rtvia_family == AF_INET && n >= 4) return nl::ip_to_string(AF_INET, p);
  if (v.rtvia_family == AF_INET6 && n >= 16) return nl::ip_to_string(AF_INET6, p);
  return std::string();
}

nl::Error decode_multipath(RecordWriter& w, const Attr& mp) {
  const uint8_t* p = mp.data;
  size_t left = mp.len;
  while (left >= sizeof(rtnexthop)) {
    rtnexthop rtnh;
    std::memcpy(&rtnh, p, sizeof rtnh);
    if (rtnh.rtnh_len < sizeof rtnh || rtnh.rtnh_len > left)
      return nl::Error::bad("RTA_MULTIPATH: rtnexthop length out of bounds");
    size_t t = w.nest_begin(f::NEXTHOPS);
    w.u32(nh::IFINDEX, static_cast<uint32_t>(rtnh.rtnh_ifindex));
    w.u16(nh::WEIGHT, static_cast<uint16_t>(rtnh.rtnh_hops + 1));
    w.u8(nh::FLAGS, rtnh.rtnh_flags);
    nl::AttrIter it(p + RTNH_LENGTH(0), rtnh.rtnh_len - RTNH_LENGTH(0));
    Attr a;
    while (it.next(a)) {
      switch (a.type) {
        case RTA_GATEWAY: w.str(nh::GATEWAY, nl::ip_from_bytes(a.data, a.len)); break;
        case RTA_VIA: w.str(nh::VIA, via_to_string(a)); break;
        default: nl::write_raw(w, nh::RAW, a); break;
      }
    }
    if (it.error()) return nl::Error::bad(std::string("RTA_MULTIPATH › rtnexthop: ") + it.error());
    w.nest_end(t);
    size_t step = RTNH_ALIGN(rtnh.rtnh_len);
    if (step >= left) break;
    p += step;
    left -= step;
  }
  return nl::Error{};
}

// RTA_METRICS: the RTAX_* ip route prints; others (and malformed ones) kept raw.
nl::Error decode_metrics(RecordWriter& w, const Attr& mx) {
  nl::AttrIter it(mx.data, mx.len);
  Attr a;
  uint32_t v;
  while (it.next(a)) {
    uint16_t id = 0;
    switch (a.type) {
      case RTAX_MTU: id = f::MTU; break;
      case RTAX_ADVMSS: id = f::ADVMSS; break;
      case RTAX_WINDOW: id = f::WINDOW; break;
      case RTAX_RTT: id = f::RTT; break;
      case RTAX_HOPLIMIT: id = f::HOPLIMIT; break;
      case RTAX_INITCWND: id = f::INITCWND; break;
      case RTAX_LOCK: id = f::LOCK; break;
      default: break;
    }
    if (id && a.u32(v)) w.u32(id, id == f::RTT ? v >> 3 : v);
    else nl::write_raw(w, f::METRICS_RAW, a);
  }
  if (it.error()) return nl::Error::bad(std::string("RTA_METRICS: ") + it.error());
  return nl::Error{};
}

}  // namespace

nl::Error decode(const nlmsghdr* h, RecordWriter& w) {
  rtmsg r;
  const uint8_t* p;
  size_t len;
  if (!nl::split_message(h, r, p, len)) return nl::Error::bad("RTM_NEWROUTE: shorter than rtmsg");

  size_t rec = w.begin();
  w.u8(f::FAMILY, r.rtm_family);
  w.u8(f::DST_LEN, r.rtm_dst_len);
  w.u8(f::SRC_LEN, r.rtm_src_len);
  w.u8(f::TOS, r.rtm_tos);
  w.u8(f::PROTOCOL, r.rtm_protocol);
  w.u8(f::SCOPE, r.rtm_scope);
  w.u8(f::TYPE, r.rtm_type);
  w.u32(f::FLAGS, r.rtm_flags);

  uint32_t table = r.rtm_table;  // 8 bits; RTA_TABLE carries the full id and wins
  nl::AttrIter it(p, len);
  Attr a;
  uint32_t v32;
  uint8_t v8;
  while (it.next(a)) {
    switch (a.type) {
      case RTA_DST: w.str(f::DST, nl::ip_from_bytes(a.data, a.len)); break;
      case RTA_SRC: w.str(f::SRC, nl::ip_from_bytes(a.data, a.len)); break;
      case RTA_GATEWAY: w.str(f::GATEWAY, nl::ip_from_bytes(a.data, a.len)); break;
      case RTA_VIA: w.str(f::VIA, via_to_string(a)); break;
      case RTA_PREFSRC: w.str(f::PREFSRC, nl::ip_from_bytes(a.data, a.len)); break;
      case RTA_OIF: if (a.u32(v32)) w.u32(f::OIF, v32); break;
      case RTA_IIF: if (a.u32(v32)) w.u32(f::IIF, v32); break;
      case RTA_PRIORITY: if (a.u32(v32)) w.u32(f::PRIORITY, v32); break;
      case RTA_TABLE: if (a.u32(v32)) table = v32; break;
      case RTA_PREF: if (a.u8(v8)) w.u8(f::PREF, v8); break;
      case RTA_EXPIRES: if (a.u32(v32)) w.u32(f::EXPIRES, v32); break;
      case RTA_NH_ID: if (a.u32(v32)) w.u32(f::NH_ID, v32); break;
      case RTA_MULTIPATH:
        if (nl::Error e = decode_multipath(w, a)) return e;
        break;
      case RTA_METRICS:
        if (nl::Error e = decode_metrics(w, a)) return e;
        break;
      case RTA_FLOW: if (a.u32(v32)) w.u32(f::REALM, v32); break;
      case RTA_CACHEINFO: {
        // Kept raw (its counters are not decoded); rta_expires, in clock_t (USER_HZ, 100 per
        // second, 0 = never), also as whole seconds.
        rta_cacheinfo ci;
        if (a.len >= sizeof ci) {
          std::memcpy(&ci, a.data, sizeof ci);
          if (ci.rta_expires) w.u32(f::CACHE_EXPIRES, (ci.rta_expires + 99) / 100);
        }
        nl::write_raw(w, f::RAW, a);
        break;
      }
      default: nl::write_raw(w, f::RAW, a); break;
    }
  }
  if (it.error()) return nl::Error::bad(std::string("RTM_NEWROUTE: ") + it.error());
  w.u32(f::TABLE, table);
  w.end(rec);
  return nl::Error{};
}

// ---- schemas (exported to TypeScript) ----
static const nl::FieldDef kRoute[] = {
    {f::FAMILY, "family", FieldType::U8, false, nullptr},
    {f::DST_LEN, "dstLen", FieldType::U8, false, nullptr},
    {f::SRC_LEN, "srcLen", FieldType::U8, false, nullptr},
    {f::TOS, "tos", FieldType::U8, false, nullptr},
    {f::TABLE, "table", FieldType::U32, false, nullptr},
    {f::PROTOCOL, "protocol", FieldType::U8, false, nullptr},
    {f::SCOPE, "scope", FieldType::U8, false, nullptr},
    {f::TYPE, "type", FieldType::U8, false, nullptr},
    {f::FLAGS, "flags", FieldType::U32, false, nullptr},
    {f::DST, "dst", FieldType::STR, false, nullptr},
    {f::SRC, "src", FieldType::STR, false, nullptr},
    {f::GATEWAY, "gateway", FieldType::STR, false, nullptr},
    {f::VIA, "via", FieldType::STR, false, nullptr},
    {f::OIF, "oif", FieldType::U32, false, nullptr},
    {f::IIF, "iif", FieldType::U32, false, nullptr},
    {f::PREFSRC, "prefsrc", FieldType::STR, false, nullptr},
    {f::PRIORITY, "priority", FieldType::U32, false, nullptr},
    {f::PREF, "pref", FieldType::U8, false, nullptr},
    {f::EXPIRES, "expires", FieldType::U32, false, nullptr},
    {f::NEXTHOPS, "nexthops", FieldType::REC, true, "nexthop"},
    {f::NH_ID, "nhId", FieldType::U32, false, nullptr},
    {f::RAW, "raw", FieldType::REC, true, "rawattr"},
    {f::MTU, "mtu", FieldType::U32, false, nullptr},
    {f::ADVMSS, "advmss", FieldType::U32, false, nullptr},
    {f::WINDOW, "window", FieldType::U32, false, nullptr},
    {f::RTT, "rtt", FieldType::U32, false, nullptr},
    {f::HOPLIMIT, "hoplimit", FieldType::U32, false, nullptr},
    {f::INITCWND, "initcwnd", FieldType::U32, false, nullptr},
    {f::LOCK, "lock", FieldType::U32, false, nullptr},
    {f::METRICS_RAW, "metricsRaw", FieldType::REC, true, "rawattr"},
    {f::REALM, "realm", FieldType::U32, false, nullptr},
    {f::CACHE_EXPIRES, "cacheExpires", FieldType::U32, false, nullptr},
};
static const nl::FieldDef kNexthop[] = {
    {nh::GATEWAY, "gateway", FieldType::STR, false, nullptr},
    {nh::VIA, "via", FieldType::STR, false, nullptr},
    {nh::IFINDEX, "ifindex", FieldType::U32, false, nullptr},
    {nh::WEIGHT, "weight", FieldType::U16, false, nullptr},
    {nh::FLAGS, "flags", FieldType::U8, false, nullptr},
    {nh::RAW, "raw", FieldType::REC, true, "rawattr"},
};
NL_SCHEMA(kRouteSchema, "route", kRoute)
NL_SCHEMA(kNexthopSchema, "nexthop", kNexthop)
// For event monitors: route notifications decode like dump replies.
static nl::DecoderRegistration reg_newroute({RTM_NEWROUTE, "newroute", "route", &decode});
static nl::DecoderRegistration reg_delroute({RTM_DELROUTE, "delroute", "route", &decode});

}  // namespace nl_route
