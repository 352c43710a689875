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

bool fill_columns(const uint8_t* entries, size_t len, uint8_t* out, size_t n) {
  if (len != n * kSize) return false;
  uint8_t* index = out;
  uint8_t* table = index + 4 * n;
  uint8_t* metric = table + 4 * n;
  uint8_t* flags = metric + 4 * n;
  uint8_t* dst = flags + 4 * n;
  uint8_t* via = dst + 4 * n;
  uint8_t* src = via + 4 * n;
  uint8_t* family = src + 4 * n;
  uint8_t* dst_len = family + n;
  uint8_t* scope = dst_len + n;
  uint8_t* protocol = scope + n;
  uint8_t* type = protocol + n;
  for (size_t i = 0; i < n; ++i) {
    const uint8_t* e = entries + i * kSize;
    if (e[kKind] != kFixed) return false;
    uint32_t present;
    std::memcpy(&present, e + kPresent, 4);
    // Absent fields stay zero (out arrives zeroed), as the TypeScript decoder leaves them.
    if (present & kHasOif) std::memcpy(index + 4 * i, e + kOif, 4);
    std::memcpy(table + 4 * i, e + kTable, 4);
    if (present & kHasPriority) std::memcpy(metric + 4 * i, e + kPriority, 4);
    std::memcpy(flags + 4 * i, e + kFlags, 4);
    if (present & kHasDst) std::memcpy(dst + 4 * i, e + kDst, 4);
    if (present & kHasGateway) std::memcpy(via + 4 * i, e + kGateway, 4);
    if (present & kHasPrefsrc) std::memcpy(src + 4 * i, e + kPrefsrc, 4);
    family[i] = 4;
    dst_len[i] = e[kDstLen];
    scope[i] = e[kScope];
    protocol[i] = e[kProtocol];
    type[i] = e[kType];
  }
  return true;
}

}  // namespace nl_route::list
