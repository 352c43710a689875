// Expressions the addon has no C++ file for (fib, numgen, limit, log, reject, objref, notrack, …)
// travel as raw attributes (native/nft/expr/expr.h). These helpers build and read them. Order
// within an expression is not meaningful to the kernel; we build in nft's (libnftnl's) order so the
// bytes equal what nft sends, and compare sorted by type (lib/nft/exact.ts).
import type { Expr } from './types.js';

export type RawAttr = { type: number; nested?: boolean; data: Buffer };

export const rawBe32 = (type: number, n: number): RawAttr => { const b = Buffer.alloc(4); b.writeUInt32BE(n >>> 0); return { type, data: b }; };
export const rawBe64 = (type: number, n: number | bigint): RawAttr => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return { type, data: b }; };
export const rawU8 = (type: number, n: number): RawAttr => ({ type, data: Buffer.from([n]) });
export const rawStr = (type: number, s: string): RawAttr => ({ type, data: Buffer.concat([Buffer.from(s), Buffer.alloc(1)]) });

/** The attribute map of a raw expression, or null when an attribute repeats (not something we name). */
export function rawMap(e: Expr): Map<number, RawAttr> | null {
  const m = new Map<number, RawAttr>();
  for (const a of e.raw ?? []) {
    if (m.has(a.type)) return null;
    m.set(a.type, a as RawAttr);
  }
  return m;
}
export function be32Of(a: RawAttr | undefined): number | undefined {
  return a && !a.nested && a.data.length === 4 ? a.data.readUInt32BE(0) : undefined;
}
export function be64Of(a: RawAttr | undefined): number | undefined {
  if (!a || a.nested || a.data.length !== 8) return undefined;
  const v = a.data.readBigUInt64BE(0);
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : undefined;
}
/** A NUL-terminated string attribute (nothing after the NUL). */
export function strOf(a: RawAttr | undefined): string | undefined {
  if (!a || a.nested || a.data.length === 0 || a.data[a.data.length - 1] !== 0) return undefined;
  const s = a.data.subarray(0, -1);
  return s.includes(0) ? undefined : s.toString('utf8');
}
/** Only these attribute types are present (anything else: not named). */
export function onlyTypes(m: Map<number, RawAttr>, allowed: number[]): boolean {
  for (const t of m.keys()) if (!allowed.includes(t)) return false;
  return true;
}
export function be16Of(a: RawAttr | undefined): number | undefined {
  return a && !a.nested && a.data.length === 2 ? a.data.readUInt16BE(0) : undefined;
}
