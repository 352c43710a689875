// Value encoders shared by compile.ts and compile-stmt.ts (one file, so lib/ has no import cycle).
import * as v from '../util/validate.js';
import type { NftFamily } from './types.js';

export const be16 = (n: number): Buffer => { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; };
export const u32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32LE(n >>> 0); return b; };
export const u16 = (n: number): Buffer => { const b = Buffer.alloc(2); b.writeUInt16LE(n); return b; };
export const u8 = (n: number): Buffer => Buffer.from([n]);

const ORDERED = ['lt', 'gt', 'lte', 'gte'] as const;

export function port(value: unknown, what: string): number {
  return v.uint(value, what, 1, 65535);
}
export function portSpec(value: unknown, what: string): [number, number] | number {
  if (Array.isArray(value)) {
    if (value.length !== 2) throw new RangeError(`${what} range must be [from, to], got ${value.length} values`);
    const a = port(value[0], `${what} range start`);
    const b = port(value[1], `${what} range end`);
    if (a > b) throw new RangeError(`${what} range [${a}, ${b}] is reversed`);
    return [a, b];
  }
  return port(value, what);
}

/** Interface name as nft compares it: 16 bytes NUL padded, or the bare prefix for 'eth*'. */
export function ifnameData(value: unknown, what: string): Buffer {
  if (typeof value === 'string' && value.endsWith('*')) {
    const prefix = value.slice(0, -1);
    if (prefix.length === 0) throw new RangeError(`${what} "*" matches every interface; leave it out instead`);
    v.ifname(prefix, what);
    return Buffer.from(prefix);
  }
  const name = v.ifname(value, what);
  const b = Buffer.alloc(v.IFNAMSIZ);
  // ASCII names (all real ones) byte by byte: Buffer#write's native call was a tenth of a
  // fresh process's rule compile (bench/README "round 3").
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c > 0x7f) { b.fill(0); b.write(name); return b; }
    b[i] = c;
  }
  return b;
}

export function addrFamilyFor(family: NftFamily, ipFamily: 4 | 6, text: string, what: string): void {
  if (family === 'ip' && ipFamily !== 4) throw new RangeError(`${what} ${text} is IPv6 but the table family is ip; use ip6 or inet`);
  if (family === 'ip6' && ipFamily !== 6) throw new RangeError(`${what} ${text} is IPv4 but the table family is ip6; use ip or inet`);
  if (family !== 'ip' && family !== 'ip6' && family !== 'inet') throw new RangeError(`${what}: address matches need an ip, ip6 or inet table, not ${family}`);
}

/** nft accepts any printable name for sets (kube-proxy uses '/', '-', '.'); the kernel limit is 255 bytes. */
export function setName(value: string, what: string): string {
  const name = value.slice(1);
  if (!/^[\x21-\x7e]{1,255}$/.test(name)) throw new RangeError(`${what} "${value}" is not a valid set reference like "@allowed"`);
  return name;
}
export const isSetRef = (x: unknown): x is string => typeof x === 'string' && x.startsWith('@');

/** Splits { not: x } / { lt: x } … / x into [op, x]. */
export function relOf(value: unknown, what: string, ordered: boolean): ['eq' | 'neq' | 'lt' | 'gt' | 'lte' | 'gte', unknown] {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === 'not') return ['neq', (value as { not: unknown }).not];
    if (keys.length === 1 && (ORDERED as readonly string[]).includes(keys[0]!)) {
      if (!ordered) throw new RangeError(`${what}: ${keys[0]} is not available here (host byte order values compare only with == and !=)`);
      return [keys[0] as 'lt', (value as Record<string, unknown>)[keys[0]!]];
    }
    throw new TypeError(`${what} must be a value, { not: value }${ordered ? ' or { lt | gt | lte | gte: value }' : ''}, got ${v.describe(value)}`);
  }
  return ['eq', value];
}


/**
 * The register holding 32-bit word `word` of a value that starts in reg 1, numbered as nft sends
 * it (and the kernel lists it): a 16-byte register (NFT_REG_1..4) when the word starts one,
 * otherwise a 32-bit register (NFT_REG32_00 + word).
 */
export function regOfWord(word: number, reg1: number, reg32: number): number {
  return word % 4 === 0 ? reg1 + word / 4 : reg32 + word;
}

/** A MAC address to match: six hex bytes; multicast and broadcast are fine here (unlike an interface's address). */
export function macBytes(value: unknown, what: string): Buffer {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a MAC address like "02:00:00:00:00:01" or a set like "@macs", got ${v.describe(value)}`);
  if (!/^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$/.test(value)) throw new RangeError(`${what} "${value}" is not six hex bytes like "02:00:00:00:00:01"`);
  return Buffer.from(value.split(/[:-]/).map((h) => parseInt(h, 16)));
}
