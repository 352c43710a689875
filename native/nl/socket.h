// The transport: a netlink socket opened inside a chosen network namespace, and the receive
// loop that matches replies to requests (modelled on libmnl's mnl_cb_run: portid/seq checks,
// NLMSG_ERROR/DONE/OVERRUN handled in one place, extended ACK decoded).
#pragma once
#include <linux/netlink.h>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "error.h"
#include "message.h"

namespace nl {

// What happened to one request of a send: ok, or the kernel's (or our) error.
struct Outcome {
  bool done = false;
  Error error;  // error.code == 0 → success
  bool dump_interrupted = false;  // NLM_F_DUMP_INTR seen on a reply of this request
  bool replied = false;           // its ERROR/DONE arrived (later data for it is stale)
};

// Called for every data message (not ACK/DONE/ERROR) addressed to one of our requests.
// `index` is the request's position in the buffer that was sent.
using OnMessage = std::function<void(size_t index, const nlmsghdr* msg)>;

class Socket {
 public:
  // Opens a socket of `protocol` (NETLINK_ROUTE, NETLINK_NETFILTER) inside the network
  // namespace `netns_fd` (-1: the caller's). The setns happens on a short-lived helper thread,
  // so the calling thread never changes namespace; the socket keeps the namespace it was
  // created in for its whole life.
  static Error open(int protocol, int netns_fd, Socket& out);
  ~Socket();
  Socket() = default;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  void close();
  bool is_open() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  uint32_t portid() const { return portid_; }
  int protocol() const { return protocol_; }
  // Reserves `n` consecutive sequence numbers; returns the first.
  uint32_t next_seq(uint32_t n = 1) { uint32_t s = seq_; seq_ += n; return s; }

  // Sends every message in `msgs` (seqs first_seq … first_seq+count-1, one sendmsg, or more when
  // it is larger than max_send) and waits until each one that expects a reply (NLM_F_ACK or a
  // dump) has completed. Data replies go to `on_msg`. Results land in `out` (size count).
  // Requests without NLM_F_ACK that are not dumps (nfnetlink batch begin/end) expect nothing.
  // max_per_send > 0 pipelines: at most that many requests per sendmsg(), replies drained
  // between chunks (0: everything in one sendmsg — what an nfnetlink batch needs).
  Error transact(const MessageBuffer& msgs, uint32_t first_seq, const OnMessage& on_msg,
                 std::vector<Outcome>& out, size_t max_per_send = 0);

  // transact() for one request that expects nothing but an ACK (NLM_F_ACK, not a dump, no data
  // replies): the single-operation hot path. When the one datagram queued after send() is that
  // request's ACK alone, it is read into the socket's buffer and decoded with no bookkeeping;
  // anything else (stale replies, several messages, nothing queued yet) goes through the general
  // receive loop, with transact()'s results and errors. The kernel's answer lands in `out`.
  Error transact_ack(const MessageBuffer& msg, uint32_t seq, Outcome& out);
  // A request buffer owned by the socket, for transact_ack() callers: reused, so the hot path
  // allocates nothing (the JS thread is the only user of a socket).
  MessageBuffer& scratch() { scratch_.clear(); return scratch_; }

  // Receives whatever is queued (or waits up to timeout_ms when nothing is) and hands every
  // message to `on_msg` with index SIZE_MAX. Used by event monitors.
  Error receive_events(int timeout_ms, const OnMessage& on_msg);

  // Low-level halves of transact(), for readers that consume a dump piece by piece:
  // send a buffer as is, and receive one datagram (blocking) into the socket's own buffer.
  Error send(const MessageBuffer& msgs) { return send_all(msgs.data(), msgs.size()); }
  Error recv_one(const uint8_t*& data, size_t& len);

  // Subscribes to a multicast group (RTNLGRP_LINK …) for event monitoring.
  Error join_group(uint32_t group);

  // Current receive buffer size (bytes) as the kernel reports it.
  int rcvbuf() const;
  // Sets the kernel's receive queue size (SO_RCVBUFFORCE when privileged, else SO_RCVBUF).
  Error set_rcvbuf(int bytes);

  // Our receive buffer (where one datagram is copied), not the kernel's queue. By default it is
  // as large as the largest datagram the kernel can build, so a read never truncates and never
  // needs a peek first. A smaller one (tests; memory-conscious callers) makes every read peek
  // the datagram's size first (MSG_PEEK|MSG_TRUNC) and grow the buffer when it would not fit.
  void set_rx_capacity(size_t bytes);
  size_t rx_capacity() const { return rx_cap_; }
  // The largest datagram a kernel sends: replies are linear skbs from alloc_skb(), whose head
  // comes from kmalloc, capped at KMALLOC_MAX_SIZE (4 MiB with 4 KiB pages, MAX_PAGE_ORDER 10).
  static constexpr size_t kMaxDatagram = 4u << 20;

 private:
  Error send_all(const uint8_t* p, size_t len);
  Error receive_replies(uint32_t first_seq, const OnMessage& on_msg, std::vector<Outcome>& out,
                        size_t pending, size_t dumps, const std::vector<uint8_t>& dump_flags);
  int sndbuf_limit();
  // recvmsg() of one whole datagram into rx_ (growing it first in peek mode). Returns its length,
  // or -1 with errno set. MSG_TRUNC in *msg_flags only if even kMaxDatagram was too small.
  ssize_t recv_datagram(int flags, sockaddr_nl* from, int* msg_flags);
  int fd_ = -1;
  int protocol_ = 0;
  uint32_t portid_ = 0;
  uint32_t seq_ = 1;
  // Uninitialized on purpose: pages of a large allocation are only committed once touched,
  // so a 4 MiB buffer costs what the biggest datagram received so far used.
  std::unique_ptr<uint8_t[]> rx_;
  size_t rx_cap_ = 0;
  std::vector<size_t> starts_;       // transact() scratch, reused
  std::vector<uint8_t> dump_flags_;  // transact() scratch, reused
  std::vector<Outcome> one_;         // transact_ack()'s general path, reused
  MessageBuffer scratch_;
  int sndbuf_ = 0;
};

// Handles one received datagram for transact(): every message addressed to us (portid, seq in
// [first_seq, first_seq + out.size())) goes to `on_msg`, or completes its Outcome (ACK, ERROR,
// DONE), decrementing `pending` for each request that completes. Returns false on
// NLMSG_OVERRUN (all waiting requests failed). `data` must be 4-byte aligned. Exposed for tests
// and fuzzers: it is exactly the code transact() runs on each recvmsg() result.
bool dispatch_datagram(const uint8_t* data, size_t size, uint32_t portid, uint32_t first_seq,
                       const OnMessage& on_msg, std::vector<Outcome>& out, size_t& pending);

// Decodes an NLMSG_ERROR (or NLMSG_DONE carrying an error) payload into `err`, including the
// extended ACK TLVs. Exposed for tests and fuzzers.
void decode_error_message(const nlmsghdr* h, Error& err);

}  // namespace nl
