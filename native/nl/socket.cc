#include "socket.h"

#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <cstring>
#include <thread>

#include "attr.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

namespace nl {

namespace {

constexpr int kWantedRcvbuf = 4 * 1024 * 1024;
constexpr int kWantedSndbuf = 4 * 1024 * 1024;

void set_opt(int fd, int level, int name, int value) {
  setsockopt(fd, level, name, &value, sizeof value);  // best effort; older kernels lack some
}

int open_here(int protocol, int& fd) {
  fd = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
  return fd < 0 ? errno : 0;
}

bool is_dump(const nlmsghdr* h) { return (h->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP && h->nlmsg_type != NLMSG_ERROR; }

}  // namespace

Error Socket::open(int protocol, int netns_fd, Socket& out) {
  out.close();
  int fd = -1;
  int err = 0;
  const char* where = "socket";
  if (netns_fd >= 0) {
    // setns() only changes the calling thread; doing it on a throwaway thread keeps the
    // caller (the event loop) in its own namespace whatever happens.
    std::thread t([&] {
      if (::setns(netns_fd, CLONE_NEWNET) != 0) { err = errno; where = "setns"; return; }
      err = open_here(protocol, fd);
    });
    t.join();
  } else {
    err = open_here(protocol, fd);
  }
  if (err) return Error::sys(err, where);

  set_opt(fd, SOL_NETLINK, NETLINK_EXT_ACK, 1);
  set_opt(fd, SOL_NETLINK, NETLINK_CAP_ACK, 1);
  if (protocol == NETLINK_ROUTE) set_opt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, 1);
  // Room for pipelined ACKs and fast dumps: FORCE works when privileged, the plain option is
  // capped by net.core.*mem_max otherwise.
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &kWantedRcvbuf, sizeof kWantedRcvbuf) != 0)
    set_opt(fd, SOL_SOCKET, SO_RCVBUF, kWantedRcvbuf);
  if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &kWantedSndbuf, sizeof kWantedSndbuf) != 0)
    set_opt(fd, SOL_SOCKET, SO_SNDBUF, kWantedSndbuf);

  sockaddr_nl sa{};
  sa.nl_family = AF_NETLINK;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
    int e = errno;
    ::close(fd);
    return Error::sys(e, "bind");
  }
  socklen_t sl = sizeof sa;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &sl) != 0) {
    int e = errno;
    ::close(fd);
    return Error::sys(e, "getsockname");
  }
  // Connected to the kernel (portid 0): the kernel then refuses unicasts to us from any other
  // socket (ECONNREFUSED to the sender), so every reply is the kernel's without checking the
  // source address, and requests go out with send()/recv() — no msghdr or iovec to copy in, no
  // address to copy out: ~0.5 µs less kernel time per request than sendmsg()/recvmsg().
  // Multicast (event monitors) is not affected.
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) != 0) {
    int e = errno;
    ::close(fd);
    return Error::sys(e, "connect");
  }
  out.fd_ = fd;
  out.protocol_ = protocol;
  out.portid_ = sa.nl_pid;
  out.seq_ = 1;
  out.set_rx_capacity(kMaxDatagram);
  return Error{};
}

Socket::~Socket() { close(); }

void Socket::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

Error Socket::recv_one(const uint8_t*& data, size_t& len) {
  for (;;) {
    sockaddr_nl from{};
    int msg_flags = 0;
    ssize_t n = recv_datagram(0, &from, &msg_flags);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error::sys(errno, "recvmsg");
    }
    if (msg_flags & MSG_TRUNC) return Error::sys(EMSGSIZE, "recvmsg: reply larger than receive buffer");
    if (from.nl_pid != 0) continue;  // only the kernel talks to us
    data = rx_.get();
    len = static_cast<size_t>(n);
    return Error{};
  }
}

