// Shared readers for decompile: expression predicates, relation values, and the selector loads
// that make a (concatenated) key for a lookup, vmap or dynset.
import { CMP, META, NETWORK, PROTOCOLS, REG_1, TRANSPORT, K } from './consts.js';
import { be32Of, rawMap } from './raw.js';
import { regOfWord } from './values.js';
import type { Expr, VmapKey } from './types.js';

export const nameOf = <T extends string>(table: Record<T, number>, n: number | undefined): T | undefined =>
  n === undefined ? undefined : (Object.keys(table) as T[]).find((p) => table[p] === n);
export const protoName = (n: number | undefined) => nameOf(PROTOCOLS, n);

export type Cmp = Expr & { data: Buffer; op: number };
export const isCmp = (e: Expr | undefined): e is Cmp => e !== undefined && e.name === 'cmp' && e.sreg === REG_1 && e.op !== undefined && Buffer.isBuffer(e.data) && !e.raw?.length;
export const isLoad = (e: Expr | undefined, name: string, key?: number): boolean =>
  e !== undefined && e.name === name && e.dreg === REG_1 && (key === undefined || e.key === key) && e.dir === undefined && !e.raw?.length;
export const isMaskBitwise = (e: Expr | undefined, len: number): e is Expr & { mask: Buffer; xor: Buffer } =>
  e !== undefined && e.name === 'bitwise' && e.sreg === REG_1 && e.dreg === REG_1 && e.len === len && !!e.mask && !!e.xor && e.xor.every((x) => x === 0) && !e.op;
export const OPS: Record<number, 'eq' | 'neq' | 'lt' | 'gt' | 'lte' | 'gte'> = { [CMP.eq]: 'eq', [CMP.neq]: 'neq', [CMP.lt]: 'lt', [CMP.gt]: 'gt', [CMP.lte]: 'lte', [CMP.gte]: 'gte' };
/** value → typed relation: x, { not: x }, { lt: x } … */
export function rel<T>(op: number, x: T): unknown {
  const o = OPS[op];
  if (o === undefined) return undefined;
  return o === 'eq' ? x : o === 'neq' ? { not: x } : { [o]: x };
}

export interface Piece { key: string; value: unknown; n: number; l3?: 4 | 6 }

/** A network-order value after its load: set lookup, cmp, range (gte+lte), range neq. */
export function netValue(exprs: Expr[], i: number, len: number, dec: (b: Buffer) => unknown, sets: boolean): { value: unknown; n: number } | null {
  const a = exprs[i], b = exprs[i + 1];
  if (sets && a?.name === 'lookup' && a.sreg === REG_1 && a.set && a.dreg === undefined && !a.raw?.length) {
    const f = a.flags ?? 0;
    if (f !== 0 && f !== K.NFT_LOOKUP_F_INV) return null;
    return { value: f ? { not: `@${a.set}` } : `@${a.set}`, n: 1 };
  }
  if (len < 0) return null;
  if (a?.name === 'range' && a.sreg === REG_1 && a.op === K.NFT_RANGE_NEQ && a.data?.length === len && a.dataTo?.length === len && !a.raw?.length) {
    return { value: { not: [dec(a.data), dec(a.dataTo)] }, n: 1 };
  }
  if (isCmp(a) && a.data.length === len) {
    if (a.op === CMP.gte && isCmp(b) && b.op === CMP.lte && b.data.length === len) return { value: [dec(a.data), dec(b.data)], n: 2 };
    const value = rel(a.op, dec(a.data));
    return value === undefined ? null : { value, n: 1 };
  }
  return null;
}

export function prefixLen(mask: Buffer): number | null {
  let p = 0;
  while (p < mask.length * 8 && (mask[p >> 3]! & (0x80 >> (p & 7)))) p++;
  for (let q = p; q < mask.length * 8; q++) if (mask[q >> 3]! & (0x80 >> (q & 7))) return null;
  return p;
}

export const macText = (b: Buffer) => [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
export const eqOrNeq = (c: Cmp) => c.op === CMP.eq || c.op === CMP.neq;

export const VMAP_KEYS: VmapKey[] = ['ip saddr', 'ip daddr', 'ip6 saddr', 'ip6 daddr', 'meta l4proto', 'th dport', 'th sport', 'meta mark', 'ct mark', 'iifname', 'oifname'];

/** The selector a key load expression reads (its register is checked by the caller). */
export function vmapKeyOf(e: Expr): VmapKey | { numgen: { mod: number; offset?: number; random?: boolean } } | null {
  if (e.name === 'numgen') {
    const m = rawMap(e);
    if (!m || m.size !== 4) return null;
    const mod = be32Of(m.get(K.NFTA_NG_MODULUS!)), type = be32Of(m.get(K.NFTA_NG_TYPE!)), offset = be32Of(m.get(K.NFTA_NG_OFFSET!));
    if (mod === undefined || offset === undefined || (type !== K.NFT_NG_RANDOM && type !== K.NFT_NG_INCREMENTAL)) return null;
    return { numgen: { mod, ...(offset ? { offset } : {}), ...(type === K.NFT_NG_INCREMENTAL ? { random: false } : {}) } };
  }
  if (e.raw?.length) return null;
  if (e.name === 'payload' && e.base === NETWORK) {
    const k = ({ '12/4': 'ip saddr', '16/4': 'ip daddr', '8/16': 'ip6 saddr', '24/16': 'ip6 daddr' } as Record<string, VmapKey>)[`${e.offset}/${e.len}`];
    return k ?? null;
  }
  if (e.name === 'payload' && e.base === TRANSPORT && e.len === 2) return e.offset === 2 ? 'th dport' : e.offset === 0 ? 'th sport' : null;
  if (e.name === 'meta' && e.sreg === undefined) return e.key === META.l4proto ? 'meta l4proto' : e.key === META.mark ? 'meta mark' : e.key === META.iifname ? 'iifname' : e.key === META.oifname ? 'oifname' : null;
  if (e.name === 'ct' && e.key === K.NFT_CT_MARK && e.dir === undefined && e.sreg === undefined) return 'ct mark';
  void VMAP_KEYS;
  return null;
}

/** Selector loads from i: reg 1 first, then consecutive 32-bit registers (a concatenation). */
export function keyLoadsAt(exprs: Expr[], i: number): { keys: NonNullable<ReturnType<typeof vmapKeyOf>>[]; end: number } | null {
  let j = i, word = 0;
  const keys: NonNullable<ReturnType<typeof vmapKeyOf>>[] = [];
  while (j < exprs.length) {
    const x = exprs[j]!;
    const reg = x.name === 'numgen' ? be32Of(rawMap(x)?.get(K.NFTA_NG_DREG!)) : x.dreg;
    const want = regOfWord(word, REG_1, K.NFT_REG32_00!);
    const k = reg === want ? vmapKeyOf(x) : null;
    if (!k) break;
    keys.push(k);
    word += Math.ceil(({ 'ip6 saddr': 16, 'ip6 daddr': 16, iifname: 16, oifname: 16 } as Record<string, number>)[k as string] ?? 4) / 4;
    j++;
  }
  return keys.length ? { keys, end: j } : null;
}

/** dynset's per-element expression: ct count or limit as DynsetSpec fields ({} when there is none, null when unnamed). */
