// libFuzzer target: nl_link::decode on arbitrary RTM_NEWLINK messages (decoder_target.h states
// the invariants). Nested records (stats, info, raw attributes) must be well-formed too.
#include "decoder_target.h"
#include "link/link.h"
#include "link/link_schema.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  return support::fuzz_decoder(data, size, &nl_link::decode, {nl_link::f::STATS, nl_link::f::INFO, nl_link::f::RAW});
}
