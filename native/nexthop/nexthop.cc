// Nexthop-object requests and the decoder. Attribute order follows iproute2's ipnh_modify()
// for `ip nexthop add id N via G dev D …`, so the same command encodes to the same bytes
// (test/codec/nexthop.test.ts compares them with strace captures).
#include "nexthop.h"

#include <sys/socket.h>

#include <cstring>
#include <string>

#include "../nl/attr.h"
#include "../nl/format.h"
#include "../nl/raw.h"
#include "nexthop_schema.h"

namespace nl_nexthop {

using nl::Attr;
using nl::FieldType;
using nl::MessageBuffer;
using nl::RecordWriter;

namespace {

// clock_t (USER_HZ) per second, the unit of the resilient group timers on the wire.
constexpr uint32_t kUserHz = 100;

nhmsg header(uint8_t family, uint8_t protocol, uint32_t flags) {
  nhmsg n{};
  n.nh_family = family;
  n.nh_protocol = protocol;
  n.nh_flags = flags;
  return n;
}

// struct nexthop_grp, written byte by byte: older UAPI headers call weight_high resvd1.
void put_group(MessageBuffer& m, const Spec& s) {
  size_t tok = m.nest_begin(NHA_GROUP);
  for (size_t i = 0; i < s.group_count; ++i) {
    uint8_t e[8] = {};
    std::memcpy(e, &s.group[i].id, 4);
    uint32_t w = s.group[i].weight > 0 ? s.group[i].weight - 1 : 0;
    e[4] = static_cast<uint8_t>(w);
    e[5] = static_cast<uint8_t>(w >> 8);
    m.put_raw(e, sizeof e);
  }
  m.nest_end(tok);
  // A plain array, not attributes: no NLA_F_NESTED (as iproute2 sends it).
  reinterpret_cast<nlattr*>(m.data() + tok)->nla_type = NHA_GROUP;
}

}  // namespace

void build_change(MessageBuffer& m, uint32_t seq, Change c, const Spec& s) {
  uint16_t flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE;
  flags |= c == Change::Replace ? NLM_F_REPLACE : NLM_F_EXCL;
  m.begin(RTM_NEWNEXTHOP, flags, seq);
  m.put_header(header(s.family, s.protocol, s.flags));
  if (s.id) m.put_u32(NHA_ID, s.id);
  if (s.gw) m.put(NHA_GATEWAY, s.gw, s.gw_len);
  if (s.oif) m.put_u32(NHA_OIF, s.oif);
  if (s.blackhole) m.put_flag(NHA_BLACKHOLE);
  if (s.group_count) put_group(m, s);
  if (s.has_buckets || s.has_idle || s.has_unbalanced) {
    nl::Nest res(m, NHA_RES_GROUP);
    if (s.has_buckets) m.put_u16(NHA_RES_GROUP_BUCKETS, s.buckets);
    if (s.has_idle) m.put_u32(NHA_RES_GROUP_IDLE_TIMER, s.idle_timer * kUserHz);
    if (s.has_unbalanced) m.put_u32(NHA_RES_GROUP_UNBALANCED_TIMER, s.unbalanced_timer * kUserHz);
  }
  if (s.group_type >= 0) m.put_u16(NHA_GROUP_TYPE, static_cast<uint16_t>(s.group_type));
  if (s.fdb) m.put_flag(NHA_FDB);
}

void build_delete(MessageBuffer& m, uint32_t seq, uint32_t id) {
  m.begin(RTM_DELNEXTHOP, NLM_F_REQUEST | NLM_F_ACK, seq);
  m.put_header(header(AF_UNSPEC, 0, 0));
  m.put_u32(NHA_ID, id);
}

void build_get(MessageBuffer& m, uint32_t seq, uint32_t id) {
  m.begin(RTM_GETNEXTHOP, id ? NLM_F_REQUEST | NLM_F_ACK : NLM_F_REQUEST | NLM_F_DUMP, seq);
  m.put_header(header(AF_UNSPEC, 0, 0));
  if (id) m.put_u32(NHA_ID, id);
}

namespace {

nl::Error decode_group(RecordWriter& w, const Attr& a) {
  if (a.len % 8 != 0) return nl::Error::bad("NHA_GROUP: length not a multiple of struct nexthop_grp");
  for (size_t off = 0; off < a.len; off += 8) {
    uint32_t id;
    std::memcpy(&id, a.data + off, 4);
    size_t t = w.nest_begin(f::GROUP);
    w.u32(g::ID, id);
    w.u32(g::WEIGHT, (static_cast<uint32_t>(a.data[off + 5]) << 8 | a.data[off + 4]) + 1);
    w.nest_end(t);
  }
  return nl::Error{};
}

nl::Error decode_res(RecordWriter& w, const Attr& res) {
  nl::AttrIter it(res.data, res.len);
  Attr a;
  uint16_t v16;
  uint32_t v32;
  uint64_t v64;
  while (it.next(a)) {
    switch (a.type) {
      case NHA_RES_GROUP_BUCKETS: if (a.u16(v16)) w.u32(f::BUCKETS, v16); else nl::write_raw(w, f::RES_RAW, a); break;
      case NHA_RES_GROUP_IDLE_TIMER: if (a.u32(v32)) w.u32(f::IDLE_TIMER, v32 / kUserHz); else nl::write_raw(w, f::RES_RAW, a); break;
      case NHA_RES_GROUP_UNBALANCED_TIMER: if (a.u32(v32)) w.u32(f::UNBALANCED_TIMER, v32 / kUserHz); else nl::write_raw(w, f::RES_RAW, a); break;
      case NHA_RES_GROUP_UNBALANCED_TIME:
        if (a.len == 8) { std::memcpy(&v64, a.data, 8); w.u64(f::UNBALANCED_TIME, v64); } else nl::write_raw(w, f::RES_RAW, a);
        break;
      default: nl::write_raw(w, f::RES_RAW, a); break;
    }
  }
  if (it.error()) return nl::Error::bad(std::string("NHA_RES_GROUP: ") + it.error());
  return nl::Error{};
}

}  // namespace

nl::Error decode(const nlmsghdr* h, RecordWriter& w) {
  nhmsg n;
  const uint8_t* p;
  size_t len;
  if (!nl::split_message(h, n, p, len)) return nl::Error::bad("RTM_NEWNEXTHOP: shorter than nhmsg");
  size_t rec = w.begin();
  w.u8(f::FAMILY, n.nh_family);
  w.u8(f::SCOPE, n.nh_scope);
  w.u8(f::PROTOCOL, n.nh_protocol);
  w.u32(f::FLAGS, n.nh_flags);
  nl::AttrIter it(p, len);
  Attr a;
  uint32_t v32;
  uint16_t v16;
  while (it.next(a)) {
    switch (a.type) {
      case NHA_ID: if (a.u32(v32)) w.u32(f::ID, v32); else nl::write_raw(w, f::RAW, a); break;
      case NHA_OIF: if (a.u32(v32)) w.u32(f::OIF, v32); else nl::write_raw(w, f::RAW, a); break;
      case NHA_GATEWAY:
        if (a.len == 4 || a.len == 16) w.str(f::GATEWAY, nl::ip_from_bytes(a.data, a.len));
        else nl::write_raw(w, f::RAW, a);
        break;
      case NHA_BLACKHOLE: w.u8(f::BLACKHOLE, 1); break;
      case NHA_FDB: w.u8(f::FDB, 1); break;
      case NHA_GROUP_TYPE: if (a.u16(v16)) w.u16(f::GROUP_TYPE, v16); else nl::write_raw(w, f::RAW, a); break;
      case NHA_GROUP:
        if (nl::Error e = decode_group(w, a)) return e;
        break;
      case NHA_RES_GROUP:
        if (nl::Error e = decode_res(w, a)) return e;
        break;
      default: nl::write_raw(w, f::RAW, a); break;
    }
  }
  if (it.error()) return nl::Error::bad(std::string("RTM_NEWNEXTHOP: ") + it.error());
  w.end(rec);
  return nl::Error{};
}

// ---- schemas (exported to TypeScript) ----
static const nl::FieldDef kNexthopObject[] = {
    {f::ID, "id", FieldType::U32, false, nullptr},
    {f::FAMILY, "family", FieldType::U8, false, nullptr},
    {f::SCOPE, "scope", FieldType::U8, false, nullptr},
    {f::PROTOCOL, "protocol", FieldType::U8, false, nullptr},
    {f::FLAGS, "flags", FieldType::U32, false, nullptr},
    {f::OIF, "oif", FieldType::U32, false, nullptr},
    {f::GATEWAY, "gateway", FieldType::STR, false, nullptr},
    {f::BLACKHOLE, "blackhole", FieldType::U8, false, nullptr},
    {f::FDB, "fdb", FieldType::U8, false, nullptr},
    {f::GROUP_TYPE, "groupType", FieldType::U16, false, nullptr},
    {f::GROUP, "group", FieldType::REC, true, "nexthopGroupEntry"},
    {f::BUCKETS, "buckets", FieldType::U32, false, nullptr},
    {f::IDLE_TIMER, "idleTimer", FieldType::U32, false, nullptr},
    {f::UNBALANCED_TIMER, "unbalancedTimer", FieldType::U32, false, nullptr},
    {f::UNBALANCED_TIME, "unbalancedTime", FieldType::U64, false, nullptr},
    {f::RES_RAW, "resRaw", FieldType::REC, true, "rawattr"},
    {f::RAW, "raw", FieldType::REC, true, "rawattr"},
};
static const nl::FieldDef kGroupEntry[] = {
    {g::ID, "id", FieldType::U32, false, nullptr},
    {g::WEIGHT, "weight", FieldType::U32, false, nullptr},
};
NL_SCHEMA(kNexthopObjectSchema, "nexthopObject", kNexthopObject)
NL_SCHEMA(kGroupEntrySchema, "nexthopGroupEntry", kGroupEntry)
// For event monitors: nexthop notifications decode like dump replies.
static nl::DecoderRegistration reg_newnexthop({RTM_NEWNEXTHOP, "newnexthop", "nexthopObject", &decode});
static nl::DecoderRegistration reg_delnexthop({RTM_DELNEXTHOP, "delnexthop", "nexthopObject", &decode});

}  // namespace nl_nexthop
