#include "brvlan.h"

#include <linux/if_bridge.h>
#include <linux/if_link.h>
#include <sys/socket.h>

#include <string>

#include "../nl/attr.h"
#include "../nl/raw.h"
#include "../nl/request.h"

namespace nl_brvlan {

using nl::FieldType;

namespace {

constexpr uint16_t kRangeBits = BRIDGE_VLAN_INFO_RANGE_BEGIN | BRIDGE_VLAN_INFO_RANGE_END;

void put_info(nl::MessageBuffer& m, uint16_t flags, uint16_t vid) {
  bridge_vlan_info v{};
  v.flags = flags;
  v.vid = vid;
  m.put(IFLA_BRIDGE_VLAN_INFO, &v, sizeof v);
}

// bridge/vlan.c vlan_modify: [IFLA_BRIDGE_FLAGS when self/master given], then one VLAN_INFO, or
// two (RANGE_BEGIN, RANGE_END, each with the other flags) for a range. IFLA_AF_SPEC goes without
// NLA_F_NESTED, as `bridge` sends it (an old attribute: the kernel accepts both forms).
nl::Error build(const nl::ReqFields& r, nl::MessageBuffer& m, uint32_t seq, uint16_t type) {
  m.begin(type, NLM_F_REQUEST | NLM_F_ACK, seq);
  ifinfomsg ifi{};
  ifi.ifi_family = AF_BRIDGE;
  ifi.ifi_index = static_cast<int>(r.u32(req::INDEX).value_or(0));
  m.put_header(ifi);
  size_t tok = m.nest_begin(IFLA_AF_SPEC);
  if (auto bf = r.u16(req::BRIDGE_FLAGS)) m.put_u16(IFLA_BRIDGE_FLAGS, *bf);
  uint16_t flags = r.u16(req::FLAGS).value_or(0) & static_cast<uint16_t>(~kRangeBits);
  uint16_t vid = r.u16(req::VID).value_or(0);
  if (auto end = r.u16(req::VID_END)) {
    put_info(m, flags | BRIDGE_VLAN_INFO_RANGE_BEGIN, vid);
    put_info(m, flags | BRIDGE_VLAN_INFO_RANGE_END, *end);
  } else {
    put_info(m, flags, vid);
  }
  m.nest_end(tok);
  reinterpret_cast<nlattr*>(m.data() + tok)->nla_type = IFLA_AF_SPEC;
  return nl::Error{};
}

// Equivalent to: bridge vlan add dev IFINDEX vid V[-E] [pvid] [untagged] [self] [master]
nl::Error build_add(const nl::ReqFields& r, nl::MessageBuffer& m, uint32_t seq) { return build(r, m, seq, RTM_SETLINK); }
// Equivalent to: bridge vlan del dev IFINDEX vid V[-E] [self] [master]
nl::Error build_del(const nl::ReqFields& r, nl::MessageBuffer& m, uint32_t seq) { return build(r, m, seq, RTM_DELLINK); }

// Equivalent to: bridge vlan show — every bridge and port, filtered by the caller (the kernel
// refuses a device filter in an AF_BRIDGE link dump under strict checking).
nl::Error build_dump(const nl::ReqFields&, nl::MessageBuffer& m, uint32_t seq) {
  m.begin(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, seq);
  ifinfomsg ifi{};
  ifi.ifi_family = AF_BRIDGE;
  m.put_header(ifi);
  m.put_u32(IFLA_EXT_MASK, RTEXT_FILTER_BRVLAN);
  return nl::Error{};
}

void write_entry(nl::RecordWriter& w, const bridge_vlan_info& v, const uint16_t* end, const uint8_t* state) {
  size_t t = w.nest_begin(f::VLANS);
  w.u16(entry::VID, v.vid);
  if (end) w.u16(entry::VID_END, *end);
  w.u16(entry::FLAGS, static_cast<uint16_t>(v.flags & ~kRangeBits));
  if (state) w.u8(entry::STATE, *state);
  w.nest_end(t);
}

// IFLA_AF_SPEC of an AF_BRIDGE link: VLAN_INFO entries, a compressed range as a RANGE_BEGIN
// entry followed by its RANGE_END. Other attributes (tunnel info, flags) are kept raw.
nl::Error decode_af_spec(const nl::Attr& spec, nl::RecordWriter& w) {
  nl::AttrIter it(spec.data, spec.len);
  nl::Attr a;
  bool open = false;
  bridge_vlan_info begin{};
  while (it.next(a)) {
    bridge_vlan_info v;
    if (a.type != IFLA_BRIDGE_VLAN_INFO || !a.read(&v, sizeof v)) {
      nl::write_raw(w, f::RAW, a);
      continue;
    }
    if (v.flags & BRIDGE_VLAN_INFO_RANGE_BEGIN) {
      if (open) return nl::Error::bad("IFLA_AF_SPEC › IFLA_BRIDGE_VLAN_INFO: range begins twice");
      open = true;
      begin = v;
    } else if (v.flags & BRIDGE_VLAN_INFO_RANGE_END) {
      if (!open) return nl::Error::bad("IFLA_AF_SPEC › IFLA_BRIDGE_VLAN_INFO: range end without a begin");
      if (v.vid < begin.vid) return nl::Error::bad("IFLA_AF_SPEC › IFLA_BRIDGE_VLAN_INFO: range ends before it begins");
      open = false;
      write_entry(w, begin, &v.vid, nullptr);
    } else {
      if (open) return nl::Error::bad("IFLA_AF_SPEC › IFLA_BRIDGE_VLAN_INFO: range without an end");
      write_entry(w, v, nullptr, nullptr);
    }
  }
  if (it.error()) return nl::Error::bad(std::string("IFLA_AF_SPEC: ") + it.error());
  if (open) return nl::Error::bad("IFLA_AF_SPEC › IFLA_BRIDGE_VLAN_INFO: range without an end");
  return nl::Error{};
}

// BRIDGE_VLANDB_ENTRY: INFO (bridge_vlan_info), RANGE (u16 last vid), STATE (u8 STP state); the
// rest (tunnel, multicast router, stats …) is kept raw.
nl::Error decode_db_entry(const nl::Attr& e, nl::RecordWriter& w) {
  nl::AttrTable<BRIDGE_VLANDB_ENTRY_MAX> t;
  if (!t.parse(e)) return nl::Error::bad(std::string("BRIDGE_VLANDB_ENTRY: ") + t.error);
  bridge_vlan_info v;
  const nl::Attr* info = t.get(BRIDGE_VLANDB_ENTRY_INFO);
  if (!info || !info->read(&v, sizeof v)) return nl::Error::bad("BRIDGE_VLANDB_ENTRY: no BRIDGE_VLANDB_ENTRY_INFO");
  uint16_t end;
  uint8_t state;
  const nl::Attr* r = t.get(BRIDGE_VLANDB_ENTRY_RANGE);
  const nl::Attr* s = t.get(BRIDGE_VLANDB_ENTRY_STATE);
  bool has_end = r && r->u16(end) && end != v.vid;
  if (has_end && end < v.vid) return nl::Error::bad("BRIDGE_VLANDB_ENTRY › BRIDGE_VLANDB_ENTRY_RANGE: ends before it begins");
  bool has_state = s && s->u8(state);
  write_entry(w, v, has_end ? &end : nullptr, has_state ? &state : nullptr);
  for (size_t i = 0; i <= BRIDGE_VLANDB_ENTRY_MAX; ++i) {
    if (!t.has[i] || i == BRIDGE_VLANDB_ENTRY_INFO || i == BRIDGE_VLANDB_ENTRY_RANGE || i == BRIDGE_VLANDB_ENTRY_STATE) continue;
    nl::write_raw(w, f::RAW, t.at[i]);
  }
  for (const nl::Attr& u : t.unknown) nl::write_raw(w, f::RAW, u);
  return nl::Error{};
}

}  // namespace

nl::Error decode_link(const nlmsghdr* h, nl::RecordWriter& w) {
  ifinfomsg ifi;
  const uint8_t* p;
  size_t len;
  if (!nl::split_message(h, ifi, p, len)) return nl::Error::bad("RTM_NEWLINK: shorter than ifinfomsg");
  nl::AttrTable<IFLA_MAX> t;
  if (!t.parse(p, len)) return nl::Error::bad(std::string("RTM_NEWLINK: ") + t.error);
  size_t rec = w.begin();
  w.u32(f::INDEX, static_cast<uint32_t>(ifi.ifi_index));
  w.u8(f::FAMILY, ifi.ifi_family);
  uint32_t v32;
  if (auto a = t.get(IFLA_IFNAME)) w.str(f::NAME, a->str());
  if (auto a = t.get(IFLA_MASTER); a && a->u32(v32)) w.u32(f::MASTER, v32);
  // The link's other attributes (mtu, operstate, IFLA_PROTINFO …) belong to the link and
  // bridge-port listings (getLink, getBridgePort), not to this one.
  if (auto a = t.get(IFLA_AF_SPEC)) {
    if (nl::Error e = decode_af_spec(*a, w)) return e;
  }
  w.end(rec);
  return nl::Error{};
}

nl::Error decode_vlan(const nlmsghdr* h, nl::RecordWriter& w) {
  br_vlan_msg bvm;
  const uint8_t* p;
  size_t len;
  if (!nl::split_message(h, bvm, p, len)) return nl::Error::bad("RTM_NEWVLAN: shorter than br_vlan_msg");
  size_t rec = w.begin();
  w.u32(f::INDEX, bvm.ifindex);
  w.u8(f::FAMILY, bvm.family);
  nl::AttrIter it(p, len);
  nl::Attr a;
  while (it.next(a)) {
    if (a.type == BRIDGE_VLANDB_ENTRY) {
      if (nl::Error e = decode_db_entry(a, w)) return e;
    } else {
      nl::write_raw(w, f::RAW, a);  // BRIDGE_VLANDB_GLOBAL_OPTIONS …
    }
  }
  if (it.error()) return nl::Error::bad(std::string("RTM_NEWVLAN: ") + it.error());
  w.end(rec);
  return nl::Error{};
}

// ---- schemas (exported to TypeScript) ----
static const nl::FieldDef kReq[] = {
    {req::INDEX, "index", FieldType::U32, false, nullptr},
    {req::VID, "vid", FieldType::U16, false, nullptr},
    {req::VID_END, "vidEnd", FieldType::U16, false, nullptr},
    {req::FLAGS, "flags", FieldType::U16, false, nullptr},
    {req::BRIDGE_FLAGS, "bridgeFlags", FieldType::U16, false, nullptr},
};
NL_SCHEMA(kReqSchema, "brvlanReq", kReq)
static const nl::FieldDef kEntry[] = {
    {entry::VID, "vid", FieldType::U16, false, nullptr},
    {entry::VID_END, "vidEnd", FieldType::U16, false, nullptr},
    {entry::FLAGS, "flags", FieldType::U16, false, nullptr},
    {entry::STATE, "state", FieldType::U8, false, nullptr},
};
NL_SCHEMA(kEntrySchema, "brvlanEntry", kEntry)
static const nl::FieldDef kLink[] = {
    {f::INDEX, "index", FieldType::U32, false, nullptr},
    {f::NAME, "name", FieldType::STR, false, nullptr},
    {f::MASTER, "master", FieldType::U32, false, nullptr},
    {f::VLANS, "vlans", FieldType::REC, true, "brvlanEntry"},
    {f::RAW, "raw", FieldType::REC, true, "rawattr"},
    {f::FAMILY, "family", FieldType::U8, false, nullptr},
};
NL_SCHEMA(kLinkSchema, "brvlan", kLink)

static nl::RequestRegistration reg_add({"brvlan.add", &build_add, false, 0, nullptr});
static nl::RequestRegistration reg_del({"brvlan.delete", &build_del, false, 0, nullptr});
static nl::RequestRegistration reg_dump({"brvlan.dump", &build_dump, true, RTM_NEWLINK, &decode_link});
// Per-VLAN notifications (kernels with CONFIG_BRIDGE_VLAN_FILTERING send them on RTNLGRP_BRVLAN).
static nl::DecoderRegistration reg_newvlan({RTM_NEWVLAN, "newvlan", "brvlan", &decode_vlan});
static nl::DecoderRegistration reg_delvlan({RTM_DELVLAN, "delvlan", "brvlan", &decode_vlan});

}  // namespace nl_brvlan
