// nf_tables rules: NFT_MSG_NEWRULE / DELRULE requests and the "nftrule" record (with its
// expressions as "nftexpr" records).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "../nl/error.h"
#include "../nl/message.h"
#include "../nl/record.h"
#include "expr/expr.h"

namespace nl_nft {

struct RuleSpec {
  uint8_t family = 0;
  std::string table, chain;
  std::optional<uint64_t> handle;    // replace / delete
  std::optional<uint64_t> position;  // add: after this handle; insert: before it
  std::vector<Expr> exprs;
  std::optional<std::vector<uint8_t>> userdata;  // wins over comment
  std::optional<std::string> comment;
};

enum class RuleMode { Append, Insert, Replace };

void build_rule_new(nl::MessageBuffer& m, uint32_t seq, RuleMode mode, const RuleSpec& r);
void build_rule_del(nl::MessageBuffer& m, uint32_t seq, const RuleSpec& r);
nl::Error decode_rule(const nlmsghdr* h, nl::RecordWriter& w);

}  // namespace nl_nft
