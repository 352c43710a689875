// Route listing entries (native/route/list.h): the columns fill_columns writes for
// lib/route/columns.ts, its refusals, and a RecordWriter reused across listings.
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cstring>
#include <vector>

#include "harness.h"
#include "nl/record.h"
#include "route/list.h"

namespace {

// An RTM_NEWROUTE message: the rtmsg, then the attributes `fill` appends through `attr`.
template <typename Fill>
std::vector<uint8_t> route_message(const rtmsg& r, Fill fill) {
  std::vector<uint8_t> m(NLMSG_LENGTH(sizeof(rtmsg)));
  std::memcpy(m.data() + NLMSG_HDRLEN, &r, sizeof r);
  auto attr = [&](uint16_t type, const void* p, uint16_t len) {
    size_t at = m.size();
    m.resize(at + RTA_SPACE(len));
    rtattr a{static_cast<unsigned short>(RTA_LENGTH(len)), type};
    std::memcpy(m.data() + at, &a, sizeof a);
    std::memcpy(m.data() + at + RTA_LENGTH(0), p, len);
  };
  fill(attr);
  nlmsghdr h{static_cast<uint32_t>(m.size()), RTM_NEWROUTE, NLM_F_MULTI, 1, 0};
  std::memcpy(m.data(), &h, sizeof h);
  return m;
}

// One RTM_NEWROUTE: 10.1.2.<last>/32 dev <oif> [via 10.0.0.1] [metric <prio>].
std::vector<uint8_t> route_msg(uint8_t last, uint32_t oif, bool via, uint32_t prio) {
  rtmsg r{};
  r.rtm_family = AF_INET;
  r.rtm_dst_len = 32;
  r.rtm_table = RT_TABLE_MAIN;
  r.rtm_protocol = RTPROT_BOOT;
  r.rtm_scope = via ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
  r.rtm_type = RTN_UNICAST;
  return route_message(r, [&](auto attr) {
    const uint8_t dst[4] = {10, 1, 2, last}, gw[4] = {10, 0, 0, 1};
    uint32_t table = RT_TABLE_MAIN;
    attr(RTA_TABLE, &table, 4);
    attr(RTA_DST, dst, 4);
    attr(RTA_OIF, &oif, 4);
    if (via) attr(RTA_GATEWAY, gw, 4);
    if (prio) attr(RTA_PRIORITY, &prio, 4);
  });
}

// One IPv6 RTM_NEWROUTE, fe80::/64 dev <oif>: never a kFixed entry (a generic record).
std::vector<uint8_t> route6_msg(uint32_t oif) {
  rtmsg r{};
  r.rtm_family = AF_INET6;
  r.rtm_dst_len = 64;
  r.rtm_table = RT_TABLE_MAIN;
  r.rtm_protocol = RTPROT_KERNEL;
  r.rtm_type = RTN_UNICAST;
  return route_message(r, [&](auto attr) {
    const uint8_t dst[16] = {0xfe, 0x80};
    uint32_t table = RT_TABLE_MAIN;
    attr(RTA_TABLE, &table, 4);
    attr(RTA_DST, dst, 16);
    attr(RTA_OIF, &oif, 4);
  });
}

uint32_t u32_at(const std::vector<uint8_t>& b, size_t at) {
  uint32_t v;
  std::memcpy(&v, b.data() + at, 4);
  return v;
}

}  // namespace

TEST(route_list_fill_columns_layout) {
  using namespace nl_route::list;
  nl::RecordWriter w;
  auto a = route_msg(7, 3, false, 0), b = route_msg(9, 4, true, 100);
  REQUIRE(!append(reinterpret_cast<const nlmsghdr*>(a.data()), w));
  REQUIRE(!append(reinterpret_cast<const nlmsghdr*>(b.data()), w));
  REQUIRE(w.size() == 2 * kSize);
  const size_t n = 2;
  std::vector<uint8_t> out(n * kColumnRowBytes, 0);
  REQUIRE(fill_columns(w.data(), w.size(), out.data(), n));
  // u32 index, table, metric, flags; then dst, via, src (4 bytes a row); then u8 columns.
  CHECK(u32_at(out, 0) == 3u);
  CHECK(u32_at(out, 4) == 4u);
  CHECK(u32_at(out, 4 * n) == RT_TABLE_MAIN);
  CHECK(u32_at(out, 8 * n) == 0u);
  CHECK(u32_at(out, 8 * n + 4) == 100u);
  const uint8_t* dst = out.data() + 16 * n;
  const uint8_t* via = dst + 4 * n;
  CHECK(dst[3] == 7);
  CHECK(dst[7] == 9);
  CHECK((via[0] | via[1] | via[2] | via[3]) == 0);  // no gateway: zero
  CHECK(via[4] == 10);
  CHECK(via[7] == 1);
  const uint8_t* family = dst + 12 * n;
  CHECK(family[0] == 4);
  CHECK(family[n] == 32);              // dstLen
  CHECK(family[2 * n] == RT_SCOPE_LINK);
  CHECK(family[2 * n + 1] == RT_SCOPE_UNIVERSE);
  CHECK(family[3 * n] == RTPROT_BOOT);  // protocol
  CHECK(family[4 * n] == RTN_UNICAST);  // type
}

