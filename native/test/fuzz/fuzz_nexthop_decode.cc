// libFuzzer target: nl_nexthop::decode on arbitrary RTM_NEWNEXTHOP messages (seeds: captured
// `ip nexthop add` requests and a `ip nexthop show` dump reply; decoder_target.h states the
// invariants). Group members and raw attributes must be well-formed too.
#include "decoder_target.h"
#include "nexthop/nexthop.h"
#include "nexthop/nexthop_schema.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return support::fuzz_decoder(data, size, &nl_nexthop::decode, {nl_nexthop::f::GROUP, nl_nexthop::f::RAW, nl_nexthop::f::RES_RAW});
}
