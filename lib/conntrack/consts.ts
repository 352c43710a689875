// Names ↔ numbers for conntrack, from the constants the addon exports (UAPI headers).
import { native } from '../native.js';
import type { CtFamily, CtProtocol, CtStatus, TcpState } from './types.js';

export const K = native.ctConstants;

export const PROTOCOLS: Record<string, number> = {
  tcp: K.IPPROTO_TCP!, udp: K.IPPROTO_UDP!, icmp: K.IPPROTO_ICMP!, icmpv6: K.IPPROTO_ICMPV6!,
  sctp: K.IPPROTO_SCTP!, dccp: K.IPPROTO_DCCP!, udplite: K.IPPROTO_UDPLITE!, gre: K.IPPROTO_GRE!,
};
const PROTO_NAMES = new Map(Object.entries(PROTOCOLS).map(([n, v]) => [v, n as CtProtocol]));
export const protocolName = (n: number): CtProtocol => PROTO_NAMES.get(n) ?? n;

export const FAMILIES: Record<CtFamily, number> = { ipv4: K.AF_INET!, ipv6: K.AF_INET6! };
export const familyName = (af: number): CtFamily => (af === K.AF_INET6 ? 'ipv6' : 'ipv4');

const withPrefix = (prefix: string, suffix = '') => Object.entries(K)
  .filter(([k]) => k.startsWith(prefix) && k.endsWith(suffix))
  .map(([k, v]) => [k.slice(prefix.length, k.length - suffix.length), v] as [string, number]);

/** IPS_* bit numbers by flag name. */
export const STATUS_BITS = new Map(withPrefix('IPS_', '_BIT') as [CtStatus, number][]);
/** TCP_CONNTRACK_* by state name (SYN_SENT2 shares LISTEN's number; the kernel prints SYN_SENT2). */
export const TCP_STATES = new Map(withPrefix('TCP_CONNTRACK_') as [TcpState, number][]);
const TCP_NAMES = new Map([...TCP_STATES].map(([n, v]) => [v, n]));
export const tcpStateName = (n: number): TcpState | number => TCP_NAMES.get(n) ?? n;

export function statusNames(bits: number): CtStatus[] {
  const out: CtStatus[] = [];
  for (const [name, bit] of STATUS_BITS) if (bits & (1 << bit)) out.push(name);
  return out;
}
