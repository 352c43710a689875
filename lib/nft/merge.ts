// nft merges adjacent `payload == constant` matches into one load and one compare (nftables
// src/evaluate.c payload_try_merge): `udp sport 67 udp dport 68` is a 4-byte load at transport
// offset 0, `ether saddr X ether type ip` an 8-byte load at link offset 6. The kernel lists the
// merged form, so the compiler merges exactly as nft does and the decompiler splits a merged load
// back into its fields. Only == is merged here: nft also merges !=, which changes the meaning
// (`a != 1 b != 2` becomes `(a, b) != (1, 2)`); such rules stay in `unknown`.
import { CMP, LINK, NETWORK, REG_1, TRANSPORT } from './consts.js';
import type { Expr } from './types.js';

/** Whole header fields nft compares by value, per base: [offset, len] in bytes. */
const FIELDS: Record<number, [number, number][]> = {
  [LINK]: [[0, 6], [6, 6], [12, 2], [16, 2]],
  [TRANSPORT]: [[0, 2], [2, 2]],
};
const NET4: [number, number][] = [[8, 1], [9, 1], [12, 4], [16, 4]];
const NET6: [number, number][] = [[6, 1], [7, 1], [8, 16], [24, 16]];
const REG_BITS = 128; // NFT_REG_SIZE * 8: a merged value must fit one 16-byte register

function fieldsOf(base: number, l3: 4 | 6 | null): [number, number][] {
  if (base === NETWORK) return l3 === 4 ? NET4 : l3 === 6 ? NET6 : [];
  return FIELDS[base] ?? [];
}
const isField = (base: number, off: number, len: number, l3: 4 | 6 | null) => fieldsOf(base, l3).some(([o, l]) => o === off && l === len);

type Cand = { at: number; base: number; offset: number; len: number; data: Buffer };

/**
 * The match part of a rule with adjacent payload == value matches merged as nft merges them.
 * l3At(i) is the network protocol (4, 6 or null) known at expression i.
 */
export function mergePayloads(exprs: Expr[], l3At: (i: number) => 4 | 6 | null): Expr[] {
  const cands: Cand[] = [];
  for (let i = 0; i + 1 < exprs.length; i++) {
    const a = exprs[i]!, b = exprs[i + 1]!;
    if (a.name !== 'payload' || a.dreg !== REG_1 || a.raw?.length || a.base === undefined || a.offset === undefined || a.len === undefined) continue;
    if (b.name !== 'cmp' || b.sreg !== REG_1 || b.op !== CMP.eq || !b.data || b.data.length !== a.len) continue;
    if (!isField(a.base, a.offset, a.len, l3At(i))) continue;
    cands.push({ at: i, base: a.base, offset: a.offset, len: a.len, data: b.data });
  }
  if (cands.length < 2) return exprs;
  // nft sorts the run by offset and folds each into the last when adjacent and short enough.
  const sorted = [...cands].sort((x, y) => x.offset - y.offset);
  const drop = new Set<number>();
  const merged = new Map<number, Cand>();
  let last = { ...sorted[0]! };
  merged.set(last.at, last);
  for (const c of sorted.slice(1)) {
    const fits = c.base === last.base && last.offset + last.len === c.offset && ((last.offset * 8) % REG_BITS) + last.len * 8 + c.len * 8 <= REG_BITS;
    if (!fits) { last = { ...c }; merged.set(last.at, last); continue; }
    last.len += c.len;
    last.data = Buffer.concat([last.data, c.data]);
    drop.add(c.at);
  }
  const out: Expr[] = [];
  for (let i = 0; i < exprs.length; i++) {
    if (drop.has(i)) { i++; continue; }
    const m = merged.get(i);
    if (m && (m.len !== exprs[i]!.len)) {
      out.push({ ...exprs[i]!, len: m.len }, { ...exprs[i + 1]!, data: m.data });
      i++;
      continue;
    }
    out.push(exprs[i]!);
  }
  return out;
}

/**
 * A merged load (payload spanning two or more whole fields, then == value) as the unmerged pairs
 * it was made from, in offset order; null when it is not one.
 */
export function splitMerged(e: Expr | undefined, c: Expr | undefined, l3: 4 | 6 | null): Expr[] | null {
  if (!e || !c || e.name !== 'payload' || e.dreg !== REG_1 || e.raw?.length || e.base === undefined || e.offset === undefined || e.len === undefined) return null;
  if (c.name !== 'cmp' || c.sreg !== REG_1 || c.op !== CMP.eq || c.raw?.length || !c.data || c.data.length !== e.len) return null;
  const fields = fieldsOf(e.base, l3);
  if (fields.some(([o, l]) => o === e.offset && l === e.len)) return null; // a single field
  const out: Expr[] = [];
  let off = e.offset;
  while (off < e.offset + e.len) {
    const f = fields.find(([o]) => o === off);
    if (!f || off + f[1] > e.offset + e.len) return null;
    out.push({ name: 'payload', dreg: REG_1, base: e.base, offset: off, len: f[1] }, { name: 'cmp', sreg: REG_1, op: CMP.eq, data: c.data.subarray(off - e.offset, off - e.offset + f[1]) });
    off += f[1];
  }
  return out.length >= 4 ? out : null;
}
