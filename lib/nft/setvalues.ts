// Set key and map data values ↔ bytes, per nft datatype. Concatenations pad every field to a
// multiple of 4 bytes (one 32-bit register each), as nf_tables does.
import * as v from '../util/validate.js';
import { ICMP_TYPES, ICMPV6_TYPES, PROTOCOLS } from './consts.js';
import { ipText } from './iptext.js';
import type { L4Protocol, SetKeyType } from './types.js';

// nft's datatype ids (nftables src/datatype.h), stored in NFTA_SET_KEY_TYPE / DATA_TYPE so
// `nft list` can print the elements; the kernel keeps them opaquely. Byte order: how nft records
// the key in the set's userdata (2 = big endian, 1 = host).
export const TYPES: Record<SetKeyType, { id: number; len: number; order: 1 | 2 }> = {
  ipv4_addr: { id: 7, len: 4, order: 2 }, ipv6_addr: { id: 8, len: 16, order: 2 }, inet_service: { id: 13, len: 2, order: 2 },
  inet_proto: { id: 12, len: 1, order: 2 }, ifname: { id: 41, len: 16, order: 1 }, ether_addr: { id: 9, len: 6, order: 2 },
  mark: { id: 19, len: 4, order: 1 }, icmp_type: { id: 14, len: 1, order: 2 }, icmpv6_type: { id: 29, len: 1, order: 2 },
  integer: { id: 4, len: 4, order: 1 },
};
export const VERDICT_TYPE = 1; // nft's verdict datatype
export const NFT_DATA_VERDICT = 0xffffff00; // NFTA_SET_DATA_TYPE of a verdict map (linux/netfilter/nf_tables.h)
const TYPE_BITS = 6; // nft: a concatenation's type id is its fields' ids, 6 bits each

export const round4 = (n: number): number => (n + 3) & ~3;
export function typeList(t: unknown, what: string): SetKeyType[] {
  const list = Array.isArray(t) ? t : [t];
  if (list.length === 0 || (Array.isArray(t) && t.length < 2)) throw new RangeError(`${what}: a concatenation needs at least two types`);
  for (const x of list) if (typeof x !== 'string' || !(x in TYPES)) throw new RangeError(`${what} must be one of ${Object.keys(TYPES).join(', ')} (or an array of them), got ${v.describe(x)}`);
  return list as SetKeyType[];
}
export function typeId(types: SetKeyType[]): number {
  return types.reduce((id, t) => id * (1 << TYPE_BITS) + TYPES[t].id, 0);
}
export function typeLen(types: SetKeyType[]): number {
  return types.length === 1 ? TYPES[types[0]!].len : types.reduce((n, t) => n + round4(TYPES[t].len), 0);
}
/** The types of a datatype id, or null when one is unknown. */
export function typesOf(id: number): SetKeyType[] | null {
  const out: SetKeyType[] = [];
  for (let x = id; x > 0; x = Math.floor(x / (1 << TYPE_BITS))) {
    const t = (Object.keys(TYPES) as SetKeyType[]).find((k) => TYPES[k].id === x % (1 << TYPE_BITS));
    if (!t) return null;
    out.unshift(t);
  }
  return out.length ? out : null;
}

/** One field value → its bytes (unpadded). Ranges/prefixes are handled by the interval code. */
export function encodeValue(type: SetKeyType, value: unknown, what: string): Buffer {
  switch (type) {
    case 'ipv4_addr': case 'ipv6_addr': {
      const a = v.ip(value, what);
      if ((a.family === 4) !== (type === 'ipv4_addr')) throw new RangeError(`${what} ${a.text} is not ${type === 'ipv4_addr' ? 'IPv4' : 'IPv6'}`);
      return a.bytes;
    }
    case 'inet_service': { const b = Buffer.alloc(2); b.writeUInt16BE(v.uint(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value, what, 0, 65535)); return b; }
    case 'inet_proto': {
      if (typeof value === 'string' && value in PROTOCOLS) return Buffer.from([PROTOCOLS[value as L4Protocol]]);
      return Buffer.from([v.uint(value, what, 0, 255)]);
    }
    case 'ifname': {
      const b = Buffer.alloc(16);
      b.write(v.ifname(value, what));
      return b;
    }
    case 'ether_addr': {
      if (typeof value !== 'string' || !/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(value)) throw new RangeError(`${what} must be a MAC address like 02:00:00:00:00:01, got ${v.describe(value)}`);
      return Buffer.from(value.split(':').map((x) => parseInt(x, 16)));
    }
    case 'mark': case 'integer': { const b = Buffer.alloc(4); b.writeUInt32LE(v.uint(value, what)); return b; }
    case 'icmp_type': case 'icmpv6_type': {
      const names = type === 'icmp_type' ? ICMP_TYPES : ICMPV6_TYPES;
      if (typeof value === 'string' && value in names) return Buffer.from([names[value]!]);
      return Buffer.from([v.uint(value, what, 0, 255)]);
    }
  }
}

export function decodeValue(type: SetKeyType, b: Buffer): string | number {
  switch (type) {
    case 'ipv4_addr': case 'ipv6_addr': return ipText(b);
    case 'inet_service': return b.readUInt16BE(0);
    case 'inet_proto': return (Object.keys(PROTOCOLS) as L4Protocol[]).find((p) => PROTOCOLS[p] === b[0]) ?? b[0]!;
    case 'ifname': { const nul = b.indexOf(0); return b.toString('utf8', 0, nul < 0 ? b.length : nul); }
    case 'ether_addr': return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
    case 'mark': case 'integer': return b.readUInt32LE(0);
    case 'icmp_type': case 'icmpv6_type': {
      const names = type === 'icmp_type' ? ICMP_TYPES : ICMPV6_TYPES;
      return Object.keys(names).find((n) => names[n] === b[0]) ?? b[0]!;
    }
  }
}

/** A (possibly concatenated) value → key bytes. */
export function encodeKey(types: SetKeyType[], value: unknown, what: string): Buffer {
  if (types.length === 1) return encodeValue(types[0]!, value, what);
  if (!Array.isArray(value) || value.length !== types.length) throw new TypeError(`${what} must be an array of ${types.length} values (${types.join(' . ')}), got ${v.describe(value)}`);
  return Buffer.concat(types.map((t, i) => {
    const b = encodeValue(t, value[i], `${what}[${i}]`);
    return Buffer.concat([b, Buffer.alloc(round4(b.length) - b.length)]);
  }));
}
export function decodeKey(types: SetKeyType[], b: Buffer): string | number | (string | number)[] | null {
  if (b.length !== typeLen(types)) return null;
  if (types.length === 1) return decodeValue(types[0]!, b);
  let off = 0;
  return types.map((t) => { const x = decodeValue(t, b.subarray(off, off + TYPES[t].len)); off += round4(TYPES[t].len); return x; });
}
