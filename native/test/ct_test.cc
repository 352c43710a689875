// native/conntrack on a dump captured from the kernel (test/codec/conntrack.fixtures.txt,
// ct-dump-reply: a UDP flow 10.0.0.1:1000 → 10.0.0.2:2000 and a TCP flow with mark 5), then
// truncated copies; the filter matcher; the delete and dump builders.
#include <arpa/inet.h>

#include "conntrack/flow.h"
#include "conntrack/schema.h"
#include "harness.h"
#include "nl/record.h"
#include "support.h"

using support::Aligned;

namespace {

std::vector<Aligned> ct_msgs() {
  std::vector<uint8_t> d = support::fixture("ct_dump.bin");
  std::vector<Aligned> out;
  for (auto [off, len] : support::messages(d.data(), d.size())) out.emplace_back(d.data() + off, len);
  return out;
}

std::vector<uint8_t> filter_rec(std::initializer_list<std::pair<uint16_t, std::vector<uint8_t>>> fields) {
  nl::RecordWriter w;
  size_t r = w.begin();
  for (auto& [id, bytes] : fields) w.bytes(id, bytes.data(), bytes.size());
  w.end(r);
  return w.buffer();
}

template <typename T>
std::vector<uint8_t> le(T v) {
  std::vector<uint8_t> b(sizeof v);
  std::memcpy(b.data(), &v, sizeof v);
  return b;
}

}  // namespace

TEST(ct_decodes_captured_dump) {
  auto msgs = ct_msgs();
  REQUIRE(msgs.size() == 2);
  nl_ct::Flow udp, tcp;
  REQUIRE(!nl_ct::parse(msgs[0].hdr(), udp));
  REQUIRE(!nl_ct::parse(msgs[1].hdr(), tcp));
  CHECK_EQ(udp.family, AF_INET);
  CHECK_EQ(udp.orig.proto, 17);
  CHECK_EQ(udp.orig.sport, 1000);
  CHECK_EQ(udp.orig.dport, 2000);
  CHECK_EQ(udp.reply.sport, 2000);
  CHECK_EQ(udp.id, 0x491e98c6u);
  CHECK_EQ(udp.timeout, 99u);
  CHECK_EQ(udp.event, 0);  // a dump part, not an event
  CHECK_EQ(udp.unknown.size(), 1u);  // CTA_SYNPROXY kept raw
  CHECK_EQ(tcp.mark, 5u);
  CHECK_EQ(tcp.state, 3);  // TCP_CONNTRACK_ESTABLISHED
  CHECK(tcp.has & nl_ct::Flow::STATE);
}

TEST(ct_truncated_messages_are_decode_errors) {
  auto msgs = ct_msgs();
  REQUIRE(!msgs.empty());
  const size_t full = msgs[0].hdr()->nlmsg_len;
  size_t errors = 0;
  for (size_t n = NLMSG_HDRLEN; n < full; n += 4) {
    Aligned a(msgs[0].data(), n);
    a.hdr()->nlmsg_len = static_cast<uint32_t>(n);
    nl_ct::Flow f;
    nl::Error e = nl_ct::parse(a.hdr(), f);
    if (e) {
      CHECK(e.decode);
      CHECK(!e.where.empty());
      ++errors;
    }
  }
  CHECK(errors > 0);
}

TEST(ct_filter_matches) {
  auto msgs = ct_msgs();
  nl_ct::Flow udp, tcp;
  REQUIRE(!nl_ct::parse(msgs[0].hdr(), udp));
  REQUIRE(!nl_ct::parse(msgs[1].hdr(), tcp));
  auto check = [&](const std::vector<uint8_t>& rec, bool want_udp, bool want_tcp) {
    nl_ct::Filter q;
    REQUIRE(!nl_ct::read_filter(rec.data(), rec.size(), q));
    CHECK_EQ(nl_ct::matches(q, udp), want_udp);
    CHECK_EQ(nl_ct::matches(q, tcp), want_tcp);
  };
  check({}, true, true);
  check(filter_rec({{nl_ct::qf::PROTO, {17}}}), true, false);
  check(filter_rec({{nl_ct::qf::ORIG_DPORT, le<uint16_t>(2000)}}), true, false);
  check(filter_rec({{nl_ct::qf::MARK, le<uint32_t>(5)}}), false, true);
  check(filter_rec({{nl_ct::qf::MARK, le<uint32_t>(4)}, {nl_ct::qf::MARK_MASK, le<uint32_t>(4)}}), false, true);
  check(filter_rec({{nl_ct::qf::ORIG_DST, {10, 0, 0, 0}}, {nl_ct::qf::ORIG_DST_PLEN, {30}}}), true, true);
  check(filter_rec({{nl_ct::qf::ORIG_DST, {10, 0, 0, 4}}, {nl_ct::qf::ORIG_DST_PLEN, {30}}}), false, false);
  check(filter_rec({{nl_ct::qf::STATE, {3}}}), false, true);
  check(filter_rec({{nl_ct::qf::FAMILY, {AF_INET6}}}), false, false);
}

TEST(ct_filter_rejects_malformed) {
  nl_ct::Filter q;
  auto bad_size = filter_rec({{nl_ct::qf::MARK, {1, 2}}});
  CHECK(nl_ct::read_filter(bad_size.data(), bad_size.size(), q));
  auto plen_only = filter_rec({{nl_ct::qf::ORIG_SRC_PLEN, {8}}});
  CHECK(nl_ct::read_filter(plen_only.data(), plen_only.size(), q));
  auto too_long = filter_rec({{nl_ct::qf::ORIG_SRC, {1, 2, 3, 4}}, {nl_ct::qf::ORIG_SRC_PLEN, {33}}});
  CHECK(nl_ct::read_filter(too_long.data(), too_long.size(), q));
  const uint8_t truncated[] = {9, 0, 0, 0, 1};
  CHECK(nl_ct::read_filter(truncated, sizeof truncated, q));
}

TEST(ct_delete_copies_the_original_tuple_and_adds_the_id) {
  auto msgs = ct_msgs();
  nl_ct::Flow udp;
  REQUIRE(!nl_ct::parse(msgs[0].hdr(), udp));
  nl::MessageBuffer m;
  nl_ct::build_delete(m, 42, udp);
  const nlmsghdr* h = reinterpret_cast<const nlmsghdr*>(m.data());
  CHECK_EQ(h->nlmsg_len, 80u);
  CHECK_EQ(h->nlmsg_type, nl_ct::msg_type(IPCTNL_MSG_CT_DELETE));
  CHECK_EQ(h->nlmsg_seq, 42u);
  CHECK(std::memcmp(m.data() + 20, udp.orig.wire, udp.orig.wire_len) == 0);
  uint32_t id;
  std::memcpy(&id, m.data() + 76, 4);
  CHECK_EQ(ntohl(id), 0x491e98c6u);
}

TEST(ct_dump_request_carries_family_and_mark) {
  nl_ct::Filter q;
  q.has_family = true;
  q.family = AF_INET;
  q.has_mark = true;
  q.mark = 0x1ff;
  q.mark_mask = 0xf0;
  nl::MessageBuffer m;
  nl_ct::build_dump(m, 1, q);
  CHECK_EQ(m.size(), 36u);
  CHECK_EQ(m.data()[16], AF_INET);
  uint32_t mark, mask;
  std::memcpy(&mark, m.data() + 24, 4);
  std::memcpy(&mask, m.data() + 32, 4);
  CHECK_EQ(ntohl(mark), 0xf0u);  // sent masked: the kernel compares (ct->mark & mask) == value
  CHECK_EQ(ntohl(mask), 0xf0u);
}
