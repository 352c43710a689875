// Builds tc requests from "tcobj" records and the dumps; the kind registry.
#include <arpa/inet.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>

#include <cstring>

#include "fields.h"
#include "schema.h"
#include "tc.h"

namespace nl_tc {

extern const Kind kTbf, kHtb, kPfifo, kBfifo, kFqCodel, kNetem, kPrio, kSfq, kFq;
extern const Kind kU32, kMatchall, kFlower, kBpf;

namespace {
const Kind* const kKinds[] = {&kTbf, &kHtb, &kPfifo, &kBfifo, &kFqCodel, &kNetem, &kPrio, &kSfq, &kFq,
                              &kU32, &kMatchall, &kFlower, &kBpf};

// Message type and flags per object and verb, as tc sends them: only qdisc replace carries
// NLM_F_REPLACE (tc class/filter replace send NLM_F_CREATE alone).
void header(uint8_t obj, uint8_t verb, uint16_t& type, uint16_t& flags) {
  static const uint16_t kNew[] = {RTM_NEWQDISC, RTM_NEWTCLASS, RTM_NEWTFILTER};
  static const uint16_t kDel[] = {RTM_DELQDISC, RTM_DELTCLASS, RTM_DELTFILTER};
  type = verb == DELETE ? kDel[obj] : kNew[obj];
  flags = NLM_F_REQUEST | NLM_F_ACK;
  if (verb == ADD) flags |= NLM_F_CREATE | NLM_F_EXCL;
  if (verb == REPLACE) flags |= NLM_F_CREATE | (obj == QDISC ? NLM_F_REPLACE : 0);
}
}  // namespace

const Kind* kind_by_name(const char* name, size_t len) {
  for (const Kind* k : kKinds) if (std::strlen(k->name) == len && std::memcmp(k->name, name, len) == 0) return k;
  return nullptr;
}

const Kind* kind_by_field(uint16_t field) {
  for (const Kind* k : kKinds) if (k->field == field || (k->class_field && k->class_field == field)) return k;
  return nullptr;
}

nl::Error build_request(nl::MessageBuffer& m, uint32_t seq, const uint8_t* rec, size_t len) {
  nl::FieldReader r(rec, len);
  Fields<f::BPF> o(r);
  if (o.error) return nl::Error::bad(std::string("tcobj: ") + o.error);
  uint8_t obj = o.or_<uint8_t>(f::OBJ, QDISC), verb = o.or_<uint8_t>(f::VERB, ADD);
  if (obj > FILTER || verb > DELETE) return nl::Error::bad("tcobj: obj or verb out of range");
  uint32_t ifindex;
  if (!o.get(f::IFINDEX, ifindex)) return nl::Error::bad("tcobj: ifindex is required");
  uint16_t type, flags;
  header(obj, verb, type, flags);
  m.begin(type, flags, seq);
  tcmsg t{};
  t.tcm_family = AF_UNSPEC;
  t.tcm_ifindex = static_cast<int>(ifindex);
  t.tcm_handle = o.or_<uint32_t>(f::HANDLE, 0);
  t.tcm_parent = o.or_<uint32_t>(f::PARENT, 0);
  if (obj == FILTER) {
    // tcm_info of a filter: priority in the high half, protocol (network order) in the low.
    t.tcm_info = (static_cast<uint32_t>(o.or_<uint16_t>(f::PRIO, 0)) << 16) | htons(o.or_<uint16_t>(f::PROTOCOL, 0));
  }
  m.put_header(t);
  if (!o.has[f::KIND]) return nl::Error{};
  const nl::FieldView& kv = o.at[f::KIND];
  if (kv.len == 0 || kv.len >= 16) return nl::Error::bad("tcobj: kind must be 1…15 bytes");
  m.put_strz(TCA_KIND, kv.str());
  uint32_t chain;
  if (o.get(f::CHAIN, chain)) m.put_u32(TCA_CHAIN, chain);
  if (verb == DELETE) return nl::Error{};
  const Kind* k = kind_by_name(reinterpret_cast<const char*>(kv.data), kv.len);
  const uint16_t field = k ? (obj == CLASS && k->class_field ? k->class_field : k->field) : 0;
  if (k && o.has[field]) {
    size_t tok = open_plain(m, TCA_OPTIONS);
    nl::FieldReader kr(o.at[field]);
    if (nl::Error e = k->encode(m, kr, obj)) return e;
    m.nest_end(tok);
  } else if (o.has[f::OPTIONS]) {
    // Kinds we do not type: the options exactly as a listing returned them.
    m.put(TCA_OPTIONS, o.at[f::OPTIONS].data, o.at[f::OPTIONS].len);
  }
  return nl::Error{};
}

void build_dump(nl::MessageBuffer& m, uint32_t seq, uint8_t obj, uint32_t ifindex, uint32_t parent) {
  static const uint16_t kGet[] = {RTM_GETQDISC, RTM_GETTCLASS, RTM_GETTFILTER};
  m.begin(kGet[obj > FILTER ? 0 : obj], NLM_F_REQUEST | NLM_F_DUMP, seq);
  tcmsg t{};
  t.tcm_ifindex = static_cast<int>(ifindex);
  t.tcm_parent = parent;
  m.put_header(t);
}

}  // namespace nl_tc
