// dispatch_datagram: the per-datagram reply logic of Socket::transact, fed real and synthetic
// datagrams without a socket.
#include <errno.h>
#include <linux/rtnetlink.h>

#include "harness.h"
#include "nl/socket.h"
#include "support.h"

using support::Aligned;

namespace {

struct Run {
  std::vector<nl::Outcome> out;
  size_t pending;
  std::vector<std::pair<size_t, uint16_t>> data;  // (request index, message type) per on_msg
  explicit Run(size_t n) : out(n), pending(n) {}
  bool feed(const Aligned& d, uint32_t portid, uint32_t first_seq) {
    return nl::dispatch_datagram(d.data(), d.size(), portid, first_seq,
                                 [&](size_t i, const nlmsghdr* h) { data.push_back({i, h->nlmsg_type}); },
                                 out, pending);
  }
};

// A datagram of back-to-back messages: (type, flags, seq, pid, 4-byte payload word).
Aligned datagram(std::initializer_list<std::tuple<uint16_t, uint16_t, uint32_t, uint32_t, int32_t>> msgs) {
  std::vector<uint8_t> b;
  for (auto [type, flags, seq, pid, word] : msgs) {
    nlmsghdr h{};
    h.nlmsg_type = type;
    h.nlmsg_flags = flags;
    h.nlmsg_seq = seq;
    h.nlmsg_pid = pid;
    bool err = type == NLMSG_ERROR;
    h.nlmsg_len = NLMSG_HDRLEN + (err ? sizeof(nlmsgerr) : 4);
    const uint8_t* p = reinterpret_cast<const uint8_t*>(&h);
    b.insert(b.end(), p, p + sizeof h);
    const uint8_t* w = reinterpret_cast<const uint8_t*>(&word);
    b.insert(b.end(), w, w + 4);
    if (err) b.insert(b.end(), sizeof(nlmsghdr), 0);
  }
  return Aligned(b);
}

}  // namespace

TEST(dispatch_real_dump_datagrams) {
  Aligned links(support::fixture("dump_link_1.bin"));
  Aligned done(support::fixture("dump_link_2.bin"));
  uint32_t seq = links.hdr()->nlmsg_seq, pid = links.hdr()->nlmsg_pid;
  Run r(1);
  CHECK(r.feed(links, pid, seq));
  CHECK_EQ(r.data.size(), 6u);
  CHECK(!r.out[0].done);
  CHECK_EQ(r.pending, 1u);
  CHECK(r.feed(done, pid, seq));
  CHECK(r.out[0].done);
  CHECK(!r.out[0].error);
  CHECK_EQ(r.pending, 0u);
  for (auto [i, type] : r.data) {
    CHECK_EQ(i, 0u);
    CHECK_EQ(type, RTM_NEWLINK);
  }
}

TEST(dispatch_ignores_stale_and_foreign_replies) {
  Run r(2);
  Aligned d = datagram({
      {RTM_NEWLINK, 0, 99, 7, 0},       // seq before first_seq: an earlier call's reply
      {RTM_NEWLINK, 0, 102, 7, 0},      // seq past the last request
      {RTM_NEWLINK, 0, 100, 8, 0},      // another socket's portid
      {RTM_NEWLINK, 0, 101, 0, 0},      // portid 0 (kernel broadcast form) is accepted
      {NLMSG_ERROR, 0, 100, 7, -ENOENT},
  });
  CHECK(r.feed(d, 7, 100));
  REQUIRE(r.data.size() == 1);
  CHECK_EQ(r.data[0].first, 1u);
  CHECK(r.out[0].done);
  CHECK_EQ(r.out[0].error.code, ENOENT);
  CHECK(!r.out[1].done);
  CHECK_EQ(r.pending, 1u);
}

TEST(dispatch_acks_in_order_and_late_errors) {
  Run r(3);
  r.out[2].done = true;  // a request that expected no reply (no NLM_F_ACK, not a dump)
  r.pending = 2;
  Aligned d = datagram({
      {NLMSG_ERROR, 0, 10, 1, 0},
      {NLMSG_ERROR, 0, 11, 1, -EEXIST},
      {RTM_NEWLINK, 0, 11, 1, 0},       // data after completion: dropped
      {NLMSG_ERROR, 0, 12, 1, -EPERM},  // the no-reply request failed: still reported
  });
  CHECK(r.feed(d, 1, 10));
  CHECK(!r.out[0].error);
  CHECK_EQ(r.out[1].error.code, EEXIST);
  CHECK_EQ(r.out[2].error.code, EPERM);
  CHECK(r.data.empty());
  CHECK_EQ(r.pending, 0u);  // the late error did not count down twice
}

TEST(dispatch_overrun_fails_every_waiting_request) {
  Run r(3);
  Aligned d = datagram({{NLMSG_ERROR, 0, 5, 1, 0}, {NLMSG_OVERRUN, 0, 6, 1, 0}});
  CHECK(!r.feed(d, 1, 5));
  CHECK(!r.out[0].error);
  CHECK_EQ(r.out[1].error.code, EOVERFLOW);
  CHECK_EQ(r.out[2].error.code, EOVERFLOW);
}

TEST(dispatch_flags_interrupted_dumps) {
  Run r(1);
  Aligned d = datagram({{RTM_NEWLINK, NLM_F_MULTI | NLM_F_DUMP_INTR, 3, 1, 0},
                        {NLMSG_DONE, NLM_F_MULTI | NLM_F_DUMP_INTR, 3, 1, 0}});
  CHECK(r.feed(d, 1, 3));
  CHECK(r.out[0].dump_interrupted);
  CHECK(r.out[0].done);
}

TEST(dispatch_truncated_datagrams) {
  // Every prefix of a real datagram: whole messages are handled, a cut one is not read.
  Aligned full(support::fixture("dump_link_1.bin"));
  uint32_t seq = full.hdr()->nlmsg_seq, pid = full.hdr()->nlmsg_pid;
  auto msgs = support::messages(full.data(), full.size());
  for (size_t len = 0; len <= full.size(); ++len) {
    Aligned a(full.data(), len);
    Run r(1);
    CHECK(r.feed(a, pid, seq));
    size_t whole = 0;
    for (auto [off, n] : msgs) whole += off + n <= len;
    CHECK_EQ(r.data.size(), whole);
  }
}
