// nf_tables expressions → the typed match/statements/action they were built from (the inverse of
// compile.ts). Rule zero: a listing is never wrong. The pattern readers below propose a typed form;
// it is accepted only if compiling it gives back exactly the kernel's expressions (exact.ts).
// Otherwise the typed part shrinks (a prefix of the match, a suffix of statements/action) and the
// rest stays raw in `unknown`, in order — never an approximation.
import { ADDR, CMP, CT_STATES, CT_STATUS, FIB_TYPES, ICMP_TYPES, ICMPV6_TYPES, TCP_FLAGS, LIMIT_UNITS, LOG_LEVELS, META, NAT_FLAGS, NETWORK, PKT_TYPES, PORT_PROTOCOLS, PROTOCOLS, REG_1, REG_VERDICT, REJECT_CODES, TRANSPORT, VERDICT, K } from './consts.js';
import { compileRule } from './compile.js';
import { OK } from './objconsts.js'; // nft named objects
import { sameExprs } from './exact.js';
import { be16Of, be32Of, be64Of, rawMap, strOf } from './raw.js';
import type { Action, Expr, L4Protocol, Match, NatFlags, NftFamily, PortSpec, Statement, VmapKey } from './types.js';

export { ipText } from './iptext.js';
import { ipText } from './iptext.js';

const nameOf = <T extends string>(table: Record<T, number>, n: number | undefined): T | undefined =>
  n === undefined ? undefined : (Object.keys(table) as T[]).find((p) => table[p] === n);
const protoName = (n: number | undefined) => nameOf(PROTOCOLS, n);

type Cmp = Expr & { data: Buffer; op: number };
const isCmp = (e: Expr | undefined): e is Cmp => e !== undefined && e.name === 'cmp' && e.sreg === REG_1 && e.op !== undefined && Buffer.isBuffer(e.data) && !e.raw?.length;
const isLoad = (e: Expr | undefined, name: string, key?: number): boolean =>
  e !== undefined && e.name === name && e.dreg === REG_1 && (key === undefined || e.key === key) && e.dir === undefined && !e.raw?.length;
const isMaskBitwise = (e: Expr | undefined, len: number): e is Expr & { mask: Buffer; xor: Buffer } =>
  e !== undefined && e.name === 'bitwise' && e.sreg === REG_1 && e.dreg === REG_1 && e.len === len && !!e.mask && !!e.xor && e.xor.every((x) => x === 0) && !e.op;
const OPS: Record<number, 'eq' | 'neq' | 'lt' | 'gt' | 'lte' | 'gte'> = { [CMP.eq]: 'eq', [CMP.neq]: 'neq', [CMP.lt]: 'lt', [CMP.gt]: 'gt', [CMP.lte]: 'lte', [CMP.gte]: 'gte' };
/** value → typed relation: x, { not: x }, { lt: x } … */
function rel<T>(op: number, x: T): unknown {
  const o = OPS[op];
  if (o === undefined) return undefined;
  return o === 'eq' ? x : o === 'neq' ? { not: x } : { [o]: x };
}

interface Piece { key: string; value: unknown; n: number; l3?: 4 | 6 }

