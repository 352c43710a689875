// Kernel constants and record schemas exported to TypeScript, straight from the UAPI headers
// and the family schema tables, so nothing is copied by hand on the TypeScript side.
#include <linux/if.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/if_ether.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/tc_act/tc_mirred.h>
#include <linux/netlink.h>
#include <linux/icmpv6.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
// issue 9 part A
#include <linux/fib_rules.h>
#include <linux/if_bridge.h>
#include <linux/neighbour.h>
#include <netinet/in.h>

#include "common.h"
#include "families.h"

namespace napi_nl {

#define C(name) o.Set(#name, Napi::Number::New(env, name))

static Napi::Object iff_flags(Napi::Env env) {
  // Order matches how `ip link` prints them.
  Napi::Object o = Napi::Object::New(env);
  C(IFF_LOOPBACK); C(IFF_BROADCAST); C(IFF_POINTOPOINT); C(IFF_MULTICAST); C(IFF_NOARP);
  C(IFF_ALLMULTI); C(IFF_PROMISC); C(IFF_MASTER); C(IFF_SLAVE); C(IFF_DEBUG); C(IFF_DYNAMIC);
  C(IFF_AUTOMEDIA); C(IFF_PORTSEL); C(IFF_NOTRAILERS); C(IFF_UP); C(IFF_LOWER_UP); C(IFF_DORMANT);
  C(IFF_ECHO); C(IFF_RUNNING);
  return o;
}

static Napi::Object misc(Napi::Env env) {
  Napi::Object o = Napi::Object::New(env);
  C(NETLINK_ROUTE); C(NETLINK_NETFILTER);
  C(RT_TABLE_MAIN); C(RT_TABLE_LOCAL); C(RT_TABLE_DEFAULT); C(RT_TABLE_UNSPEC);
  C(RT_SCOPE_UNIVERSE); C(RT_SCOPE_SITE); C(RT_SCOPE_LINK); C(RT_SCOPE_HOST); C(RT_SCOPE_NOWHERE);
  C(RTN_UNICAST); C(RTN_LOCAL); C(RTN_BROADCAST); C(RTN_ANYCAST); C(RTN_MULTICAST);
  C(RTN_BLACKHOLE); C(RTN_UNREACHABLE); C(RTN_PROHIBIT); C(RTN_THROW); C(RTN_NAT);
  C(RTPROT_UNSPEC); C(RTPROT_REDIRECT); C(RTPROT_KERNEL); C(RTPROT_BOOT); C(RTPROT_STATIC);
  C(RTPROT_DHCP); C(RTPROT_RA); C(RTPROT_BABEL); C(RTPROT_BGP); C(RTPROT_OSPF); C(RTPROT_ISIS);
  C(RTNH_F_DEAD); C(RTNH_F_PERVASIVE); C(RTNH_F_ONLINK); C(RTNH_F_OFFLOAD); C(RTNH_F_LINKDOWN);
  C(IF_OPER_UNKNOWN); C(IF_OPER_NOTPRESENT); C(IF_OPER_DOWN); C(IF_OPER_LOWERLAYERDOWN);
  C(IF_OPER_TESTING); C(IF_OPER_DORMANT); C(IF_OPER_UP);
  C(IFA_F_SECONDARY); C(IFA_F_NODAD); C(IFA_F_OPTIMISTIC); C(IFA_F_DADFAILED); C(IFA_F_HOMEADDRESS);
  C(IFA_F_DEPRECATED); C(IFA_F_TENTATIVE); C(IFA_F_PERMANENT); C(IFA_F_MANAGETEMPADDR);
  C(IFA_F_NOPREFIXROUTE); C(IFA_F_MCAUTOJOIN); C(IFA_F_STABLE_PRIVACY);
  C(RTNLGRP_LINK); C(RTNLGRP_IPV4_IFADDR); C(RTNLGRP_IPV6_IFADDR); C(RTNLGRP_IPV4_ROUTE); C(RTNLGRP_IPV6_ROUTE);
  C(MACVLAN_MODE_PRIVATE); C(MACVLAN_MODE_VEPA); C(MACVLAN_MODE_BRIDGE); C(MACVLAN_MODE_PASSTHRU); C(MACVLAN_MODE_SOURCE);
  C(ARPHRD_ETHER); C(ARPHRD_LOOPBACK); C(ARPHRD_NONE);
  // addr/route
  C(AF_UNSPEC); C(AF_INET); C(AF_INET6);
  C(RTPROT_GATED); C(RTPROT_MRT); C(RTPROT_ZEBRA); C(RTPROT_BIRD); C(RTPROT_DNROUTED); C(RTPROT_XORP);
  C(RTPROT_NTK); C(RTPROT_MROUTED); C(RTPROT_KEEPALIVED); C(RTPROT_OPENR); C(RTPROT_EIGRP); C(RTPROT_RIP);
  C(RTN_UNSPEC); C(RTN_XRESOLVE); C(RTNH_F_UNRESOLVED); C(RTM_F_CLONED);
  // issue 9 part B: route metrics, nexthop objects
  C(RTAX_LOCK); C(RTAX_MTU); C(RTAX_WINDOW); C(RTAX_RTT); C(RTAX_ADVMSS); C(RTAX_HOPLIMIT); C(RTAX_INITCWND);
  C(RTNLGRP_NEXTHOP); C(NEXTHOP_GRP_TYPE_MPATH); C(NEXTHOP_GRP_TYPE_RES);
  C(ICMPV6_ROUTER_PREF_LOW); C(ICMPV6_ROUTER_PREF_MEDIUM); C(ICMPV6_ROUTER_PREF_HIGH);
  // ---- tc (traffic control) ----
  C(TC_H_ROOT); C(TC_H_INGRESS); C(TC_H_CLSACT); C(TC_H_MIN_INGRESS); C(TC_H_MIN_EGRESS);
  C(TC_H_UNSPEC); C(ETH_P_ALL); C(ETH_P_IP); C(ETH_P_IPV6); C(ETH_P_ARP); C(ETH_P_8021Q);
  C(TC_ACT_OK); C(TC_ACT_RECLASSIFY); C(TC_ACT_SHOT); C(TC_ACT_PIPE); C(TC_ACT_STOLEN);
  C(TC_ACT_UNSPEC);
  C(TCA_EGRESS_REDIR); C(TCA_EGRESS_MIRROR); C(TCA_INGRESS_REDIR); C(TCA_INGRESS_MIRROR);
  C(TC_U32_TERMINAL);
  // ---- end tc ----
  // -- issue 9 part A: policy rules, neighbours, FDB, bridge VLANs, nsid --
  C(FR_ACT_UNSPEC); C(FR_ACT_TO_TBL); C(FR_ACT_GOTO); C(FR_ACT_NOP); C(FR_ACT_BLACKHOLE); C(FR_ACT_UNREACHABLE);
  C(FR_ACT_PROHIBIT); C(FIB_RULE_INVERT); C(FIB_RULE_IIF_DETACHED); C(FIB_RULE_OIF_DETACHED); C(FIB_RULE_UNRESOLVED);
  C(IPPROTO_ICMP); C(IPPROTO_TCP); C(IPPROTO_UDP); C(IPPROTO_ICMPV6); C(IPPROTO_SCTP); C(IPPROTO_GRE); C(IPPROTO_ESP);
  C(AF_BRIDGE);
  C(NUD_INCOMPLETE); C(NUD_REACHABLE); C(NUD_STALE); C(NUD_DELAY); C(NUD_PROBE); C(NUD_FAILED); C(NUD_NOARP);
  C(NUD_PERMANENT); C(NUD_NONE);
  C(NTF_USE); C(NTF_SELF); C(NTF_MASTER); C(NTF_PROXY); C(NTF_EXT_LEARNED); C(NTF_OFFLOADED); C(NTF_STICKY); C(NTF_ROUTER);
  C(BRIDGE_VLAN_INFO_MASTER); C(BRIDGE_VLAN_INFO_PVID); C(BRIDGE_VLAN_INFO_UNTAGGED); C(BRIDGE_VLAN_INFO_RANGE_BEGIN);
  C(BRIDGE_VLAN_INFO_RANGE_END); C(BRIDGE_FLAGS_MASTER); C(BRIDGE_FLAGS_SELF);
  C(RTNLGRP_NEIGH); C(RTNLGRP_IPV4_RULE); C(RTNLGRP_IPV6_RULE); C(RTNLGRP_NSID);
  // -- end issue 9 part A --
  // -- issue 9 brvlan: bridge VLANs (events, listing), bridge options --
  C(RTNLGRP_BRVLAN); C(RTEXT_FILTER_BRVLAN); C(BRIDGE_VLAN_INFO_BRENTRY);
  // -- end issue 9 brvlan --
  return o;
}
#undef C

static const char* type_name(nl::FieldType t) {
  switch (t) {
    case nl::FieldType::U8: return "u8";
    case nl::FieldType::U16: return "u16";
    case nl::FieldType::U32: return "u32";
    case nl::FieldType::S32: return "s32";
    case nl::FieldType::U64: return "u64";
    case nl::FieldType::BOOL: return "bool";
    case nl::FieldType::STR: return "str";
    case nl::FieldType::BYTES: return "bytes";
    case nl::FieldType::REC: return "rec";
  }
  return "bytes";
}

void InitConstants(Napi::Env env, Napi::Object exports) {
  exports.Set("IFF", iff_flags(env));
  exports.Set("constants", misc(env));
  // schemas: { name: [[id, fieldName, type, list, nestedSchema], …] }
  Napi::Object schemas = Napi::Object::New(env);
  for (const nl::Schema* s : nl::schema_registry()) {
    Napi::Array fields = Napi::Array::New(env, s->count);
    for (size_t i = 0; i < s->count; ++i) {
      const nl::FieldDef& f = s->fields[i];
      Napi::Array d = Napi::Array::New(env, 5);
      d.Set(0u, Napi::Number::New(env, f.id));
      d.Set(1u, Napi::String::New(env, f.name));
      d.Set(2u, Napi::String::New(env, type_name(f.type)));
      d.Set(3u, Napi::Boolean::New(env, f.list));
      d.Set(4u, f.nested ? Napi::Value(Napi::String::New(env, f.nested)) : env.Null());
      fields.Set(static_cast<uint32_t>(i), d);
    }
    schemas.Set(s->name, fields);
  }
  exports.Set("schemas", schemas);
}

}  // namespace napi_nl
