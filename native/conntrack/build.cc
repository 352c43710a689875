// Requests: the dump conntrack -L sends, delete by tuple + id, flush, and create (conntrack -I,
// used by tests and benchmarks to make flows without traffic). Byte layouts follow what Debian's
// conntrack 1.4.7 sends (captured with strace; test/codec/conntrack.fixtures.txt).
#include <netinet/in.h>
#include <sys/socket.h>

#include <string>

#include "flow.h"
#include "schema.h"

namespace nl_ct {

namespace {

void begin(nl::MessageBuffer& m, uint16_t msg, uint16_t flags, uint32_t seq, uint8_t family) {
  m.begin(msg_type(msg), static_cast<uint16_t>(NLM_F_REQUEST | flags), seq);
  nfgenmsg g{};
  g.nfgen_family = family;
  g.version = NFNETLINK_V0;
  g.res_id = 0;
  m.put_header(g);
}

nl::Error bad(const std::string& what) { return nl::Error::bad("internal: malformed ctflow for create: " + what); }

nl::Error read_tuple(const nl::FieldView& v, Tuple& t) {
  nl::FieldReader r(v);
  nl::FieldView x;
  t.present = true;
  while (r.next(x)) {
    bool ok = true;
    switch (x.id) {
      case tf::SRC:
      case tf::DST:
        ok = (x.len == 4 || x.len == 16) && (t.addr_len == 0 || t.addr_len == x.len);
        if (ok) {
          t.addr_len = static_cast<uint8_t>(x.len);
          std::memcpy(x.id == tf::SRC ? t.src : t.dst, x.data, x.len);
          (x.id == tf::SRC ? t.has_src : t.has_dst) = true;
        }
        break;
      case tf::PROTO: ok = x.get(t.proto); t.has_proto = true; break;
      case tf::SPORT: ok = x.get(t.sport); t.has_sport = true; break;
      case tf::DPORT: ok = x.get(t.dport); t.has_dport = true; break;
      case tf::ICMP_ID: ok = x.get(t.icmp_id); t.has_icmp_id = true; break;
      case tf::ICMP_TYPE: ok = x.get(t.icmp_type); t.has_icmp_type = true; break;
      case tf::ICMP_CODE: ok = x.get(t.icmp_code); t.has_icmp_code = true; break;
      case tf::ZONE: ok = x.get(t.zone); t.has_zone = true; break;
      default: break;
    }
    if (!ok) return bad("cttuple field " + std::to_string(x.id) + " has the wrong size");
  }
  if (r.error()) return bad(r.error());
  if (!t.has_src || !t.has_dst || !t.has_proto) return bad("a tuple needs src, dst and proto");
  return nl::Error{};
}

void put_tuple(nl::MessageBuffer& m, uint16_t type, const Tuple& t) {
  nl::Nest tuple(m, type);
  {
    nl::Nest ip(m, CTA_TUPLE_IP);
    bool v6 = t.addr_len == 16;
    m.put(v6 ? CTA_IP_V6_SRC : CTA_IP_V4_SRC, t.src, t.addr_len);
    m.put(v6 ? CTA_IP_V6_DST : CTA_IP_V4_DST, t.dst, t.addr_len);
  }
  {
    nl::Nest proto(m, CTA_TUPLE_PROTO);
    m.put_u8(CTA_PROTO_NUM, t.proto);
    if (t.has_sport) m.put_be16(CTA_PROTO_SRC_PORT, t.sport);
    if (t.has_dport) m.put_be16(CTA_PROTO_DST_PORT, t.dport);
    bool v6 = t.proto == IPPROTO_ICMPV6;
    if (t.has_icmp_id) m.put_be16(v6 ? CTA_PROTO_ICMPV6_ID : CTA_PROTO_ICMP_ID, t.icmp_id);
    if (t.has_icmp_type) m.put_u8(v6 ? CTA_PROTO_ICMPV6_TYPE : CTA_PROTO_ICMP_TYPE, t.icmp_type);
    if (t.has_icmp_code) m.put_u8(v6 ? CTA_PROTO_ICMPV6_CODE : CTA_PROTO_ICMP_CODE, t.icmp_code);
  }
}

}  // namespace

void build_dump(nl::MessageBuffer& m, uint32_t seq, const Filter& q) {
  begin(m, IPCTNL_MSG_CT_GET, NLM_F_DUMP, seq, q.has_family ? q.family : AF_UNSPEC);
  // The kernel keeps (ct->mark & mask) == value: the same test matches() applies afterwards.
  if (q.has_mark) {
    m.put_be32(CTA_MARK, q.mark & q.mark_mask);
    m.put_be32(CTA_MARK_MASK, q.mark_mask);
  }
}

void build_delete(nl::MessageBuffer& m, uint32_t seq, const Flow& f) {
  begin(m, IPCTNL_MSG_CT_DELETE, NLM_F_ACK, seq, f.family);
  m.put_raw(f.orig.wire, f.orig.wire_len);
  if ((f.has & Flow::ZONE) && f.zone) m.put_be16(CTA_ZONE, f.zone);
  if (f.has & Flow::ID) m.put_be32(CTA_ID, f.id);
}

void build_flush(nl::MessageBuffer& m, uint32_t seq, uint8_t family) {
  begin(m, IPCTNL_MSG_CT_DELETE, NLM_F_ACK, seq, family);
  // ctnetlink_del_conntrack() only honours nfgen_family for a flush when nfgenmsg.version is
  // non-zero (`u3 = nfmsg->version ? family : AF_UNSPEC`). conntrack 1.4.7 sends version 0, so
  // `conntrack -F -f ipv6` flushes IPv4 flows too; we send 1 when a family is asked for.
  if (family != AF_UNSPEC) {
    auto* g = reinterpret_cast<nfgenmsg*>(m.data() + m.current_offset() + NLMSG_HDRLEN);
    g->version = 1;
  }
}

nl::Error build_create(nl::MessageBuffer& m, uint32_t seq, const uint8_t* rec, size_t n) {
  nl::RecordReader rr(rec, n);
  nl::FieldReader r(nullptr, 0);
  if (!rr.next(r)) return bad(rr.error() ? rr.error() : "no record");
  Flow f;
  nl::FieldView x;
  while (r.next(x)) {
    bool ok = true;
    switch (x.id) {
      case ff::FAMILY: ok = x.get(f.family); break;
      case ff::ORIG: if (nl::Error e = read_tuple(x, f.orig)) return e; break;
      case ff::REPLY: if (nl::Error e = read_tuple(x, f.reply)) return e; break;
      case ff::TIMEOUT: ok = x.get(f.timeout); f.has |= Flow::TIMEOUT; break;
      case ff::MARK: ok = x.get(f.mark); f.has |= Flow::MARK; break;
      case ff::STATUS: ok = x.get(f.status); f.has |= Flow::STATUS; break;
      case ff::ZONE: ok = x.get(f.zone); f.has |= Flow::ZONE; break;
      case ff::STATE: ok = x.get(f.state); f.has |= Flow::STATE; break;
      default: break;  // listed-only fields (id, use, counters …) are not part of a create
    }
    if (!ok) return bad("ctflow field " + std::to_string(x.id) + " has the wrong size");
  }
  if (r.error()) return bad(r.error());
  if (!f.orig.present || !f.reply.present) return bad("a flow needs orig and reply tuples");
  begin(m, IPCTNL_MSG_CT_NEW, NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE, seq, f.family);
  put_tuple(m, CTA_TUPLE_ORIG, f.orig);
  put_tuple(m, CTA_TUPLE_REPLY, f.reply);
  if (f.has & Flow::STATUS) m.put_be32(CTA_STATUS, f.status);
  m.put_be32(CTA_TIMEOUT, (f.has & Flow::TIMEOUT) ? f.timeout : 120);  // the kernel requires one
  if (f.has & Flow::MARK) m.put_be32(CTA_MARK, f.mark);
  if (f.has & Flow::ZONE) m.put_be16(CTA_ZONE, f.zone);
  if ((f.has & Flow::STATE) && f.orig.proto == IPPROTO_TCP) {
    nl::Nest info(m, CTA_PROTOINFO);
    nl::Nest tcp(m, CTA_PROTOINFO_TCP);
    m.put_u8(CTA_PROTOINFO_TCP_STATE, f.state);
  }
  return nl::Error{};
}

}  // namespace nl_ct
