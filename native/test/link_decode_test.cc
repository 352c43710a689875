// nl_link::decode on real RTM_NEWLINK replies captured from the kernel (scripts/capture-native-fixtures.mjs sets
// the links up: lo up; veth v0/v1 with v0 in bridge br0 (forward_delay 400), mtu 1400, alias
// "fixture veth"; macvlan mv0 on v1 mode bridge; vxlan vx0 id 42 dstport 4789 remote 192.0.2.9
// local 192.0.2.8 ttl 5 nolearning), then truncated and reshaped copies of them.
#include <linux/if.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include <algorithm>

#include "harness.h"
#include "link/link.h"
#include "link/link_schema.h"
#include "nl/raw.h"
#include "nl/attr.h"
#include "support.h"

using support::Aligned;
using support::Rec;
namespace f = nl_link::f;

namespace {

// The one RTM_NEWLINK message of a single-link fixture, aligned.
Aligned link_msg(const char* file) {
  std::vector<uint8_t> d = support::fixture(file);
  auto msgs = support::messages(d.data(), d.size());
  if (msgs.size() != 1) return Aligned();
  return Aligned(d.data() + msgs[0].first, msgs[0].second);
}

bool decode_one(const nlmsghdr* h, Rec& out, nl::Error* err = nullptr) {
  nl::RecordWriter w;
  nl::Error e = nl_link::decode(h, w);
  if (err) *err = e;
  if (e) return false;
  std::vector<std::vector<support::Field>> recs;
  if (!support::parse_records(w.buffer(), recs) || recs.size() != 1) return false;
  out.fields = recs[0];
  return true;
}

Rec decode_fixture(const char* file) {
  Aligned a = link_msg(file);
  Rec r;
  if (a.size() == 0 || !decode_one(a.hdr(), r)) r.fields.clear();
  return r;
}

}  // namespace

TEST(link_decode_loopback) {
  Rec r = decode_fixture("link_lo.bin");
  REQUIRE(!r.fields.empty());
  CHECK_EQ(r.num<uint32_t>(f::INDEX), 1u);
  CHECK_EQ(r.str(f::NAME), std::string("lo"));
  CHECK_EQ(r.num<uint16_t>(f::TYPE), ARPHRD_LOOPBACK);
  uint32_t flags = r.num<uint32_t>(f::FLAGS);
  CHECK(flags & IFF_LOOPBACK);
  CHECK(flags & IFF_UP);
  CHECK_EQ(r.num<uint32_t>(f::MTU), 65536u);
  CHECK_EQ(r.num<uint32_t>(f::TXQLEN), 1000u);
  CHECK_EQ(r.num<uint8_t>(f::OPERSTATE), IF_OPER_UNKNOWN);
  CHECK_EQ(r.str(f::ADDRESS), std::string("00:00:00:00:00:00"));
  CHECK_EQ(r.str(f::BROADCAST), std::string("00:00:00:00:00:00"));
  CHECK_EQ(r.num<uint32_t>(f::GROUP), 0u);
  CHECK_EQ(r.num<uint32_t>(f::NUM_TX_QUEUES), 1u);
  CHECK(r.has(f::STATS));
  CHECK(!r.has(f::KIND));  // lo has no IFLA_LINKINFO
  // Attributes the decoder does not name are passed on raw, never dropped.
  bool linkmode = false;
  for (const auto* raw : r.all(f::RAW)) {
    Rec x;
    support::parse_fields(raw->bytes.data(), raw->bytes.size(), x.fields);
    if (x.num<uint16_t>(nl::rawattr::TYPE) == IFLA_LINKMODE) linkmode = true;
  }
  CHECK(linkmode);
  CHECK(r.all(f::RAW).size() >= 5);
}

TEST(link_decode_veth_in_bridge) {
  Rec br = decode_fixture("link_bridge.bin");
  Rec v = decode_fixture("link_veth.bin");
  REQUIRE(!br.fields.empty() && !v.fields.empty());
  CHECK_EQ(v.str(f::NAME), std::string("v0"));
  CHECK_EQ(v.str(f::KIND), std::string("veth"));
  CHECK_EQ(v.str(f::SLAVE_KIND), std::string("bridge"));
  CHECK_EQ(v.num<uint32_t>(f::MASTER), br.num<uint32_t>(f::INDEX));
  CHECK_EQ(v.num<uint32_t>(f::MTU), 1400u);
  CHECK_EQ(v.str(f::ALIAS), std::string("fixture veth"));
  CHECK(v.has(f::LINK));  // the peer v1
  CHECK(v.num<uint32_t>(f::LINK) != v.num<uint32_t>(f::INDEX));
  CHECK_EQ(v.str(f::ADDRESS).size(), 17u);
}

