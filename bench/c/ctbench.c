// ctbench: the limit for conntrack work. Raw nfnetlink (ctnetlink) from plain C, UAPI headers
// only, doing what conntrack.delete does: one dump, then one IPCTNL_MSG_CT_DELETE per matching
// flow (original tuple as dumped + CTA_ID), K per sendmsg, every one ACKed.
//
// Build:  cc -O2 -o bench/c/build/ctbench bench/c/ctbench.c
// Usage (inside the namespace: ip netns exec NS ctbench …):
//   ctbench ct-create N            N UDP flows 10.200.x.y:port → 10.201.0.1:53 (untimed setup)
//   ctbench ct-delete [--per-send K]   dump, delete every UDP flow; K deletes per sendmsg (default 128)
// Output: one JSON line {op, n, per_send, us_total, us_per_op}
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netlink.h>

static int fd;
static uint32_t seq = 1;
static uint8_t rx[1 << 20];

static double now_us(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e6 + t.tv_nsec / 1e3;
}

static void die(const char* what) {
  fprintf(stderr, "ctbench: %s: %s\n", what, strerror(errno));
  exit(1);
}

// Message building into a caller's buffer.
struct buf { uint8_t* p; size_t len, cap; size_t msg; };
static void* put(struct buf* b, const void* d, size_t n) {
  size_t al = NLMSG_ALIGN(n);
  if (b->len + al > b->cap) { b->cap = (b->cap + al) * 2; b->p = realloc(b->p, b->cap); }
  void* at = b->p + b->len;
  memset(at, 0, al);
  if (d) memcpy(at, d, n);
  b->len += al;
  ((struct nlmsghdr*)(b->p + b->msg))->nlmsg_len = (uint32_t)(b->len - b->msg);
  return at;
}
static void begin(struct buf* b, uint16_t type, uint16_t flags, uint8_t family) {
  b->msg = b->len;
  struct nlmsghdr h = {.nlmsg_type = (NFNL_SUBSYS_CTNETLINK << 8) | type, .nlmsg_flags = NLM_F_REQUEST | flags, .nlmsg_seq = seq++};
  put(b, &h, sizeof h);
  struct nfgenmsg g = {.nfgen_family = family, .version = NFNETLINK_V0};
  put(b, &g, sizeof g);
}
static void attr(struct buf* b, uint16_t type, const void* d, size_t n) {
  struct nlattr a = {.nla_len = (uint16_t)(NLA_HDRLEN + n), .nla_type = type};
  put(b, &a, sizeof a);
  if (n) put(b, d, n);
}
static size_t nest(struct buf* b, uint16_t type) {
  size_t at = b->len;
  struct nlattr a = {.nla_len = 0, .nla_type = type | NLA_F_NESTED};
  put(b, &a, sizeof a);
  return at;
}
static void nest_end(struct buf* b, size_t at) { ((struct nlattr*)(b->p + at))->nla_len = (uint16_t)(b->len - at); }

static void tuple(struct buf* b, uint16_t type, uint32_t src, uint32_t dst, uint16_t sport, uint16_t dport) {
  size_t t = nest(b, type);
  size_t ip = nest(b, CTA_TUPLE_IP);
  attr(b, CTA_IP_V4_SRC, &src, 4);
  attr(b, CTA_IP_V4_DST, &dst, 4);
  nest_end(b, ip);
  size_t pr = nest(b, CTA_TUPLE_PROTO);
  uint8_t proto = IPPROTO_UDP;
  attr(b, CTA_PROTO_NUM, &proto, 1);
  attr(b, CTA_PROTO_SRC_PORT, &sport, 2);
  attr(b, CTA_PROTO_DST_PORT, &dport, 2);
  nest_end(b, pr);
  nest_end(b, t);
}

// Sends [p, p+len) holding `count` ACKed requests; waits for every ACK. Returns failures.
static int send_and_ack(const uint8_t* p, size_t len, int count) {
  struct sockaddr_nl k = {.nl_family = AF_NETLINK};
  if (sendto(fd, p, len, 0, (struct sockaddr*)&k, sizeof k) < 0) die("sendto");
  int acked = 0, failed = 0;
  while (acked < count) {
    ssize_t n = recv(fd, rx, sizeof rx, 0);
    if (n < 0) die("recv");
    for (struct nlmsghdr* h = (struct nlmsghdr*)rx; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
      if (h->nlmsg_type != NLMSG_ERROR) continue;
      acked++;
      if (((struct nlmsgerr*)NLMSG_DATA(h))->error != 0) failed++;
    }
  }
  return failed;
}

