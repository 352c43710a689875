// u32: Equivalent to: tc filter add … u32 match u32 V M at OFF … [classid C] [action …] — one
// selector (tc_u32_sel + keys, network byte order) after the classid and the actions, as tc
// writes it. Keys arrive already packed by lib/tc (tc's pack_key: same offset → one key).
#include <arpa/inet.h>
#include <linux/pkt_cls.h>

#include <cstring>
#include <vector>

#include "../fields.h"
#include "../schema.h"
#include "../tc.h"

namespace nl_tc {
namespace {

constexpr size_t kMaxKeys = 128;  // TC_U32_MAXDEPTH-independent sanity bound (tc allows 128)

nl::Error encode(nl::MessageBuffer& m, nl::FieldReader& r, uint8_t) {
  Fields<u32::LINK> o(r);
  if (o.error) return nl::Error::bad(std::string("tc_u32: ") + o.error);
  uint32_t v;
  if (o.get(u32::CLASSID, v)) m.put_u32(TCA_U32_CLASSID, v);
  if (o.get(u32::DIVISOR, v)) m.put_u32(TCA_U32_DIVISOR, v);
  if (o.get(u32::LINK, v)) m.put_u32(TCA_U32_LINK, v);
  if (o.get(u32::HASH, v)) m.put_u32(TCA_U32_HASH, v);
  std::vector<nl::FieldView> acts = o.list(u32::ACTION);
  if (!acts.empty()) {
    if (nl::Error e = encode_actions(m, TCA_U32_ACT, acts.data(), acts.size())) return e;
  }
  std::vector<nl::FieldView> keys = o.list(u32::KEY);
  if (keys.empty()) return nl::Error{};  // a hash table (divisor) has no selector
  if (keys.size() > kMaxKeys) return nl::Error::bad("tc_u32: too many keys");
  std::vector<uint8_t> sel(sizeof(tc_u32_sel) + keys.size() * sizeof(tc_u32_key), 0);
  tc_u32_sel s{};
  bool terminal = false;
  s.flags = (o.has[u32::TERMINAL] && o.at[u32::TERMINAL].boolean(terminal) && terminal) ? TC_U32_TERMINAL : 0;
  s.nkeys = static_cast<unsigned char>(keys.size());
  std::memcpy(sel.data(), &s, sizeof s);
  for (size_t i = 0; i < keys.size(); ++i) {
    nl::FieldReader kr(keys[i]);
    Fields<u32key::OFFMASK> k(kr);
    if (k.error) return nl::Error::bad(std::string("tc_u32 key: ") + k.error);
    tc_u32_key key{};
    key.mask = htonl(k.or_<uint32_t>(u32key::MASK, 0));
    key.val = htonl(k.or_<uint32_t>(u32key::VAL, 0));
    key.off = k.or_<int32_t>(u32key::OFF, 0);
    key.offmask = k.or_<int32_t>(u32key::OFFMASK, 0);
    std::memcpy(sel.data() + sizeof s + i * sizeof key, &key, sizeof key);
  }
  m.put(TCA_U32_SEL, sel.data(), sel.size());
  return nl::Error{};
}

bool decode(const nl::Attr& opts, nl::RecordWriter& w, uint8_t) {
  nl::AttrTable<TCA_U32_MAX> t;
  if (!t.parse(opts)) return false;
  uint32_t v;
  if (t.get(TCA_U32_CLASSID) && t.get(TCA_U32_CLASSID)->u32(v)) w.u32(u32::CLASSID, v);
  if (t.get(TCA_U32_DIVISOR) && t.get(TCA_U32_DIVISOR)->u32(v)) w.u32(u32::DIVISOR, v);
  if (t.get(TCA_U32_LINK) && t.get(TCA_U32_LINK)->u32(v)) w.u32(u32::LINK, v);
  if (t.get(TCA_U32_HASH) && t.get(TCA_U32_HASH)->u32(v)) w.u32(u32::HASH, v);
  if (const nl::Attr* a = t.get(TCA_U32_SEL)) {
    tc_u32_sel s;
    if (!a->read(&s, sizeof s)) return false;
    if (a->len < sizeof s + s.nkeys * sizeof(tc_u32_key)) return false;
    w.boolean(u32::TERMINAL, (s.flags & TC_U32_TERMINAL) != 0);
    for (unsigned i = 0; i < s.nkeys; ++i) {
      tc_u32_key key;
      std::memcpy(&key, a->data + sizeof s + i * sizeof key, sizeof key);
      size_t tok = w.nest_begin(u32::KEY);
      w.u32(u32key::MASK, ntohl(key.mask));
      w.u32(u32key::VAL, ntohl(key.val));
      w.s32(u32key::OFF, key.off);
      w.s32(u32key::OFFMASK, key.offmask);
      w.nest_end(tok);
    }
  }
  if (const nl::Attr* a = t.get(TCA_U32_ACT)) decode_actions(*a, w, u32::ACTION);
  return true;
}

}  // namespace

extern const Kind kU32{"u32", f::U32, 0, &encode, &decode};

}  // namespace nl_tc
