// libFuzzer target: the nf_tables decoders (rules with every expression decoder, sets, set
// elements) on arbitrary messages. Byte 0 picks the decoder; the rest is one message (nlmsg_len
// clamped to the input). Invariants: a DecodeError naming where, or one well-formed record whose
// nested expressions / elements are well-formed too.
#include <cstdlib>

#include "../support.h"
#include "nft/rule.h"
#include "nft/schema.h"
#include "nft/set.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1 + NLMSG_HDRLEN) return 0;
  uint8_t which = data[0] % 3;
  support::Aligned a(data + 1, size - 1);
  nlmsghdr* h = a.hdr();
  if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > size - 1) h->nlmsg_len = static_cast<uint32_t>(size - 1);
  nl::RecordWriter w;
  nl::Error e = which == 0 ? nl_nft::decode_rule(h, w) : which == 1 ? nl_nft::decode_set(h, w) : nl_nft::decode_elems(h, w);
  if (e) {
    if (!e.decode || e.where.empty()) std::abort();
    return 0;
  }
  std::vector<std::vector<support::Field>> recs;
  if (!support::parse_records(w.buffer(), recs) || recs.size() != 1) std::abort();
  for (const auto& f : recs[0]) {
    std::vector<support::Field> sub;
    bool nested = (which == 0 && f.id == nl_nft::rf::EXPRS) || (which == 2 && f.id == nl_nft::lf::ELEMS);
    if (nested) {
      if (!support::parse_fields(f.bytes.data(), f.bytes.size(), sub)) std::abort();
    }
  }
  return 0;
}
