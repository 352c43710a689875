// Socket::transact against the real kernel. main() has moved this process into a fresh network
// namespace (unshare), so these tests create links and addresses freely; `ip` run as a child
// inherits that namespace and serves as the independent oracle.
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <thread>

#include "harness.h"
#include "link/link.h"
#include "link/link_schema.h"
#include "nl/attr.h"
#include "nl/socket.h"
#include "support.h"

namespace {

std::string run(const char* cmd) {
  std::string out;
  if (FILE* p = ::popen(cmd, "r")) {
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
  }
  return out;
}

struct Links {
  std::vector<support::Rec> recs;
  nl::Error decode_err;
  nl::OnMessage fn() {
    return [this](size_t, const nlmsghdr* h) {
      if (h->nlmsg_type != RTM_NEWLINK) return;
      nl::RecordWriter w;
      if (nl::Error e = nl_link::decode(h, w)) { decode_err = e; return; }
      std::vector<std::vector<support::Field>> r;
      if (support::parse_records(w.buffer(), r) && r.size() == 1) recs.push_back({r[0]});
    };
  }
  std::set<std::string> names() const {
    std::set<std::string> s;
    for (const auto& r : recs) s.insert(r.str(nl_link::f::NAME));
    return s;
  }
};

nl::Error dump_links(nl::Socket& s, Links& l, std::vector<nl::Outcome>& out) {
  nl::MessageBuffer m;
  uint32_t seq = s.next_seq();
  nl_link::build_dump(m, seq, "", std::nullopt);
  return s.transact(m, seq, l.fn(), out);
}

// RTM_NEWADDR for ADDR/32 on ifindex (as `ip addr add ADDR/32 dev …`), built by hand: the addr
// family is not what is under test here, the pipeline is.
void put_addr(nl::MessageBuffer& m, uint32_t seq, int ifindex, uint32_t addr_host_order) {
  m.begin(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq);
  ifaddrmsg ifa{};
  ifa.ifa_family = AF_INET;
  ifa.ifa_prefixlen = 32;
  ifa.ifa_index = static_cast<uint32_t>(ifindex);
  m.put_header(ifa);
  m.put_be32(IFA_LOCAL, addr_host_order);
  m.put_be32(IFA_ADDRESS, addr_host_order);
}

size_t count_v4_addrs(nl::Socket& s, int ifindex) {
  nl::MessageBuffer m;
  uint32_t seq = s.next_seq();
  m.begin(RTM_GETADDR, NLM_F_REQUEST | NLM_F_DUMP, seq);
  ifaddrmsg ifa{};
  ifa.ifa_family = AF_INET;
  ifa.ifa_index = static_cast<uint32_t>(ifindex);  // strict checking: the kernel filters
  m.put_header(ifa);
  size_t n = 0;
  std::vector<nl::Outcome> out;
  nl::Error e = s.transact(m, seq, [&](size_t, const nlmsghdr* h) {
    if (h->nlmsg_type == RTM_NEWADDR) ++n;
  }, out);
  if (e || out[0].error) return SIZE_MAX;
  return n;
}

nl::Socket& route_socket() {
  static nl::Socket s;
  if (!s.is_open()) {
    nl::Error e = nl::Socket::open(NETLINK_ROUTE, -1, s);
    if (e) SKIP(std::string("cannot open NETLINK_ROUTE socket: ") + e.where);
  }
  return s;
}

}  // namespace

