// libFuzzer target: the route listing's entries (native/route/list.h). The input is read two
// ways. As one RTM_NEWROUTE message (seeds: fuzz_route_decode's): append() either refuses it or
// writes one entry that fill_columns turns into exactly one row (a record entry named as row 0 at
// offset 0). As entry bytes (first byte: the row count, mod 8): fill_columns must stay within
// the entries and `out` (ASan) and, when it accepts them, name only records inside both.
#include <vector>

#include "../support.h"
#include "route/list.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace nl_route::list;
  if (size >= NLMSG_HDRLEN) {
    support::Aligned a(data, size);
    nlmsghdr* h = a.hdr();
    if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > size) h->nlmsg_len = static_cast<uint32_t>(size);
    nl::RecordWriter w;
    if (!append(h, w)) {
      for (size_t width : {size_t{4}, size_t{16}}) {
        std::vector<uint8_t> out(column_row_bytes(width));
        std::vector<uint32_t> records;
        bool fixed = w.data()[kKind] == kFixed;
        if (!fill_columns(w.data(), w.size(), out.data(), 1, width, &records)) std::abort();
        if (fixed ? !records.empty() : records != std::vector<uint32_t>{0, 0}) std::abort();
      }
    }
  }
  if (size >= 1) {
    size_t n = data[0] % 8;
    support::Aligned entries(data + 1, size - 1);
    for (size_t width : {size_t{4}, size_t{16}}) {
      std::vector<uint8_t> out(n * column_row_bytes(width));
      std::vector<uint32_t> records;
      if (!fill_columns(entries.data(), entries.size(), out.data(), n, width, &records)) continue;
      if (records.size() % 2 != 0) std::abort();
      for (size_t k = 0; k < records.size(); k += 2)
        if (records[k] >= n || records[k + 1] + 8 > entries.size()) std::abort();
    }
  }
  return 0;
}
