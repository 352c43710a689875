// An nf_tables transaction: NFNL_MSG_BATCH_BEGIN, the elements, NFNL_MSG_BATCH_END, sent with one
// sendmsg(). The kernel applies all elements or none. Only the last element asks for an ACK:
// the kernel reports every failing element on its own (with its seq) even without NLM_F_ACK, so
// a 1000-rule transaction gets one ACK back instead of 1000 (FIELD-NOTES: ACK floods overflow
// the receive buffer), and errors are mapped back to elements by seq.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "../nl/socket.h"
#include "chain.h"
#include "obj.h"
#include "rule.h"
#include "set.h"
#include "table.h"

namespace nl_nft {

struct Op {
  enum Kind {
    NEW_TABLE, DEL_TABLE, FLUSH_TABLE, NEW_CHAIN, DEL_CHAIN, FLUSH_CHAIN,
    NEW_RULE, DEL_RULE, NEW_SET, DEL_SET, NEW_ELEMS, DEL_ELEMS,
    NEW_OBJ, DEL_OBJ,  // named objects
  } kind = NEW_TABLE;
  uint16_t nlflags = 0;  // NLM_F_EXCL for "create" instead of "add"
  RuleMode mode = RuleMode::Append;
  TableSpec table;
  ChainSpec chain;
  RuleSpec rule;
  SetSpec set;
  ElemsSpec elems;
  ObjSpec obj;
};

struct EchoPlan;

// Builds the whole batch from "nftop" records (lib/nft/transaction.ts), one element at a time
// (ops.h for_each_op: no vector of every decoded element): message i+1 is element i (seq
// first_seq+1+i); message 0 is BATCH_BEGIN (carrying NFNL_BATCH_GENID when genid is set: the
// kernel refuses with ERESTART if the ruleset changed since), the last is BATCH_END. With
// `echo`, the elements plan_echo() picks are asked back with NLM_F_ECHO (the plan is returned
// there). `count` receives the number of elements. A malformed record is an error, nothing built.
nl::Error build_batch(nl::MessageBuffer& m, uint32_t first_seq, const uint8_t* data, size_t len,
                      std::optional<uint32_t> genid, bool ack_each, EchoPlan* echo, size_t* count);
size_t count_ops(const uint8_t* data, size_t len);

// Which elements to ask back so that every new table, chain, set and rule learns its handle
// without one echo per rule. nf_tables numbers a table's new chains, sets and rules from one
// counter (nf_tables_alloc_handle: ++table->hgenerator) and runs a whole batch under its commit
// mutex, so a run of new rules of one table, with no other element of that table between them,
// gets consecutive handles: echoing the first and the last rule of each run tells them all (and
// the last one checks the arithmetic). Tables, chains, sets and replaced rules echo themselves.
struct EchoPlan {
  std::vector<uint8_t> echo;               // per op: 1 = NLM_F_ECHO
  std::vector<std::vector<size_t>> runs;   // op indexes of each run of new rules (in order)
};
// What the plan needs of an element: its kind, rule mode and table (family byte + name).
struct OpKey {
  Op::Kind kind;
  RuleMode mode;
  std::string table;
};
OpKey key_of(const Op& op);
EchoPlan plan_echo(const std::vector<OpKey>& ops);
EchoPlan plan_echo(const std::vector<Op>& ops);
// Fills in the handles of the rules inside each run from its echoed first and last rule
// (`handles` indexed like commit()'s: ops[i] at i+1). A run whose ends do not differ by its
// length keeps only the echoed handles (never seen: it would mean the kernel numbers otherwise).
void derive_handles(const EchoPlan& plan, std::vector<uint64_t>& handles);

// Sends the batch built from "nftop" records and collects per-message outcomes (index 0 = batch
// begin, i+1 = element i). With echo, `handles[i+1]` holds the handle the kernel gave element i
// when it created a table, chain, set or rule (0 otherwise), asked back as plan_echo() says.
nl::Error commit(nl::Socket& s, const uint8_t* data, size_t len, std::optional<uint32_t> genid, bool echo,
                 std::vector<nl::Outcome>& out, std::vector<uint64_t>& handles);

// Dump requests (NFT_MSG_GETTABLE/GETCHAIN/GETRULE/GETSET) for one family (NFPROTO_UNSPEC = all).
// GETRULE with a table also takes a chain: the kernel then walks that chain alone.
void build_dump(nl::MessageBuffer& m, uint32_t seq, uint16_t msg, uint8_t family, const std::string& table,
                const std::string& chain = std::string());
// NFT_MSG_GETGEN: the ruleset generation id.
void build_getgen(nl::MessageBuffer& m, uint32_t seq);
nl::Error decode_gen(const nlmsghdr* h, nl::RecordWriter& w);

}  // namespace nl_nft