TEST(kernel_dump_fresh_namespace_and_created_veth) {
  REQUIRE_OWN_NETNS();
  nl::Socket& s = route_socket();
  Links before;
  std::vector<nl::Outcome> out;
  REQUIRE(!dump_links(s, before, out));
  REQUIRE(out.size() == 1);
  CHECK(out[0].done && !out[0].error);
  CHECK(before.names() == std::set<std::string>{"lo"});

  nl_link::Spec spec;
  spec.kind = "veth";
  spec.self.name = "nt0";
  spec.self.mtu = 1400;
  spec.has_peer = true;
  spec.peer.name = "nt1";
  nl::MessageBuffer m;
  uint32_t seq = s.next_seq();
  nl_link::build_create(m, seq, spec, true);
  Links echoed;
  REQUIRE(!s.transact(m, seq, echoed.fn(), out));
  CHECK(!out[0].error);
  CHECK_EQ(echoed.recs.size(), 1u);  // NLM_F_ECHO: the new link comes back

  Links after;
  REQUIRE(!dump_links(s, after, out));
  CHECK(after.decode_err.code == 0 && !after.decode_err.decode);
  CHECK((after.names() == std::set<std::string>{"lo", "nt0", "nt1"}));
  for (const auto& r : after.recs)
    if (r.str(nl_link::f::NAME) == "nt0") {
      CHECK_EQ(r.num<uint32_t>(nl_link::f::MTU), 1400u);
      CHECK_EQ(r.str(nl_link::f::KIND), std::string("veth"));
    }
  // The oracle: iproute2 in the same namespace sees the same links.
  std::string ip = run("ip -o link show");
  CHECK(ip.find("nt0@nt1") != std::string::npos);
  CHECK(ip.find("mtu 1400") != std::string::npos);
}

TEST(kernel_get_one_link_by_name) {
  REQUIRE_OWN_NETNS();
  nl::Socket& s = route_socket();
  nl::MessageBuffer m;
  uint32_t seq = s.next_seq();
  nl_link::build_get(m, seq, nl_link::Ref{0, "lo"});
  Links l;
  std::vector<nl::Outcome> out;
  REQUIRE(!s.transact(m, seq, l.fn(), out));
  CHECK(!out[0].error);
  REQUIRE(l.recs.size() == 1);
  CHECK_EQ(l.recs[0].num<uint32_t>(nl_link::f::INDEX), 1u);
}

TEST(kernel_error_with_errno_and_extack) {
  REQUIRE_OWN_NETNS();
  nl::Socket& s = route_socket();
  // Below the device minimum: the kernel says why in the extended ACK.
  nl_link::Spec spec;
  spec.kind = "veth";
  spec.self.name = "ne0";
  spec.has_peer = true;
  spec.peer.name = "ne1";
  nl::MessageBuffer m;
  uint32_t seq = s.next_seq();
  nl_link::build_create(m, seq, spec, false);
  std::vector<nl::Outcome> out;
  REQUIRE(!s.transact(m, seq, nullptr, out));
  REQUIRE(!out[0].error);

  nl::MessageBuffer bad;
  seq = s.next_seq();
  nl_link::Settings st;
  st.mtu = 10;
  nl_link::build_set(bad, seq, nl_link::Ref{0, "ne0"}, st);
  REQUIRE(!s.transact(bad, seq, nullptr, out));
  CHECK_EQ(out[0].error.code, EINVAL);
  CHECK_EQ(out[0].error.extack, std::string("mtu less than device minimum"));

  // Creating it again: EEXIST; deleting a missing link by name: ENODEV.
  nl::MessageBuffer again;
  seq = s.next_seq();
  nl_link::build_create(again, seq, spec, false);
  REQUIRE(!s.transact(again, seq, nullptr, out));
  CHECK_EQ(out[0].error.code, EEXIST);
  nl::MessageBuffer del;
  seq = s.next_seq();
  nl_link::build_delete(del, seq, nl_link::Ref{0, "no-such-link"});
  REQUIRE(!s.transact(del, seq, nullptr, out));
  CHECK_EQ(out[0].error.code, ENODEV);

  // An unknown kind names itself in the extack.
  nl_link::Spec odd;
  odd.kind = "nlts-no-such-kind";
  odd.self.name = "nx0";
  nl::MessageBuffer k;
  seq = s.next_seq();
  nl_link::build_create(k, seq, odd, false);
  REQUIRE(!s.transact(k, seq, nullptr, out));
  CHECK(out[0].error.code != 0);
  CHECK(!out[0].error.extack.empty());
  std::printf("    (unknown kind: errno %d, extack \"%s\")\n", out[0].error.code, out[0].error.extack.c_str());
}

