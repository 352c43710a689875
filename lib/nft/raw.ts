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

const NLA_F_NESTED = 0x8000, NLA_TYPE_MASK = 0x3fff;
/** Netlink attributes as bytes (an expression nested in another's attribute, e.g. dynset's expr). */
export function encodeAttrs(attrs: RawAttr[]): Buffer {
  const parts: Buffer[] = [];
  for (const a of attrs) {
    const h = Buffer.alloc(4);
    h.writeUInt16LE(4 + a.data.length, 0);
    h.writeUInt16LE(a.type | (a.nested ? NLA_F_NESTED : 0), 2);
    parts.push(h, a.data, Buffer.alloc((4 - (a.data.length % 4)) % 4));
  }
  return Buffer.concat(parts);
}
/** Bytes as netlink attributes (the nested flag read into `nested`), or null when they do not parse. */
export function parseAttrs(b: Buffer): RawAttr[] | null {
  const out: RawAttr[] = [];
  let p = 0;
  while (p < b.length) {
    if (p + 4 > b.length) return null;
    const len = b.readUInt16LE(p), type = b.readUInt16LE(p + 2);
    if (len < 4 || p + len > b.length) return null;
    out.push({ type: type & NLA_TYPE_MASK, ...(type & NLA_F_NESTED ? { nested: true } : {}), data: b.subarray(p + 4, p + len) });
    p += (len + 3) & ~3;
  }
  return out;
}
/** An expression as NFTA_EXPR_NAME + NFTA_EXPR_DATA attributes (how a set or dynset carries one). */
export function exprAttrs(e: Expr, nameType: number, dataType: number): RawAttr[] {
  return [rawStr(nameType, e.name), { type: dataType, nested: true, data: encodeAttrs((e.raw ?? []) as RawAttr[]) }];
}
/** The expression inside NFTA_EXPR_NAME + NFTA_EXPR_DATA attributes, with its attributes raw; or null. */
export function exprOfAttrs(data: Buffer, nameType: number, dataType: number): Expr | null {
  const attrs = parseAttrs(data);
  if (!attrs || attrs.length !== 2 || attrs[0]!.type !== nameType || attrs[1]!.type !== dataType) return null;
  const name = strOf(attrs[0]);
  const raw = parseAttrs(attrs[1]!.data);
  return name && raw ? { name, raw } : null;
}
