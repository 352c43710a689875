// Statement and action readers for decompile: the tail of a rule (marks, log, limit, objrefs,
// dynsets, reject, vmaps, NAT), proposed item by item (decompile.ts checks them exactly).
import { ADDR, LIMIT_UNITS, LOG_LEVELS, META, NAT_FLAGS, REG_1, REG_VERDICT, REJECT_CODES, VERDICT, K } from './consts.js';
import { be16Of, be32Of, be64Of, exprOfAttrs, rawMap, strOf } from './raw.js';
import { ipText } from './iptext.js';
import { OK } from './objconsts.js'; // nft named objects
import { regOfWord } from './values.js';
import type { Action, Expr, NatFlags, NftFamily, PortSpec, Statement, VmapKey } from './types.js';
import { isLoad, keyLoadsAt, nameOf } from './read-common.js';
import { matchPiece } from './read-match.js';

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

/** The nat expression after a map lookup into reg 1: its kind, flags, address family and whether the port comes from the map. */
function natFromMap(e: Expr | undefined, family: NftFamily): { kind: 'snat' | 'dnat'; rest: Record<string, unknown> } | undefined {
  if (!e || e.name !== 'nat' || e.raw?.length || e.regAddrMin !== REG_1 || (e.regAddrMax !== undefined && e.regAddrMax !== REG_1)) return undefined;
  const fam = e.nfproto === ADDR[4].nfproto ? 4 : e.nfproto === ADDR[6].nfproto ? 6 : null;
  if (fam === null) return undefined;
  const preg = regOfWord(ADDR[fam].len / 4, REG_1, K.NFT_REG32_00!);
  if (e.regProtoMin !== undefined && (e.regProtoMin !== preg || (e.regProtoMax !== undefined && e.regProtoMax !== preg))) return undefined;
  if (e.regProtoMin === undefined && e.regProtoMax !== undefined) return undefined;
  const kind = e.natType === K.NFT_NAT_SNAT ? 'snat' : e.natType === K.NFT_NAT_DNAT ? 'dnat' : null;
  if (!kind) return undefined;
  // addrFamily only where the table does not say it (inet); compiling fills in the table's family.
  const implied = (family === 'ip' && fam === 4) || (family === 'ip6' && fam === 6);
  return { kind, rest: { ...(e.regProtoMin !== undefined ? { port: 'map' } : {}), ...(implied ? {} : { addrFamily: fam === 4 ? 'ip' : 'ip6' }), ...natFlagsOf(e.flags) } };
}

function dynsetExpr(family: NftFamily, a: { data: Buffer } | undefined): Record<string, unknown> | null {
  if (!a) return {};
  const inner = exprOfAttrs(a.data, K.NFTA_EXPR_NAME!, K.NFTA_EXPR_DATA!);
  if (inner?.name === 'connlimit') {
    const p = matchPiece(family, [inner], 0, null, undefined);
    return p?.key === 'ctCount' ? { ctCount: p.value } : null;
  }
  if (inner?.name === 'limit') {
    const t = tailItem(family, [inner], 0);
    return t && 'stmt' in t.item && 'limit' in t.item.stmt ? { limit: t.item.stmt.limit } : null;
  }
  return null;
}

export type TailItem = { stmt: Statement } | { counter: true; packets?: number; bytes?: number } | { action: Action };

/** One statement/counter/action at i, or null. */
export function tailItem(family: NftFamily, exprs: Expr[], i: number): { item: TailItem; n: number } | null {
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
  // tcp option maxseg size set rt mtu: rt tcpmss, byteorder hton, exthdr write (checked exactly by recompiling).
  if (e.name === 'rt' && n1?.name === 'byteorder' && n2?.name === 'exthdr') return { item: { stmt: { setTcpMss: 'rt mtu' } }, n: 3 };
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
      const known = [K.NFTA_DYNSET_SREG_KEY!, K.NFTA_DYNSET_OP!, K.NFTA_DYNSET_SET_NAME!, K.NFTA_DYNSET_TIMEOUT!, K.NFTA_DYNSET_FLAGS!, K.NFTA_DYNSET_EXPR!, K.NFTA_DYNSET_SET_ID!];
      const extra = dynsetExpr(family, dm.get(K.NFTA_DYNSET_EXPR!));
      if (set && timeout !== undefined && flags === 0 && extra && [...dm.keys()].every((t) => known.includes(t)) && (op === K.NFT_DYNSET_OP_ADD || op === K.NFT_DYNSET_OP_UPDATE)) {
        const spec = { set: `@${set}` as const, key: (keys.length === 1 ? keys[0] : keys) as VmapKey, ...(timeout ? { timeout } : {}), ...extra };
        return { item: { stmt: op === K.NFT_DYNSET_OP_UPDATE ? { updateSet: spec } : { addSet: spec } }, n: j - i + 1 };
      }
    }
    // KEY map @m as a value: meta/ct mark set …, or the address (and port) of snat/dnat at the end.
    if (keys.length && lk?.name === 'lookup' && lk.sreg === REG_1 && lk.dreg === REG_1 && lk.set && !lk.flags && !lk.raw?.length) {
      const mv = { map: { key: (keys.length === 1 ? keys[0] : keys) as VmapKey, set: `@${lk.set}` as const } };
      const nx = exprs[j + 1];
      if (setOf(nx)) return { item: { stmt: { [setOf(nx)!]: mv } as Statement }, n: j - i + 2 };
      const na = j + 1 === exprs.length - 1 ? natFromMap(nx, family) : undefined;
      if (na) return { item: { action: { [na.kind]: { addr: mv, ...na.rest } } as Action }, n: j - i + 2 };
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

export interface Tail { statements: Statement[]; counter?: boolean; packets?: number; bytes?: number; action?: Action }

/** exprs[s..] entirely as statements, counter (just before the action) and action; or null. */
export function tailFrom(family: NftFamily, exprs: Expr[], s: number): Tail | null {
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