TEST(kernel_pipeline_300_requests_300_outcomes) {
  REQUIRE_OWN_NETNS();
  nl::Socket& s = route_socket();
  const uint32_t base = 0x0a630000;  // 10.99.0.0
  const size_t n = 300;
  nl::MessageBuffer m;
  uint32_t seq = s.next_seq(n);
  for (size_t i = 0; i < n; ++i) put_addr(m, seq + static_cast<uint32_t>(i), 1, base + 1 + static_cast<uint32_t>(i));
  REQUIRE(m.count() == n);
  std::vector<nl::Outcome> out;
  REQUIRE(!s.transact(m, seq, nullptr, out));
  REQUIRE(out.size() == n);
  size_t ok = 0;
  for (const auto& o : out) ok += o.done && !o.error;
  CHECK_EQ(ok, n);
  CHECK_EQ(count_v4_addrs(s, 1), n);
  std::string ip = run("ip -o -4 addr show dev lo | wc -l");
  CHECK_EQ(std::atoi(ip.c_str()), static_cast<int>(n));

  // The same 300 again, with one request in the middle aimed at a missing ifindex: each
  // outcome lands at its own index (EEXIST ×299, ENODEV at 150).
  nl::MessageBuffer again;
  seq = s.next_seq(n);
  for (size_t i = 0; i < n; ++i)
    put_addr(again, seq + static_cast<uint32_t>(i), i == 150 ? 9999 : 1, base + 1 + static_cast<uint32_t>(i));
  REQUIRE(!s.transact(again, seq, nullptr, out));
  REQUIRE(out.size() == n);
  size_t exists = 0;
  for (size_t i = 0; i < n; ++i)
    if (i != 150) exists += out[i].error.code == EEXIST;
  CHECK_EQ(exists, n - 1);
  CHECK_EQ(out[150].error.code, ENODEV);
  CHECK_EQ(count_v4_addrs(s, 1), n);
}

TEST(kernel_request_without_reply_and_stale_replies) {
  REQUIRE_OWN_NETNS();
  nl::Socket& s = route_socket();
  // No NLM_F_ACK and not a dump: nothing is awaited, so transact returns at once; the kernel's
  // RTM_NEWLINK answer stays queued and must be dropped as stale by the next call.
  nl::MessageBuffer m;
  uint32_t seq = s.next_seq();
  m.begin(RTM_GETLINK, NLM_F_REQUEST, seq);
  ifinfomsg ifi{};
  ifi.ifi_index = 1;
  m.put_header(ifi);
  Links l;
  std::vector<nl::Outcome> out;
  REQUIRE(!s.transact(m, seq, l.fn(), out));
  CHECK(out[0].done && !out[0].error);
  Links next;
  REQUIRE(!dump_links(s, next, out));
  CHECK(!out[0].error);
  std::set<std::string> names = next.names();
  CHECK(names.count("lo") == 1);
  CHECK_EQ(next.recs.size(), names.size());  // the stale lo reply was not counted again
}

TEST(kernel_socket_opened_in_another_namespace) {
  REQUIRE_OWN_NETNS();
  // A second namespace, made on a helper thread so this thread stays where it is.
  int other = -1;
  std::thread t([&] {
    if (::unshare(CLONE_NEWNET) == 0) other = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  });
  t.join();
  REQUIRE(other >= 0);
  struct stat before, after;
  REQUIRE(::stat("/proc/thread-self/ns/net", &before) == 0);
  nl::Socket s;
  REQUIRE(!nl::Socket::open(NETLINK_ROUTE, other, s));
  REQUIRE(::stat("/proc/thread-self/ns/net", &after) == 0);
  CHECK_EQ(before.st_ino, after.st_ino);  // the caller never changed namespace
  Links l;
  std::vector<nl::Outcome> out;
  REQUIRE(!dump_links(s, l, out));
  CHECK(l.names() == std::set<std::string>{"lo"});  // not the links of this process's namespace
  ::close(other);
}

TEST(kernel_closed_socket_reports_ebadf) {
  nl::Socket s;
  nl::MessageBuffer m;
  m.begin(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 1);
  m.put_header(ifinfomsg{});
  std::vector<nl::Outcome> out;
  nl::Error e = s.transact(m, 1, nullptr, out);
  CHECK_EQ(e.code, EBADF);
}
