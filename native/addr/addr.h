// rtnetlink addresses: requests (RTM_NEWADDR/DELADDR/GETADDR) and the decoder for address
// messages. Pure C++ (no N-API) so native tests and fuzzers can drive it directly.
#pragma once
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "../nl/error.h"
#include "../nl/message.h"
#include "../nl/record.h"

namespace nl_addr {

// One address on one interface. Pointers borrow the caller's bytes (4 for AF_INET, 16 for
// AF_INET6) for the duration of the build call: the hot path copies nothing it doesn't send.
struct Spec {
  uint32_t index = 0;
  uint8_t family = 0;  // AF_INET / AF_INET6
  uint8_t prefixlen = 0;
  uint8_t scope = 0;   // RT_SCOPE_*; 0 = universe (iproute2's default outside 127/8)
  uint32_t flags = 0;  // IFA_F_*: ifa_flags when it fits in 8 bits, else IFA_FLAGS (like ip)
  const uint8_t* local = nullptr;
  const uint8_t* peer = nullptr;       // point-to-point peer; IFA_ADDRESS = peer ?: local
  const uint8_t* broadcast = nullptr;  // IPv4 only
  const char* label = nullptr;         // IPv4 only; NUL-terminated
  // IFA_CACHEINFO lifetimes in seconds (0xffffffff = forever), as ip's valid_lft/preferred_lft
  bool has_lifetime = false;
  uint32_t valid_lft = 0, preferred_lft = 0;
};

size_t addr_len(uint8_t family);

// Equivalent to: ip addr add|replace LOCAL/PREFIX [peer P] [broadcast B] [label L] dev IFINDEX
//                [valid_lft V preferred_lft P]
void build_add(nl::MessageBuffer& m, uint32_t seq, const Spec& s, bool replace = false);
// Equivalent to: ip addr del LOCAL/PREFIX dev IFINDEX
void build_delete(nl::MessageBuffer& m, uint32_t seq, const Spec& s);
// Equivalent to: ip addr show [dev IFINDEX] [-4|-6]; family AF_UNSPEC / index 0 = all.
// Strict checking is on for our sockets, so the kernel filters by ifa_index itself.
void build_dump(nl::MessageBuffer& m, uint32_t seq, uint8_t family, uint32_t index);

// Decodes one RTM_NEWADDR/RTM_DELADDR message into an "address" record.
nl::Error decode(const nlmsghdr* h, nl::RecordWriter& w);

}  // namespace nl_addr