static void create(int n) {
  struct buf b = {0};
  int in_buf = 0;
  for (int i = 0; i < n; i++) {
    begin(&b, IPCTNL_MSG_CT_NEW, NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, AF_INET);
    uint32_t src = htonl(0x0ac80000u | (i & 0xffff)), dst = htonl(0x0ac90001u);
    uint16_t sport = htons(1024 + (i >> 16)), dport = htons(53);
    tuple(&b, CTA_TUPLE_ORIG, src, dst, sport, dport);
    tuple(&b, CTA_TUPLE_REPLY, dst, src, dport, sport);
    uint32_t timeout = htonl(600);
    attr(&b, CTA_TIMEOUT, &timeout, 4);
    if (++in_buf == 128 || i == n - 1) {
      if (send_and_ack(b.p, b.len, in_buf)) { fprintf(stderr, "ctbench: create refused\n"); exit(1); }
      b.len = 0;
      in_buf = 0;
    }
  }
  printf("{\"op\":\"ct-create\",\"n\":%d}\n", n);
}

static void delete_all(int per_send) {
  double t0 = now_us();
  struct buf dump = {0};
  begin(&dump, IPCTNL_MSG_CT_GET, NLM_F_DUMP, AF_INET);
  struct sockaddr_nl k = {.nl_family = AF_NETLINK};
  if (sendto(fd, dump.p, dump.len, 0, (struct sockaddr*)&k, sizeof k) < 0) die("sendto dump");
  struct buf dels = {0};
  int n = 0;
  for (int done = 0; !done;) {
    ssize_t len = recv(fd, rx, sizeof rx, 0);
    if (len < 0) die("recv dump");
    for (struct nlmsghdr* h = (struct nlmsghdr*)rx; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
      if (h->nlmsg_type == NLMSG_DONE) { done = 1; break; }
      if (h->nlmsg_type == NLMSG_ERROR) { errno = -((struct nlmsgerr*)NLMSG_DATA(h))->error; die("dump"); }
      struct nfgenmsg* g = NLMSG_DATA(h);
      struct nlattr* a = (struct nlattr*)((uint8_t*)g + NLMSG_ALIGN(sizeof *g));
      int rest = (int)(h->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof *g)));
      struct nlattr *orig = NULL, *id = NULL;
      for (; rest >= (int)sizeof *a && a->nla_len >= sizeof *a && a->nla_len <= rest;
           rest -= NLA_ALIGN(a->nla_len), a = (struct nlattr*)((uint8_t*)a + NLA_ALIGN(a->nla_len))) {
        int t = a->nla_type & NLA_TYPE_MASK;
        if (t == CTA_TUPLE_ORIG) orig = a;
        else if (t == CTA_ID) id = a;
      }
      if (!orig) continue;
      // The namespace holds only the workload's UDP flows: every dumped flow is deleted.
      begin(&dels, IPCTNL_MSG_CT_DELETE, NLM_F_ACK, g->nfgen_family);
      put(&dels, orig, orig->nla_len);
      if (id) put(&dels, id, id->nla_len);
      n++;
    }
  }
  // Pipelined: per_send deletes per sendmsg, each ACKed.
  size_t off = 0;
  int failed = 0;
  for (int i = 0; i < n;) {
    size_t start = off;
    int c = 0;
    while (i < n && c < per_send) {
      off += NLMSG_ALIGN(((struct nlmsghdr*)(dels.p + off))->nlmsg_len);
      i++;
      c++;
    }
    failed += send_and_ack(dels.p + start, off - start, c);
  }
  double us = now_us() - t0;
  printf("{\"op\":\"ct-delete\",\"n\":%d,\"per_send\":%d,\"failed\":%d,\"us_total\":%.0f,\"us_per_op\":%.3f}\n", n, per_send, failed, us,
         n ? us / n : 0);
}

int main(int argc, char** argv) {
  if (argc < 2) { fprintf(stderr, "usage: ctbench ct-create N | ct-delete [--per-send K]\n"); return 2; }
  fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
  if (fd < 0) die("socket");
  int one = 1, big = 4 << 20;
  setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
  setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big);
  struct sockaddr_nl me = {.nl_family = AF_NETLINK};
  if (bind(fd, (struct sockaddr*)&me, sizeof me) < 0) die("bind");
  if (!strcmp(argv[1], "ct-create") && argc > 2) create(atoi(argv[2]));
  else if (!strcmp(argv[1], "ct-delete")) delete_all(argc > 3 && !strcmp(argv[2], "--per-send") ? atoi(argv[3]) : 128);
  else { fprintf(stderr, "ctbench: unknown command\n"); return 2; }
  return 0;
}
