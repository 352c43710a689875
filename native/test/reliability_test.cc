// Reliability of the transport and decoders against kernel faults (issue #5):
//  - NLM_F_DUMP_INTR: run_dump retries an interrupted dump from scratch, at most kDumpAttempts
//    times, then reports EINTR flagged dump_interrupted (fed fake datagrams via dispatch_datagram);
//  - a datagram larger than our receive buffer: the buffer grows, nothing is lost;
//  - signals (EINTR) during sendmsg/recvmsg/poll: every request still gets its own answer;
//  - fixed headers (ifaddrmsg, rtmsg) shorter than ours are DecodeErrors; longer fixed-size
//    attribute payloads (IFA_CACHEINFO) are read leniently.
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>
#include <pthread.h>
#include <signal.h>

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "addr/addr.h"
#include "addr/addr_schema.h"
#include "harness.h"
#include "link/link.h"
#include "link/link_schema.h"
#include "nl/dump.h"
#include "nl/message.h"
#include "nl/socket.h"
#include "route/route.h"
#include "support.h"

using support::Aligned;

namespace {

// One datagram of a fake dump: `n` RTM_NEWLINK messages (empty ifinfomsg, index = first+i),
// then NLMSG_DONE when `done`. Every message carries `flags` (NLM_F_MULTI, NLM_F_DUMP_INTR…).
Aligned fake_dump(uint32_t seq, uint32_t pid, uint32_t first, int n, uint16_t flags, bool done) {
  nl::MessageBuffer m;
  for (int i = 0; i < n; ++i) {
    m.begin(RTM_NEWLINK, flags, seq);
    ifinfomsg ifi{};
    ifi.ifi_index = static_cast<int>(first + i);
    m.put_header(ifi);
  }
  if (done) {
    m.begin(NLMSG_DONE, flags, seq);
    int32_t zero = 0;
    m.put_raw(&zero, sizeof zero);
  }
  std::vector<uint8_t> b(m.data(), m.data() + m.size());
  // MessageBuffer stamps pid 0 (requests); replies name our portid.
  for (auto [off, len] : support::messages(b.data(), b.size())) {
    nlmsghdr h;
    std::memcpy(&h, b.data() + off, sizeof h);
    h.nlmsg_pid = pid;
    std::memcpy(b.data() + off, &h, sizeof h);
  }
  return Aligned(b);
}

// A dump "kernel" whose first `interrupted` runs flag their second datagram NLM_F_DUMP_INTR
// (the table changed between datagrams), as rtnetlink and nf_tables do.
struct FakeKernel {
  int interrupted;
  int runs = 0;
  std::vector<uint32_t> collected;  // what the caller's collector holds after the last attempt
  nl::Error attempt(nl::Outcome& o) {
    collected.clear();  // the caller's reset()
    const uint32_t seq = 100 + static_cast<uint32_t>(runs), pid = 7;
    const bool intr = runs < interrupted;
    ++runs;
    std::vector<nl::Outcome> out(1);
    size_t pending = 1;
    auto on_msg = [&](size_t, const nlmsghdr* h) {
      ifinfomsg ifi;
      std::memcpy(&ifi, NLMSG_DATA(h), sizeof ifi);
      collected.push_back(static_cast<uint32_t>(ifi.ifi_index));
    };
    // First datagram consistent; the second (and DONE) flagged when the table changed, and in
    // that case it holds a link that was not there before (what made the dump inconsistent).
    Aligned a = fake_dump(seq, pid, 1, 3, NLM_F_MULTI, false);
    Aligned b = fake_dump(seq, pid, intr ? 3 : 4, 3, NLM_F_MULTI | (intr ? NLM_F_DUMP_INTR : 0), true);
    nl::dispatch_datagram(a.data(), a.size(), pid, seq, on_msg, out, pending);
    nl::dispatch_datagram(b.data(), b.size(), pid, seq, on_msg, out, pending);
    o = out[0];
    return nl::Error{};
  }
};

}  // namespace

