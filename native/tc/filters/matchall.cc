// matchall: Equivalent to: tc filter add … matchall [classid C] [skip_sw|skip_hw] action …
#include <linux/pkt_cls.h>

#include "../fields.h"
#include "../schema.h"
#include "../tc.h"

namespace nl_tc {
namespace {

nl::Error encode(nl::MessageBuffer& m, nl::FieldReader& r, uint8_t) {
  Fields<mall::FLAGS> o(r);
  if (o.error) return nl::Error::bad(std::string("tc_matchall: ") + o.error);
  uint32_t v;
  if (o.get(mall::CLASSID, v)) m.put_u32(TCA_MATCHALL_CLASSID, v);
  std::vector<nl::FieldView> acts = o.list(mall::ACTION);
  if (!acts.empty()) {
    if (nl::Error e = encode_actions(m, TCA_MATCHALL_ACT, acts.data(), acts.size())) return e;
  }
  if (o.get(mall::FLAGS, v)) m.put_u32(TCA_MATCHALL_FLAGS, v);
  return nl::Error{};
}

bool decode(const nl::Attr& opts, nl::RecordWriter& w, uint8_t) {
  nl::AttrTable<TCA_MATCHALL_MAX> t;
  if (!t.parse(opts)) return false;
  uint32_t v;
  if (t.get(TCA_MATCHALL_CLASSID) && t.get(TCA_MATCHALL_CLASSID)->u32(v)) w.u32(mall::CLASSID, v);
  if (t.get(TCA_MATCHALL_FLAGS) && t.get(TCA_MATCHALL_FLAGS)->u32(v)) w.u32(mall::FLAGS, v);
  if (const nl::Attr* a = t.get(TCA_MATCHALL_ACT)) decode_actions(*a, w, mall::ACTION);
  return true;
}

}  // namespace

extern const Kind kMatchall{"matchall", f::MATCHALL, 0, &encode, &decode};

}  // namespace nl_tc
