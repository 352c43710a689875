// conntrack over nfnetlink (NFNL_SUBSYS_CTNETLINK): one flow as this folder sees it, the decoder
// (kernel message → Flow → "ctflow" record), the filter lib/conntrack/ sends down, and the
// request builders (dump, delete by tuple + id, flush, create).
#pragma once
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/netlink.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "../nl/attr.h"
#include "../nl/error.h"
#include "../nl/message.h"
#include "../nl/record.h"

namespace nl_ct {

// nlmsg_type of the ctnetlink messages we send and receive.
constexpr uint16_t msg_type(uint16_t m) { return static_cast<uint16_t>((NFNL_SUBSYS_CTNETLINK << 8) | m); }

// One direction of a flow (CTA_TUPLE_ORIG / REPLY / MASTER).
struct Tuple {
  bool present = false;
  uint8_t addr_len = 0;  // 4 or 16 once an address was seen
  uint8_t src[16]{}, dst[16]{};
  bool has_src = false, has_dst = false;
  bool has_proto = false, has_sport = false, has_dport = false, has_icmp_id = false, has_icmp_type = false,
       has_icmp_code = false, has_zone = false;
  uint8_t proto = 0, icmp_type = 0, icmp_code = 0;
  uint16_t sport = 0, dport = 0, icmp_id = 0, zone = 0;
  std::vector<nl::Attr> unknown;  // attributes of CTA_TUPLE_* we do not decode, kept raw
  // The whole attribute as the kernel sent it (header included): a delete names the flow with
  // exactly these bytes, so protocols whose tuple we do not decode can still be deleted.
  const uint8_t* wire = nullptr;
  size_t wire_len = 0;
};

struct Counters {
  bool present = false;
  uint64_t packets = 0, bytes = 0;
};

struct Flow {
  uint8_t family = 0;  // nfgen_family
  uint8_t event = 0;   // 0 dump, 1 new, 2 update, 3 destroy (events only)
  Tuple orig, reply, master;
  enum : uint32_t {
    STATUS = 1u << 0, TIMEOUT = 1u << 1, MARK = 1u << 2, ID = 1u << 3, USE = 1u << 4, ZONE = 1u << 5,
    SECMARK = 1u << 6, STATE = 1u << 7, WSCALE_ORIG = 1u << 8, WSCALE_REPLY = 1u << 9, FLAGS_ORIG = 1u << 10,
    FLAGS_REPLY = 1u << 11, TS_START = 1u << 12, TS_STOP = 1u << 13,
  };
  uint32_t has = 0;
  uint32_t status = 0, timeout = 0, mark = 0, id = 0, use = 0, secmark = 0;
  uint16_t zone = 0;
  uint8_t state = 0, wscale_orig = 0, wscale_reply = 0, flags_orig = 0, flags_reply = 0;
  uint64_t ts_start = 0, ts_stop = 0;
  Counters counters_orig, counters_reply;
  const uint8_t* labels = nullptr;
  size_t labels_len = 0;
  const char* helper = nullptr;
  size_t helper_len = 0;
  std::vector<nl::Attr> unknown;  // top-level attributes we do not decode, kept raw
};

// Parses one IPCTNL_MSG_CT_NEW/DELETE message. Pointers in `f` point into `h`.
nl::Error parse(const nlmsghdr* h, Flow& f);
// Writes a parsed flow as one "ctflow" record.
void write(const Flow& f, nl::RecordWriter& w);
// parse + write: the registered decoder (events, captured bytes, fuzzers).
nl::Error decode(const nlmsghdr* h, nl::RecordWriter& w);

// What list/count/delete keep; every set field must match.
struct AddrMatch {
  bool on = false;
  uint8_t len = 0;   // 4 or 16
  uint8_t plen = 0;  // prefix length in bits
  uint8_t addr[16]{};
};
struct Filter {
  bool has_family = false, has_proto = false, has_mark = false, has_zone = false, has_status = false,
       has_state = false;
  uint8_t family = 0, proto = 0, state = 0;
  uint32_t mark = 0, mark_mask = 0xffffffffu, status = 0;
  uint16_t zone = 0;
  AddrMatch orig_src, orig_dst, reply_src, reply_dst;
  int32_t orig_sport = -1, orig_dport = -1, reply_sport = -1, reply_dport = -1;
};
// Reads a "ctfilter" record (written by lib/conntrack with the exported schema).
nl::Error read_filter(const uint8_t* p, size_t n, Filter& out);
bool matches(const Filter& q, const Flow& f);

// Requests.
// The dump conntrack -L sends; family and mark/mask are filtered by the kernel too (the rest of
// the filter is applied here on each decoded flow).
void build_dump(nl::MessageBuffer& m, uint32_t seq, const Filter& q);
// Deletes exactly this flow: its original tuple as the kernel sent it, its zone, and its id, so
// a new flow that reuses the tuple after our dump is not deleted by mistake (ENOENT instead).
void build_delete(nl::MessageBuffer& m, uint32_t seq, const Flow& f);
// conntrack -F [-f FAMILY]
void build_flush(nl::MessageBuffer& m, uint32_t seq, uint8_t family);
// conntrack -I: a flow from a "ctflow" record (orig/reply tuples, timeout, mark, status, state).
nl::Error build_create(nl::MessageBuffer& m, uint32_t seq, const uint8_t* rec, size_t n);

}  // namespace nl_ct
