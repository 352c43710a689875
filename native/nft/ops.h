// The elements of a transaction cross from TypeScript as "nftop" records (the record layout of
// native/nl/record.h, written by lib/records.ts encodeRecords with the schemas this addon
// exports): one Buffer for a whole transaction instead of thousands of objects read property by
// property through N-API. Expressions are nested "nftexpr" records, set elements "nftelem",
// raw attributes "rawattr" — the same schemas listing writes, so a listed rule can be sent back.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "../nl/error.h"
#include "batch.h"

namespace nl_nft {

// Decodes every record of `data` into ops (appended). A malformed buffer is a bug in lib/,
// never a kernel fault: the error says where.
nl::Error decode_ops(const uint8_t* data, size_t len, std::vector<Op>& ops);
// Decodes the records one at a time and hands each Op to fn (valid only during the call): what
// the batch builder uses, so a transaction never holds every decoded Op at once.
nl::Error for_each_op(const uint8_t* data, size_t len, const std::function<nl::Error(const Op&)>& fn);

}  // namespace nl_nft
