// An nf_tables transaction: NFNL_MSG_BATCH_BEGIN, the elements, NFNL_MSG_BATCH_END, sent with one
// sendmsg(). The kernel applies all elements or none. Only the last element asks for an ACK:
// the kernel reports every failing element on its own (with its seq) even without NLM_F_ACK, so
// a 1000-rule transaction gets one ACK back instead of 1000 (FIELD-NOTES: ACK floods overflow
// the receive buffer), and errors are mapped back to elements by seq.
#pragma once
#include <optional>
#include <vector>

#include "../nl/socket.h"
#include "chain.h"
#include "rule.h"
#include "set.h"
#include "table.h"

namespace nl_nft {

struct Op {
  enum Kind {
    NEW_TABLE, DEL_TABLE, FLUSH_TABLE, NEW_CHAIN, DEL_CHAIN, FLUSH_CHAIN,
    NEW_RULE, DEL_RULE, NEW_SET, DEL_SET, NEW_ELEMS, DEL_ELEMS,
  } kind = NEW_TABLE;
  uint16_t nlflags = 0;  // NLM_F_EXCL for "create" instead of "add"
  RuleMode mode = RuleMode::Append;
  TableSpec table;
  ChainSpec chain;
  RuleSpec rule;
  SetSpec set;
  ElemsSpec elems;
};

// Builds the whole batch: message i+1 is ops[i] (seq first_seq+1+i); message 0 is BATCH_BEGIN
// (carrying NFNL_BATCH_GENID when genid is set: the kernel refuses with ERESTART if the ruleset
// changed since), the last is BATCH_END.
void build_batch(nl::MessageBuffer& m, uint32_t first_seq, const std::vector<Op>& ops, std::optional<uint32_t> genid,
                 bool ack_each = false, bool echo = false);

// Sends the batch and collects per-message outcomes (size ops.size()+2; index 0 = batch begin).
// With echo, new tables/chains/rules/sets are asked back (NLM_F_ECHO) and `handles[i+1]` holds
// the handle the kernel gave ops[i] (0 when none).
nl::Error commit(nl::Socket& s, const std::vector<Op>& ops, std::optional<uint32_t> genid, bool echo,
                 std::vector<nl::Outcome>& out, std::vector<uint64_t>& handles);

// Dump requests (NFT_MSG_GETTABLE/GETCHAIN/GETRULE/GETSET) for one family (NFPROTO_UNSPEC = all).
void build_dump(nl::MessageBuffer& m, uint32_t seq, uint16_t msg, uint8_t family, const std::string& table);
// NFT_MSG_GETGEN: the ruleset generation id.
void build_getgen(nl::MessageBuffer& m, uint32_t seq);
nl::Error decode_gen(const nlmsghdr* h, nl::RecordWriter& w);

}  // namespace nl_nft
