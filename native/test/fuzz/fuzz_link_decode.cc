// libFuzzer target: nl_link::decode on arbitrary RTM_NEWLINK messages. The input is one message
// (nlmsg_len clamped to the input, as NLMSG_OK guarantees). Invariants: either a DecodeError or a
// well-formed record; on error the caller's rollback leaves the writer as it was.
#include <cstdlib>

#include "../support.h"
#include "link/link.h"
#include "link/link_schema.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < NLMSG_HDRLEN) return 0;
  support::Aligned a(data, size);
  nlmsghdr* h = a.hdr();
  if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > size) h->nlmsg_len = static_cast<uint32_t>(size);
  nl::RecordWriter w;
  nl::Error e = nl_link::decode(h, w);
  if (e) {
    if (!e.decode || e.where.empty()) std::abort();
    return 0;
  }
  std::vector<std::vector<support::Field>> recs;
  if (!support::parse_records(w.buffer(), recs) || recs.size() != 1) std::abort();
  // Nested records (stats, info, raw attributes) are well-formed too.
  for (const auto& f : recs[0]) {
    std::vector<support::Field> sub;
    if (f.id == nl_link::f::STATS || f.id == nl_link::f::INFO || f.id == nl_link::f::RAW) {
      if (!support::parse_fields(f.bytes.data(), f.bytes.size(), sub)) std::abort();
    }
  }
  return 0;
}
