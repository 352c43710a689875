// libFuzzer target: the encoder. Builds link create/set/delete/get/dump requests from
// fuzz-chosen *valid* arguments (what lib/ lets through its validation: names of 1–15 chars,
// 6-byte MACs, 4/16-byte IPs, aliases up to 255) and checks each message parses back with
// AttrIter: lengths consistent, every nest well-formed, the name and kind where they belong.
#include <fuzzer/FuzzedDataProvider.h>
#include <linux/if_link.h>
#include <linux/veth.h>

#include <cstdlib>

#include "../support.h"
#include "link/link.h"
#include "nl/attr.h"

namespace {

std::string ifname(FuzzedDataProvider& p) {
  static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789-_.";
  size_t n = p.ConsumeIntegralInRange<size_t>(1, 15);
  std::string s;
  for (size_t i = 0; i < n; ++i) s.push_back(chars[p.ConsumeIntegralInRange<size_t>(0, sizeof chars - 2)]);
  return s;
}

std::vector<uint8_t> bytes(FuzzedDataProvider& p, size_t n) {
  std::vector<uint8_t> v = p.ConsumeBytes<uint8_t>(n);
  v.resize(n, 0);
  return v;
}

nl_link::Settings settings(FuzzedDataProvider& p) {
  nl_link::Settings s;
  if (p.ConsumeBool()) s.name = ifname(p);
  if (p.ConsumeBool()) s.alias = p.ConsumeRandomLengthString(255);
  if (p.ConsumeBool()) s.mtu = p.ConsumeIntegralInRange<uint32_t>(68, 65535);
  if (p.ConsumeBool()) s.txqlen = p.ConsumeIntegral<uint32_t>();
  if (p.ConsumeBool()) s.master = p.ConsumeIntegral<uint32_t>();
  if (p.ConsumeBool()) s.group = p.ConsumeIntegral<uint32_t>();
  if (p.ConsumeBool()) s.address = bytes(p, 6);
  if (p.ConsumeBool()) s.broadcast = bytes(p, 6);
  if (p.ConsumeBool()) s.up = p.ConsumeBool();
  if (p.ConsumeBool()) s.netns_fd = p.ConsumeIntegralInRange<int32_t>(0, 1 << 20);
  if (p.ConsumeBool()) s.netns_pid = p.ConsumeIntegral<uint32_t>();
  return s;
}

std::vector<uint8_t> ip(FuzzedDataProvider& p) { return bytes(p, p.ConsumeBool() ? 4 : 16); }

// Recursively checks an attribute stream; returns false on any malformed header. Nests are
// attribute streams, except VETH_INFO_PEER (inside IFLA_INFO_DATA), whose payload starts with
// the peer's ifinfomsg.
enum class Where { top, linkinfo, info_data };
bool well_formed(const uint8_t* d, size_t n, int depth, Where where = Where::top) {
  nl::AttrIter it(d, n);
  nl::Attr a;
  while (it.next(a)) {
    if (!a.nested || depth > 6) continue;
    if (where == Where::info_data && a.type == VETH_INFO_PEER) {
      if (a.len < sizeof(ifinfomsg)) return false;
      if (!well_formed(a.data + sizeof(ifinfomsg), a.len - sizeof(ifinfomsg), depth + 1)) return false;
      continue;
    }
    Where next = where == Where::top && a.type == IFLA_LINKINFO ? Where::linkinfo
               : where == Where::linkinfo && a.type == IFLA_INFO_DATA ? Where::info_data
               : Where::top;
    if (!well_formed(a.data, a.len, depth + 1, next)) return false;
  }
  return it.error() == nullptr;
}

const nl::Attr* find(std::vector<nl::Attr>& keep, const uint8_t* d, size_t n, uint16_t type) {
  nl::AttrIter it(d, n);
  nl::Attr a;
  while (it.next(a))
    if (a.type == type) { keep.push_back(a); return &keep.back(); }
  return nullptr;
}

void check_create(const nl::MessageBuffer& m, const nl_link::Spec& s) {
  const uint8_t* attrs = m.data() + NLMSG_LENGTH(sizeof(ifinfomsg));
  size_t n = m.size() - NLMSG_LENGTH(sizeof(ifinfomsg));
  std::vector<nl::Attr> keep;
  keep.reserve(8);
  if (s.self.name) {
    const nl::Attr* a = find(keep, attrs, n, IFLA_IFNAME);
    if (!a || a->str() != *s.self.name) std::abort();
  }
  const nl::Attr* li = find(keep, attrs, n, IFLA_LINKINFO);
  if (!li || !li->nested) std::abort();
  const nl::Attr* kind = find(keep, li->data, li->len, IFLA_INFO_KIND);
  if (!kind || kind->str() != s.kind) std::abort();
  if (s.kind == "veth" && s.has_peer) {
    const nl::Attr* data = find(keep, li->data, li->len, IFLA_INFO_DATA);
    if (!data) std::abort();
    const nl::Attr* peer = find(keep, data->data, data->len, VETH_INFO_PEER);
    if (!peer || peer->len < sizeof(ifinfomsg)) std::abort();
    const uint8_t* pa = peer->data + sizeof(ifinfomsg);
    size_t pn = peer->len - sizeof(ifinfomsg);
    if (!well_formed(pa, pn, 0)) std::abort();
    if (s.peer.name) {
      const nl::Attr* pname = find(keep, pa, pn, IFLA_IFNAME);
      if (!pname || pname->str() != *s.peer.name) std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider p(data, size);
  static const char* kinds[] = {"veth", "bridge", "macvlan", "macvtap", "vxlan", "dummy", "tun"};
  nl_link::Spec s;
  s.kind = kinds[p.ConsumeIntegralInRange<size_t>(0, 6)];
  s.self = settings(p);
  s.has_peer = p.ConsumeBool();
  if (s.has_peer) s.peer = settings(p);
  if (p.ConsumeBool()) s.parent = p.ConsumeIntegral<uint32_t>();
  if (p.ConsumeBool()) s.stp_state = p.ConsumeIntegralInRange<uint32_t>(0, 1);
  if (p.ConsumeBool()) s.forward_delay = p.ConsumeIntegral<uint32_t>();
  if (p.ConsumeBool()) s.vlan_filtering = p.ConsumeIntegralInRange<uint8_t>(0, 1);
  if (p.ConsumeBool()) s.macvlan_mode = p.ConsumeIntegralInRange<uint32_t>(1, 16);
  if (p.ConsumeBool()) s.vni = p.ConsumeIntegralInRange<uint32_t>(0, (1u << 24) - 1);
  if (p.ConsumeBool()) s.vx_remote = ip(p);
  if (p.ConsumeBool()) s.vx_local = ip(p);
  if (p.ConsumeBool()) s.vx_group = ip(p);
  if (p.ConsumeBool()) s.vx_port = p.ConsumeIntegral<uint16_t>();
  if (p.ConsumeBool()) s.vx_ttl = p.ConsumeIntegral<uint8_t>();
  if (p.ConsumeBool()) s.vx_learning = p.ConsumeIntegralInRange<uint8_t>(0, 1);
  nl_link::Ref ref;
  if (p.ConsumeBool()) ref.index = p.ConsumeIntegralInRange<uint32_t>(1, 1u << 30);
  else ref.name = ifname(p);
  nl_link::Settings change = settings(p);
  uint32_t seq = p.ConsumeIntegral<uint32_t>();

  // All requests back to back in one buffer, as a batch would send them.
  nl::MessageBuffer m;
  nl_link::build_create(m, seq, s, p.ConsumeBool());
  size_t create_end = m.size();
  nl_link::build_set(m, seq + 1, ref, change);
  nl_link::build_delete(m, seq + 2, ref);
  nl_link::build_get(m, seq + 3, ref);
  nl_link::build_dump(m, seq + 4, p.ConsumeBool() ? s.kind : std::string(),
                      p.ConsumeBool() ? std::optional<uint32_t>(7) : std::nullopt);
  nl_link::build_delete_group(m, seq + 5, p.ConsumeIntegral<uint32_t>());
  if (m.overflowed() || m.count() != 6) std::abort();

  auto msgs = support::messages(m.data(), m.size());
  if (msgs.size() != 6) std::abort();
  size_t expect_off = 0;
  for (size_t i = 0; i < msgs.size(); ++i) {
    auto [off, len] = msgs[i];
    if (off != expect_off) std::abort();
    expect_off = off + NLMSG_ALIGN(len);
    const nlmsghdr* h = reinterpret_cast<const nlmsghdr*>(m.data() + off);
    if (h->nlmsg_seq != static_cast<uint32_t>(seq + i) || !(h->nlmsg_flags & NLM_F_REQUEST)) std::abort();
    size_t hdr = NLMSG_LENGTH(sizeof(ifinfomsg));
    if (len < hdr || !well_formed(m.data() + off + hdr, len - hdr, 0)) std::abort();
  }
  if (expect_off != m.size() || msgs[1].first != create_end) std::abort();
  nl::MessageBuffer only;
  nl_link::build_create(only, seq, s, false);
  check_create(only, s);
  return 0;
}
