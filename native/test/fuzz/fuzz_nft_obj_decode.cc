// libFuzzer target: the nf_tables object decoder (NFT_MSG_NEWOBJ: listing, reset and monitor
// events) on arbitrary messages; nlmsg_len clamped to the input. Invariants: a DecodeError naming
// where, or one well-formed "nftobj" record whose data / raw fields are well-formed rawattr records.
// Seeds (corpus/fuzz_nft_obj_decode/): the NEWOBJ messages our transaction encodes for a counter,
// quota, limit, ct helper and ct timeout (byte-equal to nft's, test/nft/bytes-objects.test.ts).
#include <cstdlib>

#include "../support.h"
#include "nft/obj.h"
#include "nft/schema.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < NLMSG_HDRLEN) return 0;
  support::Aligned a(data, size);
  nlmsghdr* h = a.hdr();
  if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > size) h->nlmsg_len = static_cast<uint32_t>(size);
  nl::RecordWriter w;
  nl::Error e = nl_nft::decode_obj(h, w);
  if (e) {
    if (!e.decode || e.where.empty()) std::abort();
    return 0;
  }
  std::vector<std::vector<support::Field>> recs;
  if (!support::parse_records(w.buffer(), recs) || recs.size() != 1) std::abort();
  for (const auto& f : recs[0]) {
    if (f.id != nl_nft::obf::DATA && f.id != nl_nft::obf::RAW) continue;
    std::vector<support::Field> sub;
    if (!support::parse_fields(f.bytes.data(), f.bytes.size(), sub)) std::abort();
  }
  return 0;
}
