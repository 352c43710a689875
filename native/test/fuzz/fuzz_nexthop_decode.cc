// libFuzzer target: nl_nexthop::decode on arbitrary RTM_NEWNEXTHOP messages (seeds: captured
// `ip nexthop add` requests and a `ip nexthop show` dump reply). The input is one message
// (nlmsg_len clamped to the input). Invariants: either a DecodeError with a context, or exactly
// one well-formed record whose nested records (group members, raw attributes) parse too.
#include <cstdlib>

#include "../support.h"
#include "nexthop/nexthop.h"
#include "nexthop/nexthop_schema.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < NLMSG_HDRLEN) return 0;
  support::Aligned a(data, size);
  nlmsghdr* h = a.hdr();
  if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > size) h->nlmsg_len = static_cast<uint32_t>(size);
  nl::RecordWriter w;
  nl::Error e = nl_nexthop::decode(h, w);
  if (e) {
    if (!e.decode || e.where.empty()) std::abort();
    return 0;
  }
  std::vector<std::vector<support::Field>> recs;
  if (!support::parse_records(w.buffer(), recs) || recs.size() != 1) std::abort();
  for (const auto& f : recs[0]) {
    std::vector<support::Field> sub;
    if (f.id == nl_nexthop::f::GROUP || f.id == nl_nexthop::f::RAW || f.id == nl_nexthop::f::RES_RAW) {
      if (!support::parse_fields(f.bytes.data(), f.bytes.size(), sub)) std::abort();
    }
  }
  return 0;
}
