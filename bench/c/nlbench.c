// nlbench: the limit. Raw rtnetlink/nfnetlink from plain C (kernel UAPI headers only, no libnl,
// no libmnl) doing exactly the work of each benchmark workload, so every other contender can be
// expressed as a ratio to "what the kernel costs when nothing is in the way".
//
// Build:  cc -O2 -o bench/c/build/nlbench bench/c/nlbench.c
// Usage:  nlbench [--netns /run/netns/NAME] COMMAND N [options]
//   route-add N | route-del N        10.(i>>16).(i>>8&255).(i&255)/32 dev DEV   (--dev, default veth0)
//   addr-add N  | addr-del N         10.(100+(i>>16)).(i>>8&255).(i&255)/32 on DEV
//   veth-create N [--group G]        veth b<i> peer b<i>p (b<i> in interface group G)
//   veth-delete N                    delete b<i>, one request each
//   veth-delete-group G              one RTM_DELLINK for every link in interface group G
//   port-create N --master BR        veth b<i> peer b<i>p, then `ip link set b<i> master BR up`
//   dump-routes [--iter K] [--warmup W] [--expect N]  dump IPv4 routes and parse every attribute
//                                    into a struct (exit 1 if a dump parsed fewer than N main-table routes)
//   nft-rules N [--per-tx K]         N masquerade rules into ip nat postrouting, K per transaction
//   nft-dump [--iter K] [--warmup W] dump every ip-family nft rule and parse its expressions into structs
// (dumps: W untimed runs first, then the median of K)
// Options: --per-send K (requests per sendmsg, default 1), --ack each|last (ack every request or
// only the last one of each sendmsg; errors are reported by the kernel either way).
// Output: one JSON line {op, n, per_send, ack, us_total, us_per_op, cpu_us_total, maxrss_kb}
// (cpu_us_total: user + system CPU time of the timed part, from getrusage).
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/if_link.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

// ---------------------------------------------------------------------------------------------
// Message building: one flat buffer holding several netlink messages back to back.

#define BUF_SIZE (8u << 20)
static unsigned char *buf;
static size_t buf_len;

static void die(const char *what) {
  fprintf(stderr, "nlbench: %s: %s\n", what, strerror(errno));
  exit(1);
}

static void *put(size_t len) {
  size_t aligned = NLMSG_ALIGN(len);
  if (buf_len + aligned > BUF_SIZE) {
    fprintf(stderr, "nlbench: message buffer full\n");
    exit(1);
  }
  void *p = buf + buf_len;
  memset(p, 0, aligned);
  buf_len += aligned;
  return p;
}

static struct nlmsghdr *msg_begin(uint16_t type, uint16_t flags, uint32_t seq) {
  struct nlmsghdr *nh = put(sizeof *nh);
  nh->nlmsg_type = type;
  nh->nlmsg_flags = NLM_F_REQUEST | flags;
  nh->nlmsg_seq = seq;
  return nh;
}

static void msg_end(struct nlmsghdr *nh) {
  nh->nlmsg_len = (uint32_t)(buf + buf_len - (unsigned char *)nh);
}

static struct nlattr *attr(uint16_t type, const void *data, size_t len) {
  struct nlattr *a = put(NLA_HDRLEN + len);
  a->nla_type = type;
  a->nla_len = (uint16_t)(NLA_HDRLEN + len);
  if (len) memcpy((unsigned char *)a + NLA_HDRLEN, data, len);
  return a;
}
static void attr_u32(uint16_t type, uint32_t v) { attr(type, &v, sizeof v); }
static void attr_be32(uint16_t type, uint32_t v) { v = htonl(v); attr(type, &v, sizeof v); }
static void attr_str(uint16_t type, const char *s) { attr(type, s, strlen(s) + 1); }
static struct nlattr *nest_begin(uint16_t type) { return attr(type | NLA_F_NESTED, NULL, 0); }
static void nest_end(struct nlattr *a) { a->nla_len = (uint16_t)(buf + buf_len - (unsigned char *)a); }

// ---------------------------------------------------------------------------------------------
// Socket and the receive loop.

static int nl_open(int protocol) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
  if (fd < 0) die("socket");
  int one = 1, big = 16 << 20;
  setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof one);
  setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof one);
  // Root may exceed rmem_max/wmem_max: a 256-request pipeline needs room for 256 ACKs, and one
  // nft transaction of thousands of rules is one (large) sendmsg.
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof big) < 0) setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
  if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &big, sizeof big) < 0) setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);
  struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) die("bind");
  return fd;
}

