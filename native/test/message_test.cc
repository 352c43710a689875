// MessageBuffer: byte layout of headers and attributes, NLA alignment, nested lengths, Nest RAII,
// several messages in one buffer.
#include <linux/rtnetlink.h>

#include "harness.h"
#include "nl/attr.h"
#include "nl/message.h"

using nl::MessageBuffer;

namespace {
nlmsghdr hdr_at(const MessageBuffer& m, size_t off) {
  nlmsghdr h;
  std::memcpy(&h, m.data() + off, sizeof h);
  return h;
}
nlattr attr_at(const MessageBuffer& m, size_t off) {
  nlattr a;
  std::memcpy(&a, m.data() + off, sizeof a);
  return a;
}
}  // namespace

TEST(message_begin_writes_header) {
  MessageBuffer m;
  size_t off = m.begin(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, 77);
  CHECK_EQ(off, 0u);
  CHECK_EQ(m.size(), 16u);
  CHECK_EQ(m.count(), 1u);
  nlmsghdr h = hdr_at(m, 0);
  CHECK_EQ(h.nlmsg_len, 0u);  // set once something follows the header
  CHECK_EQ(h.nlmsg_type, RTM_GETLINK);
  CHECK_EQ(h.nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
  CHECK_EQ(h.nlmsg_seq, 77u);
  CHECK_EQ(h.nlmsg_pid, 0u);
  ifinfomsg ifi{};
  ifi.ifi_index = 5;
  m.put_header(ifi);
  CHECK_EQ(m.size(), 32u);
  CHECK_EQ(hdr_at(m, 0).nlmsg_len, 32u);
  int32_t idx;
  std::memcpy(&idx, m.data() + 16 + 4, 4);
  CHECK_EQ(idx, 5);
}

TEST(message_put_aligns_and_pads_with_zeros) {
  MessageBuffer m;
  m.begin(RTM_NEWLINK, NLM_F_REQUEST, 1);
  m.put_u8(1, 0xAB);                         // 4 + 1 → padded to 8
  CHECK_EQ(m.size(), 24u);
  nlattr a = attr_at(m, 16);
  CHECK_EQ(a.nla_len, 5);                    // nla_len counts the unpadded payload
  CHECK_EQ(a.nla_type, 1);
  CHECK_EQ(m.data()[20], 0xAB);
  CHECK_EQ(m.data()[21], 0);
  CHECK_EQ(m.data()[22], 0);
  CHECK_EQ(m.data()[23], 0);
  m.put_strz(2, "ab");                       // "ab\0": 4 + 3 → 8
  CHECK_EQ(m.size(), 32u);
  CHECK_EQ(attr_at(m, 24).nla_len, 7);
  CHECK(std::memcmp(m.data() + 28, "ab\0\0", 4) == 0);
  m.put_flag(3);                             // header only
  CHECK_EQ(m.size(), 36u);
  CHECK_EQ(attr_at(m, 32).nla_len, 4);
  CHECK_EQ(hdr_at(m, 0).nlmsg_len, 36u);
}

TEST(message_put_integer_byte_order) {
  MessageBuffer m;
  m.begin(RTM_NEWLINK, NLM_F_REQUEST, 1);
  m.put_u16(1, 0x1234);
  m.put_be16(2, 0x1234);
  m.put_u32(3, 0x11223344);
  m.put_be32(4, 0x11223344);
  m.put_u64(5, 0x0102030405060708ull);
  m.put_be64(6, 0x0102030405060708ull);
  m.put_s32(7, -2);
  const uint8_t* p = m.data() + 16;
  const uint8_t u16[] = {6, 0, 1, 0, 0x34, 0x12, 0, 0};
  const uint8_t be16[] = {6, 0, 2, 0, 0x12, 0x34, 0, 0};
  const uint8_t u32[] = {8, 0, 3, 0, 0x44, 0x33, 0x22, 0x11};
  const uint8_t be32[] = {8, 0, 4, 0, 0x11, 0x22, 0x33, 0x44};
  const uint8_t u64[] = {12, 0, 5, 0, 8, 7, 6, 5, 4, 3, 2, 1};
  const uint8_t be64[] = {12, 0, 6, 0, 1, 2, 3, 4, 5, 6, 7, 8};
  const uint8_t s32[] = {8, 0, 7, 0, 0xfe, 0xff, 0xff, 0xff};
  CHECK(std::memcmp(p, u16, 8) == 0);
  CHECK(std::memcmp(p + 8, be16, 8) == 0);
  CHECK(std::memcmp(p + 16, u32, 8) == 0);
  CHECK(std::memcmp(p + 24, be32, 8) == 0);
  CHECK(std::memcmp(p + 32, u64, 12) == 0);
  CHECK(std::memcmp(p + 44, be64, 12) == 0);
  CHECK(std::memcmp(p + 56, s32, 8) == 0);
  CHECK_EQ(m.size(), 16u + 64u);
}

TEST(message_nested_lengths) {
  MessageBuffer m;
  m.begin(RTM_NEWLINK, NLM_F_REQUEST, 1);
  size_t outer = m.nest_begin(IFLA_LINKINFO);
  m.put_strz(IFLA_INFO_KIND, "veth");        // 4 + 5 → 12 (padded)
  size_t inner = m.nest_begin(IFLA_INFO_DATA);
  m.put_u8(1, 1);                            // 8
  m.nest_end(inner);
  m.nest_end(outer);
  nlattr o = attr_at(m, 16);
  CHECK_EQ(o.nla_type, IFLA_LINKINFO | NLA_F_NESTED);
  CHECK_EQ(o.nla_len, 4 + 12 + 4 + 8);
  nlattr i = attr_at(m, 16 + 4 + 12);
  CHECK_EQ(i.nla_type, IFLA_INFO_DATA | NLA_F_NESTED);
  CHECK_EQ(i.nla_len, 4 + 8);
  CHECK_EQ(hdr_at(m, 0).nlmsg_len, m.size());
  // Read back: the nest's payload is exactly the inner attributes.
  nl::AttrIter it(m.data() + 16, m.size() - 16);
  nl::Attr a;
  REQUIRE(it.next(a));
  CHECK(a.nested);
  CHECK_EQ(a.type, IFLA_LINKINFO);
  nl::AttrTable<IFLA_INFO_MAX> t;
  CHECK(t.parse(a));
  REQUIRE(t.get(IFLA_INFO_KIND));
  CHECK_EQ(t.get(IFLA_INFO_KIND)->str(), std::string("veth"));
  REQUIRE(t.get(IFLA_INFO_DATA));
  CHECK_EQ(t.get(IFLA_INFO_DATA)->len, 8);
  CHECK(!it.next(a));
  CHECK(it.error() == nullptr);
}

TEST(message_empty_nest_is_header_only) {
  MessageBuffer m;
  m.begin(RTM_NEWLINK, NLM_F_REQUEST, 1);
  { nl::Nest n(m, 9); }
  CHECK_EQ(attr_at(m, 16).nla_len, 4);
  CHECK_EQ(hdr_at(m, 0).nlmsg_len, 20u);
}

TEST(message_nest_raii_closes_on_early_return) {
  MessageBuffer m;
  m.begin(RTM_NEWLINK, NLM_F_REQUEST, 1);
  auto fill = [&](bool bail) {
    nl::Nest outer(m, 1);
    m.put_u32(2, 7);
    nl::Nest inner(m, 3);
    m.put_u32(4, 8);
    if (bail) return;  // both nests must still be closed, innermost first
    m.put_u32(5, 9);
  };
  fill(true);
  nlattr o = attr_at(m, 16);
  CHECK_EQ(o.nla_len, 4 + 8 + 4 + 8);
  CHECK_EQ(attr_at(m, 16 + 4 + 8).nla_len, 4 + 8);
  CHECK_EQ(hdr_at(m, 0).nlmsg_len, m.size());
  size_t before = m.size();
  fill(false);
  CHECK_EQ(attr_at(m, before).nla_len, 4 + 8 + 4 + 8 + 8);
  CHECK_EQ(hdr_at(m, 0).nlmsg_len, m.size());
}

TEST(message_put_raw_inside_nest) {
  // VETH_INFO_PEER carries an ifinfomsg followed by attributes.
  MessageBuffer m;
  m.begin(RTM_NEWLINK, NLM_F_REQUEST, 1);
  size_t n = m.nest_begin(1);
  ifinfomsg ifi{};
  ifi.ifi_flags = 0x55;
  size_t off = m.put_raw(&ifi, sizeof ifi);
  m.put_u32(2, 3);
  m.nest_end(n);
  CHECK_EQ(off, 20u);
  CHECK_EQ(attr_at(m, 16).nla_len, 4 + 16 + 8);
  ifinfomsg back;
  std::memcpy(&back, m.data() + off, sizeof back);
  CHECK_EQ(back.ifi_flags, 0x55u);
}

TEST(message_several_messages_back_to_back) {
  MessageBuffer m;
  m.begin(RTM_GETLINK, NLM_F_REQUEST, 10);
  m.put_u8(1, 1);                 // message 0: 16 + 8
  size_t second = m.begin(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, 11);
  CHECK_EQ(second, 24u);
  CHECK_EQ(m.current_offset(), 24u);
  m.put_strz(2, "abcde");         // 16 + 4 + 6 → 12 padded
  CHECK_EQ(m.count(), 2u);
  CHECK_EQ(hdr_at(m, 0).nlmsg_len, 24u);   // finished messages keep their length
  CHECK_EQ(hdr_at(m, 24).nlmsg_len, 28u);
  CHECK_EQ(hdr_at(m, 24).nlmsg_seq, 11u);
  CHECK_EQ(m.current()->nlmsg_seq, 11u);
  CHECK_EQ(m.size(), 52u);
  m.clear();
  CHECK_EQ(m.size(), 0u);
  CHECK_EQ(m.count(), 0u);
}

TEST(message_overflowed_reports_u16_attribute_overflow) {
  // nla_len is 16 bits: a payload that does not fit must be reported, not silently wrapped.
  MessageBuffer m;
  m.begin(RTM_NEWLINK, NLM_F_REQUEST, 1);
  std::vector<uint8_t> big(70000, 1);
  CHECK(!m.overflowed());
  m.put(1, big.data(), 65531);    // 4 + 65531 = 65535: the largest that fits
  CHECK(!m.overflowed());
  m.put(1, big.data(), 65532);
  CHECK(m.overflowed());

  MessageBuffer n;
  n.begin(RTM_NEWLINK, NLM_F_REQUEST, 1);
  {
    nl::Nest nest(n, 1);
    for (int i = 0; i < 2; ++i) n.put(2, big.data(), 40000);
  }
  CHECK(n.overflowed());
}
