#include "nsid.h"

#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "../nl/attr.h"

namespace nl_netns {

void build_get_nsid(nl::MessageBuffer& m, uint32_t seq, int target_netns_fd) {
  // NLM_F_ACK: the transport waits only for requests that expect an answer; the RTM_NEWNSID
  // reply is queued before the ACK, so it is collected on the way.
  m.begin(RTM_GETNSID, NLM_F_REQUEST | NLM_F_ACK, seq);
  rtgenmsg g{};
  g.rtgen_family = AF_UNSPEC;
  m.put_header(g);
  m.put_u32(NETNSA_FD, static_cast<uint32_t>(target_netns_fd));
}

nl::Error decode_nsid(const nlmsghdr* h, int32_t& nsid) {
  if (h->nlmsg_type != RTM_NEWNSID) return nl::Error::bad("RTM_GETNSID reply: not RTM_NEWNSID");
  const size_t hdr = NLMSG_ALIGN(sizeof(rtgenmsg));
  if (h->nlmsg_len < NLMSG_LENGTH(hdr)) return nl::Error::bad("RTM_NEWNSID: shorter than rtgenmsg");
  const uint8_t* p = reinterpret_cast<const uint8_t*>(NLMSG_DATA(h)) + hdr;
  nl::AttrTable<NETNSA_MAX> t;
  if (!t.parse(p, h->nlmsg_len - NLMSG_LENGTH(hdr))) return nl::Error::bad(std::string("RTM_NEWNSID: ") + t.error);
  const nl::Attr* a = t.get(NETNSA_NSID);
  if (a == nullptr) return nl::Error::bad("RTM_NEWNSID: no NETNSA_NSID");
  if (!a->s32(nsid)) return nl::Error::bad("RTM_NEWNSID › NETNSA_NSID: shorter than 4 bytes");
  return nl::Error{};
}

}  // namespace nl_netns
