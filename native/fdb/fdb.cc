// Forwarding-database entries (`bridge fdb`): RTM_NEWNEIGH/DELNEIGH with family AF_BRIDGE, on a
// bridge port (master) or on a device's own table (self: a vxlan's remotes). Requests use the
// "neighReq" schema; replies decode with the neighbour decoder (native/neigh).
#include <sys/socket.h>

#include "../neigh/neigh.h"

namespace nl_fdb {

namespace f = nl_neigh::f;

namespace {

// Attribute order of iproute2's bridge/fdb.c: lladdr, dst, vlan, port, vni, via.
nl::Error build(const nl::ReqFields& r, nl::MessageBuffer& m, uint32_t seq, uint16_t type, uint16_t flags) {
  m.begin(type, flags, seq);
  m.put_header(nl_neigh::header_for(r));
  if (auto a = r.bytes(f::LLADDR, {6})) m.put(NDA_LLADDR, a->data, a->len);
  if (auto a = r.bytes(f::DST, {4, 16})) m.put(NDA_DST, a->data, a->len);
  if (auto v = r.u16(f::VLAN)) m.put_u16(NDA_VLAN, *v);
  if (auto v = r.u16(f::PORT)) m.put_be16(NDA_PORT, *v);
  if (auto v = r.u32(f::VNI)) m.put_u32(NDA_VNI, *v);
  if (auto v = r.u32(f::VIA)) m.put_u32(NDA_IFINDEX, *v);
  return nl::Error{};
}

// Equivalent to: bridge fdb add LLADDR dev IFINDEX [master|self] [permanent|static|dynamic] [vlan V] [dst D] [vni N] [port P]
nl::Error build_add(const nl::ReqFields& r, nl::MessageBuffer& m, uint32_t seq) {
  return build(r, m, seq, RTM_NEWNEIGH, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
}
// Equivalent to: bridge fdb append … (another remote for the same address, vxlan)
nl::Error build_append(const nl::ReqFields& r, nl::MessageBuffer& m, uint32_t seq) {
  return build(r, m, seq, RTM_NEWNEIGH, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_APPEND);
}
// Equivalent to: bridge fdb replace …
nl::Error build_replace(const nl::ReqFields& r, nl::MessageBuffer& m, uint32_t seq) {
  return build(r, m, seq, RTM_NEWNEIGH, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE);
}
// Equivalent to: bridge fdb del …
nl::Error build_delete(const nl::ReqFields& r, nl::MessageBuffer& m, uint32_t seq) {
  return build(r, m, seq, RTM_DELNEIGH, NLM_F_REQUEST | NLM_F_ACK);
}

static nl::RequestRegistration reg_add({"fdb.add", &build_add, false, 0, nullptr});
static nl::RequestRegistration reg_append({"fdb.append", &build_append, false, 0, nullptr});
static nl::RequestRegistration reg_replace({"fdb.replace", &build_replace, false, 0, nullptr});
static nl::RequestRegistration reg_del({"fdb.delete", &build_delete, false, 0, nullptr});
static nl::RequestRegistration reg_dump({"fdb.dump", &nl_neigh::build_dump, true, RTM_NEWNEIGH, &nl_neigh::decode});

}  // namespace

}  // namespace nl_fdb
