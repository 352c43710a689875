// Route listing, the fast path of `ip route show`: a plain IPv4 route (every attribute one of
// DST, SRC, GATEWAY, PREFSRC, OIF, IIF, PRIORITY, TABLE, EXPIRES, PREF, well formed) becomes one
// fixed-size entry that TypeScript reads at fixed offsets (lib/route/list.ts), with no field
// headers, no strings and no intermediate record object. Anything else (IPv6, multipath, RTA_VIA,
// unknown or malformed attributes) is written as the generic "route" record (decode()), so its
// result and its errors are exactly those of the generic path.
//
// Entry := u8 kind, then
//   kind kFixed:  the fields at the offsets below (kSize bytes in all, little-endian);
//   kind kRecord: 3 zero bytes, then one generic record (u32 length, fields), zero-padded to 4.
#pragma once
#include <linux/netlink.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "../nl/error.h"
#include "../nl/record.h"

namespace nl_route::list {

enum Kind : uint8_t { kFixed = 1, kRecord = 2 };

// Offsets in a kFixed entry (exported to TypeScript by routeListLayout()).
enum Offset : uint16_t {
  kKind = 0, kFamily = 1, kDstLen = 2, kSrcLen = 3, kTos = 4, kProtocol = 5, kScope = 6, kType = 7,
  kFlags = 8, kTable = 12, kPresent = 16, kOif = 20, kIif = 24, kPriority = 28, kExpires = 32,
  kPref = 36, kDst = 40, kSrc = 44, kGateway = 48, kPrefsrc = 52, kSize = 56,
};

// Bits of the u32 at kPresent: which optional attributes the route carried.
enum Present : uint32_t {
  kHasDst = 1, kHasSrc = 2, kHasGateway = 4, kHasPrefsrc = 8, kHasOif = 16, kHasIif = 32,
  kHasPriority = 64, kHasExpires = 128, kHasPref = 256,
};

struct Field { const char* name; uint16_t value; };
// Offsets, kinds and present bits by name, for routeListLayout().
extern const Field kLayout[];
extern const size_t kLayoutCount;

// Appends the entry for one RTM_NEWROUTE message to `w`'s buffer.
nl::Error append(const nlmsghdr* h, nl::RecordWriter& w);

// Bytes per row of the columns fill_columns writes (lib/route/columns.ts): u32 index, table,
// metric, flags; dst, via, src at `w` (4 or 16) bytes each; u8 family, dstLen, scope, protocol,
// type; each column n rows long, one after the other in that order.
constexpr size_t column_row_bytes(size_t w) { return 4 * 4 + 3 * w + 5; }
constexpr size_t kColumnRowBytes = column_row_bytes(4);

// Fills the columns of `n` rows, `w` bytes per address (out: n * column_row_bytes(w) bytes,
// every one written, so it need not be zeroed) from `len` bytes of entries, one per row. A
// kRecord entry's row is left zero and its (row, byte offset) pair appended to `records`, for the
// caller to decode; without `records` it makes the call fail. False (out partly written) when
// the entries are not exactly n rows.
bool fill_columns(const uint8_t* entries, size_t len, uint8_t* out, size_t n, size_t w = 4,
                  std::vector<uint32_t>* records = nullptr);

}  // namespace nl_route::list
