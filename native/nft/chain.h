// nf_tables chains: NFT_MSG_NEWCHAIN / DELCHAIN requests and the "nftchain" record.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "../nl/error.h"
#include "../nl/message.h"
#include "../nl/record.h"

namespace nl_nft {

struct ChainSpec {
  uint8_t family = 0;
  std::string table, name;
  std::optional<uint64_t> handle;
  // Base chains: all of hook, priority and type (policy optional).
  std::optional<uint32_t> hook;      // NF_INET_* hook number
  std::optional<int32_t> priority;
  std::optional<std::string> type;   // "filter", "nat", "route"
  std::optional<uint32_t> policy;    // NF_ACCEPT / NF_DROP
  std::optional<std::string> dev;    // netdev ingress
  std::optional<uint32_t> flags;
  std::optional<std::vector<uint8_t>> userdata;
  std::optional<std::string> comment;
};

void build_chain_new(nl::MessageBuffer& m, uint32_t seq, uint16_t nlflags, const ChainSpec& c);
void build_chain_del(nl::MessageBuffer& m, uint32_t seq, const ChainSpec& c);
// flush chain: DELRULE naming the table and chain.
void build_chain_flush(nl::MessageBuffer& m, uint32_t seq, const ChainSpec& c);
nl::Error decode_chain(const nlmsghdr* h, nl::RecordWriter& w);

}  // namespace nl_nft