TEST(link_decode_bridge_info) {
  Rec br = decode_fixture("link_bridge.bin");
  REQUIRE(!br.fields.empty());
  CHECK_EQ(br.str(f::KIND), std::string("bridge"));
  Rec info = br.sub(f::INFO);
  CHECK_EQ(info.num<uint32_t>(nl_link::info::FORWARD_DELAY), 400u);
  CHECK_EQ(info.num<uint32_t>(nl_link::info::STP_STATE), 0u);
  CHECK(info.has(nl_link::info::VLAN_FILTERING));
  CHECK(!info.all(nl_link::info::RAW).empty());  // the many IFLA_BR_* we do not name
}

TEST(link_decode_macvlan_and_vxlan) {
  Rec mv = decode_fixture("link_macvlan.bin");
  REQUIRE(!mv.fields.empty());
  CHECK_EQ(mv.str(f::KIND), std::string("macvlan"));
  CHECK_EQ(mv.sub(f::INFO).num<uint32_t>(nl_link::info::MACVLAN_MODE), uint32_t(MACVLAN_MODE_BRIDGE));
  Rec vx = decode_fixture("link_vxlan.bin");
  REQUIRE(!vx.fields.empty());
  CHECK_EQ(vx.str(f::KIND), std::string("vxlan"));
  Rec info = vx.sub(f::INFO);
  CHECK_EQ(info.num<uint32_t>(nl_link::info::VXLAN_ID), 42u);
  CHECK_EQ(info.num<uint16_t>(nl_link::info::VXLAN_PORT), 4789);
  CHECK_EQ(info.str(nl_link::info::VXLAN_GROUP), std::string("192.0.2.9"));
  CHECK_EQ(info.str(nl_link::info::VXLAN_LOCAL), std::string("192.0.2.8"));
  CHECK_EQ(info.num<uint8_t>(nl_link::info::VXLAN_TTL), 5);
  CHECK_EQ(info.num<uint8_t>(nl_link::info::VXLAN_LEARNING), 0);
}

TEST(link_decode_whole_dump_datagram) {
  // `ip -d -s link show`: one datagram with every link of the namespace, then NLMSG_DONE.
  std::vector<uint8_t> d = support::fixture("dump_link_1.bin");
  Aligned a(d);
  auto msgs = support::messages(a.data(), a.size());
  CHECK_EQ(msgs.size(), 6u);  // lo, v1, v0, br0, mv0, vx0
  std::vector<std::string> names;
  for (auto [off, len] : msgs) {
    auto* h = reinterpret_cast<const nlmsghdr*>(a.data() + off);
    REQUIRE(h->nlmsg_type == RTM_NEWLINK);
    Rec r;
    nl::Error e;
    CHECK(decode_one(h, r, &e));
    names.push_back(r.str(f::NAME));
  }
  for (const char* n : {"lo", "v0", "v1", "br0", "mv0", "vx0"})
    CHECK(std::find(names.begin(), names.end(), n) != names.end());
}

