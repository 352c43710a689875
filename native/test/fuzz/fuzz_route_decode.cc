// libFuzzer target: nl_route::decode on arbitrary RTM_NEWROUTE messages (seeds: captured
// `ip route add …` requests with nhid, metrics, multipath, pref…; decoder_target.h states the
// invariants). Next hops and raw attributes, metrics included, must be well-formed too.
#include "decoder_target.h"
#include "route/route.h"
#include "route/route_schema.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return support::fuzz_decoder(data, size, &nl_route::decode, {nl_route::f::NEXTHOPS, nl_route::f::RAW, nl_route::f::METRICS_RAW});
}
