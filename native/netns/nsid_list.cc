// Namespace ids as objects (issue 9): `ip netns set NAME ID` and `ip netns list-id` as
// record-encoded requests (native/nl/request.h), and a decoder for RTM_NEWNSID/DELNSID dumps
// and events ("nsid" records).
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "../nl/attr.h"
#include "../nl/raw.h"
#include "../nl/request.h"

namespace nl_netns {

namespace {

namespace f {
enum : uint16_t { FD = 1, NSID, CURRENT, RAW };
}
using nl::FieldType;

// Equivalent to: ip netns set NAME ID — the namespace behind FD gets id ID in the socket's namespace.
nl::Error build_set(const nl::ReqFields& r, nl::MessageBuffer& m, uint32_t seq) {
  m.begin(RTM_NEWNSID, NLM_F_REQUEST | NLM_F_ACK, seq);
  rtgenmsg g{};
  g.rtgen_family = AF_UNSPEC;
  m.put_header(g);
  if (auto v = r.s32(f::FD)) m.put_u32(NETNSA_FD, static_cast<uint32_t>(*v));
  if (auto v = r.s32(f::NSID)) m.put_s32(NETNSA_NSID, *v);
  return nl::Error{};
}

// Equivalent to: ip netns list-id
nl::Error build_dump(const nl::ReqFields&, nl::MessageBuffer& m, uint32_t seq) {
  m.begin(RTM_GETNSID, NLM_F_REQUEST | NLM_F_DUMP, seq);
  rtgenmsg g{};
  g.rtgen_family = AF_UNSPEC;
  m.put_header(g);
  return nl::Error{};
}

nl::Error decode(const nlmsghdr* h, nl::RecordWriter& w) {
  rtgenmsg g;
  const uint8_t* p;
  size_t len;
  if (!nl::split_message(h, g, p, len)) return nl::Error::bad("RTM_NEWNSID: shorter than rtgenmsg");
  size_t rec = w.begin();
  nl::AttrIter it(p, len);
  nl::Attr a;
  int32_t v;
  while (it.next(a)) {
    if (a.type == NETNSA_NSID && a.s32(v)) w.s32(f::NSID, v);
    else if (a.type == NETNSA_CURRENT_NSID && a.s32(v)) w.s32(f::CURRENT, v);
    else nl::write_raw(w, f::RAW, a);
  }
  if (it.error()) return nl::Error::bad(std::string("RTM_NEWNSID: ") + it.error());
  w.end(rec);
  return nl::Error{};
}

const nl::FieldDef kReq[] = {
    {f::FD, "fd", FieldType::S32, false, nullptr},
    {f::NSID, "nsid", FieldType::S32, false, nullptr},
};
NL_SCHEMA(kReqSchema, "nsidReq", kReq)
const nl::FieldDef kNsid[] = {
    {f::NSID, "nsid", FieldType::S32, false, nullptr},
    {f::CURRENT, "current", FieldType::S32, false, nullptr},
    {f::RAW, "raw", FieldType::REC, true, "rawattr"},
};
NL_SCHEMA(kNsidSchema, "nsid", kNsid)

nl::RequestRegistration reg_set({"nsid.set", &build_set, false, 0, nullptr});
nl::RequestRegistration reg_dump({"nsid.dump", &build_dump, true, RTM_NEWNSID, &decode});
nl::DecoderRegistration reg_new({RTM_NEWNSID, "newnsid", "nsid", &decode});
nl::DecoderRegistration reg_del({RTM_DELNSID, "delnsid", "nsid", &decode});

}  // namespace

}  // namespace nl_netns
