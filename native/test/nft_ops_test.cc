// native/nft/ops.cc (transaction elements as "nftop" records → Op) and batch.cc's echo plan:
// which elements are asked back, and how the handles between the ends of a run are derived.
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>

#include "harness.h"
#include "nft/batch.h"
#include "nft/expr/expr.h"
#include "nft/ops.h"
#include "nft/schema.h"
#include "nl/record.h"

namespace {

using nl_nft::Op;

// Writes one "nftop" record the way lib/records.ts encodeRecords does.
struct OpWriter {
  nl::RecordWriter w;
  size_t rec = 0;
  OpWriter& begin(const char* kind) { rec = w.begin(); w.str(nl_nft::of::KIND, kind); return *this; }
  OpWriter& table(uint8_t family, const char* name) {
    w.u8(nl_nft::of::FAMILY, family);
    w.str(nl_nft::of::TABLE, name);
    return *this;
  }
  void end() { w.end(rec); }
};

std::vector<Op> decode(nl::RecordWriter& w, nl::Error& err) {
  std::vector<Op> ops;
  const std::vector<uint8_t>& b = w.buffer();
  err = nl_nft::decode_ops(b.data(), b.size(), ops);
  return ops;
}

}  // namespace

TEST(nft_ops_decode_a_rule_with_expressions) {
  OpWriter o;
  o.begin("newrule").table(NFPROTO_IPV4, "nat");
  o.w.str(nl_nft::of::CHAIN, "postrouting");
  o.w.str(nl_nft::of::MODE, "insert");
  o.w.u64(nl_nft::of::POSITION, 7);
  o.w.str(nl_nft::of::COMMENT, "c");
  size_t e = o.w.nest_begin(nl_nft::of::EXPRS);
  o.w.str(nl_nft::xf::NAME, "cmp");
  o.w.u32(nl_nft::xf::SREG, NFT_REG_1);
  o.w.u32(nl_nft::xf::OP, NFT_CMP_EQ);
  const uint8_t data[] = {10, 0, 0};
  o.w.bytes(nl_nft::xf::DATA, data, sizeof data);
  o.w.nest_end(e);
  e = o.w.nest_begin(nl_nft::of::EXPRS);
  o.w.str(nl_nft::xf::NAME, "masq");
  o.w.nest_end(e);
  o.end();
  nl::Error err;
  std::vector<Op> ops = decode(o.w, err);
  REQUIRE(!err);
  REQUIRE(ops.size() == 1);
  const Op& op = ops[0];
  CHECK(op.kind == Op::NEW_RULE);
  CHECK(op.mode == nl_nft::RuleMode::Insert);
  CHECK_EQ(op.rule.family, NFPROTO_IPV4);
  CHECK_EQ(op.rule.table, std::string("nat"));
  CHECK_EQ(op.rule.chain, std::string("postrouting"));
  CHECK(op.rule.position && *op.rule.position == 7);
  CHECK(op.rule.comment && *op.rule.comment == "c");
  REQUIRE(op.rule.exprs.size() == 2);
  CHECK_EQ(op.rule.exprs[0].name, std::string("cmp"));
  CHECK(op.rule.exprs[0].sreg && *op.rule.exprs[0].sreg == NFT_REG_1);
  CHECK(op.rule.exprs[0].data && *op.rule.exprs[0].data == std::vector<uint8_t>({10, 0, 0}));
  CHECK_EQ(op.rule.exprs[1].name, std::string("masq"));
}

TEST(nft_ops_reject_malformed_encodings) {
  {
    OpWriter o;
    o.begin("newfrob").table(NFPROTO_IPV4, "t");
    o.end();
    nl::Error err;
    decode(o.w, err);
    CHECK(err);
    CHECK(err.where.find("newfrob") != std::string::npos);
  }
  {
    OpWriter o;  // no kind at all
    o.rec = o.w.begin();
    o.w.str(nl_nft::of::TABLE, "t");
    o.end();
    nl::Error err;
    decode(o.w, err);
    CHECK(err);
  }
  {
    OpWriter o;  // a u32 field written as a u16
    o.begin("newchain").table(NFPROTO_IPV4, "t");
    o.w.u16(nl_nft::of::HOOK, 1);
    o.end();
    nl::Error err;
    decode(o.w, err);
    CHECK(err);
  }
  {
    OpWriter o;  // cut short: the record overruns the buffer
    o.begin("newtable").table(NFPROTO_IPV4, "t");
    o.end();
    std::vector<uint8_t> b = o.w.buffer();
    std::vector<Op> ops;
    CHECK(nl_nft::decode_ops(b.data(), b.size() - 1, ops));
  }
}

namespace {
Op rule(const char* table, nl_nft::RuleMode mode = nl_nft::RuleMode::Append) {
  Op op;
  op.kind = Op::NEW_RULE;
  op.mode = mode;
  op.rule.family = NFPROTO_IPV4;
  op.rule.table = table;
  op.rule.chain = "c";
  return op;
}
Op chain(const char* table) {
  Op op;
  op.kind = Op::NEW_CHAIN;
  op.chain.family = NFPROTO_IPV4;
  op.chain.table = table;
  op.chain.name = "x";
  return op;
}
}  // namespace

