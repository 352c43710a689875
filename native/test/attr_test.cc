// AttrIter / AttrTable / Attr readers on good and malformed attribute streams.
#include "harness.h"
#include "nl/attr.h"
#include "nl/message.h"

using nl::Attr;
using nl::AttrIter;

namespace {
// Appends one raw attribute header with arbitrary (possibly lying) nla_len, then payload bytes.
void raw_attr(std::vector<uint8_t>& b, uint16_t nla_len, uint16_t type, std::vector<uint8_t> payload,
              bool pad = true) {
  uint8_t h[4];
  std::memcpy(h, &nla_len, 2);
  std::memcpy(h + 2, &type, 2);
  b.insert(b.end(), h, h + 4);
  b.insert(b.end(), payload.begin(), payload.end());
  if (pad)
    while (b.size() % 4) b.push_back(0);
}
std::vector<Attr> all(const std::vector<uint8_t>& b, const char** err) {
  std::vector<Attr> r;
  AttrIter it(b.data(), b.size());
  Attr a;
  while (it.next(a)) r.push_back(a);
  *err = it.error();
  return r;
}
}  // namespace

TEST(attr_iter_good_stream) {
  std::vector<uint8_t> b;
  raw_attr(b, 5, 1, {0x7f});
  raw_attr(b, 8, 2, {1, 0, 0, 0});
  raw_attr(b, 7, 3, {'a', 'b', 0});
  const char* err;
  auto v = all(b, &err);
  CHECK(err == nullptr);
  REQUIRE(v.size() == 3);
  uint8_t u8;
  uint32_t u32;
  CHECK(v[0].u8(u8));
  CHECK_EQ(u8, 0x7f);
  CHECK_EQ(v[0].len, 1);
  CHECK(v[1].u32(u32));
  CHECK_EQ(u32, 1u);
  CHECK_EQ(v[2].str(), std::string("ab"));
  CHECK_EQ(v[2].data, b.data() + 20);
}

TEST(attr_iter_empty_stream) {
  const char* err;
  CHECK(all({}, &err).empty());
  CHECK(err == nullptr);
}

TEST(attr_iter_truncated_header) {
  for (size_t tail = 1; tail < 4; ++tail) {
    std::vector<uint8_t> b;
    raw_attr(b, 8, 1, {1, 2, 3, 4});
    for (size_t i = 0; i < tail; ++i) b.push_back(4);
    const char* err;
    auto v = all(b, &err);
    CHECK_EQ(v.size(), 1u);  // attributes before the damage are still delivered
    REQUIRE(err != nullptr);
    CHECK_EQ(std::string(err), std::string("truncated attribute header"));
  }
}

TEST(attr_iter_nla_len_below_header) {
  for (uint16_t bad = 0; bad < 4; ++bad) {
    std::vector<uint8_t> b;
    raw_attr(b, bad, 1, {0, 0, 0, 0});
    const char* err;
    CHECK(all(b, &err).empty());
    REQUIRE(err != nullptr);
    CHECK_EQ(std::string(err), std::string("attribute length out of bounds"));
  }
}

TEST(attr_iter_nla_len_past_end) {
  std::vector<uint8_t> b;
  raw_attr(b, 8, 1, {1, 0, 0, 0});
  raw_attr(b, 12, 2, {1, 2, 3, 4});  // claims 8 bytes of payload, has 4
  const char* err;
  auto v = all(b, &err);
  CHECK_EQ(v.size(), 1u);
  CHECK(err != nullptr);
  // The last attribute may end unpadded at the end of the stream: that is fine.
  std::vector<uint8_t> c;
  raw_attr(c, 5, 1, {9}, false);
  CHECK_EQ(all(c, &err).size(), 1u);
  CHECK(err == nullptr);
}

TEST(attr_iter_zero_length_attributes) {
  std::vector<uint8_t> b;
  raw_attr(b, 4, 1, {});
  raw_attr(b, 4, 2, {});
  raw_attr(b, 8, 3, {5, 0, 0, 0});
  const char* err;
  auto v = all(b, &err);
  CHECK(err == nullptr);
  REQUIRE(v.size() == 3);
  CHECK_EQ(v[0].len, 0);
  CHECK(v[0].present());
  uint8_t u8;
  uint32_t u32;
  CHECK(!v[0].u8(u8));            // too short for any fixed-width read
  CHECK(!v[1].u32(u32));
  CHECK_EQ(v[0].str(), std::string());
  CHECK(v[2].u32(u32));
  CHECK_EQ(u32, 5u);
}

