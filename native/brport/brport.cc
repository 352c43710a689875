#include "brport.h"

#include <linux/if_link.h>
#include <sys/socket.h>

#include <cstring>

#include "../nl/attr.h"
#include "../nl/raw.h"
#include "../nl/request.h"

namespace nl_brport {

using nl::FieldType;

namespace {

// The one-byte switches, in the order iproute2's `bridge link set` sends them (bridge/link.c),
// so our bytes equal its bytes. cost/priority/state sit between learning and proxy_arp there.
struct Flag { uint16_t field; uint16_t attr; };
constexpr Flag kHead[] = {
    {f::GUARD, IFLA_BRPORT_GUARD}, {f::HAIRPIN, IFLA_BRPORT_MODE}, {f::FAST_LEAVE, IFLA_BRPORT_FAST_LEAVE},
    {f::ROOT_BLOCK, IFLA_BRPORT_PROTECT}, {f::FLOOD, IFLA_BRPORT_UNICAST_FLOOD},
    {f::MCAST_FLOOD, IFLA_BRPORT_MCAST_FLOOD}, {f::BCAST_FLOOD, IFLA_BRPORT_BCAST_FLOOD},
    {f::MCAST_TO_UNICAST, IFLA_BRPORT_MCAST_TO_UCAST}, {f::LEARNING, IFLA_BRPORT_LEARNING},
};
constexpr Flag kTail[] = {
    {f::PROXY_ARP, IFLA_BRPORT_PROXYARP}, {f::NEIGH_SUPPRESS, IFLA_BRPORT_NEIGH_SUPPRESS},
    {f::ISOLATED, IFLA_BRPORT_ISOLATED}, {f::LOCKED, IFLA_BRPORT_LOCKED},
};

// Equivalent to: bridge link set dev IFINDEX [hairpin on|off] [learning …] … [state S]
nl::Error build_set(const nl::ReqFields& r, nl::MessageBuffer& m, uint32_t seq) {
  m.begin(RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
  ifinfomsg ifi{};
  ifi.ifi_family = AF_BRIDGE;
  ifi.ifi_index = static_cast<int>(r.u32(f::INDEX).value_or(0));
  m.put_header(ifi);
  nl::Nest protinfo(m, IFLA_PROTINFO);
  for (const Flag& x : kHead)
    if (auto v = r.boolean(x.field)) m.put_u8(x.attr, *v ? 1 : 0);
  if (auto v = r.u32(f::COST)) m.put_u32(IFLA_BRPORT_COST, *v);
  if (auto v = r.u16(f::PRIORITY)) m.put_u16(IFLA_BRPORT_PRIORITY, *v);
  if (auto v = r.u8(f::STATE)) m.put_u8(IFLA_BRPORT_STATE, *v);
  for (const Flag& x : kTail)
    if (auto v = r.boolean(x.field)) m.put_u8(x.attr, *v ? 1 : 0);
  return nl::Error{};
}

// Equivalent to: ip -d link show dev IFINDEX (the bridge_slave part)
nl::Error build_get(const nl::ReqFields& r, nl::MessageBuffer& m, uint32_t seq) {
  m.begin(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
  ifinfomsg ifi{};
  ifi.ifi_index = static_cast<int>(r.u32(f::INDEX).value_or(0));
  m.put_header(ifi);
  return nl::Error{};
}

nl::Error decode_slave_data(const nl::Attr& data, nl::RecordWriter& w) {
  nl::AttrIter it(data.data, data.len);
  nl::Attr a;
  uint8_t v8;
  uint16_t v16;
  uint32_t v32;
  while (it.next(a)) {
    bool done = false;
    for (const Flag* list : {kHead, kTail}) {
      size_t n = list == kHead ? sizeof kHead / sizeof kHead[0] : sizeof kTail / sizeof kTail[0];
      for (size_t i = 0; i < n && !done; ++i)
        if (list[i].attr == a.type && a.u8(v8)) { w.boolean(list[i].field, v8 != 0); done = true; }
    }
    if (done) continue;
    switch (a.type) {
      case IFLA_BRPORT_COST: if (a.u32(v32)) { w.u32(f::COST, v32); continue; } break;
      case IFLA_BRPORT_PRIORITY: if (a.u16(v16)) { w.u16(f::PRIORITY, v16); continue; } break;
      case IFLA_BRPORT_STATE: if (a.u8(v8)) { w.u8(f::STATE, v8); continue; } break;
      default: break;
    }
    nl::write_raw(w, f::RAW, a);
  }
  if (it.error()) return nl::Error::bad(std::string("IFLA_LINKINFO › IFLA_INFO_SLAVE_DATA: ") + it.error());
  return nl::Error{};
}

}  // namespace

nl::Error decode(const nlmsghdr* h, nl::RecordWriter& w) {
  ifinfomsg ifi;
  const uint8_t* p;
  size_t len;
  if (!nl::split_message(h, ifi, p, len)) return nl::Error::bad("RTM_NEWLINK: shorter than ifinfomsg");
  nl::AttrTable<IFLA_MAX> t;
  if (!t.parse(p, len)) return nl::Error::bad(std::string("RTM_NEWLINK: ") + t.error);
  size_t rec = w.begin();
  w.u32(f::INDEX, static_cast<uint32_t>(ifi.ifi_index));
  uint32_t v32;
  if (auto a = t.get(IFLA_IFNAME)) w.str(f::NAME, a->str());
  if (auto a = t.get(IFLA_MASTER); a && a->u32(v32)) w.u32(f::MASTER, v32);
  bool port = false;
  if (auto li = t.get(IFLA_LINKINFO)) {
    nl::AttrTable<IFLA_INFO_MAX> info;
    if (!info.parse(*li)) return nl::Error::bad(std::string("IFLA_LINKINFO: ") + info.error);
    if (auto k = info.get(IFLA_INFO_SLAVE_KIND)) {
      std::string kind = k->str();
      w.str(f::SLAVE_KIND, kind);
      if (auto d = info.get(IFLA_INFO_SLAVE_DATA); d && kind == "bridge") {
        port = true;
        if (nl::Error e = decode_slave_data(*d, w)) return e;
      }
    }
  }
  w.boolean(f::IS_PORT, port);
  w.end(rec);
  return nl::Error{};
}

// ---- schemas (exported to TypeScript) ----
#define FLAGS_(X)                                                                                  \
  {f::HAIRPIN, "hairpin", FieldType::BOOL, false, nullptr}, {f::GUARD, "guard", FieldType::BOOL, false, nullptr}, \
  {f::FAST_LEAVE, "fastLeave", FieldType::BOOL, false, nullptr},                                   \
  {f::ROOT_BLOCK, "rootBlock", FieldType::BOOL, false, nullptr},                                   \
  {f::FLOOD, "flood", FieldType::BOOL, false, nullptr},                                            \
  {f::MCAST_FLOOD, "mcastFlood", FieldType::BOOL, false, nullptr},                                 \
  {f::BCAST_FLOOD, "bcastFlood", FieldType::BOOL, false, nullptr},                                 \
  {f::MCAST_TO_UNICAST, "mcastToUnicast", FieldType::BOOL, false, nullptr},                        \
  {f::LEARNING, "learning", FieldType::BOOL, false, nullptr},                                      \
  {f::COST, "cost", FieldType::U32, false, nullptr},                                               \
  {f::PRIORITY, "priority", FieldType::U16, false, nullptr},                                       \
  {f::STATE, "state", FieldType::U8, false, nullptr},                                              \
  {f::PROXY_ARP, "proxyArp", FieldType::BOOL, false, nullptr},                                     \
  {f::NEIGH_SUPPRESS, "neighSuppress", FieldType::BOOL, false, nullptr},                           \
  {f::ISOLATED, "isolated", FieldType::BOOL, false, nullptr},                                      \
  {f::LOCKED, "locked", FieldType::BOOL, false, nullptr}

static const nl::FieldDef kReq[] = {{f::INDEX, "index", FieldType::U32, false, nullptr}, FLAGS_(0)};
NL_SCHEMA(kReqSchema, "brportReq", kReq)
static const nl::FieldDef kPort[] = {
    {f::INDEX, "index", FieldType::U32, false, nullptr}, FLAGS_(0),
    {f::NAME, "name", FieldType::STR, false, nullptr},
    {f::MASTER, "master", FieldType::U32, false, nullptr},
    {f::IS_PORT, "isPort", FieldType::BOOL, false, nullptr},
    {f::SLAVE_KIND, "slaveKind", FieldType::STR, false, nullptr},
    {f::RAW, "raw", FieldType::REC, true, "rawattr"},
};
NL_SCHEMA(kPortSchema, "brport", kPort)
#undef FLAGS_

static nl::RequestRegistration reg_set({"brport.set", &build_set, false, 0, nullptr});
static nl::RequestRegistration reg_get({"brport.get", &build_get, false, RTM_NEWLINK, &decode});

}  // namespace nl_brport