Error Socket::join_group(uint32_t group) {
  if (setsockopt(fd_, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group, sizeof group) != 0)
    return Error::sys(errno, "NETLINK_ADD_MEMBERSHIP");
  return Error{};
}

int Socket::rcvbuf() const {
  int v = 0;
  socklen_t l = sizeof v;
  getsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &v, &l);
  return v;
}

Error Socket::set_rcvbuf(int bytes) {
  if (setsockopt(fd_, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) == 0) return Error{};
  if (setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes) == 0) return Error{};
  return Error::sys(errno, "SO_RCVBUF");
}

void Socket::set_rx_capacity(size_t bytes) {
  if (bytes < NLMSG_HDRLEN) bytes = NLMSG_HDRLEN;
  rx_.reset(new uint8_t[bytes]);  // new[] aligns for any type: nlmsghdr reads are aligned
  rx_cap_ = bytes;
}

ssize_t Socket::recv_datagram(int flags, sockaddr_nl* from, int* msg_flags) {
  // The socket is connected to the kernel (see open()): only the kernel can have sent what
  // arrives, and recv() skips the msghdr/address copies of recvmsg() — the hot path's kernel
  // time then equals raw C's. MSG_TRUNC makes netlink return a datagram's full length.
  if (rx_cap_ < kMaxDatagram) {
    // The datagram might not fit: learn its size without consuming it and grow the buffer to
    // hold it. The next datagram in the queue is this same one: we are its only reader.
    for (;;) {
      ssize_t n = ::recv(fd_, rx_.get(), rx_cap_, flags | MSG_PEEK | MSG_TRUNC);
      if (n < 0) return -1;
      if (static_cast<size_t>(n) <= rx_cap_) break;
      set_rx_capacity(static_cast<size_t>(n));
    }
  }
  ssize_t n = ::recv(fd_, rx_.get(), rx_cap_, flags | MSG_TRUNC);
  if (from) *from = sockaddr_nl{AF_NETLINK, 0, 0, 0};
  *msg_flags = 0;
  if (n > static_cast<ssize_t>(rx_cap_)) {
    *msg_flags = MSG_TRUNC;
    n = static_cast<ssize_t>(rx_cap_);
  }
  return n;
}

Error Socket::send_all(const uint8_t* p, size_t len) {
  for (;;) {
    ssize_t n = ::send(fd_, p, len, 0);  // connected to the kernel (see open())
    if (n >= 0) return Error{};
    if (errno == EINTR) continue;
    return Error::sys(errno, "sendmsg");
  }
}

void decode_error_message(const nlmsghdr* h, Error& err) {
  size_t payload = h->nlmsg_len >= NLMSG_HDRLEN ? h->nlmsg_len - NLMSG_HDRLEN : 0;
  const uint8_t* p = reinterpret_cast<const uint8_t*>(NLMSG_DATA(h));
  size_t tlv_off = 0;
  int32_t code = 0;
  if (h->nlmsg_type == NLMSG_DONE) {
    if (payload >= sizeof(int32_t)) std::memcpy(&code, p, sizeof code);
    tlv_off = NLMSG_ALIGN(sizeof(int32_t));
  } else {
    if (payload < sizeof(int32_t)) { err = Error::bad("NLMSG_ERROR: truncated"); return; }
    std::memcpy(&code, p, sizeof code);
    tlv_off = sizeof(nlmsgerr);
    if (!(h->nlmsg_flags & NLM_F_CAPPED) && payload >= sizeof(nlmsgerr)) {
      nlmsghdr orig;
      std::memcpy(&orig, p + sizeof(int32_t), sizeof orig);
      if (orig.nlmsg_len > NLMSG_HDRLEN) tlv_off += NLMSG_ALIGN(orig.nlmsg_len - NLMSG_HDRLEN);
    }
  }
  // -INT_MIN does not fit an int (UBSan, found by fuzz_error): no errno is that large anyway,
  // so keep it a (clamped) failure rather than negate it.
  err.code = code == INT_MIN ? INT_MAX : (code < 0 ? -code : code);
  if (!(h->nlmsg_flags & NLM_F_ACK_TLVS) || tlv_off >= payload) return;
  AttrIter it(p + tlv_off, payload - tlv_off);
  Attr a;
  while (it.next(a)) {
    switch (a.type) {
      case NLMSGERR_ATTR_MSG: err.extack = a.str(); break;
      case NLMSGERR_ATTR_OFFS: { uint32_t v; if (a.u32(v)) err.extack_offset = v; break; }
      case NLMSGERR_ATTR_MISS_TYPE: { uint32_t v; if (a.u32(v)) err.missing_type = v; break; }
      default: break;
    }
  }
}

