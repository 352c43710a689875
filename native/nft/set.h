// nf_tables named sets: NFT_MSG_NEWSET / DELSET, their elements (NEWSETELEM / DELSETELEM), and
// the "nftset" / "nftelems" records.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "../nl/error.h"
#include "../nl/message.h"
#include "../nl/record.h"
#include "expr/expr.h"

namespace nl_nft {

struct SetSpec {
  uint8_t family = 0;
  std::string table, name;
  std::optional<uint32_t> flags, keyType, keyLen, dataType, dataLen, id;
  std::optional<std::vector<uint8_t>> userdata;
  std::vector<RawAttr> raw;  // NFTA_SET_POLICY / DESC / TIMEOUT / GC_INTERVAL …, sent before USERDATA
};

struct ElemSpec {
  std::vector<uint8_t> key;
  std::optional<std::vector<uint8_t>> keyEnd;
  std::optional<uint32_t> flags;  // NFT_SET_ELEM_INTERVAL_END marks the end of an interval
  // Other element attributes (timeout, data, userdata, …) in libnftnl's order: TIMEOUT and
  // EXPIRATION before the key, the rest after it.
  std::vector<RawAttr> raw;
};

struct ElemsSpec {
  uint8_t family = 0;
  std::string table, set;
  std::optional<uint32_t> setId;
  std::vector<ElemSpec> elems;
};

void build_set_new(nl::MessageBuffer& m, uint32_t seq, uint16_t nlflags, const SetSpec& s);
void build_set_del(nl::MessageBuffer& m, uint32_t seq, const SetSpec& s);
void build_elems(nl::MessageBuffer& m, uint32_t seq, bool add, const ElemsSpec& e);
// GETSETELEM dump request for one set.
void build_elems_dump(nl::MessageBuffer& m, uint32_t seq, uint8_t family, const std::string& table, const std::string& set);
nl::Error decode_set(const nlmsghdr* h, nl::RecordWriter& w);
nl::Error decode_elems(const nlmsghdr* h, nl::RecordWriter& w);

}  // namespace nl_nft
