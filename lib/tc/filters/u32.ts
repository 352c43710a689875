// u32 filters: Equivalent to: tc filter add … u32 match u32 0 0 | match ip src|dst|protocol|sport|dport …
// [classid C] [action …]. Matches become 32-bit keys the way tc packs them (f_u32.c pack_key):
// a narrower field is shifted into its aligned word, and keys on the same word merge.
import * as v from '../../util/validate.js';
import type { U32Key } from '../types.js';

const IP_PROTO: Record<string, number> = { icmp: 1, tcp: 6, udp: 17 };

function pack(keys: U32Key[], val: number, mask: number, off: number): void {
  val = (val & mask) >>> 0;
  const k = keys.find((x) => x.off === off && (x.offmask ?? 0) === 0);
  if (!k) { keys.push({ val, mask: mask >>> 0, off, offmask: 0 }); return; }
  if (((k.val ^ val) & k.mask & mask) !== 0) throw new RangeError(`u32: conflicting matches on offset ${off}`);
  k.val = (k.val | val) >>> 0;
  k.mask = (k.mask | mask) >>> 0;
}
// A field of `bytes` bytes at byte offset `off` of the IPv4 header.
function packField(keys: U32Key[], val: number, mask: number, off: number, bytes: 1 | 2 | 4): void {
  const shift = bytes === 4 ? 0 : 8 * (4 - bytes - (off & 3));
  pack(keys, (val << shift) >>> 0, (mask << shift) >>> 0, off & ~3);
}

/** The keys of a u32 match; 'all' is tc's `match u32 0 0`. */
export function u32Keys(match: unknown, rawKeys: unknown): U32Key[] {
  if (rawKeys !== undefined) {
    if (match !== undefined) throw new TypeError('u32: give match or keys, not both');
    if (!Array.isArray(rawKeys) || rawKeys.length === 0 || rawKeys.length > 128) throw new RangeError('u32 keys must be 1…128 keys');
    return rawKeys.map((k0, i) => {
      const k = v.object(k0, `u32 key ${i}`);
      const off = k.off;
      if (typeof off !== 'number' || !Number.isInteger(off) || off % 4 !== 0 || Math.abs(off) > 0xffff) throw new RangeError(`u32 key ${i}: off must be a multiple of 4`);
      return { val: v.uint(k.val, `u32 key ${i} val`), mask: v.uint(k.mask, `u32 key ${i} mask`), off, offmask: k.offmask === undefined ? 0 : v.uint(k.offmask, 'offmask', 0, 0x7fffffff) };
    });
  }
  if (match === undefined || match === 'all') return [{ val: 0, mask: 0, off: 0, offmask: 0 }];
  const m = v.object(match, 'u32 match');
  const ip = v.object(m.ip, 'u32 match.ip');
  const keys: U32Key[] = [];
  for (const [name, off] of [['src', 12], ['dst', 16]] as const) {
    if (ip[name] === undefined) continue;
    const c = v.cidr(ip[name], `u32 ip ${name}`);
    if (c.family !== 4) throw new RangeError(`u32 ip ${name}: IPv4 only`);
    const mask = c.prefix === 0 ? 0 : (0xffffffff << (32 - c.prefix)) >>> 0;
    packField(keys, c.bytes.readUInt32BE(0), mask, off, 4);
  }
  if (ip.protocol !== undefined) {
    const p = typeof ip.protocol === 'string' ? IP_PROTO[ip.protocol] : ip.protocol;
    packField(keys, v.uint(p, 'u32 ip protocol', 0, 255), 0xff, 9, 1);
  }
  if (ip.sport !== undefined) packField(keys, v.uint(ip.sport, 'u32 ip sport', 0, 65535), 0xffff, 20, 2);
  if (ip.dport !== undefined) packField(keys, v.uint(ip.dport, 'u32 ip dport', 0, 65535), 0xffff, 22, 2);
  if (keys.length === 0) throw new TypeError('u32 match.ip needs src, dst, protocol, sport or dport');
  return keys;
}