// The per-datagram half of transact()'s receive loop, split out of it unchanged so tests and
// fuzzers can feed it datagrams without a socket (recvmsg stays in transact()).
bool dispatch_datagram(const uint8_t* data, size_t size, uint32_t portid, uint32_t first_seq,
                       const OnMessage& on_msg, std::vector<Outcome>& out, size_t& pending) {
  const size_t count = out.size();
  const nlmsghdr* h = reinterpret_cast<const nlmsghdr*>(data);
  int len = static_cast<int>(size);
  for (; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
    if (h->nlmsg_pid != portid && h->nlmsg_pid != 0) continue;
    uint32_t idx = h->nlmsg_seq - first_seq;
    if (h->nlmsg_seq < first_seq || idx >= count) continue;  // stale reply of an earlier call
    Outcome& o = out[idx];
    // Data after the request's own ERROR/DONE is stale; data for a request that expects no
    // ACK (an NLM_F_ECHO reply inside an nfnetlink batch) is still delivered.
    if (o.replied && h->nlmsg_type != NLMSG_ERROR) continue;
    if (h->nlmsg_flags & NLM_F_DUMP_INTR) o.dump_interrupted = true;
    switch (h->nlmsg_type) {
      case NLMSG_NOOP:
        break;
      case NLMSG_OVERRUN:
        for (auto& x : out)
          if (!x.done) { x.done = true; x.error = Error::sys(EOVERFLOW, "NLMSG_OVERRUN"); }
        return false;
      case NLMSG_ERROR:
      case NLMSG_DONE: {
        bool was_done = o.done;
        decode_error_message(h, o.error);
        o.done = true;
        o.replied = true;
        // A dump ends with DONE (or an ERROR); either way it stops needing blocking reads.
        // An ERROR for a request that expected no reply (it failed) must not count down.
        if (!was_done) --pending;
        break;
      }
      default:
        if (on_msg) on_msg(idx, h);
        break;
    }
  }
  return true;
}

