// libFuzzer target: decode_error_message on arbitrary NLMSG_ERROR / NLMSG_DONE payloads. The
// input is one message; nlmsg_len is clamped to the input (what NLMSG_OK guarantees transact).
#include <cstdlib>

#include "../support.h"
#include "nl/socket.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < NLMSG_HDRLEN) return 0;
  support::Aligned a(data, size);
  nlmsghdr* h = a.hdr();
  if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > size) h->nlmsg_len = static_cast<uint32_t>(size);
  // Both message types that carry an errno; keep the fuzzer's other header bits.
  h->nlmsg_type = (h->nlmsg_type & 1) ? NLMSG_DONE : NLMSG_ERROR;
  nl::Error e;
  nl::decode_error_message(h, e);
  if (e.code < 0) std::abort();                       // always a positive errno
  if (e.extack.size() > size) std::abort();
  if (e.extack.find('\0') != std::string::npos) std::abort();
  return 0;
}