TEST(dump_intr_flag_is_seen_by_dispatch) {
  FakeKernel k{1};
  nl::Outcome o;
  k.attempt(o);
  CHECK(o.done);
  CHECK(!o.error);
  CHECK(o.dump_interrupted);
  CHECK_EQ(k.collected.size(), 6u);
}

TEST(dump_intr_retried_until_consistent) {
  for (int intr = 0; intr < nl::kDumpAttempts; ++intr) {
    FakeKernel k{intr};
    nl::DumpRun r = nl::run_dump([&](nl::Outcome& o) { return k.attempt(o); });
    CHECK(!r.error);
    CHECK_EQ(r.attempts, intr + 1);
    CHECK_EQ(k.runs, intr + 1);
    // Only the clean run's records remain: 1..6, no duplicate of the changed link.
    CHECK((k.collected == std::vector<uint32_t>{1, 2, 3, 4, 5, 6}));
  }
}

TEST(dump_intr_out_of_attempts_is_eintr_flagged) {
  FakeKernel k{1000};
  nl::DumpRun r = nl::run_dump([&](nl::Outcome& o) { return k.attempt(o); });
  CHECK_EQ(r.attempts, nl::kDumpAttempts);
  CHECK_EQ(k.runs, nl::kDumpAttempts);
  CHECK_EQ(r.error.code, EINTR);
  CHECK(r.error.dump_interrupted);
  CHECK(!r.error.decode);
}

TEST(dump_error_is_not_retried) {
  int runs = 0;
  nl::DumpRun r = nl::run_dump([&](nl::Outcome& o) {
    ++runs;
    o.done = true;
    o.dump_interrupted = true;
    o.error = nl::Error::sys(EPERM, "");
    return nl::Error{};
  });
  CHECK_EQ(runs, 1);
  CHECK_EQ(r.error.code, EPERM);
  CHECK(!r.error.dump_interrupted);
  runs = 0;
  r = nl::run_dump([&](nl::Outcome&) { ++runs; return nl::Error::sys(EBADF, "socket closed"); });
  CHECK_EQ(runs, 1);
  CHECK_EQ(r.error.code, EBADF);
}

// ---- a reply larger than the receive buffer ----

namespace {

std::set<std::string> link_names(nl::Socket& s, size_t* count) {
  std::set<std::string> names;
  nl::MessageBuffer m;
  uint32_t seq = s.next_seq();
  nl_link::build_dump(m, seq, "", std::nullopt);
  std::vector<nl::Outcome> out;
  *count = 0;
  nl::Error e = s.transact(m, seq, [&](size_t, const nlmsghdr* h) {
    if (h->nlmsg_type != RTM_NEWLINK) return;
    nl::RecordWriter w;
    if (nl_link::decode(h, w)) return;
    std::vector<std::vector<support::Field>> r;
    if (support::parse_records(w.buffer(), r) && r.size() == 1) names.insert(support::Rec{r[0]}.str(nl_link::f::NAME));
    ++*count;
  }, out);
  if (e || out.empty() || out[0].error) names.insert("<error>");
  return names;
}

// An fd on a new, empty network namespace (made on a helper thread: this one stays put), so
// these cases leave the process's test namespace as the other kernel tests expect it.
struct FreshNetns {
  int fd = -1;
  FreshNetns() {
    std::thread t([&] {
      if (::unshare(CLONE_NEWNET) == 0) fd = ::open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    });
    t.join();
  }
  ~FreshNetns() { if (fd >= 0) ::close(fd); }
};

}  // namespace