Error Socket::transact(const MessageBuffer& msgs, uint32_t first_seq, const OnMessage& on_msg,
                       std::vector<Outcome>& out, size_t max_per_send) {
  const size_t count = msgs.count();
  out.assign(count, Outcome{});
  if (fd_ < 0) return Error::sys(EBADF, "socket closed");

  // Where each message starts, whether it waits for a reply, and whether it is a dump. (Kept
  // in the socket between calls: no allocation per request on the single-request hot path.)
  std::vector<size_t>& starts = starts_;
  std::vector<uint8_t>& dump_flags = dump_flags_;
  starts.clear();
  starts.reserve(count + 1);
  dump_flags.assign(count, 0);
  {
    const uint8_t* base = msgs.data();
    size_t off = 0;
    for (size_t i = 0; i < count && msgs.size() - off >= NLMSG_HDRLEN; ++i) {
      const nlmsghdr* h = reinterpret_cast<const nlmsghdr*>(base + off);
      starts.push_back(off);
      dump_flags[i] = is_dump(h) ? 1 : 0;
      if (!dump_flags[i] && !(h->nlmsg_flags & NLM_F_ACK)) out[i].done = true;
      size_t step = NLMSG_ALIGN(h->nlmsg_len);
      if (step > msgs.size() - off) break;
      off += step;
    }
    starts.push_back(msgs.size());
  }
  const size_t n_msgs = starts.size() - 1;

  // Pipelining: many requests per sendmsg(), each answered in order. A chunk is bounded so its
  // ACKs fit the receive buffer (else ENOBUFS loses them) and its bytes the send buffer
  // (else EMSGSIZE); each chunk's replies are drained before the next is sent.
  const size_t per_send = max_per_send == 0 ? n_msgs : max_per_send;
  const size_t max_bytes = max_per_send == 0 ? SIZE_MAX : static_cast<size_t>(sndbuf_limit());
  size_t i = 0;
  while (i < n_msgs) {
    size_t j = i + 1;
    while (j < n_msgs && j - i < per_send && starts[j + 1] - starts[i] <= max_bytes) ++j;
    size_t pending = 0, dumps = 0;
    for (size_t k = i; k < j; ++k) {
      if (!out[k].done) ++pending;
      if (dump_flags[k]) ++dumps;
    }
    if (Error e = send_all(msgs.data() + starts[i], starts[j] - starts[i])) {
      if (i == 0) return e;
      for (size_t k = i; k < n_msgs; ++k)
        if (!out[k].done) { out[k].done = true; out[k].error = e; }
      return Error{};
    }
    if (Error e = receive_replies(first_seq, on_msg, out, pending, dumps, dump_flags)) return e;
    i = j;
  }
  return Error{};
}

Error Socket::transact_ack(const MessageBuffer& msg, uint32_t seq, Outcome& out) {
  out.done = out.replied = out.dump_interrupted = false;
  out.error = Error{};
  if (fd_ < 0) return Error::sys(EBADF, "socket closed");
  if (Error e = send_all(msg.data(), msg.size())) return e;
  // rtnetlink answers inside send(): the ACK is normally queued already, alone in its datagram.
  int msg_flags = 0;
  ssize_t n = recv_datagram(MSG_DONTWAIT, nullptr, &msg_flags);
  if (n >= static_cast<ssize_t>(NLMSG_HDRLEN + sizeof(int32_t)) && !(msg_flags & MSG_TRUNC)) {
    const nlmsghdr* h = reinterpret_cast<const nlmsghdr*>(rx_.get());
    int len = static_cast<int>(n);
    if (NLMSG_OK(h, len) && NLMSG_ALIGN(h->nlmsg_len) >= static_cast<size_t>(n) && h->nlmsg_type == NLMSG_ERROR &&
        h->nlmsg_seq == seq && (h->nlmsg_pid == portid_ || h->nlmsg_pid == 0)) {
      // Exactly what dispatch_datagram() does with this datagram, minus its bookkeeping.
      if (h->nlmsg_flags & NLM_F_DUMP_INTR) out.dump_interrupted = true;
      decode_error_message(h, out.error);
      out.done = out.replied = true;
      return Error{};
    }
  }
  // Anything else: transact()'s receive loop, fed the datagram already read.
  one_.assign(1, Outcome{});
  size_t pending = 1;
  if (n < 0) {
    int e = errno;
    if (e != EAGAIN && e != EWOULDBLOCK && e != EINTR) {
      out.done = true;
      out.error = Error::sys(e, "recvmsg");
      return Error{};
    }
  } else {
    if (msg_flags & MSG_TRUNC) return Error::sys(EMSGSIZE, "recvmsg: datagram larger than the largest the kernel builds");
    if (!dispatch_datagram(rx_.get(), static_cast<size_t>(n), portid_, seq, nullptr, one_, pending)) {
      out = std::move(one_[0]);
      return Error{};
    }
  }
  Error e = receive_replies(seq, nullptr, one_, pending, 0, dump_flags_);
  out = std::move(one_[0]);
  return e;
}

