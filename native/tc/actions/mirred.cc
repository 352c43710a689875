// mirred: Equivalent to: tc … action mirred egress|ingress redirect|mirror dev DEV
#include <linux/tc_act/tc_mirred.h>

#include "actions.h"

namespace nl_tc {
namespace {

nl::Error encode(nl::MessageBuffer& m, const ActFields& a) {
  tc_mirred p{};
  uint32_t eaction = 0;
  if (!a.get(act::MIRRED_ACTION, eaction) || eaction < TCA_EGRESS_REDIR || eaction > TCA_INGRESS_MIRROR) {
    return nl::Error::bad("tc mirred: mirredAction must be TCA_EGRESS_REDIR … TCA_INGRESS_MIRROR");
  }
  if (!a.get(act::IFINDEX, p.ifindex)) return nl::Error::bad("tc mirred: ifindex is required");
  p.eaction = static_cast<int>(eaction);
  // tc's defaults: a redirect takes the packet (stolen), a mirror lets it continue (pipe).
  const bool redirect = eaction == TCA_EGRESS_REDIR || eaction == TCA_INGRESS_REDIR;
  p.action = static_cast<int>(a.or_<uint32_t>(act::VERDICT, redirect ? TC_ACT_STOLEN : TC_ACT_PIPE));
  p.index = a.or_<uint32_t>(act::INDEX, 0);
  m.put(TCA_MIRRED_PARMS, &p, sizeof p);
  return nl::Error{};
}

bool decode(const nl::Attr& opts, nl::RecordWriter& w) {
  nl::AttrTable<TCA_MIRRED_MAX> t;
  if (!t.parse(opts)) return false;
  tc_mirred p;
  if (!t.get(TCA_MIRRED_PARMS) || !t.get(TCA_MIRRED_PARMS)->read(&p, sizeof p)) return false;
  w.u32(act::INDEX, p.index);
  w.u32(act::VERDICT, static_cast<uint32_t>(p.action));
  w.u32(act::MIRRED_ACTION, static_cast<uint32_t>(p.eaction));
  w.u32(act::IFINDEX, p.ifindex);
  return true;
}

}  // namespace

const ActionKind kMirred{"mirred", &encode, &decode};

}  // namespace nl_tc
