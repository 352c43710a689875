// Decoder of the kernel's qdisc, class and filter messages (dump replies and events) into
// "tcobj" records: the tcmsg, the kind, statistics, typed options for the kinds we know and the
// raw TCA_OPTIONS payload for the others (never dropped).
#include <arpa/inet.h>
#include <linux/gen_stats.h>
#include <linux/pkt_sched.h>

#include "../nl/raw.h"
#include "schema.h"
#include "tc.h"

namespace nl_tc {

void decode_stats2(const nl::Attr& a, nl::RecordWriter& w, uint16_t bytes, uint16_t packets,
                   uint16_t drops, uint16_t overlimits, uint16_t backlog, uint16_t qlen) {
  nl::AttrTable<TCA_STATS_MAX> t;
  if (!t.parse(a)) return;
  gnet_stats_basic b;
  // gnet_stats_basic is 12 bytes of payload (u64 + u32; packed in the kernel's copy).
  if (const nl::Attr* s = t.get(TCA_STATS_BASIC); s && s->len >= 12) {
    std::memcpy(&b.bytes, s->data, 8);
    std::memcpy(&b.packets, s->data + 8, 4);
    w.u64(bytes, b.bytes);
    w.u32(packets, b.packets);
  }
  gnet_stats_queue q;
  if (const nl::Attr* s = t.get(TCA_STATS_QUEUE); s && s->read(&q, sizeof q)) {
    w.u32(drops, q.drops);
    w.u32(overlimits, q.overlimits);
    if (backlog) w.u32(backlog, q.backlog);
    if (qlen) w.u32(qlen, q.qlen);
  }
}

nl::Error decode(const nlmsghdr* h, nl::RecordWriter& w) {
  tcmsg t;
  const uint8_t* p;
  size_t len;
  if (!nl::split_message(h, t, p, len)) return nl::Error::bad("tc message: shorter than tcmsg");
  uint8_t obj = QDISC;
  if (h->nlmsg_type == RTM_NEWTCLASS || h->nlmsg_type == RTM_DELTCLASS) obj = CLASS;
  if (h->nlmsg_type == RTM_NEWTFILTER || h->nlmsg_type == RTM_DELTFILTER) obj = FILTER;
  nl::AttrTable<TCA_MAX> a;
  if (!a.parse(p, len)) return nl::Error::bad(std::string("tc message: ") + a.error);

  size_t rec = w.begin();
  w.u8(f::OBJ, obj);
  w.u32(f::IFINDEX, static_cast<uint32_t>(t.tcm_ifindex));
  w.u32(f::HANDLE, t.tcm_handle);
  w.u32(f::PARENT, t.tcm_parent);
  if (obj == FILTER) {
    w.u16(f::PRIO, static_cast<uint16_t>(t.tcm_info >> 16));
    w.u16(f::PROTOCOL, ntohs(static_cast<uint16_t>(t.tcm_info & 0xffff)));
  }
  std::string kind = a.get(TCA_KIND) ? a.get(TCA_KIND)->str() : "";
  w.str(f::KIND, kind);
  uint32_t chain;
  if (a.get(TCA_CHAIN) && a.get(TCA_CHAIN)->u32(chain)) w.u32(f::CHAIN, chain);
  if (const nl::Attr* o = a.get(TCA_OPTIONS)) {
    const Kind* k = kind_by_name(kind.data(), kind.size());
    const uint16_t field = k ? (obj == CLASS && k->class_field ? k->class_field : k->field) : 0;
    bool typed = false;
    if (k) {
      size_t mark = w.size();
      size_t tok = w.nest_begin(field);
      typed = k->decode(*o, w, obj);
      if (typed) w.nest_end(tok);
      else w.rollback(mark);
    }
    if (!typed) w.bytes(f::OPTIONS, o->data, o->len);
  }
  if (const nl::Attr* s = a.get(TCA_STATS2)) {
    decode_stats2(*s, w, f::BYTES, f::PACKETS, f::DROPS, f::OVERLIMITS, f::BACKLOG, f::QLEN);
  }
  for (size_t i = 0; i <= TCA_MAX; ++i) {
    // Decoded above, or superseded (TCA_STATS is the old fixed struct; TCA_XSTATS kind-specific).
    if (!a.has[i] || i == TCA_KIND || i == TCA_OPTIONS || i == TCA_STATS2 || i == TCA_CHAIN) continue;
    nl::write_raw(w, f::RAW, a.at[i]);
  }
  for (const nl::Attr& u : a.unknown) nl::write_raw(w, f::RAW, u);
  w.end(rec);
  return nl::Error{};
}

}  // namespace nl_tc
