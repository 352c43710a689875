// libFuzzer target for issue 9's decoders and request builders: byte 0 picks one of
//   0 nl_rule::decode, 1 nl_neigh::decode (neighbours and FDB), 2 nl_brport::decode — the rest is
//   one kernel message (nlmsg_len clamped to the input); invariants: a DecodeError naming where,
//   or exactly one well-formed record (raw attributes included);
//   3.. a registered record-encoded request (byte 1 picks which) built from arbitrary request
//   record bytes — invariants: an internal error, or messages whose lengths add up to the buffer.
#include <cstdlib>

#include "../support.h"
#include "brport/brport.h"
#include "neigh/neigh.h"
#include "nl/request.h"
#include "rule/rule.h"

namespace {

void check_decode(nl::DecodeFn fn, const uint8_t* data, size_t size) {
  if (size < NLMSG_HDRLEN) return;
  support::Aligned a(data, size);
  nlmsghdr* h = a.hdr();
  if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > size) h->nlmsg_len = static_cast<uint32_t>(size);
  nl::RecordWriter w;
  nl::Error e = fn(h, w);
  if (e) {
    if (!e.decode || e.where.empty()) std::abort();
    return;
  }
  std::vector<std::vector<support::Field>> recs;
  if (!support::parse_records(w.buffer(), recs) || recs.size() != 1) std::abort();
}

void check_build(uint8_t which, const uint8_t* data, size_t size) {
  const auto& reg = nl::request_registry();
  if (reg.empty()) return;
  const nl::RequestDef& d = reg[which % reg.size()];
  nl::MessageBuffer m;
  nl::Error e = nl::build_request(d.name, data, size, m, 1);
  if (e) {
    if (!e.decode || e.where.empty()) std::abort();
    return;
  }
  size_t off = 0;
  while (off < m.size()) {
    if (m.size() - off < NLMSG_HDRLEN) std::abort();
    const auto* h = reinterpret_cast<const nlmsghdr*>(m.data() + off);
    if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > m.size() - off) std::abort();
    off += NLMSG_ALIGN(h->nlmsg_len);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  switch (data[0] % 4) {
    case 0: check_decode(&nl_rule::decode, data + 1, size - 1); break;
    case 1: check_decode(&nl_neigh::decode, data + 1, size - 1); break;
    case 2: check_decode(&nl_brport::decode, data + 1, size - 1); break;
    default: check_build(data[1], data + 2, size - 2); break;
  }
  return 0;
}
