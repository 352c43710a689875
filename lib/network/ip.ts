// Address arithmetic for IPAM: addresses as bigints (one code path for IPv4 and IPv6), subnets
// as (network, prefix). Parsing and validation reuse lib/util/validate.ts.
import * as v from '../util/validate.js';

export interface Subnet { family: 4 | 6; network: bigint; prefix: number; bits: 32 | 128; text: string }

export function toBig(bytes: Buffer): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

export function fromBig(n: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => Number((n >> s) & 0xffn)).join('.');
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((n >> BigInt(i * 16)) & 0xffffn).toString(16));
  // Canonical RFC 5952 text: the longest run (≥ 2) of zero groups becomes '::'.
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i >= 2) { best = i; bestLen = j - i; }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

export function parseIp(text: unknown, what: string): { family: 4 | 6; value: bigint; text: string } {
  const a = v.ip(text, what);
  const value = toBig(a.bytes);
  return { family: a.family, value, text: fromBig(value, a.family) };
}

/** '10.89.0.0/24' → Subnet; host bits must be zero (as host-local requires). */
export function parseSubnet(text: unknown, what: string): Subnet {
  const c = v.cidr(text, what, false);
  const bits = c.family === 4 ? 32 : 128;
  const value = toBig(c.bytes);
  const network = value & mask(bits, c.prefix);
  if (network !== value) throw new RangeError(`${what} "${String(text)}" has host bits set; the network is ${fromBig(network, c.family)}/${c.prefix}`);
  if (bits - c.prefix < 2) throw new RangeError(`${what} "${String(text)}" is too small to hold a gateway and a container (at most /${bits - 2})`);
  return { family: c.family, network, prefix: c.prefix, bits, text: `${fromBig(network, c.family)}/${c.prefix}` };
}

export function mask(bits: number, prefix: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return all ^ ((1n << BigInt(bits - prefix)) - 1n);
}

export function contains(s: Subnet, value: bigint): boolean {
  return (value & mask(s.bits, s.prefix)) === s.network;
}

/** The last address of the subnet (the IPv4 broadcast). */
export function lastOf(s: Subnet): bigint {
  return s.network | ((1n << BigInt(s.bits - s.prefix)) - 1n);
}

/**
 * The range host-local hands out by default: network+1 … the last address, minus the broadcast
 * for IPv4 (host-local's range.go Canonicalize / LastIP).
 */
export function defaultRange(s: Subnet): { start: bigint; end: bigint } {
  return { start: s.network + 1n, end: s.family === 4 ? lastOf(s) - 1n : lastOf(s) };
}

export const cidrText = (value: bigint, s: Subnet): string => `${fromBig(value, s.family)}/${s.prefix}`;
