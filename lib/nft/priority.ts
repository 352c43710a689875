// Chain priority names as nft uses them (nftables src/rule.c: std_prios, bridge_std_prios,
// std_prio_family_hook_compat): `priority filter` is 0 in ip/ip6/inet/arp/netdev tables but -200
// in bridge tables; nft prints a name only where it is standard for the family and hook (dstnat at
// prerouting, srcnat at postrouting, …), and a priority within 10 of it as `dstnat + 10`.
import * as v from '../util/validate.js';
import type { Hook, NftFamily, PriorityName } from './types.js';

const STD: Partial<Record<PriorityName, number>> = { raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100 };
const BRIDGE: Partial<Record<PriorityName, number>> = { dstnat: -300, filter: -200, out: 100, srcnat: 300 };
const MAX_OFFSET = 10;

const table = (family: NftFamily) => (family === 'bridge' ? BRIDGE : STD);

/** Whether nft prints this name for a chain of this family and hook. */
function standardAt(family: NftFamily, hook: Hook | undefined, n: PriorityName): boolean {
  if (family === 'bridge') return n === 'filter' || (n === 'dstnat' && hook === 'prerouting') || (n === 'out' && hook === 'output') || (n === 'srcnat' && hook === 'postrouting');
  const ipLike = family === 'ip' || family === 'ip6' || family === 'inet';
  if (n === 'filter') return ipLike || family === 'arp' || family === 'netdev';
  if (n === 'dstnat') return ipLike && hook === 'prerouting';
  if (n === 'srcnat') return ipLike && hook === 'postrouting';
  return ipLike && (n === 'raw' || n === 'mangle' || n === 'security');
}

/** `filter`, `dstnat + 10`, `mangle - 5` as nft prints a chain's priority; undefined when nft prints a number. */
export function priorityText(family: NftFamily, hook: Hook | undefined, prio: number): string | undefined {
  for (const [n, val] of Object.entries(table(family)) as [PriorityName, number][]) {
    if (!standardAt(family, hook, n)) continue;
    const off = prio - val;
    if (off === 0) return n;
    if (Math.abs(off) <= MAX_OFFSET) return `${n} ${off > 0 ? '+' : '-'} ${Math.abs(off)}`;
  }
  return undefined;
}

/** A priority given as a number, a name or `name + N` / `name - N` (nft's syntax), as a number for this family. */
export function priorityValue(family: NftFamily, p: unknown): number {
  if (p === undefined) return 0;
  if (typeof p === 'string') {
    const m = /^([a-z]+)(?:\s*([+-])\s*(\d+))?$/.exec(p);
    const names = table(family);
    const base = m ? names[m[1] as PriorityName] : undefined;
    if (!m || base === undefined) throw new RangeError(`chain priority "${p}" is not one of ${Object.keys(names).join(', ')} (optionally "+ N" / "- N") for a ${family} table`);
    return base + (m[2] ? (m[2] === '+' ? 1 : -1) * Number(m[3]) : 0);
  }
  if (typeof p !== 'number' || !Number.isInteger(p) || p < -0x80000000 || p > 0x7fffffff) throw new RangeError(`chain priority must be an integer or a name like "srcnat", got ${v.describe(p)}`);
  return p;
}
