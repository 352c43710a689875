// Bridge options on an existing bridge (`ip link set DEV type bridge forward_delay … ageing_time
// … stp_state … vlan_filtering … vlan_default_pvid … mcast_snooping …`): RTM_NEWLINK on the
// bridge's ifindex with IFLA_LINKINFO { IFLA_INFO_KIND "bridge", IFLA_INFO_DATA { IFLA_BR_* } },
// as iproute2 sends it (it resolves the name to the index first, so does lib/). The options are
// read back from the link listing (IFLA_INFO_DATA decoded in link.cc).
#include <linux/if_link.h>
#include <sys/socket.h>

#include "../nl/request.h"
#include "link.h"

namespace nl_link {

namespace {

using nl::FieldType;

namespace br {
enum : uint16_t { INDEX = 1, FORWARD_DELAY, AGEING_TIME, STP_STATE, VLAN_FILTERING, VLAN_DEFAULT_PVID, MCAST_SNOOPING };
}

// Equivalent to: ip link set dev IFINDEX type bridge [forward_delay N] [ageing_time N] [stp_state N]
//                [vlan_filtering 0|1] [vlan_default_pvid N] [mcast_snooping 0|1]
nl::Error build_set(const nl::ReqFields& r, nl::MessageBuffer& m, uint32_t seq) {
  m.begin(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, seq);
  ifinfomsg ifi{};
  ifi.ifi_family = AF_UNSPEC;
  ifi.ifi_index = static_cast<int>(r.u32(br::INDEX).value_or(0));
  m.put_header(ifi);
  nl::Nest info(m, IFLA_LINKINFO);
  m.put_str(IFLA_INFO_KIND, "bridge");
  put_bridge_data(m, BridgeOptions{r.u32(br::FORWARD_DELAY), r.u32(br::AGEING_TIME), r.u32(br::STP_STATE),
                                   r.u8(br::VLAN_FILTERING), r.u16(br::VLAN_DEFAULT_PVID), r.u8(br::MCAST_SNOOPING)});
  return nl::Error{};
}

const nl::FieldDef kReq[] = {
    {br::INDEX, "index", FieldType::U32, false, nullptr},
    {br::FORWARD_DELAY, "forwardDelay", FieldType::U32, false, nullptr},
    {br::AGEING_TIME, "ageingTime", FieldType::U32, false, nullptr},
    {br::STP_STATE, "stpState", FieldType::U32, false, nullptr},
    {br::VLAN_FILTERING, "vlanFiltering", FieldType::U8, false, nullptr},
    {br::VLAN_DEFAULT_PVID, "vlanDefaultPvid", FieldType::U16, false, nullptr},
    {br::MCAST_SNOOPING, "mcastSnooping", FieldType::U8, false, nullptr},
};
NL_SCHEMA(kReqSchema, "bridgeReq", kReq)

nl::RequestRegistration reg_set({"bridge.set", &build_set, false, 0, nullptr});

}  // namespace

}  // namespace nl_link
