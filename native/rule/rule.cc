#include "rule.h"

#include <sys/socket.h>

#include "../nl/attr.h"
#include "../nl/format.h"
#include "../nl/raw.h"
#include "../nl/request.h"

namespace nl_rule {

using nl::FieldType;

namespace {

struct U16Pair { uint16_t lo, hi; };
struct U32Pair { uint32_t lo, hi; };

fib_rule_hdr header_for(const nl::ReqFields& r) {
  fib_rule_hdr frh{};
  frh.family = r.u8(f::FAMILY).value_or(AF_INET);
  frh.dst_len = r.u8(f::DST_LEN).value_or(0);
  frh.src_len = r.u8(f::SRC_LEN).value_or(0);
  frh.tos = r.u8(f::TOS).value_or(0);
  frh.action = r.u8(f::ACTION).value_or(FR_ACT_UNSPEC);
  frh.flags = r.u32(f::FLAGS).value_or(0);
  // Tables above 255 do not fit the header: FRA_TABLE carries them (as iproute2 does).
  uint32_t table = r.u32(f::TABLE).value_or(0);
  frh.table = table < 256 ? static_cast<uint8_t>(table) : RT_TABLE_UNSPEC;
  return frh;
}

// Attributes in the order `ip rule add pref P from S to D tos T fwmark M/K iif I oif O
// uidrange A-B ipproto X sport A-B dport C-D l3mdev suppress_prefixlength N protocol P
// table T|goto G` sends them (iproute2 emits them in argument order).
void put_attrs(const nl::ReqFields& r, nl::MessageBuffer& m) {
  if (auto v = r.u32(f::PRIORITY)) m.put_u32(FRA_PRIORITY, *v);
  if (auto a = r.bytes(f::SRC, {4, 16})) m.put(FRA_SRC, a->data, a->len);
  if (auto a = r.bytes(f::DST, {4, 16})) m.put(FRA_DST, a->data, a->len);
  if (auto v = r.u32(f::FWMARK)) m.put_u32(FRA_FWMARK, *v);
  if (auto v = r.u32(f::FWMASK)) m.put_u32(FRA_FWMASK, *v);
  if (auto v = r.u32(f::FLOW)) m.put_u32(FRA_FLOW, *v);
  if (auto s = r.str(f::IIF)) m.put_strz(FRA_IIFNAME, *s);
  if (auto s = r.str(f::OIF)) m.put_strz(FRA_OIFNAME, *s);
  auto ulo = r.u32(f::UID_START), uhi = r.u32(f::UID_END);
  if (ulo && uhi) { U32Pair p{*ulo, *uhi}; m.put(FRA_UID_RANGE, &p, sizeof p); }
  if (auto v = r.u8(f::IP_PROTO)) m.put_u8(FRA_IP_PROTO, *v);
  auto slo = r.u16(f::SPORT_LO), shi = r.u16(f::SPORT_HI);
  if (slo && shi) { U16Pair p{*slo, *shi}; m.put(FRA_SPORT_RANGE, &p, sizeof p); }
  auto dlo = r.u16(f::DPORT_LO), dhi = r.u16(f::DPORT_HI);
  if (dlo && dhi) { U16Pair p{*dlo, *dhi}; m.put(FRA_DPORT_RANGE, &p, sizeof p); }
  if (auto v = r.u8(f::L3MDEV)) m.put_u8(FRA_L3MDEV, *v);
  if (auto v = r.u32(f::SUPPRESS_PREFIXLEN)) m.put_u32(FRA_SUPPRESS_PREFIXLEN, *v);
  if (auto v = r.u32(f::SUPPRESS_IFGROUP)) m.put_u32(FRA_SUPPRESS_IFGROUP, *v);
  if (auto v = r.u8(f::PROTOCOL)) m.put_u8(FRA_PROTOCOL, *v);
  if (auto v = r.u32(f::TABLE); v && *v >= 256) m.put_u32(FRA_TABLE, *v);
  if (auto v = r.u32(f::GOTO)) m.put_u32(FRA_GOTO, *v);
}

// Equivalent to: ip rule add …
nl::Error build_add(const nl::ReqFields& r, nl::MessageBuffer& m, uint32_t seq) {
  m.begin(RTM_NEWRULE, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq);
  m.put_header(header_for(r));
  put_attrs(r, m);
  return nl::Error{};
}

// Equivalent to: ip rule del … (the kernel deletes the first rule matching every given field)
nl::Error build_delete(const nl::ReqFields& r, nl::MessageBuffer& m, uint32_t seq) {
  m.begin(RTM_DELRULE, NLM_F_REQUEST | NLM_F_ACK, seq);
  m.put_header(header_for(r));
  put_attrs(r, m);
  return nl::Error{};
}

// Equivalent to: ip [-4|-6] rule show (family AF_UNSPEC: both)
nl::Error build_dump(const nl::ReqFields& r, nl::MessageBuffer& m, uint32_t seq) {
  m.begin(RTM_GETRULE, NLM_F_REQUEST | NLM_F_DUMP, seq);
  fib_rule_hdr frh{};
  frh.family = r.u8(f::FAMILY).value_or(AF_UNSPEC);
  m.put_header(frh);
  return nl::Error{};
}

}  // namespace

nl::Error decode(const nlmsghdr* h, nl::RecordWriter& w) {
  fib_rule_hdr frh;
  const uint8_t* p;
  size_t len;
  if (!nl::split_message(h, frh, p, len)) return nl::Error::bad("RTM_NEWRULE: shorter than fib_rule_hdr");
  size_t rec = w.begin();
  w.u8(f::FAMILY, frh.family);
  w.u8(f::DST_LEN, frh.dst_len);
  w.u8(f::SRC_LEN, frh.src_len);
  w.u8(f::TOS, frh.tos);
  w.u8(f::ACTION, frh.action);
  w.u32(f::FLAGS, frh.flags);
  uint32_t table = frh.table;
  nl::AttrIter it(p, len);
  nl::Attr a;
  uint32_t v32;
  uint8_t v8;
  while (it.next(a)) {
    bool ok = true;
    switch (a.type) {
      case FRA_SRC: w.str(f::SRC, nl::ip_from_bytes(a.data, a.len)); break;
      case FRA_DST: w.str(f::DST, nl::ip_from_bytes(a.data, a.len)); break;
      case FRA_IIFNAME: w.str(f::IIF, a.str()); break;
      case FRA_OIFNAME: w.str(f::OIF, a.str()); break;
      case FRA_TABLE: ok = a.u32(table); break;
      case FRA_PRIORITY: if ((ok = a.u32(v32))) w.u32(f::PRIORITY, v32); break;
      case FRA_FWMARK: if ((ok = a.u32(v32))) w.u32(f::FWMARK, v32); break;
      case FRA_FWMASK: if ((ok = a.u32(v32))) w.u32(f::FWMASK, v32); break;
      case FRA_FLOW: if ((ok = a.u32(v32))) w.u32(f::FLOW, v32); break;
      case FRA_GOTO: if ((ok = a.u32(v32))) w.u32(f::GOTO, v32); break;
      case FRA_SUPPRESS_PREFIXLEN: if ((ok = a.u32(v32))) w.u32(f::SUPPRESS_PREFIXLEN, v32); break;
      case FRA_SUPPRESS_IFGROUP: if ((ok = a.u32(v32))) w.u32(f::SUPPRESS_IFGROUP, v32); break;
      case FRA_L3MDEV: if ((ok = a.u8(v8))) w.u8(f::L3MDEV, v8); break;
      case FRA_PROTOCOL: if ((ok = a.u8(v8))) w.u8(f::PROTOCOL, v8); break;
      case FRA_IP_PROTO: if ((ok = a.u8(v8))) w.u8(f::IP_PROTO, v8); break;
      case FRA_UID_RANGE: {
        U32Pair r;
        if ((ok = a.read(&r, sizeof r))) { w.u32(f::UID_START, r.lo); w.u32(f::UID_END, r.hi); }
        break;
      }
      case FRA_SPORT_RANGE:
      case FRA_DPORT_RANGE: {
        U16Pair r;
        bool s = a.type == FRA_SPORT_RANGE;
        if ((ok = a.read(&r, sizeof r))) { w.u16(s ? f::SPORT_LO : f::DPORT_LO, r.lo); w.u16(s ? f::SPORT_HI : f::DPORT_HI, r.hi); }
        break;
      }
      default: nl::write_raw(w, f::RAW, a); break;
    }
    if (!ok) nl::write_raw(w, f::RAW, a);  // too short for its type: kept as received
  }
  if (it.error()) return nl::Error::bad(std::string("RTM_NEWRULE: ") + it.error());
  w.u32(f::TABLE, table);
  w.end(rec);
  return nl::Error{};
}

// ---- schemas: "rule" for requests (addresses as bytes), "routingRule" for listings and events
// (addresses as text); the same field ids. ----
#define RULE_FIELDS(ADDR) \
    {f::FAMILY, "family", FieldType::U8, false, nullptr}, \
    {f::DST_LEN, "dstLen", FieldType::U8, false, nullptr}, \
    {f::SRC_LEN, "srcLen", FieldType::U8, false, nullptr}, \
    {f::TOS, "tos", FieldType::U8, false, nullptr}, \
    {f::TABLE, "table", FieldType::U32, false, nullptr}, \
    {f::ACTION, "action", FieldType::U8, false, nullptr}, \
    {f::FLAGS, "flags", FieldType::U32, false, nullptr}, \
    {f::SRC, "src", ADDR, false, nullptr}, \
    {f::DST, "dst", ADDR, false, nullptr}, \
    {f::IIF, "iif", FieldType::STR, false, nullptr}, \
    {f::OIF, "oif", FieldType::STR, false, nullptr}, \
    {f::PRIORITY, "priority", FieldType::U32, false, nullptr}, \
    {f::FWMARK, "fwmark", FieldType::U32, false, nullptr}, \
    {f::FWMASK, "fwmask", FieldType::U32, false, nullptr}, \
    {f::GOTO, "goto", FieldType::U32, false, nullptr}, \
    {f::UID_START, "uidStart", FieldType::U32, false, nullptr}, \
    {f::UID_END, "uidEnd", FieldType::U32, false, nullptr}, \
    {f::SUPPRESS_PREFIXLEN, "suppressPrefixLength", FieldType::U32, false, nullptr}, \
    {f::SUPPRESS_IFGROUP, "suppressIfgroup", FieldType::U32, false, nullptr}, \
    {f::L3MDEV, "l3mdev", FieldType::U8, false, nullptr}, \
    {f::PROTOCOL, "protocol", FieldType::U8, false, nullptr}, \
    {f::IP_PROTO, "ipProto", FieldType::U8, false, nullptr}, \
    {f::SPORT_LO, "sportLo", FieldType::U16, false, nullptr}, \
    {f::SPORT_HI, "sportHi", FieldType::U16, false, nullptr}, \
    {f::DPORT_LO, "dportLo", FieldType::U16, false, nullptr}, \
    {f::DPORT_HI, "dportHi", FieldType::U16, false, nullptr}, \
    {f::FLOW, "flow", FieldType::U32, false, nullptr}, \
    {f::RAW, "raw", FieldType::REC, true, "rawattr"},
static const nl::FieldDef kRule[] = {RULE_FIELDS(FieldType::BYTES)};
NL_SCHEMA(kRuleSchema, "rule", kRule)
static const nl::FieldDef kRuleOut[] = {RULE_FIELDS(FieldType::STR)};
NL_SCHEMA(kRuleOutSchema, "routingRule", kRuleOut)
#undef RULE_FIELDS

static nl::RequestRegistration reg_add({"rule.add", &build_add, false, 0, nullptr});
static nl::RequestRegistration reg_del({"rule.delete", &build_delete, false, 0, nullptr});
static nl::RequestRegistration reg_dump({"rule.dump", &build_dump, true, RTM_NEWRULE, &decode});
static nl::DecoderRegistration reg_newrule({RTM_NEWRULE, "newrule", "routingRule", &decode});
static nl::DecoderRegistration reg_delrule({RTM_DELRULE, "delrule", "routingRule", &decode});

}  // namespace nl_rule