static void send_buf(int fd) {
  struct sockaddr_nl to = {.nl_family = AF_NETLINK};
  ssize_t n = sendto(fd, buf, buf_len, 0, (struct sockaddr *)&to, sizeof to);
  if (n < 0) die("sendto");
  if ((size_t)n != buf_len) { fprintf(stderr, "nlbench: short send\n"); exit(1); }
}

static unsigned char rbuf[1 << 20];

static void report_nlerr(struct nlmsghdr *nh) {
  struct nlmsgerr *e = NLMSG_DATA(nh);
  fprintf(stderr, "nlbench: kernel refused seq %u: %s", nh->nlmsg_seq, strerror(-e->error));
  // Extended ACK: with NETLINK_CAP_ACK the TLVs follow the nlmsgerr header directly.
  if (nh->nlmsg_flags & NLM_F_ACK_TLVS) {
    unsigned char *p = (unsigned char *)(e + 1), *end = (unsigned char *)nh + nh->nlmsg_len;
    while (p + NLA_HDRLEN <= end) {
      struct nlattr *a = (struct nlattr *)p;
      if (a->nla_len < NLA_HDRLEN || p + a->nla_len > end) break;
      if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) fprintf(stderr, " (%.*s)", (int)(a->nla_len - NLA_HDRLEN), (char *)a + NLA_HDRLEN);
      p += NLA_ALIGN(a->nla_len);
    }
  }
  fprintf(stderr, "\n");
  exit(1);
}

