// libFuzzer target for the bridge-VLAN decoders: byte 0 picks nl_brvlan::decode_link (an AF_BRIDGE
// RTM_NEWLINK of `bridge vlan show`: IFLA_AF_SPEC › IFLA_BRIDGE_VLAN_INFO entries and compressed
// ranges) or nl_brvlan::decode_vlan (RTM_NEWVLAN: br_vlan_msg + BRIDGE_VLANDB_ENTRY nests); the
// rest is one message. Seeds: this kernel's `bridge vlan show` reply and hand-built messages with
// VLANs (corpus/fuzz_brvlan_decode). Invariants: decoder_target.h; VLAN entries and raw
// attributes must be well-formed records too.
#include "brvlan/brvlan.h"
#include "decoder_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  auto fn = (data[0] & 1) ? &nl_brvlan::decode_vlan : &nl_brvlan::decode_link;
  return support::fuzz_decoder(data + 1, size - 1, fn, {nl_brvlan::f::VLANS, nl_brvlan::f::RAW});
}
