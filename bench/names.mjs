// Names and addresses every contender uses, so that all of them do exactly the same work.
// bench/c/nlbench.c computes the same values (route_addr, local_addr, veth_names, nft_rule).

/** Device routes and addresses go to (a veth inside the benchmark namespace, never the host's). */
export const DEV = 'veth0';
export const PEER = 'veth1';
export const BRIDGE = 'br0';
/** Interface group used by the "delete by group" contenders. */
export const GROUP = 9;

/** Route i: 10.(i>>16).(i>>8 & 255).(i & 255)/32 dev veth0 */
export function routeDst(i) {
  return `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`;
}

/** Address i: 10.(100 + (i>>16)).(i>>8 & 255).(i & 255)/32 on veth0 (each its own /32: no secondaries). */
export function localCidr(i) {
  return `10.${100 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32`;
}

/** veth pair i: b<i> with peer b<i>p */
export function vethName(i) {
  return `b${i}`;
}
export function peerName(i) {
  return `b${i}p`;
}

/** Masquerade rule i: ip saddr 10.(i>>8 & 255).(i & 255).0/24 oifname "veth0" masquerade */
export function natSource(i) {
  return `10.${(i >> 8) & 255}.${i & 255}.0/24`;
}
export const NAT = { family: 'ip', table: 'nat', chain: 'postrouting' };