TEST(attr_iter_masks_flag_bits) {
  std::vector<uint8_t> b;
  raw_attr(b, 4, 7 | NLA_F_NESTED, {});
  raw_attr(b, 8, 9 | NLA_F_NET_BYTEORDER, {0, 0, 0, 1});
  const char* err;
  auto v = all(b, &err);
  REQUIRE(v.size() == 2);
  CHECK_EQ(v[0].type, 7);
  CHECK(v[0].nested);
  CHECK_EQ(v[1].type, 9);
  CHECK(!v[1].nested);
  uint32_t be;
  CHECK(v[1].be32(be));
  CHECK_EQ(be, 1u);
}

TEST(attr_readers_are_lenient_about_longer_payloads) {
  std::vector<uint8_t> b;
  raw_attr(b, 12, 1, {1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff});
  const char* err;
  auto v = all(b, &err);
  REQUIRE(v.size() == 1);
  uint32_t u32;
  uint16_t u16, be16;
  uint64_t u64;
  CHECK(v[0].u32(u32));
  CHECK_EQ(u32, 1u);
  CHECK(v[0].u16(u16));
  CHECK(v[0].be16(be16));
  CHECK_EQ(be16, 0x0100);
  CHECK(v[0].u64(u64));
  CHECK_EQ(u64, 0xffffffff00000001ull);
}

TEST(attr_str_stops_at_payload_end_without_nul) {
  std::vector<uint8_t> b;
  raw_attr(b, 7, 1, {'x', 'y', 'z'});
  const char* err;
  auto v = all(b, &err);
  REQUIRE(v.size() == 1);
  CHECK_EQ(v[0].str(), std::string("xyz"));  // never reads the padding byte
}

TEST(attr_table_indexes_keeps_unknown_and_last_duplicate) {
  std::vector<uint8_t> b;
  raw_attr(b, 8, 1, {1, 0, 0, 0});
  raw_attr(b, 8, 3, {3, 0, 0, 0});
  raw_attr(b, 8, 9, {9, 0, 0, 0});          // above Max
  raw_attr(b, 8, 3 | NLA_F_NESTED, {4, 0, 0, 0});  // duplicate of 3: last wins
  raw_attr(b, 4, 40, {});                   // above Max, empty
  nl::AttrTable<5> t;
  CHECK(t.parse(b.data(), b.size()));
  CHECK(t.error == nullptr);
  uint32_t v;
  REQUIRE(t.get(1));
  CHECK(t.get(1)->u32(v));
  CHECK_EQ(v, 1u);
  CHECK(!t.get(2));
  CHECK(!t.get(0));
  REQUIRE(t.get(3));
  CHECK(t.get(3)->u32(v));
  CHECK_EQ(v, 4u);
  CHECK(t.get(3)->nested);
  CHECK(!t.get(9));                         // out of the table's range …
  CHECK(!t.get(1000));
  REQUIRE(t.unknown.size() == 2);           // … but kept, not dropped
  CHECK_EQ(t.unknown[0].type, 9);
  CHECK_EQ(t.unknown[1].type, 40);
}

TEST(attr_table_reports_malformed_stream) {
  std::vector<uint8_t> b;
  raw_attr(b, 8, 1, {1, 0, 0, 0});
  raw_attr(b, 200, 2, {0, 0, 0, 0});
  nl::AttrTable<5> t;
  CHECK(!t.parse(b.data(), b.size()));
  CHECK(t.error != nullptr);
  CHECK(t.get(1) != nullptr);               // what came before the damage is kept
  CHECK(!t.get(2));
}

TEST(attr_table_parses_nested_attr) {
  nl::MessageBuffer m;
  m.begin(1, 0, 0);
  {
    nl::Nest n(m, 4);
    m.put_u32(1, 11);
    m.put_u32(2, 22);
  }
  nl::AttrIter it(m.data() + 16, m.size() - 16);
  Attr a;
  REQUIRE(it.next(a));
  nl::AttrTable<2> t;
  CHECK(t.parse(a));
  uint32_t v;
  REQUIRE(t.get(2));
  CHECK(t.get(2)->u32(v));
  CHECK_EQ(v, 22u);
}
