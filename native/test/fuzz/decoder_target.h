// The body shared by the one-message decoder fuzz targets (link, route, nexthop): the input is
// one message (nlmsg_len clamped to the input, as NLMSG_OK guarantees). Invariants: either a
// DecodeError with a context, or exactly one well-formed record whose nested fields listed in
// `nested` (sub-records, raw attributes) parse too.
#pragma once
#include <cstdlib>
#include <initializer_list>

#include "../support.h"
#include "nl/error.h"
#include "nl/record.h"

namespace support {

inline int fuzz_decoder(const uint8_t* data, size_t size, nl::Error (*decode)(const nlmsghdr*, nl::RecordWriter&),
                        std::initializer_list<uint16_t> nested) {
  if (size < NLMSG_HDRLEN) return 0;
  Aligned a(data, size);
  nlmsghdr* h = a.hdr();
  if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > size) h->nlmsg_len = static_cast<uint32_t>(size);
  nl::RecordWriter w;
  nl::Error e = decode(h, w);
  if (e) {
    if (!e.decode || e.where.empty()) std::abort();
    return 0;
  }
  std::vector<std::vector<Field>> recs;
  if (!parse_records(w.buffer(), recs) || recs.size() != 1) std::abort();
  for (const auto& f : recs[0]) {
    for (uint16_t id : nested) {
      std::vector<Field> sub;
      if (f.id == id && !parse_fields(f.bytes.data(), f.bytes.size(), sub)) std::abort();
    }
  }
  return 0;
}

}  // namespace support