Error Socket::receive_replies(uint32_t first_seq, const OnMessage& on_msg, std::vector<Outcome>& out,
                              size_t pending, size_t dumps, const std::vector<uint8_t>& dump_flags) {
  while (pending > 0) {
    sockaddr_nl from{};
    int msg_flags = 0;
    // rtnetlink and nfnetlink process a request inside sendmsg(), so its ACK is already queued;
    // only a running dump needs a blocking read. An empty queue with just ACKs outstanding
    // means the kernel will never answer them (a rejected batch); don't hang on it.
    int flags = dumps > 0 ? 0 : MSG_DONTWAIT;
    ssize_t n = recv_datagram(flags, &from, &msg_flags);
    if (n < 0) {
      int e = errno;
      if (e == EINTR) continue;
      if (e == EAGAIN || e == EWOULDBLOCK) {
        // One short grace poll, for paths that answer from another context. A signal does not
        // shorten it: poll again for what is left of the 200 ms.
        using clock = std::chrono::steady_clock;
        const auto deadline = clock::now() + std::chrono::milliseconds(200);
        int r;
        for (;;) {
          pollfd pfd{fd_, POLLIN, 0};
          auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
          r = ::poll(&pfd, 1, left > 0 ? static_cast<int>(left) : 0);
          if (r >= 0 || errno != EINTR) break;
        }
        if (r > 0) continue;
        for (auto& o : out)
          if (!o.done) { o.done = true; o.error = Error::sys(ENOMSG, "no reply: request not processed"); }
        return Error{};
      }
      // ENOBUFS: replies were dropped; every request still waiting lost its answer.
      for (auto& o : out)
        if (!o.done) { o.done = true; o.error = Error::sys(e, "recvmsg"); }
      return Error{};
    }
    if (msg_flags & MSG_TRUNC) return Error::sys(EMSGSIZE, "recvmsg: datagram larger than the largest the kernel builds");
    if (from.nl_pid != 0) continue;  // only the kernel talks to us

    if (!dispatch_datagram(rx_.get(), static_cast<size_t>(n), portid_, first_seq, on_msg, out, pending))
      return Error{};  // NLMSG_OVERRUN: every waiting request already carries the error
    // Recount running dumps: those not done yet.
    if (dumps > 0) {
      size_t running = 0;
      for (size_t k = 0; k < out.size(); ++k)
        if (dump_flags[k] && !out[k].done) ++running;
      dumps = running;
    }
  }
  return Error{};
}

int Socket::sndbuf_limit() {
  // The kernel refuses a sendmsg larger than the send buffer (EMSGSIZE); stay well inside it.
  if (sndbuf_ == 0) {
    int v = 0;
    socklen_t l = sizeof v;
    if (getsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &v, &l) != 0 || v <= 0) v = 208 * 1024;
    sndbuf_ = v / 2;
  }
  return sndbuf_;
}

Error Socket::receive_events(int timeout_ms, const OnMessage& on_msg) {
  if (fd_ < 0) return Error::sys(EBADF, "socket closed");
  pollfd pfd{fd_, POLLIN, 0};
  int r = ::poll(&pfd, 1, timeout_ms);
  if (r < 0) return errno == EINTR ? Error{} : Error::sys(errno, "poll");
  if (r == 0) return Error{};
  for (;;) {
    int msg_flags = 0;
    ssize_t n = recv_datagram(MSG_DONTWAIT, nullptr, &msg_flags);
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) return Error{};
      return Error::sys(errno, "recv");
    }
    if (msg_flags & MSG_TRUNC) return Error::sys(EMSGSIZE, "recv: datagram larger than the largest the kernel builds");
    const nlmsghdr* h = reinterpret_cast<const nlmsghdr*>(rx_.get());
    int len = static_cast<int>(n);
    for (; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) on_msg(SIZE_MAX, h);
  }
}

}  // namespace nl