TEST(kernel_datagram_larger_than_rx_buffer_grows_it) {
  REQUIRE_OWN_NETNS();
  FreshNetns ns;
  REQUIRE(ns.fd >= 0);
  nl::Socket big, small;
  REQUIRE(!nl::Socket::open(NETLINK_ROUTE, ns.fd, big));
  REQUIRE(!nl::Socket::open(NETLINK_ROUTE, ns.fd, small));
  CHECK_EQ(big.rx_capacity(), nl::Socket::kMaxDatagram);
  // 40 veth pairs: a dump of 81 links spans several datagrams of several KiB each.
  for (int i = 0; i < 40; ++i) {
    nl_link::Spec spec;
    spec.kind = "veth";
    spec.self.name = "rg" + std::to_string(i);
    spec.has_peer = true;
    spec.peer.name = "rp" + std::to_string(i);
    nl::MessageBuffer m;
    uint32_t seq = big.next_seq();
    nl_link::build_create(m, seq, spec, false);
    std::vector<nl::Outcome> out;
    REQUIRE(!big.transact(m, seq, nullptr, out));
    REQUIRE(!out[0].error);
  }
  size_t n_big = 0, n_small = 0;
  std::set<std::string> expect = link_names(big, &n_big);
  CHECK_EQ(n_big, 81u);
  // 64 bytes hold not even one RTM_NEWLINK (~1.4 KiB with stats): every datagram is bigger.
  small.set_rx_capacity(64);
  std::set<std::string> got = link_names(small, &n_small);
  CHECK_EQ(n_small, 81u);
  CHECK(got == expect);
  CHECK(small.rx_capacity() > 64);
  std::printf("    (receive buffer grew from 64 B to %zu B; %zu links, none lost)\n", small.rx_capacity(), n_small);

  // Events too: a monitor socket with a tiny buffer receives a link event whole.
  nl::Socket mon;
  REQUIRE(!nl::Socket::open(NETLINK_ROUTE, ns.fd, mon));
  REQUIRE(!mon.join_group(RTNLGRP_LINK));
  mon.set_rx_capacity(16);
  nl::MessageBuffer m;
  uint32_t seq = big.next_seq();
  nl_link::build_delete(m, seq, nl_link::Ref{0, "rg0"});
  std::vector<nl::Outcome> out;
  REQUIRE(!big.transact(m, seq, nullptr, out));
  std::vector<std::string> events;
  for (int i = 0; i < 10 && events.empty(); ++i) {
    nl::Error e = mon.receive_events(100, [&](size_t, const nlmsghdr* h) {
      nl::RecordWriter w;
      if (h->nlmsg_type != RTM_DELLINK || nl_link::decode(h, w)) return;
      std::vector<std::vector<support::Field>> r;
      if (support::parse_records(w.buffer(), r) && r.size() == 1) events.push_back(support::Rec{r[0]}.str(nl_link::f::NAME));
    });
    CHECK(!e);
  }
  CHECK(!events.empty() && (events[0] == "rg0" || events[0] == "rp0"));
}

// ---- EINTR ----

namespace {
std::atomic<int> g_signals{0};
void on_signal(int) { g_signals.fetch_add(1, std::memory_order_relaxed); }
}  // namespace

