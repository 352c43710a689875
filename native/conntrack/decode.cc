// Kernel message → Flow → "ctflow" record. Every read is bounds-checked (nl::AttrTable); a
// malformed attribute is a DecodeError naming its path; attributes we do not know are kept raw.
#include <sys/socket.h>

#include <string>

#include "../nl/raw.h"
#include "flow.h"
#include "schema.h"

namespace nl_ct {

namespace {

using nl::Attr;

nl::Error bad(const std::string& path) { return nl::Error::bad(path); }

nl::Error parse_addrs(const Attr& a, Tuple& t, const std::string& path) {
  nl::AttrTable<CTA_IP_MAX> ip;
  if (!ip.parse(a)) return bad(path + " › CTA_TUPLE_IP: " + ip.error);
  struct { int type; size_t len; uint8_t* out; bool* has; } want[] = {
      {CTA_IP_V4_SRC, 4, t.src, &t.has_src}, {CTA_IP_V4_DST, 4, t.dst, &t.has_dst},
      {CTA_IP_V6_SRC, 16, t.src, &t.has_src}, {CTA_IP_V6_DST, 16, t.dst, &t.has_dst}};
  for (auto& w : want) {
    const Attr* x = ip.get(w.type);
    if (!x) continue;
    if (x->len != w.len) return bad(path + " › CTA_TUPLE_IP: address of " + std::to_string(x->len) + " bytes");
    std::memcpy(w.out, x->data, w.len);
    *w.has = true;
    t.addr_len = static_cast<uint8_t>(w.len);
  }
  for (const Attr& u : ip.unknown) t.unknown.push_back(u);
  return nl::Error{};
}

nl::Error parse_proto(const Attr& a, Tuple& t, const std::string& path) {
  nl::AttrTable<CTA_PROTO_MAX> p;
  if (!p.parse(a)) return bad(path + " › CTA_TUPLE_PROTO: " + p.error);
  const std::string at = path + " › CTA_TUPLE_PROTO";
  if (const Attr* x = p.get(CTA_PROTO_NUM)) {
    if (!x->u8(t.proto)) return bad(at + " › CTA_PROTO_NUM: empty");
    t.has_proto = true;
  }
  auto be16 = [&](int type, uint16_t& v, bool& has, const char* name) -> nl::Error {
    if (const Attr* x = p.get(type)) {
      if (!x->be16(v)) return bad(at + " › " + name + ": shorter than 2 bytes");
      has = true;
    }
    return nl::Error{};
  };
  auto u8 = [&](int type, uint8_t& v, bool& has, const char* name) -> nl::Error {
    if (const Attr* x = p.get(type)) {
      if (!x->u8(v)) return bad(at + " › " + name + ": empty");
      has = true;
    }
    return nl::Error{};
  };
  if (nl::Error e = be16(CTA_PROTO_SRC_PORT, t.sport, t.has_sport, "CTA_PROTO_SRC_PORT")) return e;
  if (nl::Error e = be16(CTA_PROTO_DST_PORT, t.dport, t.has_dport, "CTA_PROTO_DST_PORT")) return e;
  // ICMP and ICMPv6 use different attribute numbers for the same three values.
  if (nl::Error e = be16(CTA_PROTO_ICMP_ID, t.icmp_id, t.has_icmp_id, "CTA_PROTO_ICMP_ID")) return e;
  if (nl::Error e = u8(CTA_PROTO_ICMP_TYPE, t.icmp_type, t.has_icmp_type, "CTA_PROTO_ICMP_TYPE")) return e;
  if (nl::Error e = u8(CTA_PROTO_ICMP_CODE, t.icmp_code, t.has_icmp_code, "CTA_PROTO_ICMP_CODE")) return e;
  if (nl::Error e = be16(CTA_PROTO_ICMPV6_ID, t.icmp_id, t.has_icmp_id, "CTA_PROTO_ICMPV6_ID")) return e;
  if (nl::Error e = u8(CTA_PROTO_ICMPV6_TYPE, t.icmp_type, t.has_icmp_type, "CTA_PROTO_ICMPV6_TYPE")) return e;
  if (nl::Error e = u8(CTA_PROTO_ICMPV6_CODE, t.icmp_code, t.has_icmp_code, "CTA_PROTO_ICMPV6_CODE")) return e;
  for (const Attr& u : p.unknown) t.unknown.push_back(u);
  return nl::Error{};
}

nl::Error parse_tuple(const Attr& a, Tuple& t, const char* name) {
  const std::string path = name;
  nl::AttrTable<CTA_TUPLE_MAX> tt;
  if (!tt.parse(a)) return bad(path + ": " + tt.error);
  t.present = true;
  t.wire = a.data - NLA_HDRLEN;
  t.wire_len = NLA_HDRLEN + a.len;
  if (const Attr* x = tt.get(CTA_TUPLE_IP)) {
    if (nl::Error e = parse_addrs(*x, t, path)) return e;
  }
  if (const Attr* x = tt.get(CTA_TUPLE_PROTO)) {
    if (nl::Error e = parse_proto(*x, t, path)) return e;
  }
  if (const Attr* x = tt.get(CTA_TUPLE_ZONE)) {
    if (!x->be16(t.zone)) return bad(path + " › CTA_TUPLE_ZONE: shorter than 2 bytes");
    t.has_zone = true;
  }
  for (const Attr& u : tt.unknown) t.unknown.push_back(u);
  return nl::Error{};
}

nl::Error parse_counters(const Attr& a, Counters& c, const char* name) {
  nl::AttrTable<CTA_COUNTERS_MAX> t;
  if (!t.parse(a)) return bad(std::string(name) + ": " + t.error);
  c.present = true;
  if (const Attr* x = t.get(CTA_COUNTERS_PACKETS)) {
    if (!x->be64(c.packets)) return bad(std::string(name) + " › CTA_COUNTERS_PACKETS: shorter than 8 bytes");
  }
  if (const Attr* x = t.get(CTA_COUNTERS_BYTES)) {
    if (!x->be64(c.bytes)) return bad(std::string(name) + " › CTA_COUNTERS_BYTES: shorter than 8 bytes");
  }
  return nl::Error{};
}

// CTA_PROTOINFO: the TCP/SCTP/DCCP state (and TCP window scale and flags); others kept raw.
nl::Error parse_protoinfo(const Attr& a, Flow& f) {
  nl::AttrTable<CTA_PROTOINFO_MAX> t;
  if (!t.parse(a)) return bad(std::string("CTA_PROTOINFO: ") + t.error);
  auto state_of = [&](int type, const char* name) -> nl::Error {
    const Attr* x = t.get(type);
    if (!x) return nl::Error{};
    // The state attribute is number 1 in all three (CTA_PROTOINFO_TCP_STATE, _SCTP_, _DCCP_).
    nl::AttrTable<CTA_PROTOINFO_TCP_MAX> s;
    if (!s.parse(*x)) return bad(std::string("CTA_PROTOINFO › ") + name + ": " + s.error);
    if (const Attr* st = s.get(1)) {
      if (!st->u8(f.state)) return bad(std::string("CTA_PROTOINFO › ") + name + " › state: empty");
      f.has |= Flow::STATE;
    }
    if (type != CTA_PROTOINFO_TCP) return nl::Error{};
    if (const Attr* w = s.get(CTA_PROTOINFO_TCP_WSCALE_ORIGINAL); w && w->u8(f.wscale_orig)) f.has |= Flow::WSCALE_ORIG;
    if (const Attr* w = s.get(CTA_PROTOINFO_TCP_WSCALE_REPLY); w && w->u8(f.wscale_reply)) f.has |= Flow::WSCALE_REPLY;
    // struct nf_ct_tcp_flags { __u8 flags; __u8 mask; }
    if (const Attr* w = s.get(CTA_PROTOINFO_TCP_FLAGS_ORIGINAL); w && w->u8(f.flags_orig)) f.has |= Flow::FLAGS_ORIG;
    if (const Attr* w = s.get(CTA_PROTOINFO_TCP_FLAGS_REPLY); w && w->u8(f.flags_reply)) f.has |= Flow::FLAGS_REPLY;
    return nl::Error{};
  };
  if (nl::Error e = state_of(CTA_PROTOINFO_TCP, "CTA_PROTOINFO_TCP")) return e;
  if (nl::Error e = state_of(CTA_PROTOINFO_DCCP, "CTA_PROTOINFO_DCCP")) return e;
  if (nl::Error e = state_of(CTA_PROTOINFO_SCTP, "CTA_PROTOINFO_SCTP")) return e;
  return nl::Error{};
}

void write_tuple(nl::RecordWriter& w, uint16_t id, const Tuple& t) {
  size_t tok = w.nest_begin(id);
  if (t.has_src) w.bytes(tf::SRC, t.src, t.addr_len);
  if (t.has_dst) w.bytes(tf::DST, t.dst, t.addr_len);
  if (t.has_proto) w.u8(tf::PROTO, t.proto);
  if (t.has_sport) w.u16(tf::SPORT, t.sport);
  if (t.has_dport) w.u16(tf::DPORT, t.dport);
  if (t.has_icmp_id) w.u16(tf::ICMP_ID, t.icmp_id);
  if (t.has_icmp_type) w.u8(tf::ICMP_TYPE, t.icmp_type);
  if (t.has_icmp_code) w.u8(tf::ICMP_CODE, t.icmp_code);
  if (t.has_zone) w.u16(tf::ZONE, t.zone);
  for (const Attr& u : t.unknown) nl::write_raw(w, tf::RAW, u);
  w.nest_end(tok);
}

void write_counters(nl::RecordWriter& w, uint16_t id, const Counters& c) {
  size_t tok = w.nest_begin(id);
  w.u64(cf::PACKETS, c.packets);
  w.u64(cf::BYTES, c.bytes);
  w.nest_end(tok);
}

const nl::FieldDef kTupleFields[] = {
    {tf::SRC, "src", nl::FieldType::BYTES, false, nullptr},
    {tf::DST, "dst", nl::FieldType::BYTES, false, nullptr},
    {tf::PROTO, "proto", nl::FieldType::U8, false, nullptr},
    {tf::SPORT, "sport", nl::FieldType::U16, false, nullptr},
    {tf::DPORT, "dport", nl::FieldType::U16, false, nullptr},
    {tf::ICMP_ID, "icmpId", nl::FieldType::U16, false, nullptr},
    {tf::ICMP_TYPE, "icmpType", nl::FieldType::U8, false, nullptr},
    {tf::ICMP_CODE, "icmpCode", nl::FieldType::U8, false, nullptr},
    {tf::ZONE, "zone", nl::FieldType::U16, false, nullptr},
    {tf::RAW, "raw", nl::FieldType::REC, true, "rawattr"},
};
NL_SCHEMA(kTupleSchema, "cttuple", kTupleFields)

const nl::FieldDef kCounterFields[] = {
    {cf::PACKETS, "packets", nl::FieldType::U64, false, nullptr},
    {cf::BYTES, "bytes", nl::FieldType::U64, false, nullptr},
};
NL_SCHEMA(kCounterSchema, "ctcounters", kCounterFields)

const nl::FieldDef kFlowFields[] = {
    {ff::FAMILY, "family", nl::FieldType::U8, false, nullptr},
    {ff::ORIG, "orig", nl::FieldType::REC, false, "cttuple"},
    {ff::REPLY, "reply", nl::FieldType::REC, false, "cttuple"},
    {ff::MASTER, "master", nl::FieldType::REC, false, "cttuple"},
    {ff::STATUS, "status", nl::FieldType::U32, false, nullptr},
    {ff::TIMEOUT, "timeout", nl::FieldType::U32, false, nullptr},
    {ff::MARK, "mark", nl::FieldType::U32, false, nullptr},
    {ff::ID, "id", nl::FieldType::U32, false, nullptr},
    {ff::USE, "use", nl::FieldType::U32, false, nullptr},
    {ff::ZONE, "zone", nl::FieldType::U16, false, nullptr},
    {ff::SECMARK, "secmark", nl::FieldType::U32, false, nullptr},
    {ff::COUNTERS_ORIG, "countersOrig", nl::FieldType::REC, false, "ctcounters"},
    {ff::COUNTERS_REPLY, "countersReply", nl::FieldType::REC, false, "ctcounters"},
    {ff::STATE, "state", nl::FieldType::U8, false, nullptr},
    {ff::WSCALE_ORIG, "wscaleOrig", nl::FieldType::U8, false, nullptr},
    {ff::WSCALE_REPLY, "wscaleReply", nl::FieldType::U8, false, nullptr},
    {ff::TCP_FLAGS_ORIG, "tcpFlagsOrig", nl::FieldType::U8, false, nullptr},
    {ff::TCP_FLAGS_REPLY, "tcpFlagsReply", nl::FieldType::U8, false, nullptr},
    {ff::TS_START, "tsStart", nl::FieldType::U64, false, nullptr},
    {ff::TS_STOP, "tsStop", nl::FieldType::U64, false, nullptr},
    {ff::LABELS, "labels", nl::FieldType::BYTES, false, nullptr},
    {ff::HELPER, "helper", nl::FieldType::STR, false, nullptr},
    {ff::EVENT, "event", nl::FieldType::U8, false, nullptr},
    {ff::RAW, "raw", nl::FieldType::REC, true, "rawattr"},
};
NL_SCHEMA(kFlowSchema, "ctflow", kFlowFields)

}  // namespace

nl::Error parse(const nlmsghdr* h, Flow& f) {
  nfgenmsg g;
  const uint8_t* p;
  size_t len;
  if (!nl::split_message(h, g, p, len)) return bad("IPCTNL_MSG_CT: shorter than nfgenmsg");
  f.family = g.nfgen_family;
  nl::AttrTable<CTA_MAX> t;
  if (!t.parse(p, len)) return bad(std::string("IPCTNL_MSG_CT: ") + t.error);
  if (const Attr* x = t.get(CTA_TUPLE_ORIG)) {
    if (nl::Error e = parse_tuple(*x, f.orig, "CTA_TUPLE_ORIG")) return e;
  }
  if (const Attr* x = t.get(CTA_TUPLE_REPLY)) {
    if (nl::Error e = parse_tuple(*x, f.reply, "CTA_TUPLE_REPLY")) return e;
  }
  if (const Attr* x = t.get(CTA_TUPLE_MASTER)) {
    if (nl::Error e = parse_tuple(*x, f.master, "CTA_TUPLE_MASTER")) return e;
  }
  struct { int type; uint32_t* out; uint32_t bit; const char* name; } be32s[] = {
      {CTA_STATUS, &f.status, Flow::STATUS, "CTA_STATUS"}, {CTA_TIMEOUT, &f.timeout, Flow::TIMEOUT, "CTA_TIMEOUT"},
      {CTA_MARK, &f.mark, Flow::MARK, "CTA_MARK"},         {CTA_ID, &f.id, Flow::ID, "CTA_ID"},
      {CTA_USE, &f.use, Flow::USE, "CTA_USE"},             {CTA_SECMARK, &f.secmark, Flow::SECMARK, "CTA_SECMARK"}};
  for (auto& b : be32s) {
    const Attr* x = t.get(b.type);
    if (!x) continue;
    if (!x->be32(*b.out)) return bad(std::string(b.name) + ": shorter than 4 bytes");
    f.has |= b.bit;
  }
  if (const Attr* x = t.get(CTA_ZONE)) {
    if (!x->be16(f.zone)) return bad("CTA_ZONE: shorter than 2 bytes");
    f.has |= Flow::ZONE;
  }
  if (const Attr* x = t.get(CTA_PROTOINFO)) {
    if (nl::Error e = parse_protoinfo(*x, f)) return e;
  }
  if (const Attr* x = t.get(CTA_COUNTERS_ORIG)) {
    if (nl::Error e = parse_counters(*x, f.counters_orig, "CTA_COUNTERS_ORIG")) return e;
  }
  if (const Attr* x = t.get(CTA_COUNTERS_REPLY)) {
    if (nl::Error e = parse_counters(*x, f.counters_reply, "CTA_COUNTERS_REPLY")) return e;
  }
  if (const Attr* x = t.get(CTA_TIMESTAMP)) {
    nl::AttrTable<CTA_TIMESTAMP_MAX> ts;
    if (!ts.parse(*x)) return bad(std::string("CTA_TIMESTAMP: ") + ts.error);
    if (const Attr* s = ts.get(CTA_TIMESTAMP_START); s && s->be64(f.ts_start)) f.has |= Flow::TS_START;
    if (const Attr* s = ts.get(CTA_TIMESTAMP_STOP); s && s->be64(f.ts_stop)) f.has |= Flow::TS_STOP;
  }
  if (const Attr* x = t.get(CTA_LABELS)) {
    f.labels = x->data;
    f.labels_len = x->len;
  }
  if (const Attr* x = t.get(CTA_HELP)) {
    nl::AttrTable<CTA_HELP_MAX> hp;
    if (!hp.parse(*x)) return bad(std::string("CTA_HELP: ") + hp.error);
    if (const Attr* n = hp.get(CTA_HELP_NAME)) {
      f.helper = reinterpret_cast<const char*>(n->data);
      f.helper_len = 0;
      while (f.helper_len < n->len && f.helper[f.helper_len]) ++f.helper_len;
    }
  }
  // Everything else (sequence adjustments, synproxy, secctx, NAT sequence …) is kept raw.
  static const int kDecoded[] = {CTA_TUPLE_ORIG, CTA_TUPLE_REPLY, CTA_TUPLE_MASTER, CTA_STATUS, CTA_TIMEOUT,
                                 CTA_MARK,       CTA_ID,          CTA_USE,          CTA_SECMARK, CTA_ZONE,
                                 CTA_PROTOINFO,  CTA_COUNTERS_ORIG, CTA_COUNTERS_REPLY, CTA_TIMESTAMP,
                                 CTA_LABELS,     CTA_HELP};
  for (int type = 1; type <= CTA_MAX; ++type) {
    if (!t.has[type]) continue;
    bool known = false;
    for (int d : kDecoded) known = known || d == type;
    if (!known) f.unknown.push_back(t.at[type]);
  }
  for (const Attr& u : t.unknown) f.unknown.push_back(u);
  // Dump replies are NLM_F_MULTI parts; events are not.
  if (h->nlmsg_flags & NLM_F_MULTI) f.event = 0;
  else if ((h->nlmsg_type & 0xff) == IPCTNL_MSG_CT_DELETE) f.event = 3;
  else if (h->nlmsg_flags & (NLM_F_CREATE | NLM_F_EXCL)) f.event = 1;
  else f.event = 2;
  return nl::Error{};
}

void write(const Flow& f, nl::RecordWriter& w) {
  size_t rec = w.begin();
  w.u8(ff::FAMILY, f.family);
  if (f.orig.present) write_tuple(w, ff::ORIG, f.orig);
  if (f.reply.present) write_tuple(w, ff::REPLY, f.reply);
  if (f.master.present) write_tuple(w, ff::MASTER, f.master);
  if (f.has & Flow::STATUS) w.u32(ff::STATUS, f.status);
  if (f.has & Flow::TIMEOUT) w.u32(ff::TIMEOUT, f.timeout);
  if (f.has & Flow::MARK) w.u32(ff::MARK, f.mark);
  if (f.has & Flow::ID) w.u32(ff::ID, f.id);
  if (f.has & Flow::USE) w.u32(ff::USE, f.use);
  if (f.has & Flow::ZONE) w.u16(ff::ZONE, f.zone);
  if (f.has & Flow::SECMARK) w.u32(ff::SECMARK, f.secmark);
  if (f.counters_orig.present) write_counters(w, ff::COUNTERS_ORIG, f.counters_orig);
  if (f.counters_reply.present) write_counters(w, ff::COUNTERS_REPLY, f.counters_reply);
  if (f.has & Flow::STATE) w.u8(ff::STATE, f.state);
  if (f.has & Flow::WSCALE_ORIG) w.u8(ff::WSCALE_ORIG, f.wscale_orig);
  if (f.has & Flow::WSCALE_REPLY) w.u8(ff::WSCALE_REPLY, f.wscale_reply);
  if (f.has & Flow::FLAGS_ORIG) w.u8(ff::TCP_FLAGS_ORIG, f.flags_orig);
  if (f.has & Flow::FLAGS_REPLY) w.u8(ff::TCP_FLAGS_REPLY, f.flags_reply);
  if (f.has & Flow::TS_START) w.u64(ff::TS_START, f.ts_start);
  if (f.has & Flow::TS_STOP) w.u64(ff::TS_STOP, f.ts_stop);
  if (f.labels) w.bytes(ff::LABELS, f.labels, f.labels_len);
  if (f.helper) w.str(ff::HELPER, f.helper, f.helper_len);
  if (f.event) w.u8(ff::EVENT, f.event);
  for (const nl::Attr& u : f.unknown) nl::write_raw(w, ff::RAW, u);
  w.end(rec);
}

nl::Error decode(const nlmsghdr* h, nl::RecordWriter& w) {
  Flow f;
  if (nl::Error e = parse(h, f)) return e;
  write(f, w);
  return nl::Error{};
}

// Events: IPCTNL_MSG_CT_NEW is "new" (NLM_F_CREATE) or "update"; the record's event field says which.
static nl::DecoderRegistration reg_new({msg_type(IPCTNL_MSG_CT_NEW), "ctnew", "ctflow", &decode});
static nl::DecoderRegistration reg_del({msg_type(IPCTNL_MSG_CT_DELETE), "ctdestroy", "ctflow", &decode});

}  // namespace nl_ct
