// gact: Equivalent to: tc … action gact drop|pass|pipe|reclassify|continue
#include <linux/tc_act/tc_gact.h>

#include "actions.h"

namespace nl_tc {
namespace {

nl::Error encode(nl::MessageBuffer& m, const ActFields& a) {
  tc_gact p{};
  p.action = static_cast<int>(a.or_<uint32_t>(act::VERDICT, TC_ACT_OK));
  p.index = a.or_<uint32_t>(act::INDEX, 0);
  m.put(TCA_GACT_PARMS, &p, sizeof p);
  return nl::Error{};
}

bool decode(const nl::Attr& opts, nl::RecordWriter& w) {
  nl::AttrTable<TCA_GACT_MAX> t;
  if (!t.parse(opts)) return false;
  tc_gact p;
  if (!t.get(TCA_GACT_PARMS) || !t.get(TCA_GACT_PARMS)->read(&p, sizeof p)) return false;
  w.u32(act::INDEX, p.index);
  w.u32(act::VERDICT, static_cast<uint32_t>(p.action));
  return true;
}

}  // namespace

const ActionKind kGact{"gact", &encode, &decode};

}  // namespace nl_tc
