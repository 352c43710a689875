// libFuzzer target: arbitrary datagrams through dispatch_datagram, the exact per-datagram code
// Socket::transact runs on every recvmsg() result, with link replies decoded as the addon does.
//
// Input: byte 0 = number of requests (1..16), byte 1 = bitmask of requests that expect no reply,
// then datagrams, each as u16 little-endian length + bytes. portid and first seq come from the
// first message of the first datagram, so captured replies (corpus) match their requests.
#include <cstdlib>

#include "../support.h"
#include "link/link.h"
#include "nl/socket.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  size_t count = (data[0] % 16) + 1;
  uint8_t no_reply = data[1];
  size_t off = 2;
  std::vector<nl::Outcome> out(count);
  size_t pending = 0;
  for (size_t i = 0; i < count; ++i) {
    if (i < 8 && (no_reply >> i & 1)) out[i].done = true;
    else ++pending;
  }
  uint32_t portid = 0, first_seq = 0;
  bool first = true;
  size_t messages = 0;
  auto on_msg = [&](size_t idx, const nlmsghdr* h) {
    if (idx >= count) std::abort();
    // No data after a request's own ERROR/DONE. A request that expects no reply starts out
    // done, yet its data (an NLM_F_ECHO inside an nfnetlink batch) is delivered by design.
    if (out[idx].replied) std::abort();
    ++messages;
    if (h->nlmsg_type == RTM_NEWLINK) {
      nl::RecordWriter w;
      size_t mark = w.size();
      if (nl_link::decode(h, w)) w.rollback(mark);
    }
  };
  while (size - off >= 2) {
    uint16_t len;
    std::memcpy(&len, data + off, 2);
    off += 2;
    if (len > size - off) len = static_cast<uint16_t>(size - off);
    support::Aligned d(data + off, len);
    off += len;
    if (first && len >= sizeof(nlmsghdr)) {
      portid = d.hdr()->nlmsg_pid;
      first_seq = d.hdr()->nlmsg_seq;
      first = false;
    }
    size_t before = pending;
    bool go_on = nl::dispatch_datagram(d.data(), d.size(), portid, first_seq, on_msg, out, pending);
    if (pending > before) std::abort();  // never counts up, never wraps below zero
    if (!go_on) {
      for (const auto& o : out)
        if (!o.done) std::abort();  // OVERRUN completes everything
      break;
    }
  }
  return 0;
}
