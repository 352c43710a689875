// libFuzzer target: AttrIter / AttrTable / Attr readers over arbitrary attribute streams, nested
// attributes followed recursively. Invariant: every delivered attribute lies inside the input.
#include <cstdlib>

#include "../support.h"
#include "nl/attr.h"

namespace {

void walk(const uint8_t* begin, const uint8_t* end, const uint8_t* p, size_t n, int depth) {
  nl::AttrIter it(p, n);
  nl::Attr a;
  size_t seen = 0;
  while (it.next(a)) {
    if (a.data < begin || a.data + a.len > end) std::abort();
    ++seen;
    uint8_t u8; uint16_t u16; uint32_t u32; int32_t s32; uint64_t u64;
    (void)a.u8(u8); (void)a.u16(u16); (void)a.u32(u32); (void)a.s32(s32); (void)a.u64(u64);
    (void)a.be16(u16); (void)a.be32(u32); (void)a.be64(u64);
    if (a.str().size() > a.len) std::abort();
    if (depth < 8 && (a.nested || a.len >= NLA_HDRLEN)) walk(begin, end, a.data, a.len, depth + 1);
  }
  nl::AttrTable<16> t;
  bool ok = t.parse(p, n);
  if (ok != (it.error() == nullptr)) std::abort();  // both views agree on the stream
  size_t in_table = 0;
  for (size_t i = 0; i <= 16; ++i) in_table += t.has[i];
  if (in_table + t.unknown.size() > seen) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  support::Aligned a(data, size);
  walk(a.data(), a.data() + a.size(), a.data(), a.size(), 0);
  return 0;
}
