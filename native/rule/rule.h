// Policy routing rules (`ip rule`): RTM_NEWRULE/DELRULE/GETRULE with a fib_rule_hdr and FRA_*
// attributes. One record schema ("rule") serves both ways: lib/rule writes requests with it and
// the decoder writes listings and events with it. Pure C++ (no N-API).
#pragma once
#include <linux/fib_rules.h>
#include <linux/rtnetlink.h>

#include "../nl/error.h"
#include "../nl/record.h"

namespace nl_rule {

namespace f {
enum : uint16_t {
  FAMILY = 1, DST_LEN, SRC_LEN, TOS, TABLE, ACTION, FLAGS, SRC, DST, IIF, OIF, PRIORITY, FWMARK, FWMASK,
  GOTO, UID_START, UID_END, SUPPRESS_PREFIXLEN, SUPPRESS_IFGROUP, L3MDEV, PROTOCOL, IP_PROTO, SPORT_LO,
  SPORT_HI, DPORT_LO, DPORT_HI, FLOW, RAW,
};
}

// Decodes one RTM_NEWRULE/RTM_DELRULE message into a "rule" record.
nl::Error decode(const nlmsghdr* h, nl::RecordWriter& w);

}  // namespace nl_rule
