// tc handles: 32 bits, major:minor in hex ('1:' = 0x10000, '1:10' = 0x10010, 'ffff:' = the
// ingress qdisc), and the special parents (TC_H_ROOT, TC_H_INGRESS, the clsact hooks).
import { native } from '../native.js';
import * as v from '../util/validate.js';

const k = native.constants;
export const TC_H_ROOT = k.TC_H_ROOT! >>> 0;
export const TC_H_INGRESS = k.TC_H_INGRESS! >>> 0;
/** clsact's ingress and egress hooks (parents of its filters). */
export const CLSACT_INGRESS = ((TC_H_INGRESS & 0xffff0000) | k.TC_H_MIN_INGRESS!) >>> 0;
export const CLSACT_EGRESS = ((TC_H_INGRESS & 0xffff0000) | k.TC_H_MIN_EGRESS!) >>> 0;

/** A qdisc/class handle or parent as tc writes it, or a number (the raw 32 bits). */
export type TcHandle = string | number;

const HEX = /^([0-9a-f]{1,4})?:([0-9a-f]{1,4})?$/i;

/**
 * 'root', 'ingress' | 'clsact' (TC_H_INGRESS; as a filter parent: clsact's ingress hook),
 * 'egress' (clsact's egress hook), 'none', 'maj:', 'maj:min' (hex), or a number.
 */
export function parse(value: unknown, what: string, as: 'qdisc' | 'filter' = 'qdisc'): number {
  if (typeof value === 'number') return v.uint(value, what);
  if (typeof value !== 'string') throw new TypeError(`${what} must be a tc handle like '1:' or '1:10', got ${v.describe(value)}`);
  const s = value.trim().toLowerCase();
  switch (s) {
    case 'root': return TC_H_ROOT;
    case 'none': return 0;
    case 'ingress': return as === 'filter' ? CLSACT_INGRESS : TC_H_INGRESS;
    case 'clsact': return TC_H_INGRESS;
    case 'egress':
      if (as === 'filter') return CLSACT_EGRESS;
      break;
    default: {
      const m = HEX.exec(s);
      if (m && (m[1] !== undefined || m[2] !== undefined)) {
        return ((parseInt(m[1] ?? '0', 16) << 16) | parseInt(m[2] ?? '0', 16)) >>> 0;
      }
    }
  }
  throw new RangeError(`${what}: cannot parse ${v.describe(value)} (use 'root', 'ingress', 'clsact', '1:' or '1:10')`);
}

/** 'maj:' when the minor is 0, else 'maj:min' (hex, as tc prints). */
export function format(h: number): string {
  const maj = (h >>> 16).toString(16);
  const min = h & 0xffff;
  return min === 0 ? `${maj}:` : `${maj}:${min.toString(16)}`;
}

/** A parent as listed: 'root', 'ingress' (the ingress/clsact attach point), or a handle. */
export function formatParent(h: number): string {
  if (h === TC_H_ROOT) return 'root';
  if (h === TC_H_INGRESS) return 'ingress';
  return format(h);
}
