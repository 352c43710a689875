// libFuzzer target for native/tc. The first byte picks the path:
//   even: nl_tc::decode on one arbitrary RTM_NEW{QDISC,TCLASS,TFILTER} message (nlmsg_len clamped
//         to the input). Invariants: a DecodeError with a place, or exactly one well-formed record
//         whose nested records (typed options, actions, u32 keys, raw attributes) parse too.
//   odd:  nl_tc::build_request on an arbitrary "tcobj" record (what lib/tc sends the addon).
//         Invariants: an error, or well-framed messages (every nlmsg_len inside the buffer).
// Seeds (corpus/fuzz_tc/): the 33 requests of test/codec/tc.fixtures.txt (which decode like
// kernel messages) and their records re-encoded by the decoder.
#include <cstdlib>

#include "../support.h"
#include "tc/schema.h"
#include "tc/tc.h"

namespace {

void check_nested(const std::vector<support::Field>& fields, int depth) {
  if (depth > 4) return;
  for (const auto& f : fields) {
    // Typed options (>= f::TBF), RAW, and inside them actions/keys are records.
    if (f.id >= nl_tc::f::TBF || f.id == nl_tc::f::RAW) {
      std::vector<support::Field> sub;
      if (!support::parse_fields(f.bytes.data(), f.bytes.size(), sub)) std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const bool build = data[0] & 1;
  data++;
  size--;
  if (build) {
    nl::MessageBuffer m;
    nl::Error e = nl_tc::build_request(m, 1, data, size);
    if (e) {
      if (!e.decode || e.where.empty()) std::abort();
      return 0;
    }
    size_t off = 0;
    while (off < m.size()) {
      if (m.size() - off < NLMSG_HDRLEN) std::abort();
      const nlmsghdr* h = reinterpret_cast<const nlmsghdr*>(m.data() + off);
      if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > m.size() - off) std::abort();
      off += NLMSG_ALIGN(h->nlmsg_len);
    }
    return 0;
  }
  if (size < NLMSG_HDRLEN) return 0;
  support::Aligned a(data, size);
  nlmsghdr* h = a.hdr();
  if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > size) h->nlmsg_len = static_cast<uint32_t>(size);
  nl::RecordWriter w;
  nl::Error e = nl_tc::decode(h, w);
  if (e) {
    if (!e.decode || e.where.empty()) std::abort();
    return 0;
  }
  std::vector<std::vector<support::Field>> recs;
  if (!support::parse_records(w.buffer(), recs) || recs.size() != 1) std::abort();
  check_nested(recs[0], 0);
  return 0;
}
