// nf_tables tables: NFT_MSG_NEWTABLE / DELTABLE requests and the "nfttable" record.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "../nl/error.h"
#include "../nl/message.h"
#include "../nl/record.h"

namespace nl_nft {

struct TableSpec {
  uint8_t family = 0;  // NFPROTO_*
  std::string name;
  std::optional<uint32_t> flags;
  std::optional<uint64_t> handle;
  std::optional<std::vector<uint8_t>> userdata;  // wins over comment
  std::optional<std::string> comment;
};

// nft's `add table` (flags 0 is always sent, as nft does).
void build_table_new(nl::MessageBuffer& m, uint32_t seq, uint16_t nlflags, const TableSpec& t);
void build_table_del(nl::MessageBuffer& m, uint32_t seq, const TableSpec& t);
// flush table: one DELRULE naming only the table deletes every rule in it.
void build_table_flush(nl::MessageBuffer& m, uint32_t seq, const TableSpec& t);
nl::Error decode_table(const nlmsghdr* h, nl::RecordWriter& w);

}  // namespace nl_nft
