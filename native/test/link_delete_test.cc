// nl_link::is_dellink_of: the check that picks a deleted link's RTM_DELLINK event out of the
// link group's traffic (delete_until_unlisted). Bounds: a short or lying message is no match.
#include <linux/rtnetlink.h>

#include <cstring>
#include <vector>

#include "harness.h"
#include "link/delete_unlisted.h"
#include "support.h"

namespace {

support::Aligned event(uint16_t type, int ifindex, uint32_t claimed_len = 0) {
  std::vector<uint8_t> b(NLMSG_LENGTH(sizeof(ifinfomsg)), 0);
  auto* h = reinterpret_cast<nlmsghdr*>(b.data());
  h->nlmsg_type = type;
  h->nlmsg_len = claimed_len ? claimed_len : static_cast<uint32_t>(b.size());
  ifinfomsg ifi{};
  ifi.ifi_index = ifindex;
  std::memcpy(b.data() + NLMSG_HDRLEN, &ifi, sizeof ifi);
  return support::Aligned(b);
}

}  // namespace

TEST(link_dellink_event_matches_its_index_only) {
  support::Aligned m = event(RTM_DELLINK, 7);
  CHECK(nl_link::is_dellink_of(m.data(), m.size(), 7));
  CHECK(!nl_link::is_dellink_of(m.data(), m.size(), 8));
  support::Aligned n = event(RTM_NEWLINK, 7);  // dev_close's flags change, not the deletion
  CHECK(!nl_link::is_dellink_of(n.data(), n.size(), 7));
  support::Aligned z = event(RTM_DELLINK, 0);
  CHECK(!nl_link::is_dellink_of(z.data(), z.size(), 0));
}

TEST(link_dellink_event_bounds) {
  support::Aligned m = event(RTM_DELLINK, 7);
  CHECK(!nl_link::is_dellink_of(m.data(), NLMSG_HDRLEN, 7));              // no ifinfomsg
  CHECK(!nl_link::is_dellink_of(m.data(), m.size() - 1, 7));              // buffer shorter than the header says
  support::Aligned shortlen = event(RTM_DELLINK, 7, NLMSG_HDRLEN + 4);     // header claims less than an ifinfomsg
  CHECK(!nl_link::is_dellink_of(shortlen.data(), shortlen.size(), 7));
  support::Aligned longlen = event(RTM_DELLINK, 7, 4096);                 // header claims more than the buffer
  CHECK(!nl_link::is_dellink_of(longlen.data(), longlen.size(), 7));
}
