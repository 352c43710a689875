#include "neigh.h"

#include <sys/socket.h>

#include "../nl/attr.h"
#include "../nl/format.h"
#include "../nl/raw.h"

namespace nl_neigh {

using nl::FieldType;

ndmsg header_for(const nl::ReqFields& r) {
  ndmsg ndm{};
  ndm.ndm_family = r.u8(f::FAMILY).value_or(AF_UNSPEC);
  ndm.ndm_ifindex = static_cast<int>(r.u32(f::INDEX).value_or(0));
  ndm.ndm_state = r.u16(f::STATE).value_or(0);
  ndm.ndm_flags = r.u8(f::FLAGS).value_or(0);
  ndm.ndm_type = r.u8(f::TYPE).value_or(0);
  return ndm;
}

namespace {

// Equivalent to: ip neigh add|replace ADDRESS [lladdr L] dev IFINDEX [nud S] [proxy] [router] [extern_learn]
nl::Error build(const nl::ReqFields& r, nl::MessageBuffer& m, uint32_t seq, uint16_t type, uint16_t flags) {
  m.begin(type, flags, seq);
  m.put_header(header_for(r));
  if (auto a = r.bytes(f::DST, {4, 16})) m.put(NDA_DST, a->data, a->len);
  if (auto a = r.bytes(f::LLADDR)) m.put(NDA_LLADDR, a->data, a->len);
  return nl::Error{};
}
nl::Error build_add(const nl::ReqFields& r, nl::MessageBuffer& m, uint32_t seq) {
  return build(r, m, seq, RTM_NEWNEIGH, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
}
nl::Error build_replace(const nl::ReqFields& r, nl::MessageBuffer& m, uint32_t seq) {
  return build(r, m, seq, RTM_NEWNEIGH, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE);
}
// Equivalent to: ip neigh del ADDRESS dev IFINDEX
nl::Error build_delete(const nl::ReqFields& r, nl::MessageBuffer& m, uint32_t seq) {
  return build(r, m, seq, RTM_DELNEIGH, NLM_F_REQUEST | NLM_F_ACK);
}

}  // namespace

nl::Error build_dump(const nl::ReqFields& r, nl::MessageBuffer& m, uint32_t seq) {
  m.begin(RTM_GETNEIGH, NLM_F_REQUEST | NLM_F_DUMP, seq);
  ndmsg ndm = header_for(r);
  // Strict checking: a neighbour dump takes its device filter as NDA_IFINDEX (ndm_ifindex must
  // be 0); an FDB dump takes the bridge port in ndm_ifindex.
  uint32_t index = static_cast<uint32_t>(ndm.ndm_ifindex);
  if (ndm.ndm_family != AF_BRIDGE) ndm.ndm_ifindex = 0;
  m.put_header(ndm);
  if (index && ndm.ndm_family != AF_BRIDGE) m.put_u32(NDA_IFINDEX, index);
  if (auto v = r.u32(f::MASTER)) m.put_u32(NDA_MASTER, *v);
  return nl::Error{};
}

nl::Error decode(const nlmsghdr* h, nl::RecordWriter& w) {
  ndmsg ndm;
  const uint8_t* p;
  size_t len;
  if (!nl::split_message(h, ndm, p, len)) return nl::Error::bad("RTM_NEWNEIGH: shorter than ndmsg");
  size_t rec = w.begin();
  w.u8(f::FAMILY, ndm.ndm_family);
  w.u32(f::INDEX, static_cast<uint32_t>(ndm.ndm_ifindex));
  w.u16(f::STATE, ndm.ndm_state);
  w.u8(f::FLAGS, ndm.ndm_flags);
  w.u8(f::TYPE, ndm.ndm_type);
  nl::AttrIter it(p, len);
  nl::Attr a;
  uint32_t v32;
  uint16_t v16;
  uint8_t v8;
  while (it.next(a)) {
    bool ok = true;
    switch (a.type) {
      case NDA_DST: w.str(f::DST, nl::ip_from_bytes(a.data, a.len)); break;
      case NDA_LLADDR: w.str(f::LLADDR, nl::hw_to_string(a.data, a.len)); break;
      case NDA_VLAN: if ((ok = a.u16(v16))) w.u16(f::VLAN, v16); break;
      case NDA_PORT: if ((ok = a.be16(v16))) w.u16(f::PORT, v16); break;
      case NDA_VNI: if ((ok = a.u32(v32))) w.u32(f::VNI, v32); break;
      case NDA_IFINDEX: if ((ok = a.u32(v32))) w.u32(f::VIA, v32); break;
      case NDA_MASTER: if ((ok = a.u32(v32))) w.u32(f::MASTER, v32); break;
      case NDA_PROBES: if ((ok = a.u32(v32))) w.u32(f::PROBES, v32); break;
      case NDA_PROTOCOL: if ((ok = a.u8(v8))) w.u8(f::PROTOCOL, v8); break;
      case NDA_FLAGS_EXT: if ((ok = a.u32(v32))) w.u32(f::FLAGS_EXT, v32); break;
      case NDA_SRC_VNI: if ((ok = a.u32(v32))) w.u32(f::SRC_VNI, v32); break;
      case NDA_CACHEINFO: {
        nda_cacheinfo ci;
        if ((ok = a.read(&ci, sizeof ci))) {
          w.u32(f::CONFIRMED, ci.ndm_confirmed);
          w.u32(f::USED, ci.ndm_used);
          w.u32(f::UPDATED, ci.ndm_updated);
        }
        break;
      }
      default: nl::write_raw(w, f::RAW, a); break;
    }
    if (!ok) nl::write_raw(w, f::RAW, a);  // too short for its type: kept as received
  }
  if (it.error()) return nl::Error::bad(std::string("RTM_NEWNEIGH: ") + it.error());
  w.end(rec);
  return nl::Error{};
}

// ---- schemas: "neighReq" (requests: addresses as bytes) and "neigh" (listings, events) ----
#define NEIGH_FIELDS(ADDR)                                                                     \
  {f::FAMILY, "family", FieldType::U8, false, nullptr},                                       \
  {f::INDEX, "index", FieldType::U32, false, nullptr},                                        \
  {f::STATE, "state", FieldType::U16, false, nullptr},                                        \
  {f::FLAGS, "flags", FieldType::U8, false, nullptr},                                         \
  {f::TYPE, "type", FieldType::U8, false, nullptr},                                           \
  {f::DST, "dst", ADDR, false, nullptr},                                                      \
  {f::LLADDR, "lladdr", ADDR, false, nullptr},                                                \
  {f::VLAN, "vlan", FieldType::U16, false, nullptr},                                          \
  {f::PORT, "port", FieldType::U16, false, nullptr},                                          \
  {f::VNI, "vni", FieldType::U32, false, nullptr},                                            \
  {f::VIA, "via", FieldType::U32, false, nullptr},                                            \
  {f::MASTER, "master", FieldType::U32, false, nullptr},                                      \
  {f::PROBES, "probes", FieldType::U32, false, nullptr},                                      \
  {f::CONFIRMED, "confirmed", FieldType::U32, false, nullptr},                                \
  {f::USED, "used", FieldType::U32, false, nullptr},                                          \
  {f::UPDATED, "updated", FieldType::U32, false, nullptr},                                    \
  {f::PROTOCOL, "protocol", FieldType::U8, false, nullptr},                                   \
  {f::FLAGS_EXT, "flagsExt", FieldType::U32, false, nullptr},                                 \
  {f::SRC_VNI, "srcVni", FieldType::U32, false, nullptr},                                     \
  {f::RAW, "raw", FieldType::REC, true, "rawattr"}
static const nl::FieldDef kReq[] = {NEIGH_FIELDS(FieldType::BYTES)};
NL_SCHEMA(kReqSchema, "neighReq", kReq)
static const nl::FieldDef kNeigh[] = {NEIGH_FIELDS(FieldType::STR)};
NL_SCHEMA(kNeighSchema, "neigh", kNeigh)
#undef NEIGH_FIELDS

static nl::RequestRegistration reg_add({"neigh.add", &build_add, false, 0, nullptr});
static nl::RequestRegistration reg_replace({"neigh.replace", &build_replace, false, 0, nullptr});
static nl::RequestRegistration reg_del({"neigh.delete", &build_delete, false, 0, nullptr});
static nl::RequestRegistration reg_dump({"neigh.dump", &build_dump, true, RTM_NEWNEIGH, &decode});
static nl::DecoderRegistration reg_newneigh({RTM_NEWNEIGH, "newneigh", "neigh", &decode});
static nl::DecoderRegistration reg_delneigh({RTM_DELNEIGH, "delneigh", "neigh", &decode});

}  // namespace nl_neigh