TEST(kernel_signals_do_not_break_transact) {
  REQUIRE_OWN_NETNS();
  // A handler without SA_RESTART: blocking syscalls interrupted by it fail with EINTR.
  struct sigaction sa {}, old {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;
  REQUIRE(::sigaction(SIGUSR1, &sa, &old) == 0);
  FreshNetns ns;
  REQUIRE(ns.fd >= 0);
  nl::Socket s;
  REQUIRE(!nl::Socket::open(NETLINK_ROUTE, ns.fd, s));
  pthread_t self = ::pthread_self();
  std::atomic<bool> stop{false};
  std::thread storm([&] {
    while (!stop.load()) {
      ::pthread_kill(self, SIGUSR1);
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  });
  g_signals = 0;

  // 1. A request the kernel never answers: its header claims more bytes than were sent, so
  // netlink_rcv_skb drops it silently. transact waits the 200 ms grace period for it, and the
  // signals (one every ~0.2 ms) must not cut that wait short.
  nl::MessageBuffer lost;
  uint32_t seq = s.next_seq();
  lost.begin(RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
  lost.put_header(ifinfomsg{});
  nlmsghdr* lh = reinterpret_cast<nlmsghdr*>(const_cast<uint8_t*>(lost.data()));
  lh->nlmsg_len += 64;
  std::vector<nl::Outcome> out;
  auto t0 = std::chrono::steady_clock::now();
  REQUIRE(!s.transact(lost, seq, nullptr, out));
  auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  CHECK_EQ(out[0].error.code, ENOMSG);
  CHECK(waited >= 190);
  int during_wait = g_signals.load();
  CHECK(during_wait > 10);

  // 2. Dumps and pipelined requests under the same storm: every answer arrives, in place.
  size_t bad = 0;
  for (int i = 0; i < 300; ++i) {
    size_t count = 0;
    std::set<std::string> names = link_names(s, &count);
    if (names.count("<error>") || names.count("lo") != 1) ++bad;
  }
  CHECK_EQ(bad, 0u);
  const size_t n = 200;
  nl::MessageBuffer m;
  seq = s.next_seq(n);
  for (size_t i = 0; i < n; ++i) {
    m.begin(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq + static_cast<uint32_t>(i));
    ifaddrmsg ifa{};
    ifa.ifa_family = AF_INET;
    ifa.ifa_prefixlen = 32;
    ifa.ifa_index = 1;
    m.put_header(ifa);
    m.put_be32(IFA_LOCAL, 0x0a4d0001 + static_cast<uint32_t>(i));  // 10.77.0.1 …
  }
  REQUIRE(!s.transact(m, seq, nullptr, out, 16));
  size_t ok = 0;
  for (const auto& o : out) ok += o.done && !o.error;
  CHECK_EQ(ok, n);
  stop = true;
  storm.join();
  ::sigaction(SIGUSR1, &old, nullptr);
  std::printf("    (%d signals delivered; the no-reply request waited %lld ms)\n", g_signals.load(), static_cast<long long>(waited));
}

// ---- fixed headers shorter / attribute structs longer than ours ----

namespace {

template <typename Hdr>
Aligned message_with_header_bytes(uint16_t type, size_t header_bytes, const std::vector<uint8_t>& attrs) {
  std::vector<uint8_t> b(NLMSG_HDRLEN + header_bytes, 0);
  b.insert(b.end(), attrs.begin(), attrs.end());
  nlmsghdr h{};
  h.nlmsg_len = static_cast<uint32_t>(b.size());
  h.nlmsg_type = type;
  std::memcpy(b.data(), &h, sizeof h);
  return Aligned(b);
}

std::vector<uint8_t> attr(uint16_t type, std::vector<uint8_t> payload) {
  nlattr a{};
  a.nla_len = static_cast<uint16_t>(NLA_HDRLEN + payload.size());
  a.nla_type = type;
  std::vector<uint8_t> b(reinterpret_cast<uint8_t*>(&a), reinterpret_cast<uint8_t*>(&a) + sizeof a);
  b.insert(b.end(), payload.begin(), payload.end());
  while (b.size() % 4) b.push_back(0);
  return b;
}

}  // namespace

TEST(addr_decoder_short_header_rejected_long_cacheinfo_accepted) {
  for (size_t n = 0; n < sizeof(ifaddrmsg); ++n) {
    Aligned msg = message_with_header_bytes<ifaddrmsg>(RTM_NEWADDR, n, {});
    nl::RecordWriter w;
    nl::Error e = nl_addr::decode(msg.hdr(), w);
    CHECK(e.decode);
    CHECK(e.where.find("shorter than ifaddrmsg") != std::string::npos);
  }
  // Exactly the header, no attributes: a valid (if empty) address.
  {
    Aligned msg = message_with_header_bytes<ifaddrmsg>(RTM_NEWADDR, sizeof(ifaddrmsg), {});
    nl::RecordWriter w;
    CHECK(!nl_addr::decode(msg.hdr(), w));
  }
  // IFA_CACHEINFO grown by 8 bytes (a future kernel): the fields we know are still read.
  ifa_cacheinfo ci{};
  ci.ifa_prefered = 1234;
  ci.ifa_valid = 5678;
  std::vector<uint8_t> p(reinterpret_cast<uint8_t*>(&ci), reinterpret_cast<uint8_t*>(&ci) + sizeof ci);
  p.insert(p.end(), 8, 0xee);
  std::vector<uint8_t> attrs = attr(IFA_LOCAL, {10, 0, 0, 1});
  std::vector<uint8_t> c = attr(IFA_CACHEINFO, p);
  attrs.insert(attrs.end(), c.begin(), c.end());
  Aligned msg = message_with_header_bytes<ifaddrmsg>(RTM_NEWADDR, sizeof(ifaddrmsg), attrs);
  nl::RecordWriter w;
  CHECK(!nl_addr::decode(msg.hdr(), w));
  std::vector<std::vector<support::Field>> r;
  REQUIRE(support::parse_records(w.buffer(), r) && r.size() == 1);
  support::Rec rec{r[0]};
  CHECK_EQ(rec.num<uint32_t>(nl_addr::f::PREFERRED), 1234u);
  CHECK_EQ(rec.num<uint32_t>(nl_addr::f::VALID), 5678u);
  CHECK_EQ(rec.str(nl_addr::f::LOCAL), std::string("10.0.0.1"));
  // A shorter IFA_CACHEINFO is kept raw, not misread.
  std::vector<uint8_t> shortp(p.begin(), p.begin() + 8);
  std::vector<uint8_t> sattrs = attr(IFA_CACHEINFO, shortp);
  Aligned smsg = message_with_header_bytes<ifaddrmsg>(RTM_NEWADDR, sizeof(ifaddrmsg), sattrs);
  nl::RecordWriter sw;
  CHECK(!nl_addr::decode(smsg.hdr(), sw));
  std::vector<std::vector<support::Field>> sr;
  REQUIRE(support::parse_records(sw.buffer(), sr) && sr.size() == 1);
  CHECK(!support::Rec{sr[0]}.has(nl_addr::f::PREFERRED));
}

TEST(route_decoder_short_header_rejected_long_via_and_nexthop_accepted) {
  for (size_t n = 0; n < sizeof(rtmsg); ++n) {
    Aligned msg = message_with_header_bytes<rtmsg>(RTM_NEWROUTE, n, {});
    nl::RecordWriter w;
    nl::Error e = nl_route::decode(msg.hdr(), w);
    CHECK(e.decode);
    CHECK(e.where.find("shorter than rtmsg") != std::string::npos);
  }
  {
    Aligned msg = message_with_header_bytes<rtmsg>(RTM_NEWROUTE, sizeof(rtmsg), {});
    nl::RecordWriter w;
    CHECK(!nl_route::decode(msg.hdr(), w));
  }
  // A longer rtnexthop (rtnh_len covers trailing attributes, as the kernel sends RTA_GATEWAY
  // inside it) is read; one shorter than struct rtnexthop is a DecodeError.
  rtnexthop nh{};
  nh.rtnh_ifindex = 7;
  std::vector<uint8_t> gw = attr(RTA_GATEWAY, {10, 0, 0, 9});
  nh.rtnh_len = static_cast<unsigned short>(sizeof nh + gw.size());
  std::vector<uint8_t> mp(reinterpret_cast<uint8_t*>(&nh), reinterpret_cast<uint8_t*>(&nh) + sizeof nh);
  mp.insert(mp.end(), gw.begin(), gw.end());
  Aligned ok = message_with_header_bytes<rtmsg>(RTM_NEWROUTE, sizeof(rtmsg), attr(RTA_MULTIPATH, mp));
  nl::RecordWriter w;
  CHECK(!nl_route::decode(ok.hdr(), w));
  nh.rtnh_len = sizeof nh - 2;
  std::vector<uint8_t> bad(reinterpret_cast<uint8_t*>(&nh), reinterpret_cast<uint8_t*>(&nh) + sizeof nh);
  Aligned b = message_with_header_bytes<rtmsg>(RTM_NEWROUTE, sizeof(rtmsg), attr(RTA_MULTIPATH, bad));
  nl::RecordWriter bw;
  nl::Error e = nl_route::decode(b.hdr(), bw);
  CHECK(e.decode);
}