/** A network-order value after its load: set lookup, cmp, range (gte+lte), range neq. */
function netValue(exprs: Expr[], i: number, len: number, dec: (b: Buffer) => unknown, sets: boolean): { value: unknown; n: number } | null {
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

function prefixLen(mask: Buffer): number | null {
  let p = 0;
  while (p < mask.length * 8 && (mask[p >> 3]! & (0x80 >> (p & 7)))) p++;
  for (let q = p; q < mask.length * 8; q++) if (mask[q >> 3]! & (0x80 >> (q & 7))) return null;
  return p;
}

function matchPiece(family: NftFamily, exprs: Expr[], i: number, l3: 4 | 6 | null, protocol: L4Protocol | undefined): Piece | null {
  const e = exprs[i]!, n1 = exprs[i + 1], n2 = exprs[i + 2];
  // meta nfproto: a dependency when the next piece needs it, else an explicit key.
  if (isLoad(e, 'meta', META.nfproto) && isCmp(n1) && n1.op === CMP.eq && n1.data.length === 1) {
    const f = n1.data[0] === ADDR[4].nfproto ? 4 : n1.data[0] === ADDR[6].nfproto ? 6 : null;
    if (f === null) return null;
    const next = family === 'inet' && i + 2 < exprs.length ? matchPiece(family, exprs, i + 2, f, protocol) : null;
    if (next?.l3 === f) return { ...next, n: next.n + 2 };
    return { key: 'nfproto', value: f === 4 ? 'ipv4' : 'ipv6', n: 2 };
  }
  // A concatenation looked up in a set: ip saddr . meta l4proto . th dport @flows.
  {
    const kl = keyLoadsAt(exprs, i);
    const lk = kl ? exprs[kl.end] : undefined;
    if (kl && kl.keys.length > 1 && lk?.name === 'lookup' && lk.sreg === REG_1 && lk.dreg === undefined) {
      const r = netValue(exprs, kl.end, -1, () => null, true);
      if (r) return { key: 'concat', value: { key: kl.keys, set: r.value }, n: kl.end - i + r.n };
    }
  }
  if (isLoad(e, 'payload') && e.base === NETWORK && l3 !== null) {
    const a = ADDR[l3];
    const field = e.offset === a.saddr ? 'saddr' : e.offset === a.daddr ? 'daddr' : null;
    if (field && e.len !== undefined && e.len >= 1 && e.len <= a.len) {
      if (n1?.name === 'lookup') {
        const r = netValue(exprs, i + 1, a.len, () => null, true);
        if (!r || e.len !== a.len) return null;
        const key = family === 'inet' && l3 === 6 ? `${field}6` : field;
        return { key, value: r.value, n: 1 + r.n, l3 };
      }
      if (isMaskBitwise(n1, a.len) && isCmp(n2) && (n2.op === CMP.eq || n2.op === CMP.neq) && e.len === a.len && n2.data.length === a.len) {
        const p = prefixLen(n1.mask);
        if (p === null) return null;
        const text = `${ipText(n2.data)}/${p}`;
        return { key: field, value: n2.op === CMP.eq ? text : { not: text }, n: 3, l3 };
      }
      if (isCmp(n1) && (n1.op === CMP.eq || n1.op === CMP.neq) && n1.data.length === e.len) {
        const full = Buffer.alloc(a.len);
        n1.data.copy(full);
        const text = e.len === a.len ? ipText(full) : `${ipText(full)}/${e.len * 8}`;
        return { key: field, value: n1.op === CMP.eq ? text : { not: text }, n: 2, l3 };
      }
      return null;
    }
    const byteKey = e.len === 1 ? (l3 === 4 ? { 9: 'ipProtocol', 8: 'ttl' } : { 6: 'nexthdr', 7: 'hoplimit' } as Record<number, string>)[e.offset!] : undefined;
    if (byteKey) {
      const proto = byteKey === 'ipProtocol' || byteKey === 'nexthdr';
      const r = netValue(exprs, i + 1, 1, (b) => (proto ? protoName(b[0]) : b[0]), false);
      if (!r || (proto && (Array.isArray(r.value) || r.value === undefined || (typeof r.value === 'object' && Object.values(r.value as object).some((x) => x === undefined))))) return null;
      return { key: byteKey, value: r.value, n: 1 + r.n, l3 };
    }
    return null;
  }
  if (isLoad(e, 'payload') && e.base === TRANSPORT && e.len === 1 && e.offset === 13 && protocol === 'tcp') {
    const names = (b: number) => Object.keys(TCP_FLAGS).filter((f) => b & TCP_FLAGS[f]!);
    if (isMaskBitwise(n1, 1) && isCmp(n2) && (n2.op === CMP.eq || n2.op === CMP.neq) && n2.data.length === 1) {
      const val = names(n2.data[0]!);
      return { key: 'tcpFlags', value: { and: names(n1.mask[0]!), value: n2.op === CMP.eq ? val : { not: val } }, n: 3 };
    }
    if (isCmp(n1) && (n1.op === CMP.eq || n1.op === CMP.neq) && n1.data.length === 1) {
      const val = names(n1.data[0]!);
      return { key: 'tcpFlags', value: n1.op === CMP.eq ? val : { not: val }, n: 2 };
    }
    return null;
  }
  if (isLoad(e, 'payload') && e.base === TRANSPORT && e.len === 1 && e.offset === 0 && (protocol === 'icmp' || protocol === 'icmpv6')) {
    const names = protocol === 'icmp' ? ICMP_TYPES : ICMPV6_TYPES;
    const r = netValue(exprs, i + 1, 1, (b) => nameOf(names, b[0]) ?? b[0], true);
    if (!r || Array.isArray(r.value) || (typeof r.value === 'object' && r.value !== null && !('not' in r.value))) return null;
    return { key: protocol === 'icmp' ? 'icmpType' : 'icmpv6Type', value: r.value, n: 1 + r.n };
  }
  if (isLoad(e, 'payload') && e.base === TRANSPORT && e.len === 2 && (e.offset === 0 || e.offset === 2)) {
    const r = netValue(exprs, i + 1, 2, (b) => b.readUInt16BE(0), true);
    if (!r) return null;
    const th = protocol === undefined || !PORT_PROTOCOLS.has(protocol);
    const key = (th ? (e.offset === 0 ? 'thSport' : 'thDport') : (e.offset === 0 ? 'sport' : 'dport'));
    return { key, value: r.value, n: 1 + r.n };
  }
  if (isLoad(e, 'meta') && n1?.name === 'lookup' && (e.key === META.l4proto || e.key === META.iifname || e.key === META.oifname || e.key === META.mark)) {
    const r = netValue(exprs, i + 1, -1, () => null, true);
    if (!r) return null;
    const key = e.key === META.l4proto ? 'protocol' : e.key === META.iifname ? 'iifname' : e.key === META.oifname ? 'oifname' : 'mark';
    return { key, value: r.value, n: 1 + r.n };
  }
  if (e.name === 'meta' && isLoad(e, 'meta') && isCmp(n1)) {
    const d = n1.data;
    const eqNeq = n1.op === CMP.eq || n1.op === CMP.neq;
    const wrap = (x: unknown) => (n1.op === CMP.eq ? x : { not: x });
    if ((e.key === META.iifname || e.key === META.oifname) && eqNeq) {
      const nul = d.indexOf(0);
      const name = nul >= 0 ? d.toString('utf8', 0, nul) : `${d.toString('utf8')}*`;
      return { key: e.key === META.iifname ? 'iifname' : 'oifname', value: wrap(name), n: 2 };
    }
    if (e.key === META.l4proto && n1.op === CMP.eq && d.length === 1 && protoName(d[0])) return { key: 'protocol', value: protoName(d[0]), n: 2 };
    if (e.key === META.mark && eqNeq && d.length === 4) return { key: 'mark', value: wrap(d.readUInt32LE(0)), n: 2 };
    const hostKey = nameOf({ iif: K.NFT_META_IIF!, oif: K.NFT_META_OIF!, skuid: K.NFT_META_SKUID!, skgid: K.NFT_META_SKGID! }, e.key);
    if (hostKey && eqNeq && d.length === 4) return { key: hostKey, value: wrap(d.readUInt32LE(0)), n: 2 };
    if (e.key === K.NFT_META_PKTTYPE && eqNeq && d.length === 1 && nameOf(PKT_TYPES, d[0])) return { key: 'pkttype', value: wrap(nameOf(PKT_TYPES, d[0])), n: 2 };
    return null;
  }
  if ((isLoad(e, 'meta', META.mark) || isLoad(e, 'ct', K.NFT_CT_MARK)) && isMaskBitwise(n1, 4) && isCmp(n2) && (n2.op === CMP.eq || n2.op === CMP.neq) && n2.data.length === 4) {
    const x = n2.data.readUInt32LE(0);
    return { key: e.name === 'ct' ? 'ctMark' : 'mark', value: { and: n1.mask.readUInt32LE(0), value: n2.op === CMP.eq ? x : { not: x } }, n: 3 };
  }
  if (e.name === 'ct' && isLoad(e, 'ct')) {
    if ((e.key === K.NFT_CT_STATE || e.key === K.NFT_CT_STATUS) && isMaskBitwise(n1, 4) && isCmp(n2) && n2.op === CMP.neq && n2.data.length === 4 && n2.data.every((b) => b === 0)) {
      const names: Record<string, number> = e.key === K.NFT_CT_STATE ? CT_STATES : CT_STATUS;
      const bits = n1.mask.readUInt32LE(0);
      const list = Object.keys(names).filter((s) => bits & names[s]!);
      if (list.reduce((m, s) => m | names[s]!, 0) !== bits || list.length === 0) return null;
      return { key: e.key === K.NFT_CT_STATE ? 'ctState' : 'ctStatus', value: list, n: 3 };
    }
    if (!isCmp(n1) || (n1.op !== CMP.eq && n1.op !== CMP.neq)) return null;
    const wrap = (x: unknown) => (n1.op === CMP.eq ? x : { not: x });
    if (e.key === K.NFT_CT_MARK && n1.data.length === 4) return { key: 'ctMark', value: wrap(n1.data.readUInt32LE(0)), n: 2 };
    if (e.key === K.NFT_CT_ZONE && n1.data.length === 2) return { key: 'ctZone', value: wrap(n1.data.readUInt16LE(0)), n: 2 };
    if (e.key === K.NFT_CT_DIRECTION && n1.op === CMP.eq && n1.data.length === 1 && n1.data[0]! <= 1) return { key: 'ctDirection', value: n1.data[0] ? 'reply' : 'original', n: 2 };
    return null;
  }
  if (e.name === 'fib' && isCmp(n1)) {
    const m = rawMap(e);
    if (!m || m.size !== 3 || be32Of(m.get(K.NFTA_FIB_DREG!)) !== REG_1) return null;
    const result = be32Of(m.get(K.NFTA_FIB_RESULT!)), flags = be32Of(m.get(K.NFTA_FIB_FLAGS!));
    if (result === K.NFT_FIB_RESULT_ADDRTYPE && flags === K.NFTA_FIB_F_DADDR && n1.data.length === 4 && (n1.op === CMP.eq || n1.op === CMP.neq)) {
      const t = nameOf(FIB_TYPES, n1.data.readUInt32LE(0));
      if (t) return { key: 'fibDaddrType', value: n1.op === CMP.eq ? t : { not: t }, n: 2 };
    }
    if (result === K.NFT_FIB_RESULT_OIF && flags === (K.NFTA_FIB_F_SADDR! | K.NFTA_FIB_F_IIF! | K.NFTA_FIB_F_PRESENT!) && n1.op === CMP.eq && n1.data.length === 4 && n1.data.readUInt32LE(0) <= 1) {
      return { key: 'fibSaddrIifOifMissing', value: n1.data.readUInt32LE(0) === 0, n: 2 };
    }
  }
  return null;
}

/** Match pieces from the start of the rule, as long as they are recognised (each key once). */
function matchPieces(family: NftFamily, exprs: Expr[]): { key: string; value: unknown; end: number }[] {
  const out: { key: string; value: unknown; end: number }[] = [];
  const seen = new Set<string>();
  let i = 0;
  let l3: 4 | 6 | null = family === 'ip' ? 4 : family === 'ip6' ? 6 : null;
  let protocol: L4Protocol | undefined;
  while (i < exprs.length) {
    const p = matchPiece(family, exprs, i, l3, protocol);
    if (!p) break;
    if (p.l3 !== undefined) l3 = p.l3; // the inet dependency holds for the rest of the rule
    if (p.key === 'nfproto') l3 = p.value === 'ipv4' ? 4 : 6;
    if (p.key === 'protocol') protocol = p.value as L4Protocol;
    i += p.n;
    if (seen.has(p.key)) {
      // The same key again right after itself (ip daddr != a ip daddr != b): { all: [a, b] }.
      const prev = out[out.length - 1];
      if (!prev || prev.key !== p.key) break;
      const cur = prev.value as { all?: unknown[] };
      prev.value = typeof cur === 'object' && cur !== null && Array.isArray(cur.all) && Object.keys(cur).length === 1 ? { all: [...cur.all, p.value] } : { all: [cur, p.value] };
      prev.end = i;
      continue;
    }
    seen.add(p.key);
    out.push({ key: p.key, value: p.value, end: i });
  }
  return out;
}

// ---- statements and actions (the tail of a rule) ----

function natFlagsOf(flags: number | undefined): NatFlags {
  const o: NatFlags = {};
  if (!flags) return o;
  if (flags & NAT_FLAGS.random) o.random = true;
  if (flags & NAT_FLAGS.fullyRandom) o.fullyRandom = true;
  if (flags & NAT_FLAGS.persistent) o.persistent = true;
  return o;
}

function natAction(e: Expr | undefined, regs: Map<number, Buffer>): Action | undefined {
  if (!e || e.raw?.length) return undefined;
  const reg = (r: number | undefined): Buffer | undefined => (r === undefined ? undefined : regs.get(r));
  // The kernel reports max = min register when only min was given: that is a single value.
  const maxReg = (min: number | undefined, max: number | undefined) => (max === min ? undefined : max);
  for (const r of [e.regAddrMin, e.regAddrMax, e.regProtoMin, e.regProtoMax]) if (r !== undefined && !regs.has(r)) return undefined;
  const lo = reg(e.regProtoMin), hi = reg(maxReg(e.regProtoMin, e.regProtoMax));
  if ((lo && lo.length !== 2) || (hi && hi.length !== 2)) return undefined;
  const port: PortSpec | undefined = lo ? (hi ? [lo.readUInt16BE(0), hi.readUInt16BE(0)] : lo.readUInt16BE(0)) : undefined;
  const flags = natFlagsOf(e.flags);
  if (e.name === 'masq' || e.name === 'redir') {
    if (e.regAddrMin !== undefined) return undefined;
    const o = { ...flags, ...(port !== undefined ? { port } : {}) };
    return e.name === 'masq' ? { masquerade: o } : { redirect: o };
  }
  if (e.name === 'nat' && e.regAddrMin !== undefined) {
    const a = reg(e.regAddrMin)!, b = reg(maxReg(e.regAddrMin, e.regAddrMax));
    if ((a.length !== 4 && a.length !== 16) || (b && b.length !== a.length)) return undefined;
    const addr: string | [string, string] = b ? [ipText(a), ipText(b)] : ipText(a);
    const o = { addr, ...(port !== undefined ? { port } : {}), ...flags };
    if (e.natType === K.NFT_NAT_SNAT) return { snat: o };
    if (e.natType === K.NFT_NAT_DNAT) return { dnat: o };
  }
  return undefined;
}

const VMAP_KEYS: VmapKey[] = ['ip saddr', 'ip daddr', 'ip6 saddr', 'ip6 daddr', 'meta l4proto', 'th dport', 'th sport', 'meta mark', 'ct mark', 'iifname', 'oifname'];

/** The selector a key load expression reads (its register is checked by the caller). */
function vmapKeyOf(e: Expr): VmapKey | { numgen: { mod: number; offset?: number; random?: boolean } } | null {
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
function keyLoadsAt(exprs: Expr[], i: number): { keys: NonNullable<ReturnType<typeof vmapKeyOf>>[]; end: number } | null {
  let j = i, word = 0;
  const keys: NonNullable<ReturnType<typeof vmapKeyOf>>[] = [];
  while (j < exprs.length) {
    const x = exprs[j]!;
    const reg = x.name === 'numgen' ? be32Of(rawMap(x)?.get(K.NFTA_NG_DREG!)) : x.dreg;
    const want = keys.length === 0 ? REG_1 : K.NFT_REG32_00! + word;
    const k = reg === want ? vmapKeyOf(x) : null;
    if (!k) break;
    keys.push(k);
    word += Math.ceil(({ 'ip6 saddr': 16, 'ip6 daddr': 16, iifname: 16, oifname: 16 } as Record<string, number>)[k as string] ?? 4) / 4;
    j++;
  }
  return keys.length ? { keys, end: j } : null;
}

type TailItem = { stmt: Statement } | { counter: true; packets?: number; bytes?: number } | { action: Action };

/** One statement/counter/action at i, or null. */
function tailItem(family: NftFamily, exprs: Expr[], i: number): { item: TailItem; n: number } | null {
  const e = exprs[i]!, n1 = exprs[i + 1], n2 = exprs[i + 2];
  const last = (k: number) => i + k === exprs.length;
  if (e.name === 'counter' && !e.raw?.length) return { item: { counter: true, packets: e.packets ?? 0, bytes: e.bytes ?? 0 }, n: 1 };
  if (e.name === 'notrack' && !e.raw?.length) return { item: { stmt: { notrack: true } }, n: 1 };
  if (e.name === 'immediate' && e.dreg === REG_VERDICT && e.verdict !== undefined && !e.data && !e.raw?.length && last(1)) {
    const vd = e.verdict;
    const a: Action | undefined = vd === VERDICT.accept ? 'accept' : vd === VERDICT.drop ? 'drop' : vd === VERDICT.return ? 'return'
      : vd === VERDICT.jump && e.chain ? { jump: e.chain } : vd === VERDICT.goto && e.chain ? { goto: e.chain } : undefined;
    return a === undefined ? null : { item: { action: a }, n: 1 };
  }
  // meta/ct mark set: immediate or (load [bitwise]) into reg 1, then the set.
  const setOf = (x: Expr | undefined): 'setMark' | 'setCtMark' | null =>
    x && x.sreg === REG_1 && x.dreg === undefined && !x.raw?.length && x.dir === undefined
      ? (x.name === 'meta' && x.key === META.mark ? 'setMark' : x.name === 'ct' && x.key === K.NFT_CT_MARK ? 'setCtMark' : null) : null;
  if (e.name === 'immediate' && e.dreg === REG_1 && e.data?.length === 2 && e.verdict === undefined && !e.raw?.length && n1?.name === 'ct' &&
      n1.key === K.NFT_CT_ZONE && n1.sreg === REG_1 && n1.dreg === undefined && n1.dir === undefined && !n1.raw?.length) {
    return { item: { stmt: { setCtZone: e.data.readUInt16LE(0) } }, n: 2 };
  }
  if (e.name === 'immediate' && e.dreg === REG_1 && e.data?.length === 2 && e.verdict === undefined && !e.raw?.length && n1?.name === 'exthdr') {
    const xm = rawMap(n1);
    const ok = xm && be32Of(xm.get(K.NFTA_EXTHDR_SREG!)) === REG_1 && xm.get(K.NFTA_EXTHDR_TYPE!)?.data.equals(Buffer.from([2])) &&
      be32Of(xm.get(K.NFTA_EXTHDR_OFFSET!)) === 2 && be32Of(xm.get(K.NFTA_EXTHDR_LEN!)) === 2 && be32Of(xm.get(K.NFTA_EXTHDR_OP!)) === K.NFT_EXTHDR_OP_TCPOPT &&
      [...xm.keys()].every((t) => [K.NFTA_EXTHDR_SREG, K.NFTA_EXTHDR_TYPE, K.NFTA_EXTHDR_OFFSET, K.NFTA_EXTHDR_LEN, K.NFTA_EXTHDR_OP, K.NFTA_EXTHDR_FLAGS].includes(t)) &&
      (!xm.has(K.NFTA_EXTHDR_FLAGS!) || be32Of(xm.get(K.NFTA_EXTHDR_FLAGS!)) === 0);
    if (ok) return { item: { stmt: { setTcpMss: e.data.readUInt16BE(0) } }, n: 2 };
  }
  if (e.name === 'immediate' && e.dreg === REG_1 && e.data?.length === 4 && e.verdict === undefined && !e.raw?.length && setOf(n1)) {
    return { item: { stmt: { [setOf(n1)!]: e.data.readUInt32LE(0) } as Statement }, n: 2 };
  }
  if (isLoad(e, 'meta', META.mark) || isLoad(e, 'ct', K.NFT_CT_MARK)) {
    const from = e.name === 'meta' ? 'mark' : 'ctMark';
    if (setOf(n1)) return { item: { stmt: { [setOf(n1)!]: { from } } as Statement }, n: 2 };
    if (n1?.name === 'bitwise' && n1.sreg === REG_1 && n1.dreg === REG_1 && n1.len === 4 && n1.mask && n1.xor && !n1.op && setOf(n2)) {
      const mask = n1.mask.readUInt32LE(0), xor = n1.xor.readUInt32LE(0);
      const val = xor !== 0 && mask === (~xor >>> 0) ? { from, or: xor } : mask === 0xffffffff ? { from, xor } : xor === 0 ? { from, and: mask } : { from, and: mask, xor };
      return { item: { stmt: { [setOf(n2)!]: val } as Statement }, n: 3 };
    }
  }
  const m = e.raw?.length ? rawMap(e) : null;
  if (e.name === 'log' && m) {
    const l: Record<string, unknown> = {};
    for (const [t, a] of m) {
      if (t === K.NFTA_LOG_PREFIX) l.prefix = strOf(a);
      else if (t === K.NFTA_LOG_LEVEL) l.level = nameOf(LOG_LEVELS, be32Of(a));
      else if (t === K.NFTA_LOG_GROUP) l.group = be16Of(a);
      else if (t === K.NFTA_LOG_SNAPLEN) l.snaplen = be32Of(a);
      else if (t === K.NFTA_LOG_QTHRESHOLD) l.queueThreshold = be16Of(a);
      else return null;
    }
    if (Object.values(l).some((x) => x === undefined)) return null;
    return { item: { stmt: { log: l } }, n: 1 };
  }
  if (e.name === 'limit' && m && (m.size === 5 || (m.size === 4 && !m.has(K.NFTA_LIMIT_BURST!)))) {
    const rate = be64Of(m.get(K.NFTA_LIMIT_RATE!)), unit = be64Of(m.get(K.NFTA_LIMIT_UNIT!)), burst = m.has(K.NFTA_LIMIT_BURST!) ? be32Of(m.get(K.NFTA_LIMIT_BURST!)) : 0;
    const type = be32Of(m.get(K.NFTA_LIMIT_TYPE!)), flags = be32Of(m.get(K.NFTA_LIMIT_FLAGS!));
    const per = nameOf(LIMIT_UNITS, unit);
    if (!rate || !per || burst === undefined || (type !== K.NFT_LIMIT_PKTS && type !== K.NFT_LIMIT_PKT_BYTES) || (flags !== 0 && flags !== K.NFT_LIMIT_F_INV)) return null;
    return { item: { stmt: { limit: { rate, per: per as 'second', burst, ...(type === K.NFT_LIMIT_PKT_BYTES ? { unit: 'bytes' as const } : {}), ...(flags ? { over: true } : {}) } } }, n: 1 };
  }
  if (e.name === 'objref' && m && m.size === 2) {
    const na = m.get(K.NFTA_OBJREF_IMM_NAME!);
    const t = be32Of(m.get(K.NFTA_OBJREF_IMM_TYPE!)), name = na && !na.data.subarray(0, -1).includes(0) ? na.data.toString('utf8').replace(/\0$/, '') : undefined;
    const key = t === K.NFT_OBJECT_COUNTER ? 'counterRef' : t === K.NFT_OBJECT_QUOTA ? 'quotaRef' : t === K.NFT_OBJECT_LIMIT ? 'limitRef'
      : t === OK.NFT_OBJECT_CT_HELPER ? 'setCtHelper' : t === OK.NFT_OBJECT_CT_TIMEOUT ? 'setCtTimeout' : null;
    if (!key || !name) return null;
    return { item: { stmt: { [key]: name } as Statement }, n: 1 };
  }
  if (e.name === 'reject' && m && last(1)) {
    const type = be32Of(m.get(K.NFTA_REJECT_TYPE!));
    const codeAttr = m.get(K.NFTA_REJECT_ICMP_CODE!);
    const code = codeAttr?.data.length === 1 ? codeAttr.data[0] : undefined;
    if (type === K.NFT_REJECT_TCP_RST) return code === 0 || code === undefined ? { item: { action: { reject: { with: 'tcp reset' } } }, n: 1 } : null;
    if (code === undefined) return null;
    const kind = type === K.NFT_REJECT_ICMPX_UNREACH ? 'icmpx' : type === K.NFT_REJECT_ICMP_UNREACH ? (family === 'ip6' ? 'icmpv6' : 'icmp') : null;
    if (!kind) return null;
    const isDefault = (family === 'ip' && kind === 'icmp' && code === 3) || (family === 'ip6' && code === 4) || (family === 'inet' && kind === 'icmpx' && code === 1);
    return { item: { action: { reject: isDefault ? {} : { with: { [kind]: nameOf(REJECT_CODES[kind], code) ?? code } as { icmp: string } } } }, n: 1 };
  }
  // KEY… vmap @map / update @set { KEY… }: key loads (reg 1, then 32-bit registers), then the lookup or dynset.
  {
    const kl = keyLoadsAt(exprs, i) ?? { keys: [], end: i };
    const keys = kl.keys, j = kl.end;
    const lk = exprs[j];
    const dm = lk?.name === 'dynset' ? rawMap(lk) : null;
    if (keys.length && dm && be32Of(dm.get(K.NFTA_DYNSET_SREG_KEY!)) === REG_1) {
      const op = be32Of(dm.get(K.NFTA_DYNSET_OP!)), set = strOf(dm.get(K.NFTA_DYNSET_SET_NAME!));
      const timeout = dm.has(K.NFTA_DYNSET_TIMEOUT!) ? be64Of(dm.get(K.NFTA_DYNSET_TIMEOUT!)) : 0;
      const flags = dm.has(K.NFTA_DYNSET_FLAGS!) ? be32Of(dm.get(K.NFTA_DYNSET_FLAGS!)) : 0;
      const known = [K.NFTA_DYNSET_SREG_KEY!, K.NFTA_DYNSET_OP!, K.NFTA_DYNSET_SET_NAME!, K.NFTA_DYNSET_TIMEOUT!, K.NFTA_DYNSET_FLAGS!];
      if (set && timeout !== undefined && flags === 0 && [...dm.keys()].every((t) => known.includes(t)) && (op === K.NFT_DYNSET_OP_ADD || op === K.NFT_DYNSET_OP_UPDATE)) {
        const spec = { set: `@${set}` as const, key: (keys.length === 1 ? keys[0] : keys) as VmapKey, ...(timeout ? { timeout } : {}) };
        return { item: { stmt: op === K.NFT_DYNSET_OP_UPDATE ? { updateSet: spec } : { addSet: spec } }, n: j - i + 1 };
      }
    }
    if (keys.length && lk?.name === 'lookup' && lk.sreg === REG_1 && lk.dreg === REG_VERDICT && lk.set && !lk.flags && !lk.raw?.length && j === exprs.length - 1) {
      return { item: { action: { vmap: { key: (keys.length === 1 ? keys[0] : keys) as VmapKey, map: `@${lk.set}` } } }, n: j - i + 1 };
    }
  }
  // NAT: immediates into registers, then nat/masq/redir reading them, at the end of the rule.
  if (e.name === 'immediate' || e.name === 'masq' || e.name === 'redir' || e.name === 'nat') {
    let j = i;
    const loaded = new Map<number, Buffer>();
    while (j < exprs.length && exprs[j]!.name === 'immediate' && exprs[j]!.dreg !== REG_VERDICT && Buffer.isBuffer(exprs[j]!.data) && !exprs[j]!.raw?.length) {
      loaded.set(exprs[j]!.dreg!, exprs[j]!.data!);
      j++;
    }
    const act = j === exprs.length - 1 ? natAction(exprs[j], loaded) : undefined;
    if (act) return { item: { action: act }, n: j - i + 1 };
  }
  return null;
}

interface Tail { statements: Statement[]; counter?: boolean; packets?: number; bytes?: number; action?: Action }

/** exprs[s..] entirely as statements, counter (just before the action) and action; or null. */
function tailFrom(family: NftFamily, exprs: Expr[], s: number): Tail | null {
  const items: TailItem[] = [];
  for (let i = s; i < exprs.length;) {
    const t = tailItem(family, exprs, i);
    if (!t) return null;
    items.push(t.item);
    i += t.n;
  }
  const out: Tail = { statements: [] };
  if (items.length && 'action' in items[items.length - 1]!) out.action = (items.pop() as { action: Action }).action;
  if (items.length && 'counter' in items[items.length - 1]!) {
    const c = items.pop() as { packets?: number; bytes?: number };
    out.counter = true; out.packets = c.packets; out.bytes = c.bytes;
  }
  for (const it of items) {
    if ('stmt' in it) out.statements.push(it.stmt);
    else if ('counter' in it) out.statements.push({ counter: true });
    else return null; // an action before the end
  }
  return out;
}

export interface Decompiled {
  match: Match; action?: Action; counter?: boolean; packets?: number; bytes?: number; statements?: Statement[]; unknown?: Expr[];
}

function exact(family: NftFamily, d: Decompiled, exprs: Expr[]): boolean {
  try {
    return sameExprs(compileRule({ family, table: 't', chain: 'c', match: d.match, exprs: d.unknown, statements: d.statements, counter: d.counter, action: d.action }), exprs);
  } catch {
    return false; // a typed form our own compiler refuses is not a faithful description
  }
}

export function decompile(family: NftFamily, exprs: Expr[]): Decompiled {
  const pieces = matchPieces(family, exprs);
  for (let k = pieces.length; k >= 0; k--) {
    const mEnd = k ? pieces[k - 1]!.end : 0;
    const match: Match = {};
    for (const p of pieces.slice(0, k)) (match as Record<string, unknown>)[p.key] = p.value;
    for (let s = mEnd; s <= exprs.length; s++) {
      const tail = tailFrom(family, exprs, s);
      if (!tail) continue;
      const d: Decompiled = { match };
      if (s > mEnd) d.unknown = exprs.slice(mEnd, s);
      if (tail.statements.length) d.statements = tail.statements;
      if (tail.counter) { d.counter = true; d.packets = tail.packets; d.bytes = tail.bytes; }
      if (tail.action !== undefined) d.action = tail.action;
      if (exact(family, d, exprs)) return d;
    }
  }
  return exprs.length ? { match: {}, unknown: exprs.slice() } : { match: {} };
}
