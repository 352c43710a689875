// Batched operations: a compact binary encoding of many link/address/route requests, written by
// lib/batch.ts and turned here into one buffer of netlink messages to pipeline. The encoding
// keeps the N-API crossing to one Buffer for thousands of operations (reading JS arrays element
// by element would cost more than the kernel's own work per route).
//
// Every record starts with: u8 op, u8 reserved, u16 record length (multiple of 4).
// Fields follow at fixed offsets, little-endian (see kOp* below and lib/batch/encode.ts, which
// takes the offsets from batchLayout(), exported by the addon, so they are not restated).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "../nl/message.h"

namespace nl_batch {

enum Op : uint8_t {
  kRouteAdd = 1, kRouteReplace, kRouteDelete, kAddrAdd, kAddrDelete, kLinkDelete, kLinkSet,
  kLinkDeleteGroup, kVethCreate,
  // route extras, nexthop objects, address replace/lifetimes (issue 9)
  kRouteAppend, kNexthopAdd, kNexthopReplace, kNexthopDelete, kAddrReplace,
  // the plain IPv4 route { dst: 'a.b.c.d[/n]', dev: ifindex } as a 16-byte record (issue 13):
  // the same request as a "route" record with only family, dstLen, dst and oif set
  kRouteV4Add, kRouteV4Replace, kRouteV4Delete,
};
// Size of a "routeV4" record: u8 dstLen @4, dst[4] @8 (network order), u32 oif @12.
constexpr uint16_t kRouteV4Size = 16;

// Field offsets within a record, shared with TypeScript through batchLayout().
struct Field { const char* name; uint16_t offset; };
struct Layout { const char* op_name; Op op; uint16_t size; const Field* fields; size_t count; };
const std::vector<Layout>& layouts();

// "present" bit flags of route, address and link-set records.
enum Bits : uint8_t {
  kHasDst = 1, kHasPrefsrc = 2, kHasMetric = 4, kHasExt = 8,                 // route
  kHasPeer = 1, kHasBroadcast = 2, kHasLabel = 4, kHasLifetime = 8,          // address
  kSetUp = 1, kUpValue = 2, kSetMtu = 4, kSetMaster = 8, kSetGroup = 16,      // link set
};

// Route records carry this many bytes per next hop after the fixed part.
constexpr uint16_t kNexthopSize = 24;
// …then, with kHasExt, one "routeExt" block (nhid, onlink, realm, expires, pref, metrics).
constexpr uint16_t kRouteExtSize = 52;
// "routeExt" present bits
enum ExtBits : uint8_t { kExtRealm = 1, kExtExpires = 2, kExtPref = 4 };
// Nexthop-object records: a fixed part, then group_count group entries of this size.
constexpr uint16_t kNexthopObjectSize = 52;
constexpr uint16_t kGroupEntrySize = 8;
enum NexthopBits : uint8_t { kNhBlackhole = 1, kNhFdb = 2, kNhBuckets = 4, kNhIdle = 8, kNhUnbalanced = 16 };

// Builds one message per record into `m` (seqs first_seq…); returns the number of records, or
// -1 with `error` set when a record is malformed (a bug in lib/, never a kernel fault).
long build_all(const uint8_t* data, size_t len, nl::MessageBuffer& m, uint32_t first_seq, std::string& error);
// build_all for at most `max` records from offset `off` (advanced past what was built): a commit
// builds one sendmsg's worth at a time into a small reused buffer.
long build_some(const uint8_t* data, size_t len, size_t& off, long max, nl::MessageBuffer& m, uint32_t first_seq,
                std::string& error);
// The number of records, every header checked as build_all checks it (nothing built); -1 with
// `error` set when one is malformed.
long count_records(const uint8_t* data, size_t len, std::string& error);

}  // namespace nl_batch
