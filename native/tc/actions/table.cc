// The action table every filter carries (TCA_U32_ACT, TCA_MATCHALL_ACT …): numbered nests
// 1…N, each { TCA_ACT_KIND, TCA_ACT_OPTIONS (NLA_F_NESTED) }, as tc writes them. Kinds we do not
// type travel as their raw TCA_ACT_OPTIONS payload, so a listed filter can be sent back.
#include <linux/gen_stats.h>
#include <linux/pkt_cls.h>

#include <cstring>

#include "../../nl/raw.h"
#include "actions.h"

namespace nl_tc {
namespace {

const ActionKind* action_kind(const std::string& name) {
  for (const ActionKind* k : {&kMirred, &kGact, &kPolice}) if (name == k->name) return k;
  return nullptr;
}

}  // namespace

nl::Error encode_actions(nl::MessageBuffer& m, uint16_t type, const nl::FieldView* acts, size_t n) {
  if (n > TCA_ACT_MAX_PRIO) return nl::Error::bad("tc: too many actions");
  size_t tab = open_plain(m, type);
  for (size_t i = 0; i < n; ++i) {
    nl::FieldReader r(acts[i]);
    ActFields a(r);
    if (a.error) return nl::Error::bad(std::string("tc_act: ") + a.error);
    if (!a.has[act::KIND]) return nl::Error::bad("tc_act: kind is required");
    std::string kind = a.at[act::KIND].str();
    size_t one = open_plain(m, static_cast<uint16_t>(i + 1));
    m.put_strz(TCA_ACT_KIND, kind);
    size_t opts = m.nest_begin(TCA_ACT_OPTIONS);
    if (const ActionKind* k = action_kind(kind)) {
      if (nl::Error e = k->encode(m, a)) return e;
    } else if (a.has[act::OPTIONS]) {
      m.put_raw(a.at[act::OPTIONS].data, a.at[act::OPTIONS].len);
    }
    m.nest_end(opts);
    m.nest_end(one);
  }
  m.nest_end(tab);
  return nl::Error{};
}

void decode_actions(const nl::Attr& tab, nl::RecordWriter& w, uint16_t field) {
  nl::AttrIter it(tab.data, tab.len);
  nl::Attr one;
  while (it.next(one)) {
    nl::AttrTable<TCA_ACT_MAX> t;
    if (!t.parse(one)) continue;
    size_t tok = w.nest_begin(field);
    std::string kind = t.get(TCA_ACT_KIND) ? t.get(TCA_ACT_KIND)->str() : "";
    w.str(act::KIND, kind);
    if (const nl::Attr* o = t.get(TCA_ACT_OPTIONS)) {
      const ActionKind* k = action_kind(kind);
      if (!k || !k->decode(*o, w)) w.bytes(act::OPTIONS, o->data, o->len);
    }
    if (const nl::Attr* s = t.get(TCA_ACT_STATS)) {
      decode_stats2(*s, w, act::BYTES, act::PACKETS, act::DROPS, act::OVERLIMITS, 0, 0);
    }
    w.nest_end(tok);
  }
}

}  // namespace nl_tc
