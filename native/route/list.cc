// Route listing entries: see list.h.
#include "list.h"

#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <cstring>

#include "../nl/attr.h"
#include "route.h"

namespace nl_route::list {

const Field kLayout[] = {
    {"kind", kKind}, {"family", kFamily}, {"dstLen", kDstLen}, {"srcLen", kSrcLen}, {"tos", kTos},
    {"protocol", kProtocol}, {"scope", kScope}, {"type", kType}, {"flags", kFlags}, {"table", kTable},
    {"present", kPresent}, {"oif", kOif}, {"iif", kIif}, {"priority", kPriority}, {"expires", kExpires},
    {"pref", kPref}, {"dst", kDst}, {"src", kSrc}, {"gateway", kGateway}, {"prefsrc", kPrefsrc},
    {"size", kSize}, {"kindFixed", kFixed}, {"kindRecord", kRecord},
    {"hasDst", kHasDst}, {"hasSrc", kHasSrc}, {"hasGateway", kHasGateway}, {"hasPrefsrc", kHasPrefsrc},
    {"hasOif", kHasOif}, {"hasIif", kHasIif}, {"hasPriority", kHasPriority}, {"hasExpires", kHasExpires},
    {"hasPref", kHasPref},
};
const size_t kLayoutCount = sizeof kLayout / sizeof kLayout[0];

namespace {

void put32(uint8_t* e, uint16_t at, uint32_t v) { std::memcpy(e + at, &v, 4); }

// Fills a kFixed entry; false when the route needs the generic record instead.
bool fill(const nlmsghdr* h, uint8_t* e) {
  if (h->nlmsg_len < NLMSG_LENGTH(sizeof(rtmsg))) return false;
  rtmsg r;
  std::memcpy(&r, NLMSG_DATA(h), sizeof r);
  if (r.rtm_family != AF_INET) return false;
  e[kKind] = kFixed;
  e[kFamily] = r.rtm_family;
  e[kDstLen] = r.rtm_dst_len;
  e[kSrcLen] = r.rtm_src_len;
  e[kTos] = r.rtm_tos;
  e[kProtocol] = r.rtm_protocol;
  e[kScope] = r.rtm_scope;
  e[kType] = r.rtm_type;
  put32(e, kFlags, r.rtm_flags);
  uint32_t table = r.rtm_table, present = 0;
  const uint8_t* p = reinterpret_cast<const uint8_t*>(NLMSG_DATA(h)) + NLMSG_ALIGN(sizeof r);
  nl::AttrIter it(p, h->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof r)));
  nl::Attr a;
  // Addresses must be exactly 4 bytes and numbers exactly their size: anything the generic
  // decoder would render differently (or reject) goes the generic way.
  auto addr = [&](uint16_t at, uint32_t bit) {
    if (a.len != 4) return false;
    std::memcpy(e + at, a.data, 4);
    present |= bit;
    return true;
  };
  auto num = [&](uint16_t at, uint32_t bit) {
    if (a.len != 4) return false;
    std::memcpy(e + at, a.data, 4);
    present |= bit;
    return true;
  };
  while (it.next(a)) {
    bool ok;
    switch (a.type) {
      case RTA_DST: ok = addr(kDst, kHasDst); break;
      case RTA_SRC: ok = addr(kSrc, kHasSrc); break;
      case RTA_GATEWAY: ok = addr(kGateway, kHasGateway); break;
      case RTA_PREFSRC: ok = addr(kPrefsrc, kHasPrefsrc); break;
      case RTA_OIF: ok = num(kOif, kHasOif); break;
      case RTA_IIF: ok = num(kIif, kHasIif); break;
      case RTA_PRIORITY: ok = num(kPriority, kHasPriority); break;
      case RTA_EXPIRES: ok = num(kExpires, kHasExpires); break;
      case RTA_TABLE: ok = a.u32(table); break;
      case RTA_PREF: ok = a.len == 1; if (ok) { e[kPref] = a.data[0]; present |= kHasPref; } break;
      default: ok = false; break;
    }
    if (!ok) return false;
  }
  if (it.error()) return false;
  put32(e, kTable, table);
  put32(e, kPresent, present);
  return true;
}

}  // namespace