TEST(link_decode_truncated_at_every_length) {
  // The same message cut at every length (nlmsg_len saying so, as NLMSG_OK guarantees) never
  // crashes, and decodes exactly when the cut falls on a top-level attribute boundary.
  for (const char* file : {"link_lo.bin", "link_veth.bin", "link_bridge.bin", "link_vxlan.bin",
                           "link_macvlan.bin"}) {
    Aligned full = link_msg(file);
    REQUIRE(full.size() > 0);
    const size_t attrs_at = NLMSG_LENGTH(NLMSG_ALIGN(sizeof(ifinfomsg)));
    // Valid cut points: the start of the attributes and each attribute's end (up to its padding).
    std::vector<std::pair<size_t, size_t>> ok_ranges{{attrs_at, attrs_at}};
    {
      nl::AttrIter it(full.data() + attrs_at, full.size() - attrs_at);
      nl::Attr a;
      while (it.next(a)) {
        size_t end = static_cast<size_t>(a.data - full.data()) + a.len;
        ok_ranges.push_back({end, NLMSG_ALIGN(end)});
      }
      REQUIRE(it.error() == nullptr);
    }
    int decoded = 0, refused = 0;
    for (size_t len = NLMSG_HDRLEN; len <= full.size(); ++len) {
      Aligned a(full.data(), len);
      a.hdr()->nlmsg_len = static_cast<uint32_t>(len);
      nl::RecordWriter w;
      nl::Error e = nl_link::decode(a.hdr(), w);
      bool should = false;
      for (auto [lo, hi] : ok_ranges) should |= (len >= lo && len <= hi);
      if (e) {
        ++refused;
        CHECK(e.decode);            // a DecodeError with a context, not an errno
        CHECK(!e.where.empty());
        CHECK(!should);
      } else {
        ++decoded;
        CHECK(should);
        std::vector<std::vector<support::Field>> recs;
        CHECK(support::parse_records(w.buffer(), recs));
      }
    }
    CHECK(decoded > 10);
    CHECK(refused > 100);
  }
}

TEST(link_decode_stats64_shorter_and_longer_than_struct) {
  // npm netlink #21: stats64 grew from 192 to 200 bytes and broke a fixed-size parser.
  for (size_t n : {size_t(0), size_t(8), size_t(192), sizeof(rtnl_link_stats64), size_t(400)}) {
    nl::MessageBuffer m;
    m.begin(RTM_NEWLINK, 0, 1);
    m.put_header(ifinfomsg{});
    std::vector<uint64_t> words(n / 8 + 1);
    for (size_t i = 0; i < words.size(); ++i) words[i] = 100 + i;
    m.put(IFLA_STATS64, words.data(), n);
    m.put_strz(IFLA_IFNAME, "after");  // the attribute after it is still read
    Aligned a(m.data(), m.size());
    Rec r;
    nl::Error e;
    REQUIRE(decode_one(a.hdr(), r, &e));
    CHECK_EQ(r.str(f::NAME), std::string("after"));
    Rec s = r.sub(f::STATS);
    CHECK_EQ(s.num<uint64_t>(nl_link::stat::RX_PACKETS, 999), n >= 8 ? 100u : 0u);
    CHECK_EQ(s.num<uint64_t>(nl_link::stat::TX_PACKETS, 999), n >= 16 ? 101u : 0u);
    CHECK_EQ(s.num<uint64_t>(nl_link::stat::COLLISIONS, 999), n >= 80 ? 109u : 0u);
  }
}

TEST(link_decode_malformed_linkinfo_is_a_decode_error_with_path) {
  nl::MessageBuffer m;
  m.begin(RTM_NEWLINK, 0, 1);
  m.put_header(ifinfomsg{});
  {
    nl::Nest li(m, IFLA_LINKINFO);
    m.put_strz(IFLA_INFO_KIND, "vxlan");
    nl::Nest data(m, IFLA_INFO_DATA);
    m.put_u32(IFLA_VXLAN_ID, 7);
  }
  Aligned a(m.data(), m.size());
  // Corrupt the IFLA_VXLAN_ID header inside IFLA_INFO_DATA: nla_len 200.
  size_t pos = m.size() - 8;
  uint16_t bad = 200;
  std::memcpy(a.data() + pos, &bad, 2);
  Rec r;
  nl::Error e;
  CHECK(!decode_one(a.hdr(), r, &e));
  CHECK(e.decode);
  CHECK(e.where.find("IFLA_LINKINFO") != std::string::npos);
  CHECK(e.where.find("IFLA_INFO_DATA") != std::string::npos);
}

TEST(link_decode_shorter_than_ifinfomsg) {
  nlmsghdr h[3]{};
  h[0].nlmsg_len = NLMSG_HDRLEN + 4;
  h[0].nlmsg_type = RTM_NEWLINK;
  nl::RecordWriter w;
  nl::Error e = nl_link::decode(h, w);
  CHECK(e.decode);
  CHECK_EQ(w.size(), 0u);
}
