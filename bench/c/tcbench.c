// The raw C limit for the tc bench (bench/tc.mjs): N × (RTM_NEWQDISC tbf + RTM_DELQDISC) on
// one NETLINK_ROUTE socket, each request acked, rate table computed per request as tc does.
//   tcbench N DEV     → prints {"n":N,"us_per_op":X} (op = add + delete)
// Request: tc qdisc add dev DEV root handle 1: tbf rate 1mbit burst 32kbit latency 400ms.
#include <linux/netlink.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double tick_in_usec = 15.625;

static void psched(void) {
  unsigned t2us, us2t, res;
  FILE *f = fopen("/proc/net/psched", "r");
  if (f && fscanf(f, "%08x%08x%08x", &t2us, &us2t, &res) == 3) {
    if (res == 1000000000) t2us = us2t;
    tick_in_usec = (double)t2us / us2t * ((double)res / 1e6);
  }
  if (f) fclose(f);
}
static uint32_t xmittime(uint64_t rate, uint64_t size) {
  unsigned usec = 1e6 * ((double)size / (double)rate);
  return usec * tick_in_usec;
}

static char buf[8192];
static int put(struct nlmsghdr *h, int type, const void *d, int len) {
  struct nlattr *a = (struct nlattr *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));
  a->nla_type = type;
  a->nla_len = NLA_HDRLEN + len;
  if (len) memcpy((char *)a + NLA_HDRLEN, d, len);
  h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + NLA_ALIGN(a->nla_len);
  return (char *)a - (char *)h;
}

static int build(int add, int ifindex, uint32_t seq) {
  memset(buf, 0, sizeof buf);
  struct nlmsghdr *h = (struct nlmsghdr *)buf;
  h->nlmsg_len = NLMSG_LENGTH(sizeof(struct tcmsg));
  h->nlmsg_type = add ? RTM_NEWQDISC : RTM_DELQDISC;
  h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
  h->nlmsg_seq = seq;
  struct tcmsg *t = NLMSG_DATA(h);
  t->tcm_ifindex = ifindex;
  t->tcm_handle = 0x10000;
  t->tcm_parent = TC_H_ROOT;
  if (!add) return h->nlmsg_len;
  put(h, TCA_KIND, "tbf", 4);
  int nest = put(h, TCA_OPTIONS, NULL, 0);
  struct tc_tbf_qopt q = {0};
  uint64_t rate = 125000, burst = 4096;
  uint32_t rtab[256];
  q.rate.rate = rate;
  q.limit = rate * 400000.0 / 1e6 + burst;
  q.rate.cell_log = 3;
  q.rate.cell_align = -1;
  q.rate.linklayer = TC_LINKLAYER_ETHERNET;
  for (int i = 0; i < 256; i++) rtab[i] = xmittime(rate, (i + 1) << 3);
  q.buffer = xmittime(rate, burst);
  put(h, TCA_TBF_PARMS, &q, sizeof q);
  uint32_t b32 = burst;
  put(h, TCA_TBF_BURST, &b32, 4);
  put(h, TCA_TBF_RTAB, rtab, sizeof rtab);
  ((struct nlattr *)(buf + nest))->nla_len = h->nlmsg_len - nest;
  return h->nlmsg_len;
}

int main(int argc, char **argv) {
  if (argc < 3) { fprintf(stderr, "usage: tcbench N DEV\n"); return 2; }
  long n = atol(argv[1]);
  int ifindex = if_nametoindex(argv[2]);
  if (!ifindex) { perror("if_nametoindex"); return 1; }
  psched();
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  int one = 1;
  setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
  setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
  struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa)) { perror("bind"); return 1; }
  char rx[8192];
  uint32_t seq = 1;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long i = 0; i < n; i++) {
    for (int add = 1; add >= 0; add--) {
      int len = build(add, ifindex, seq++);
      if (send(fd, buf, len, 0) != len) { perror("send"); return 1; }
      ssize_t r = recv(fd, rx, sizeof rx, 0);
      struct nlmsghdr *h = (struct nlmsghdr *)rx;
      if (r < (ssize_t)NLMSG_HDRLEN || h->nlmsg_type != NLMSG_ERROR || ((struct nlmsgerr *)NLMSG_DATA(h))->error) {
        fprintf(stderr, "request %ld (%s) failed: %d\n", i, add ? "add" : "del", r > 0 ? ((struct nlmsgerr *)NLMSG_DATA(h))->error : -1);
        return 1;
      }
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double us = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / 1e3;
  printf("{\"n\":%ld,\"us_per_op\":%.3f}\n", n, us / n);
  return 0;
}