nl::Error append(const nlmsghdr* h, nl::RecordWriter& w) {
  size_t at = w.size();
  if (fill(h, w.append_zeroed(kSize))) return nl::Error{};
  // The generic record, after a 4-byte kind header.
  w.rollback(at);
  w.append_zeroed(4)[0] = kRecord;
  if (nl::Error e = decode(h, w)) { w.rollback(at); return e; }
  w.align4();
  return nl::Error{};
}

bool fill_columns(const uint8_t* entries, size_t len, uint8_t* out, size_t n, size_t w, std::vector<uint32_t>* records) {
  if (w != 4 && w != 16) return false;
  uint8_t* index = out;
  uint8_t* table = index + 4 * n;
  uint8_t* metric = table + 4 * n;
  uint8_t* flags = metric + 4 * n;
  uint8_t* dst = flags + 4 * n;
  uint8_t* via = dst + w * n;
  uint8_t* src = via + w * n;
  uint8_t* family = src + w * n;
  uint8_t* dst_len = family + n;
  uint8_t* scope = dst_len + n;
  uint8_t* protocol = scope + n;
  uint8_t* type = protocol + n;
  static const uint8_t zero[16] = {};
  // An address column cell: the entry's 4 bytes when present, then zeros up to w.
  auto addr = [&](uint8_t* col, size_t i, const uint8_t* e, uint32_t present, uint32_t bit, uint16_t at) {
    std::memcpy(col + w * i, present & bit ? e + at : zero, 4);
    if (w == 16) std::memcpy(col + w * i + 4, zero, 12);
  };
  size_t p = 0;
  for (size_t i = 0; i < n; ++i) {
    if (p + 8 > len) return false;
    const uint8_t* e = entries + p;
    if (e[kKind] != kFixed) {
      // A generic record: its row is left zero for the caller, who decodes the record.
      uint32_t rec_len;
      std::memcpy(&rec_len, e + 4, 4);
      size_t next = (p + 8 + size_t{rec_len} + 3) & ~size_t{3};
      if (e[kKind] != kRecord || records == nullptr || rec_len > len || next > len) return false;
      records->push_back(static_cast<uint32_t>(i));
      records->push_back(static_cast<uint32_t>(p));
      std::memcpy(index + 4 * i, zero, 4);
      std::memcpy(table + 4 * i, zero, 4);
      std::memcpy(metric + 4 * i, zero, 4);
      std::memcpy(flags + 4 * i, zero, 4);
      std::memcpy(dst + w * i, zero, w);
      std::memcpy(via + w * i, zero, w);
      std::memcpy(src + w * i, zero, w);
      family[i] = dst_len[i] = scope[i] = protocol[i] = type[i] = 0;
      p = next;
      continue;
    }
    if (p + kSize > len) return false;
    uint32_t present;
    std::memcpy(&present, e + kPresent, 4);
    // Every byte of the row is written, absent fields as zero (as the TypeScript decoder leaves
    // them), so `out` need not arrive zeroed: a reused listing's memory is not cleared first.
    std::memcpy(index + 4 * i, present & kHasOif ? e + kOif : zero, 4);
    std::memcpy(table + 4 * i, e + kTable, 4);
    std::memcpy(metric + 4 * i, present & kHasPriority ? e + kPriority : zero, 4);
    std::memcpy(flags + 4 * i, e + kFlags, 4);
    addr(dst, i, e, present, kHasDst, kDst);
    addr(via, i, e, present, kHasGateway, kGateway);
    addr(src, i, e, present, kHasPrefsrc, kPrefsrc);
    family[i] = 4;
    dst_len[i] = e[kDstLen];
    scope[i] = e[kScope];
    protocol[i] = e[kProtocol];
    type[i] = e[kType];
    p += kSize;
  }
  return p == len;
}

}  // namespace nl_route::list