TEST(route_list_fill_columns_refuses_what_it_cannot_fill) {
  using namespace nl_route::list;
  nl::RecordWriter w;
  auto a = route_msg(1, 2, false, 0);
  REQUIRE(!append(reinterpret_cast<const nlmsghdr*>(a.data()), w));
  std::vector<uint8_t> out(2 * kColumnRowBytes, 0);
  CHECK(!fill_columns(w.data(), w.size(), out.data(), 2));      // n does not match the entries
  CHECK(!fill_columns(w.data(), w.size() - 1, out.data(), 1));  // truncated
  std::vector<uint8_t> rec(w.data(), w.data() + w.size());
  rec[kKind] = kRecord;
  CHECK(!fill_columns(rec.data(), rec.size(), out.data(), 1));  // not a fixed entry
  CHECK(fill_columns(nullptr, 0, out.data(), 0));               // an empty listing
}

TEST(route_list_fill_columns_16_byte_addresses_and_records) {
  using namespace nl_route::list;
  nl::RecordWriter w;
  auto a = route_msg(7, 3, true, 0), six = route6_msg(5), b = route_msg(9, 4, false, 100);
  REQUIRE(!append(reinterpret_cast<const nlmsghdr*>(a.data()), w));
  size_t record_at = w.size();
  REQUIRE(!append(reinterpret_cast<const nlmsghdr*>(six.data()), w));
  REQUIRE(w.data()[record_at + kKind] == kRecord);
  REQUIRE(!append(reinterpret_cast<const nlmsghdr*>(b.data()), w));
  const size_t n = 3, rw = column_row_bytes(16);
  // Memory of an earlier listing: every byte must be written.
  std::vector<uint8_t> out(n * rw, 0xAA);
  std::vector<uint32_t> records;
  REQUIRE(fill_columns(w.data(), w.size(), out.data(), n, 16, &records));
  REQUIRE(records.size() == 2u);
  CHECK(records[0] == 1u);  // row
  CHECK(records[1] == record_at);  // byte offset of the entry
  for (uint8_t x : out) CHECK(x != 0xAA);
  CHECK(u32_at(out, 0) == 3u);
  CHECK(u32_at(out, 4) == 0u);  // the record's row: zero, for the caller to fill
  CHECK(u32_at(out, 8) == 4u);
  CHECK(u32_at(out, 8 * n + 8) == 100u);  // metric of row 2
  const uint8_t* dst = out.data() + 16 * n;
  const uint8_t* via = dst + 16 * n;
  CHECK(dst[3] == 7);
  for (size_t k = 4; k < 16; ++k) CHECK(dst[k] == 0);  // an IPv4 address in the first 4 bytes
  for (size_t k = 16; k < 32; ++k) CHECK(dst[k] == 0);  // the record's row
  CHECK(dst[32 + 3] == 9);
  CHECK(via[0] == 10);
  CHECK(via[3] == 1);
  const uint8_t* family = dst + 48 * n;
  CHECK(family[0] == 4);
  CHECK(family[1] == 0);
  CHECK(family[2] == 4);
  // Without somewhere to name records, or with another address width, it refuses.
  CHECK(!fill_columns(w.data(), w.size(), out.data(), n, 16));
  std::vector<uint32_t> again;
  CHECK(!fill_columns(w.data(), w.size(), out.data(), n, 8, &again));
  CHECK(!fill_columns(w.data(), w.size() - 4, out.data(), n, 16, &again));  // truncated record or entry
  CHECK(!fill_columns(w.data(), w.size(), out.data(), n - 1, 16, &again));  // entries left over
}

TEST(record_writer_reset_keeps_or_releases_storage) {
  nl::RecordWriter w;
  w.append_zeroed(1000)[0] = 1;
  const uint8_t* before = w.data();
  w.reset(1u << 20);  // under the cap: storage kept, nothing written
  CHECK(w.size() == 0u);
  CHECK(w.data() == before);
  w.append_zeroed(8);
  CHECK(w.size() == 8u);
  w.reset(4);  // over the cap: given back
  CHECK(w.size() == 0u);
  w.append_zeroed(4)[0] = 2;
  CHECK(w.data()[0] == 2);
}
