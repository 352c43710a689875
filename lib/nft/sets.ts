// Set elements ↔ keys. Interval sets use nft's layout: each range [a, b] is a start element
// with key a and an end element (flag INTERVAL_END) with key b+1; a leading end element at 0
// closes the gap below the first range.
import * as v from '../util/validate.js';
import { K } from './consts.js';
import { port } from './compile.js';
import { ipText } from './decompile.js';
import type { SetKeyType } from './types.js';

const END = (): number => K.NFT_SET_ELEM_INTERVAL_END!;

function addOne(b: Buffer): Buffer | null {
  const r = Buffer.from(b);
  for (let i = r.length - 1; i >= 0; i--) {
    if (r[i]! < 255) { r[i]!++; return r; }
    r[i] = 0;
  }
  return null; // overflowed: the range ends at the top of the key space
}

function range(type: SetKeyType, el: string | number): [Buffer, Buffer] {
  if (type === 'inet_service') {
    const b16 = (n: number) => { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; };
    if (typeof el === 'string' && /^\d+-\d+$/.test(el)) {
      const [a, z] = el.split('-').map(Number) as [number, number];
      if (port(a, 'set element') > port(z, 'set element')) throw new RangeError(`set element ${el} is reversed`);
      return [b16(a), b16(z)];
    }
    const p = port(typeof el === 'string' ? Number(el) : el, 'set element');
    return [b16(p), b16(p)];
  }
  const fam = type === 'ipv4_addr' ? 4 : 6;
  if (typeof el !== 'string') throw new TypeError(`${type} set element must be an address string, got ${v.describe(el)}`);
  const dash = el.indexOf('-');
  if (dash > 0) {
    const a = v.ip(el.slice(0, dash), 'set element'), z = v.ip(el.slice(dash + 1), 'set element');
    if (a.family !== fam || z.family !== fam) throw new RangeError(`set element ${el} is not IPv${fam}`);
    return [a.bytes, z.bytes];
  }
  const c = v.cidr(el, 'set element');
  if (c.family !== fam) throw new RangeError(`set element ${el} is not IPv${fam}`);
  const lo = v.networkOf(c);
  const hi = Buffer.from(lo);
  for (let bit = c.prefix; bit < hi.length * 8; bit++) hi[bit >> 3]! |= 0x80 >> (bit & 7);
  return [lo, hi];
}

export function encodeElements(type: SetKeyType, interval: boolean, elements: (string | number)[]): { key: Buffer; flags?: number }[] {
  if (!Array.isArray(elements)) throw new TypeError('set elements must be an array');
  const ranges = elements.map((e) => range(type, e));
  if (!interval) {
    return ranges.map(([a, z]) => {
      if (!a.equals(z)) throw new RangeError(`set element range/prefix needs an interval set (interval: true)`);
      return { key: a };
    });
  }
  ranges.sort((x, y) => Buffer.compare(x[0], y[0]));
  const out: { key: Buffer; flags?: number }[] = [];
  if (ranges.length && ranges[0]![0].some((b) => b !== 0)) out.push({ key: Buffer.alloc(ranges[0]![0].length), flags: END() });
  for (const [a, z] of ranges) {
    out.push({ key: a });
    const next = addOne(z);
    if (next) out.push({ key: next, flags: END() });
  }
  return out;
}

function text(type: SetKeyType, b: Buffer): string | number {
  if (type === 'inet_service') return b.readUInt16BE(0);
  return ipText(b);
}

/** Elements as listed: addresses, CIDRs, 'a-b' ranges or ports. */
export function decodeElements(type: SetKeyType, interval: boolean, elems: { key?: Buffer; flags?: number }[]): (string | number)[] {
  if (!interval) return elems.filter((e) => e.key).map((e) => text(type, e.key!));
  const sorted = elems.filter((e) => e.key).sort((x, y) => Buffer.compare(x.key!, y.key!) || ((x.flags ?? 0) & END()) - ((y.flags ?? 0) & END()));
  const out: (string | number)[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const s = sorted[i]!;
    if ((s.flags ?? 0) & END()) continue;
    const endEl = sorted.slice(i + 1).find((e) => (e.flags ?? 0) & END());
    const lo = s.key!;
    let hi: Buffer;
    if (endEl) {
      hi = Buffer.from(endEl.key!);
      for (let k = hi.length - 1; k >= 0; k--) { if (hi[k]! > 0) { hi[k]!--; break; } hi[k] = 255; }
    } else hi = Buffer.alloc(lo.length, 255);
    out.push(rangeText(type, lo, hi));
  }
  return out;
}

function rangeText(type: SetKeyType, lo: Buffer, hi: Buffer): string | number {
  if (lo.equals(hi)) return text(type, lo);
  if (type === 'inet_service') return `${lo.readUInt16BE(0)}-${hi.readUInt16BE(0)}`;
  // A CIDR when lo..hi is exactly one prefix.
  const bits = lo.length * 8;
  let prefix = bits;
  while (prefix > 0) {
    const bit = prefix - 1;
    const m = 0x80 >> (bit & 7);
    if ((lo[bit >> 3]! & m) === 0 && (hi[bit >> 3]! & m) !== 0) prefix--;
    else break;
  }
  const same = (() => { for (let b = 0; b < prefix; b++) { const m = 0x80 >> (b & 7); if ((lo[b >> 3]! & m) !== (hi[b >> 3]! & m)) return false; } return true; })();
  if (same) return `${text(type, lo)}/${prefix}`;
  return `${text(type, lo)}-${text(type, hi)}`;
}