TEST(nft_echo_plan_asks_for_the_ends_of_each_run) {
  // a a b a | chain a | a a ; replace a ; a
  std::vector<Op> ops = {rule("a"), rule("a"), rule("b"), rule("a"), chain("a"), rule("a"), rule("a"),
                         rule("a", nl_nft::RuleMode::Replace), rule("a")};
  nl_nft::EchoPlan p = nl_nft::plan_echo(ops);
  std::vector<uint8_t> want = {1, 0, 1, 1, 1, 1, 1, 1, 1};
  CHECK(p.echo == want);
  REQUIRE(p.runs.size() == 4);
  CHECK(p.runs[0] == std::vector<size_t>({0, 1, 3}));
  CHECK(p.runs[1] == std::vector<size_t>({2}));
  CHECK(p.runs[2] == std::vector<size_t>({5, 6}));
  CHECK(p.runs[3] == std::vector<size_t>({8}));
  // the same table name in another family is another table
  std::vector<Op> fam = {rule("a"), rule("a"), rule("a")};
  fam[1].rule.family = NFPROTO_IPV6;
  CHECK_EQ(nl_nft::plan_echo(fam).runs.size(), 2u);
}

TEST(nft_derive_handles_fills_runs_and_trusts_only_consistent_ends) {
  std::vector<Op> ops;
  for (int i = 0; i < 5; ++i) ops.push_back(rule("a"));
  nl_nft::EchoPlan p = nl_nft::plan_echo(ops);
  std::vector<uint64_t> h(ops.size() + 2, 0);
  h[1] = 10;
  h[5] = 14;
  nl_nft::derive_handles(p, h);
  CHECK(h == std::vector<uint64_t>({0, 10, 11, 12, 13, 14, 0}));
  // ends that do not span the run: nothing is made up
  std::vector<uint64_t> g(ops.size() + 2, 0);
  g[1] = 10;
  g[5] = 20;
  nl_nft::derive_handles(p, g);
  CHECK(g == std::vector<uint64_t>({0, 10, 0, 0, 0, 20, 0}));
}

// build_batch works from the records one element at a time (no vector of every Op): the flags
// it sets afterwards by message offset must be what a per-element build set (issue #13 round 3).
TEST(nft_build_batch_from_records_sets_seq_echo_and_ack_per_element) {
  OpWriter o;
  for (int i = 0; i < 4; ++i) {  // a run of four new rules in ip nat, then a chain in it
    o.begin("newrule").table(NFPROTO_IPV4, "nat");
    o.w.str(nl_nft::of::CHAIN, "postrouting");
    size_t e = o.w.nest_begin(nl_nft::of::EXPRS);
    o.w.str(nl_nft::xf::NAME, "masq");
    o.w.nest_end(e);
    o.end();
  }
  o.begin("newchain").table(NFPROTO_IPV4, "nat");
  o.w.str(nl_nft::of::NAME, "x");
  o.end();
  const std::vector<uint8_t>& b = o.w.buffer();
  CHECK_EQ(nl_nft::count_ops(b.data(), b.size()), 5u);
  nl::MessageBuffer m;
  nl_nft::EchoPlan plan;
  size_t count = 0;
  REQUIRE(!nl_nft::build_batch(m, 100, b.data(), b.size(), std::nullopt, false, &plan, &count));
  CHECK_EQ(count, 5u);
  std::vector<const nlmsghdr*> msgs;
  for (size_t off = 0; off < m.size();) {
    const nlmsghdr* h = reinterpret_cast<const nlmsghdr*>(m.data() + off);
    msgs.push_back(h);
    off += NLMSG_ALIGN(h->nlmsg_len);
  }
  REQUIRE(msgs.size() == 7u);  // begin, 5 elements, end
  for (size_t i = 0; i < msgs.size(); ++i) CHECK_EQ(msgs[i]->nlmsg_seq, 100u + i);
  const uint16_t want_echo[] = {1, 0, 0, 1, 1};  // the ends of the rule run, the chain
  for (size_t i = 0; i < 5; ++i) {
    CHECK_EQ((msgs[i + 1]->nlmsg_flags & NLM_F_ECHO) != 0, want_echo[i] != 0);
    CHECK_EQ((msgs[i + 1]->nlmsg_flags & NLM_F_ACK) != 0, i == 4);  // only the last is ACKed
  }
  // The same records without echo: identical but for the NLM_F_ECHO flags.
  nl::MessageBuffer plain;
  REQUIRE(!nl_nft::build_batch(plain, 100, b.data(), b.size(), std::nullopt, false, nullptr, nullptr));
  REQUIRE(plain.size() == m.size());
  for (size_t off = 0; off < plain.size();) {
    const nlmsghdr* h = reinterpret_cast<const nlmsghdr*>(plain.data() + off);
    CHECK_EQ(h->nlmsg_flags & NLM_F_ECHO, 0);
    off += NLMSG_ALIGN(h->nlmsg_len);
  }
  // A record cut short is an error, whatever was built before it.
  nl::MessageBuffer cut;
  CHECK(nl_nft::build_batch(cut, 1, b.data(), b.size() - 1, std::nullopt, false, nullptr, nullptr));
}