// Reads until `acks` ACKs arrived and the one for `last_seq` was among them; any error aborts.
static void wait_acks(int fd, unsigned acks, uint32_t last_seq) {
  int seen_last = 0;
  while (acks > 0 || !seen_last) {
    ssize_t n = recv(fd, rbuf, sizeof rbuf, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      die("recv");
    }
    for (struct nlmsghdr *nh = (struct nlmsghdr *)rbuf; NLMSG_OK(nh, (size_t)n); nh = NLMSG_NEXT(nh, n)) {
      if (nh->nlmsg_type != NLMSG_ERROR) continue;
      struct nlmsgerr *e = NLMSG_DATA(nh);
      if (e->error != 0) report_nlerr(nh);
      if (acks > 0) acks--;
      if (nh->nlmsg_seq == last_seq) seen_last = 1;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The request pipeline: `total` requests, `per_send` of them per sendmsg, each acked or only the
// last of each sendmsg. build(i, seq, flags) appends request i (maybe several messages).

typedef int (*build_fn)(unsigned i, uint32_t *seq, uint16_t ack_flag);
static uint32_t next_seq = 1;

static void run_pipeline(int fd, unsigned total, unsigned per_send, int ack_each, build_fn build) {
  for (unsigned start = 0; start < total; start += per_send) {
    unsigned end = start + per_send < total ? start + per_send : total;
    buf_len = 0;
    unsigned acks = 0;
    for (unsigned i = start; i < end; i++) {
      int last = i + 1 == end;
      acks += (unsigned)build(i, &next_seq, (ack_each || last) ? NLM_F_ACK : 0);
    }
    send_buf(fd);
    wait_acks(fd, ack_each ? acks : 1, next_seq - 1);
  }
}

// ---------------------------------------------------------------------------------------------
// Workloads. Names and addresses must match bench/trials.mjs.

static const char *dev_name = "veth0";
static unsigned dev_index;
static const char *master_name;
static unsigned master_index;
static unsigned link_group;

static uint32_t route_addr(unsigned i) { return (10u << 24) | ((i >> 16) << 16) | (((i >> 8) & 255) << 8) | (i & 255); }
static uint32_t local_addr(unsigned i) { return (10u << 24) | ((100 + (i >> 16)) << 16) | (((i >> 8) & 255) << 8) | (i & 255); }

static int route_msg(unsigned i, uint32_t *seq, uint16_t ack, int add) {
  struct nlmsghdr *nh = msg_begin(add ? RTM_NEWROUTE : RTM_DELROUTE, ack | (add ? NLM_F_CREATE | NLM_F_EXCL : 0), (*seq)++);
  struct rtmsg *rt = put(sizeof *rt);
  rt->rtm_family = AF_INET;
  rt->rtm_dst_len = 32;
  rt->rtm_table = RT_TABLE_MAIN;
  if (add) {  // what `ip route add X dev D` sends
    rt->rtm_protocol = RTPROT_BOOT;
    rt->rtm_scope = RT_SCOPE_LINK;
    rt->rtm_type = RTN_UNICAST;
  } else {    // what `ip route del X dev D` sends
    rt->rtm_scope = RT_SCOPE_NOWHERE;
  }
  attr_be32(RTA_DST, route_addr(i));
  attr_u32(RTA_OIF, dev_index);
  msg_end(nh);
  return 1;
}
static int route_add(unsigned i, uint32_t *seq, uint16_t ack) { return route_msg(i, seq, ack, 1); }
static int route_del(unsigned i, uint32_t *seq, uint16_t ack) { return route_msg(i, seq, ack, 0); }

static int addr_msg(unsigned i, uint32_t *seq, uint16_t ack, int add) {
  struct nlmsghdr *nh = msg_begin(add ? RTM_NEWADDR : RTM_DELADDR, ack | (add ? NLM_F_CREATE | NLM_F_EXCL : 0), (*seq)++);
  struct ifaddrmsg *ifa = put(sizeof *ifa);
  ifa->ifa_family = AF_INET;
  ifa->ifa_prefixlen = 32;
  ifa->ifa_index = dev_index;
  attr_be32(IFA_LOCAL, local_addr(i));
  attr_be32(IFA_ADDRESS, local_addr(i));
  msg_end(nh);
  return 1;
}
static int addr_add(unsigned i, uint32_t *seq, uint16_t ack) { return addr_msg(i, seq, ack, 1); }
static int addr_del(unsigned i, uint32_t *seq, uint16_t ack) { return addr_msg(i, seq, ack, 0); }

static void veth_names(unsigned i, char *name, char *peer) {
  snprintf(name, IFNAMSIZ, "b%u", i);
  snprintf(peer, IFNAMSIZ, "b%up", i);
}

static int veth_create(unsigned i, uint32_t *seq, uint16_t ack) {
  char name[IFNAMSIZ], peer[IFNAMSIZ];
  veth_names(i, name, peer);
  struct nlmsghdr *nh = msg_begin(RTM_NEWLINK, ack | NLM_F_CREATE | NLM_F_EXCL, (*seq)++);
  put(sizeof(struct ifinfomsg));
  attr_str(IFLA_IFNAME, name);
  if (link_group) attr_u32(IFLA_GROUP, link_group);
  struct nlattr *info = nest_begin(IFLA_LINKINFO);
  attr_str(IFLA_INFO_KIND, "veth");
  struct nlattr *data = nest_begin(IFLA_INFO_DATA);
  struct nlattr *pn = nest_begin(VETH_INFO_PEER);
  put(sizeof(struct ifinfomsg));
  attr_str(IFLA_IFNAME, peer);  // no group: deleting one end deletes its peer
  nest_end(pn);
  nest_end(data);
  nest_end(info);
  msg_end(nh);
  return 1;
}

static int veth_delete(unsigned i, uint32_t *seq, uint16_t ack) {
  char name[IFNAMSIZ], peer[IFNAMSIZ];
  veth_names(i, name, peer);
  struct nlmsghdr *nh = msg_begin(RTM_DELLINK, ack, (*seq)++);
  put(sizeof(struct ifinfomsg));
  attr_str(IFLA_IFNAME, name);
  msg_end(nh);
  return 1;
}

static int delete_group(unsigned i, uint32_t *seq, uint16_t ack) {
  (void)i;
  struct nlmsghdr *nh = msg_begin(RTM_DELLINK, ack, (*seq)++);
  put(sizeof(struct ifinfomsg));
  attr_u32(IFLA_GROUP, link_group);
  msg_end(nh);
  return 1;
}

// A port: create the veth, then `ip link set b<i> master BR up` (selected by name: the pipeline
// does not know the new ifindex, and the kernel handles the requests in order).
static int ack_every_request;

static int port_create(unsigned i, uint32_t *seq, uint16_t ack) {
  veth_create(i, seq, ack_every_request ? ack : 0);
  char name[IFNAMSIZ], peer[IFNAMSIZ];
  veth_names(i, name, peer);
  struct nlmsghdr *nh = msg_begin(RTM_NEWLINK, ack, (*seq)++);
  struct ifinfomsg *ifi = put(sizeof *ifi);
  ifi->ifi_flags = IFF_UP;
  ifi->ifi_change = IFF_UP;
  attr_str(IFLA_IFNAME, name);
  attr_u32(IFLA_MASTER, master_index);
  msg_end(nh);
  return ack_every_request ? 2 : 1;
}

// ---- dump: parse every attribute of every route into a struct (what a library must do) ----

struct route {
  uint8_t family, dst_len, src_len, tos, table_byte, protocol, scope, type;
  uint32_t flags, table, oif, iif, priority, mark, expires;
  uint8_t pref;
  unsigned char dst[16], src[16], gateway[16], prefsrc[16];
  int has_dst, has_gateway, has_prefsrc, has_expires, has_pref;
};

static struct route *routes;
static size_t routes_cap, routes_len;

static void parse_route(struct nlmsghdr *nh) {
  struct rtmsg *rt = NLMSG_DATA(nh);
  if (nh->nlmsg_len < NLMSG_LENGTH(sizeof *rt)) { fprintf(stderr, "nlbench: short rtmsg\n"); exit(1); }
  if (routes_len == routes_cap) {
    routes_cap = routes_cap ? routes_cap * 2 : 1024;
    routes = realloc(routes, routes_cap * sizeof *routes);
    if (!routes) die("realloc");
  }
  struct route *r = &routes[routes_len];
  memset(r, 0, sizeof *r);
  r->family = rt->rtm_family; r->dst_len = rt->rtm_dst_len; r->src_len = rt->rtm_src_len;
  r->tos = rt->rtm_tos; r->table = rt->rtm_table; r->protocol = rt->rtm_protocol;
  r->scope = rt->rtm_scope; r->type = rt->rtm_type; r->flags = rt->rtm_flags;
  size_t alen = rt->rtm_family == AF_INET6 ? 16 : 4;
  int len = (int)RTM_PAYLOAD(nh);
  for (struct rtattr *a = RTM_RTA(rt); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
    size_t plen = RTA_PAYLOAD(a);
    void *p = RTA_DATA(a);
    switch (a->rta_type) {
      case RTA_DST: if (plen == alen) { memcpy(r->dst, p, alen); r->has_dst = 1; } break;
      case RTA_SRC: if (plen == alen) memcpy(r->src, p, alen); break;
      case RTA_GATEWAY: if (plen == alen) { memcpy(r->gateway, p, alen); r->has_gateway = 1; } break;
      case RTA_PREFSRC: if (plen == alen) { memcpy(r->prefsrc, p, alen); r->has_prefsrc = 1; } break;
      case RTA_OIF: if (plen == 4) memcpy(&r->oif, p, 4); break;
      case RTA_IIF: if (plen == 4) memcpy(&r->iif, p, 4); break;
      case RTA_PRIORITY: if (plen == 4) memcpy(&r->priority, p, 4); break;
      case RTA_TABLE: if (plen == 4) memcpy(&r->table, p, 4); break;
      case RTA_MARK: if (plen == 4) memcpy(&r->mark, p, 4); break;
      // the rest of what netlinkts' listRoutes reads for a plain route (native/route/list.cc)
      case RTA_EXPIRES: if (plen == 4) { memcpy(&r->expires, p, 4); r->has_expires = 1; } break;
      case RTA_PREF: if (plen == 1) { r->pref = *(uint8_t *)p; r->has_pref = 1; } break;
      default: break;
    }
  }
  if (r->table == RT_TABLE_MAIN) routes_len++;  // `ip route show` = table main
}

static void dump_routes(int fd) {
  buf_len = 0;
  struct nlmsghdr *nh = msg_begin(RTM_GETROUTE, NLM_F_DUMP, next_seq++);
  struct rtmsg *rt = put(sizeof *rt);
  rt->rtm_family = AF_INET;
  msg_end(nh);
  send_buf(fd);
  routes_len = 0;
  for (;;) {
    ssize_t n = recv(fd, rbuf, sizeof rbuf, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      die("recv");
    }
    for (struct nlmsghdr *m = (struct nlmsghdr *)rbuf; NLMSG_OK(m, (size_t)n); m = NLMSG_NEXT(m, n)) {
      if (m->nlmsg_type == NLMSG_DONE) return;
      if (m->nlmsg_type == NLMSG_ERROR) report_nlerr(m);
      if (m->nlmsg_flags & NLM_F_DUMP_INTR) { fprintf(stderr, "nlbench: dump interrupted\n"); exit(1); }
      if (m->nlmsg_type == RTM_NEWROUTE) parse_route(m);
    }
  }
}

// ---- nftables: N rules `ip saddr 10.(i>>8).(i&255).0/24 oifname "DEV" masquerade` ----

static struct nlattr *expr_begin(const char *name) {
  struct nlattr *e = nest_begin(NFTA_LIST_ELEM);
  attr_str(NFTA_EXPR_NAME, name);
  return e;
}

static void data_value(uint16_t type, const void *v, size_t len) {
  struct nlattr *d = nest_begin(type);
  attr(NFTA_DATA_VALUE, v, len);
  nest_end(d);
}

static void nft_header(uint16_t msg_type, uint16_t flags, uint8_t family, uint16_t res_id) {
  struct nlmsghdr *nh = msg_begin(msg_type, flags, next_seq++);
  struct nfgenmsg *g = put(sizeof *g);
  g->nfgen_family = family;
  g->version = NFNETLINK_V0;
  g->res_id = htons(res_id);
  (void)nh;
}

static void nft_rule(unsigned i, uint16_t ack) {
  unsigned char *start = buf + buf_len;
  nft_header((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWRULE, ack | NLM_F_CREATE | NLM_F_APPEND, NFPROTO_IPV4, 0);
  attr_str(NFTA_RULE_TABLE, "nat");
  attr_str(NFTA_RULE_CHAIN, "postrouting");
  struct nlattr *list = nest_begin(NFTA_RULE_EXPRESSIONS);
  struct nlattr *e, *d;
  // payload load ip saddr => reg 1
  e = expr_begin("payload"); d = nest_begin(NFTA_EXPR_DATA);
  attr_be32(NFTA_PAYLOAD_DREG, NFT_REG_1);
  attr_be32(NFTA_PAYLOAD_BASE, NFT_PAYLOAD_NETWORK_HEADER);
  attr_be32(NFTA_PAYLOAD_OFFSET, 12);
  attr_be32(NFTA_PAYLOAD_LEN, 4);
  nest_end(d); nest_end(e);
  // bitwise reg 1 = (reg 1 & 255.255.255.0) ^ 0
  uint32_t mask = htonl(0xffffff00u), zero = 0;
  e = expr_begin("bitwise"); d = nest_begin(NFTA_EXPR_DATA);
  attr_be32(NFTA_BITWISE_SREG, NFT_REG_1);
  attr_be32(NFTA_BITWISE_DREG, NFT_REG_1);
  attr_be32(NFTA_BITWISE_LEN, 4);
  data_value(NFTA_BITWISE_MASK, &mask, 4);
  data_value(NFTA_BITWISE_XOR, &zero, 4);
  nest_end(d); nest_end(e);
  // cmp eq reg 1 10.x.y.0
  uint32_t net = htonl((10u << 24) | (((i >> 8) & 255) << 16) | ((i & 255) << 8));
  e = expr_begin("cmp"); d = nest_begin(NFTA_EXPR_DATA);
  attr_be32(NFTA_CMP_SREG, NFT_REG_1);
  attr_be32(NFTA_CMP_OP, NFT_CMP_EQ);
  data_value(NFTA_CMP_DATA, &net, 4);
  nest_end(d); nest_end(e);
  // meta load oifname => reg 1 ; cmp eq reg 1 "DEV"
  e = expr_begin("meta"); d = nest_begin(NFTA_EXPR_DATA);
  attr_be32(NFTA_META_KEY, NFT_META_OIFNAME);
  attr_be32(NFTA_META_DREG, NFT_REG_1);
  nest_end(d); nest_end(e);
  char ifname[IFNAMSIZ] = {0};
  strncpy(ifname, dev_name, IFNAMSIZ - 1);
  e = expr_begin("cmp"); d = nest_begin(NFTA_EXPR_DATA);
  attr_be32(NFTA_CMP_SREG, NFT_REG_1);
  attr_be32(NFTA_CMP_OP, NFT_CMP_EQ);
  data_value(NFTA_CMP_DATA, ifname, IFNAMSIZ);
  nest_end(d); nest_end(e);
  e = expr_begin("masq");
  nest_end(e);
  nest_end(list);
  msg_end((struct nlmsghdr *)start);
}

// nf_tables takes one transaction per sendmsg: each chunk is BEGIN, K rules, END, sent alone.
static void nft_rules(int fd, unsigned total, unsigned per_tx) {
  for (unsigned start = 0; start < total; start += per_tx) {
    unsigned end = start + per_tx < total ? start + per_tx : total;
    buf_len = 0;
    unsigned char *m = buf + buf_len;
    nft_header(NFNL_MSG_BATCH_BEGIN, 0, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
    msg_end((struct nlmsghdr *)m);
    uint32_t last = 0;
    for (unsigned i = start; i < end; i++) {
      last = next_seq;
      nft_rule(i, i + 1 == end ? NLM_F_ACK : 0);
    }
    m = buf + buf_len;
    nft_header(NFNL_MSG_BATCH_END, 0, AF_UNSPEC, NFNL_SUBSYS_NFTABLES);
    msg_end((struct nlmsghdr *)m);
    send_buf(fd);
    wait_acks(fd, 1, last);
  }
}

// ---- nft dump: every rule of family ip, each expression's attributes parsed into a struct ----

struct nft_attr { uint16_t type; uint8_t len; unsigned char data[16]; };
struct nft_expr { char name[16]; unsigned nattrs; struct nft_attr attrs[8]; };
struct nft_rule_rec {
  char table[32], chain[32];
  uint64_t handle, position;
  unsigned nexprs;
  struct nft_expr exprs[8];
};

static struct nft_rule_rec *rules;
static size_t rules_cap, rules_len;

static void copy_str(char *dst, size_t cap, const struct nlattr *a) {
  size_t n = a->nla_len - NLA_HDRLEN;
  if (n >= cap) n = cap - 1;
  memcpy(dst, (const char *)a + NLA_HDRLEN, n);
  dst[n] = 0;
}

#define FOR_ATTRS(a, start, end) \
  for (const struct nlattr *a = (const struct nlattr *)(start); \
       (const unsigned char *)a + NLA_HDRLEN <= (end) && a->nla_len >= NLA_HDRLEN && (const unsigned char *)a + a->nla_len <= (end); \
       a = (const struct nlattr *)((const unsigned char *)a + NLA_ALIGN(a->nla_len)))

// Which attributes of an expression hold an NFTA_DATA nest (the value is one level down).
static int is_data_nest(const char *expr, uint16_t type) {
  if (!strcmp(expr, "cmp")) return type == NFTA_CMP_DATA;
  if (!strcmp(expr, "bitwise")) return type == NFTA_BITWISE_MASK || type == NFTA_BITWISE_XOR;
  if (!strcmp(expr, "immediate")) return type == NFTA_IMMEDIATE_DATA;
  return 0;
}

static void parse_expr(struct nft_expr *e, const struct nlattr *elem) {
  const unsigned char *end = (const unsigned char *)elem + elem->nla_len;
  const struct nlattr *data = NULL;
  FOR_ATTRS(a, (const unsigned char *)elem + NLA_HDRLEN, end) {
    uint16_t t = a->nla_type & NLA_TYPE_MASK;
    if (t == NFTA_EXPR_NAME) copy_str(e->name, sizeof e->name, a);
    else if (t == NFTA_EXPR_DATA) data = a;
  }
  if (!data) return;
  FOR_ATTRS(a, (const unsigned char *)data + NLA_HDRLEN, (const unsigned char *)data + data->nla_len) {
    if (e->nattrs == 8) break;
    struct nft_attr *x = &e->attrs[e->nattrs++];
    x->type = a->nla_type & NLA_TYPE_MASK;
    const struct nlattr *v = a;
    if (is_data_nest(e->name, x->type)) {
      FOR_ATTRS(d, (const unsigned char *)a + NLA_HDRLEN, (const unsigned char *)a + a->nla_len)
        if ((d->nla_type & NLA_TYPE_MASK) == NFTA_DATA_VALUE) v = d;
    }
    size_t n = v->nla_len - NLA_HDRLEN;
    x->len = (uint8_t)(n > sizeof x->data ? sizeof x->data : n);
    memcpy(x->data, (const unsigned char *)v + NLA_HDRLEN, x->len);
  }
}

static void parse_rule(struct nlmsghdr *nh) {
  if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(struct nfgenmsg))) { fprintf(stderr, "nlbench: short nfgenmsg\n"); exit(1); }
  if (rules_len == rules_cap) {
    rules_cap = rules_cap ? rules_cap * 2 : 256;
    rules = realloc(rules, rules_cap * sizeof *rules);
    if (!rules) die("realloc");
  }
  struct nft_rule_rec *r = &rules[rules_len++];
  memset(r, 0, sizeof *r);
  const unsigned char *end = (const unsigned char *)nh + nh->nlmsg_len;
  FOR_ATTRS(a, (const unsigned char *)NLMSG_DATA(nh) + NLMSG_ALIGN(sizeof(struct nfgenmsg)), end) {
    const unsigned char *p = (const unsigned char *)a + NLA_HDRLEN;
    switch (a->nla_type & NLA_TYPE_MASK) {
      case NFTA_RULE_TABLE: copy_str(r->table, sizeof r->table, a); break;
      case NFTA_RULE_CHAIN: copy_str(r->chain, sizeof r->chain, a); break;
      case NFTA_RULE_HANDLE: if (a->nla_len == NLA_HDRLEN + 8) { uint64_t v; memcpy(&v, p, 8); r->handle = be64toh(v); } break;
      case NFTA_RULE_POSITION: if (a->nla_len == NLA_HDRLEN + 8) { uint64_t v; memcpy(&v, p, 8); r->position = be64toh(v); } break;
      case NFTA_RULE_EXPRESSIONS:
        FOR_ATTRS(e, p, (const unsigned char *)a + a->nla_len)
          if ((e->nla_type & NLA_TYPE_MASK) == NFTA_LIST_ELEM && r->nexprs < 8) parse_expr(&r->exprs[r->nexprs++], e);
        break;
      default: break;
    }
  }
}

static void dump_nft_rules(int fd) {
  buf_len = 0;
  nft_header((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETRULE, NLM_F_DUMP, NFPROTO_IPV4, 0);
  msg_end((struct nlmsghdr *)buf);
  send_buf(fd);
  rules_len = 0;
  for (;;) {
    ssize_t n = recv(fd, rbuf, sizeof rbuf, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      die("recv");
    }
    for (struct nlmsghdr *m = (struct nlmsghdr *)rbuf; NLMSG_OK(m, (size_t)n); m = NLMSG_NEXT(m, n)) {
      if (m->nlmsg_type == NLMSG_DONE) return;
      if (m->nlmsg_type == NLMSG_ERROR) report_nlerr(m);
      if (m->nlmsg_flags & NLM_F_DUMP_INTR) { fprintf(stderr, "nlbench: dump interrupted\n"); exit(1); }
      if (m->nlmsg_type == ((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWRULE)) parse_rule(m);
    }
  }
}

// ---------------------------------------------------------------------------------------------

static double now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

// CPU time of this process (user + system), µs: unlike wall time, it does not count the time
// other work on a busy machine keeps us waiting for a CPU.
static double cpu_us(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
}

static long maxrss_kb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static void usage(void) {
  fprintf(stderr,
          "usage: nlbench [--netns PATH] COMMAND N [--per-send K] [--ack each|last] [--dev D] [--master BR]\n"
          "               [--group G] [--iter K] [--warmup W] [--expect N] [--per-tx K]\n"
          "commands: route-add route-del addr-add addr-del veth-create veth-delete veth-delete-group\n"
          "          port-create dump-routes nft-rules nft-dump\n");
  exit(2);
}

int main(int argc, char **argv) {
  const char *cmd = NULL, *netns = NULL, *ack = "each";
  unsigned n = 0, per_send = 1, iter = 5, per_tx = 0, warmup = 0, expect = 0;
  int have_n = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *val = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--netns") && val) { netns = val; i++; }
    else if (!strcmp(a, "--per-send") && val) { per_send = (unsigned)strtoul(val, NULL, 10); i++; }
    else if (!strcmp(a, "--ack") && val) { ack = val; i++; }
    else if (!strcmp(a, "--dev") && val) { dev_name = val; i++; }
    else if (!strcmp(a, "--master") && val) { master_name = val; i++; }
    else if (!strcmp(a, "--group") && val) { link_group = (unsigned)strtoul(val, NULL, 10); i++; }
    else if (!strcmp(a, "--iter") && val) { iter = (unsigned)strtoul(val, NULL, 10); i++; }
    else if (!strcmp(a, "--per-tx") && val) { per_tx = (unsigned)strtoul(val, NULL, 10); i++; }
    else if (!strcmp(a, "--warmup") && val) { warmup = (unsigned)strtoul(val, NULL, 10); i++; }
    else if (!strcmp(a, "--expect") && val) { expect = (unsigned)strtoul(val, NULL, 10); i++; }
    else if (a[0] == '-') usage();
    else if (!cmd) cmd = a;
    else if (!have_n) { n = (unsigned)strtoul(a, NULL, 10); have_n = 1; }
    else usage();
  }
  if (!cmd || per_send == 0 || iter == 0) usage();
  int ack_each = !strcmp(ack, "each");
  if (!ack_each && strcmp(ack, "last")) usage();
  ack_every_request = ack_each;

  // Given a namespace path, join it before opening any socket (single-threaded: setns is safe).
  if (netns) {
    int nsfd = open(netns, O_RDONLY | O_CLOEXEC);
    if (nsfd < 0) die(netns);
    if (setns(nsfd, CLONE_NEWNET) < 0) die("setns");
    close(nsfd);
  }
  buf = malloc(BUF_SIZE);
  if (!buf) die("malloc");

  int needs_dev = !strncmp(cmd, "route-", 6) || !strncmp(cmd, "addr-", 5);
  if (needs_dev && !(dev_index = if_nametoindex(dev_name))) die(dev_name);
  if (!strcmp(cmd, "port-create")) {
    if (!master_name) usage();
    if (!(master_index = if_nametoindex(master_name))) die(master_name);
  }

  int fd = nl_open(strncmp(cmd, "nft-", 4) ? NETLINK_ROUTE : NETLINK_NETFILTER);
  double t0 = now_us(), c0 = cpu_us(), total_us;
  unsigned ops = n;
  if (!strcmp(cmd, "route-add")) run_pipeline(fd, n, per_send, ack_each, route_add);
  else if (!strcmp(cmd, "route-del")) run_pipeline(fd, n, per_send, ack_each, route_del);
  else if (!strcmp(cmd, "addr-add")) run_pipeline(fd, n, per_send, ack_each, addr_add);
  else if (!strcmp(cmd, "addr-del")) run_pipeline(fd, n, per_send, ack_each, addr_del);
  else if (!strcmp(cmd, "veth-create")) run_pipeline(fd, n, per_send, ack_each, veth_create);
  else if (!strcmp(cmd, "veth-delete")) run_pipeline(fd, n, per_send, ack_each, veth_delete);
  else if (!strcmp(cmd, "veth-delete-group")) {
    link_group = n;
    ops = 1;
    run_pipeline(fd, 1, 1, 1, delete_group);
  } else if (!strcmp(cmd, "port-create")) {
    // per_send counts ports (2 requests each) so that "256 per send" means 256 ports' worth.
    run_pipeline(fd, n, per_send, ack_each, port_create);
  } else if (!strcmp(cmd, "nft-rules")) {
    per_send = per_tx ? per_tx : n;  // reported as rules per transaction
    nft_rules(fd, n, per_send);
  } else if (!strcmp(cmd, "dump-routes") || !strcmp(cmd, "nft-dump")) {
    // Repeat the dump; report the median dump divided by the objects parsed.
    int nft = !strcmp(cmd, "nft-dump");
    for (unsigned k = 0; k < warmup; k++) {  // untimed, as the Node contenders do
      if (nft) dump_nft_rules(fd);
      else dump_routes(fd);
    }
    double *t = calloc(iter, sizeof *t), *c = calloc(iter, sizeof *c);
    for (unsigned k = 0; k < iter; k++) {
      double s = now_us(), cs = cpu_us();
      if (nft) dump_nft_rules(fd);
      else dump_routes(fd);
      t[k] = now_us() - s;
      c[k] = cpu_us() - cs;
      // The limit must do the whole job: every route received and parsed, in every timed dump.
      if (!nft && routes_len < expect) {
        fprintf(stderr, "nlbench: dump %u parsed %zu routes of table main, expected at least %u\n", k, routes_len, expect);
        return 1;
      }
    }
    qsort(t, iter, sizeof *t, cmp_double);
    qsort(c, iter, sizeof *c, cmp_double);
    ops = (unsigned)(nft ? rules_len : routes_len);
    printf("{\"op\":\"%s\",\"n\":%u,\"iter\":%u,\"us_total\":%.1f,\"us_per_op\":%.4f,\"cpu_us_total\":%.1f,\"maxrss_kb\":%ld}\n",
           cmd, ops, iter, t[iter / 2], ops ? t[iter / 2] / ops : 0.0, c[iter / 2], maxrss_kb());
    return 0;
  } else usage();
  total_us = now_us() - t0;
  double total_cpu = cpu_us() - c0;
  printf("{\"op\":\"%s\",\"n\":%u,\"per_send\":%u,\"ack\":\"%s\",\"us_total\":%.1f,\"us_per_op\":%.4f,\"cpu_us_total\":%.1f,\"maxrss_kb\":%ld}\n",
         cmd, ops, per_send, ack, total_us, ops ? total_us / ops : 0.0, total_cpu, maxrss_kb());
  close(fd);
  return 0;
}
