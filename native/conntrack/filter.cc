// The filter of list/count/delete: read from a "ctfilter" record and matched against each
// decoded flow here, so a 10,000-flow delete never materializes flows in JavaScript.
#include <string>

#include "flow.h"
#include "schema.h"

namespace nl_ct {

namespace {

const nl::FieldDef kFilterFields[] = {
    {qf::FAMILY, "family", nl::FieldType::U8, false, nullptr},
    {qf::PROTO, "proto", nl::FieldType::U8, false, nullptr},
    {qf::ORIG_SRC, "origSrc", nl::FieldType::BYTES, false, nullptr},
    {qf::ORIG_SRC_PLEN, "origSrcPlen", nl::FieldType::U8, false, nullptr},
    {qf::ORIG_DST, "origDst", nl::FieldType::BYTES, false, nullptr},
    {qf::ORIG_DST_PLEN, "origDstPlen", nl::FieldType::U8, false, nullptr},
    {qf::ORIG_SPORT, "origSport", nl::FieldType::U16, false, nullptr},
    {qf::ORIG_DPORT, "origDport", nl::FieldType::U16, false, nullptr},
    {qf::REPLY_SRC, "replySrc", nl::FieldType::BYTES, false, nullptr},
    {qf::REPLY_SRC_PLEN, "replySrcPlen", nl::FieldType::U8, false, nullptr},
    {qf::REPLY_DST, "replyDst", nl::FieldType::BYTES, false, nullptr},
    {qf::REPLY_DST_PLEN, "replyDstPlen", nl::FieldType::U8, false, nullptr},
    {qf::REPLY_SPORT, "replySport", nl::FieldType::U16, false, nullptr},
    {qf::REPLY_DPORT, "replyDport", nl::FieldType::U16, false, nullptr},
    {qf::MARK, "mark", nl::FieldType::U32, false, nullptr},
    {qf::MARK_MASK, "markMask", nl::FieldType::U32, false, nullptr},
    {qf::ZONE, "zone", nl::FieldType::U16, false, nullptr},
    {qf::STATUS, "status", nl::FieldType::U32, false, nullptr},
    {qf::STATE, "state", nl::FieldType::U8, false, nullptr},
};
NL_SCHEMA(kFilterSchema, "ctfilter", kFilterFields)

nl::Error bad(const std::string& what) { return nl::Error::bad("internal: malformed ctfilter: " + what); }

bool addr(const nl::FieldView& x, AddrMatch& m) {
  if (x.len != 4 && x.len != 16) return false;
  m.on = true;
  m.len = static_cast<uint8_t>(x.len);
  if (m.plen == 0) m.plen = static_cast<uint8_t>(x.len * 8);  // a later PLEN field overrides
  std::memcpy(m.addr, x.data, x.len);
  return true;
}

bool addr_matches(const AddrMatch& m, bool has, uint8_t len, const uint8_t* a) {
  if (!m.on) return true;
  if (!has || len != m.len) return false;
  size_t full = m.plen / 8;
  if (std::memcmp(a, m.addr, full) != 0) return false;
  unsigned rest = m.plen % 8;
  if (!rest) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a[full] & mask) == (m.addr[full] & mask);
}

bool port_matches(int32_t want, bool has, uint16_t port) { return want < 0 || (has && port == want); }

}  // namespace

nl::Error read_filter(const uint8_t* p, size_t n, Filter& q) {
  nl::RecordReader rr(p, n);
  nl::FieldReader r(nullptr, 0);
  if (!rr.next(r)) return rr.error() ? bad(rr.error()) : nl::Error{};  // empty: match everything
  nl::FieldView x;
  uint8_t plen[4] = {0, 0, 0, 0};
  bool has_plen[4] = {false, false, false, false};
  while (r.next(x)) {
    bool ok = true;
    uint16_t port = 0;
    switch (x.id) {
      case qf::FAMILY: ok = x.get(q.family); q.has_family = true; break;
      case qf::PROTO: ok = x.get(q.proto); q.has_proto = true; break;
      case qf::ORIG_SRC: ok = addr(x, q.orig_src); break;
      case qf::ORIG_DST: ok = addr(x, q.orig_dst); break;
      case qf::REPLY_SRC: ok = addr(x, q.reply_src); break;
      case qf::REPLY_DST: ok = addr(x, q.reply_dst); break;
      case qf::ORIG_SRC_PLEN: ok = x.get(plen[0]); has_plen[0] = true; break;
      case qf::ORIG_DST_PLEN: ok = x.get(plen[1]); has_plen[1] = true; break;
      case qf::REPLY_SRC_PLEN: ok = x.get(plen[2]); has_plen[2] = true; break;
      case qf::REPLY_DST_PLEN: ok = x.get(plen[3]); has_plen[3] = true; break;
      case qf::ORIG_SPORT: ok = x.get(port); q.orig_sport = port; break;
      case qf::ORIG_DPORT: ok = x.get(port); q.orig_dport = port; break;
      case qf::REPLY_SPORT: ok = x.get(port); q.reply_sport = port; break;
      case qf::REPLY_DPORT: ok = x.get(port); q.reply_dport = port; break;
      case qf::MARK: ok = x.get(q.mark); q.has_mark = true; break;
      case qf::MARK_MASK: ok = x.get(q.mark_mask); break;
      case qf::ZONE: ok = x.get(q.zone); q.has_zone = true; break;
      case qf::STATUS: ok = x.get(q.status); q.has_status = true; break;
      case qf::STATE: ok = x.get(q.state); q.has_state = true; break;
      default: break;
    }
    if (!ok) return bad("field " + std::to_string(x.id) + " has the wrong size");
  }
  if (r.error()) return bad(r.error());
  AddrMatch* m[4] = {&q.orig_src, &q.orig_dst, &q.reply_src, &q.reply_dst};
  for (int i = 0; i < 4; ++i) {
    if (!has_plen[i]) continue;
    if (!m[i]->on || plen[i] > m[i]->len * 8) return bad("prefix length without an address, or too long");
    m[i]->plen = plen[i];
  }
  return nl::Error{};
}

bool matches(const Filter& q, const Flow& f) {
  if (q.has_family && f.family != q.family) return false;
  if (q.has_proto && (!f.orig.has_proto || f.orig.proto != q.proto)) return false;
  if (q.has_mark && ((((f.has & Flow::MARK) ? f.mark : 0) & q.mark_mask) != (q.mark & q.mark_mask))) return false;
  if (q.has_zone && ((f.has & Flow::ZONE) ? f.zone : 0) != q.zone) return false;
  if (q.has_status && ((f.status & q.status) != q.status)) return false;
  if (q.has_state && (!(f.has & Flow::STATE) || f.state != q.state)) return false;
  const Tuple& o = f.orig;
  const Tuple& r = f.reply;
  return addr_matches(q.orig_src, o.has_src, o.addr_len, o.src) && addr_matches(q.orig_dst, o.has_dst, o.addr_len, o.dst) &&
         addr_matches(q.reply_src, r.has_src, r.addr_len, r.src) && addr_matches(q.reply_dst, r.has_dst, r.addr_len, r.dst) &&
         port_matches(q.orig_sport, o.has_sport, o.sport) && port_matches(q.orig_dport, o.has_dport, o.dport) &&
         port_matches(q.reply_sport, r.has_sport, r.sport) && port_matches(q.reply_dport, r.has_dport, r.dport);
}

}  // namespace nl_ct
