// Typed statements and actions → nf_tables expressions, as nft 1.0.6 emits them.
import * as v from '../util/validate.js';
import { ADDR, LIMIT_UNITS, LOG_LEVELS, META, NAT_FLAGS, NETWORK, REG_1, REG_VERDICT, REJECT_CODES, TRANSPORT, VERDICT, K, PROTOCOLS } from './consts.js';
import { addrFamilyFor, be16, portSpec, regOfWord, setName, u32 } from './values.js';
import { encodeAttrs, exprAttrs, rawBe32, rawBe64, rawStr, rawU8, type RawAttr } from './raw.js';
import type { Expr, MapValue, MarkValue, NatFlags, NftFamily, PortSpec, VmapKey } from './types.js';
import { OK } from './objconsts.js'; // nft named objects

const SIMPLE = ['accept', 'drop', 'return'] as const;
const ACTION_KEYS = 'jump, goto, masquerade, snat, dnat, redirect, reject, vmap';

function natFlags(o: NatFlags, what: string): number {
  let f = 0;
  if (o.random !== undefined && v.bool(o.random, `${what}.random`)) f |= NAT_FLAGS.random;
  if (o.fullyRandom !== undefined && v.bool(o.fullyRandom, `${what}.fullyRandom`)) f |= NAT_FLAGS.fullyRandom;
  if (o.persistent !== undefined && v.bool(o.persistent, `${what}.persistent`)) f |= NAT_FLAGS.persistent;
  return f;
}

/** Immediates loading consecutive registers from 1, then the NAT expression using them. */
class Registers {
  next = REG_1;
  readonly exprs: Expr[] = [];
  load(data: Buffer): number {
    const r = this.next++;
    this.exprs.push({ name: 'immediate', dreg: r, data });
    return r;
  }
}

function portRegs(regs: Registers, p: PortSpec | undefined, what: string, e: Expr): boolean {
  if (p === undefined) return false;
  const ps = portSpec(p, what);
  if (typeof ps === 'number') e.regProtoMin = regs.load(be16(ps));
  else {
    e.regProtoMin = regs.load(be16(ps[0]));
    e.regProtoMax = regs.load(be16(ps[1]));
  }
  return true;
}

/** Whether an earlier expression already checked meta nfproto == n (nft adds the dependency once). */
function hasNfproto(list: Expr[], n: number): boolean {
  for (let i = 0; i + 1 < list.length; i++) {
    const a = list[i]!, b = list[i + 1]!;
    if (a.name === 'meta' && a.key === META.nfproto && a.dreg === REG_1 && b.name === 'cmp' && b.op === K.NFT_CMP_EQ && b.data?.length === 1 && b.data[0] === n) return true;
  }
  return false;
}

/** A selector usable as a map key: its load expressions into register `dreg`, and its length. */
function selector(family: NftFamily, key: unknown, dreg: number, deps: Expr[], prior: Expr[], what: string): { load: Expr; len: number } {
  const l3 = (f: 4 | 6) => {
    if ((family === 'ip' && f === 6) || (family === 'ip6' && f === 4)) throw new RangeError(`${what}: ${String(key)} does not fit a ${family} table`);
    if (family === 'inet' && !hasNfproto(deps, ADDR[f].nfproto) && !hasNfproto(prior, ADDR[f].nfproto)) {
      deps.push({ name: 'meta', key: META.nfproto, dreg: REG_1 }, { name: 'cmp', sreg: REG_1, op: K.NFT_CMP_EQ!, data: Buffer.from([ADDR[f].nfproto]) });
    }
  };
  if (typeof key === 'object' && key !== null && 'numgen' in key) {
    const n = v.object((key as { numgen: unknown }).numgen, `${what}.numgen`) as { mod: unknown; offset?: unknown; random?: unknown };
    const mod = v.uint(n.mod, `${what}.numgen.mod`, 1);
    const offset = n.offset === undefined ? 0 : v.uint(n.offset, `${what}.numgen.offset`);
    const random = n.random === undefined ? true : v.bool(n.random, `${what}.numgen.random`);
    const raw: RawAttr[] = [rawBe32(K.NFTA_NG_DREG!, dreg), rawBe32(K.NFTA_NG_MODULUS!, mod), rawBe32(K.NFTA_NG_TYPE!, random ? K.NFT_NG_RANDOM! : K.NFT_NG_INCREMENTAL!), rawBe32(K.NFTA_NG_OFFSET!, offset)];
    return { load: { name: 'numgen', raw }, len: 4 };
  }
  switch (key as VmapKey) {
    case 'ip saddr': case 'ip daddr': l3(4); return { load: { name: 'payload', dreg, base: NETWORK, offset: key === 'ip saddr' ? 12 : 16, len: 4 }, len: 4 };
    case 'ip6 saddr': case 'ip6 daddr': l3(6); return { load: { name: 'payload', dreg, base: NETWORK, offset: key === 'ip6 saddr' ? 8 : 24, len: 16 }, len: 16 };
    case 'meta l4proto': return { load: { name: 'meta', key: META.l4proto, dreg }, len: 1 };
    case 'th dport': case 'th sport': return { load: { name: 'payload', dreg, base: TRANSPORT, offset: key === 'th sport' ? 0 : 2, len: 2 }, len: 2 };
    case 'tcp dport': case 'udp dport':
      deps.push({ name: 'meta', key: META.l4proto, dreg: REG_1 }, { name: 'cmp', sreg: REG_1, op: K.NFT_CMP_EQ!, data: Buffer.from([PROTOCOLS[key === 'tcp dport' ? 'tcp' : 'udp']]) });
      return { load: { name: 'payload', dreg, base: TRANSPORT, offset: 2, len: 2 }, len: 2 };
    case 'meta mark': return { load: { name: 'meta', key: META.mark, dreg }, len: 4 };
    case 'ct mark': return { load: { name: 'ct', key: K.NFT_CT_MARK!, dreg }, len: 4 };
    case 'iifname': case 'oifname': return { load: { name: 'meta', key: META[key as 'iifname'], dreg }, len: 16 };
    default: throw new RangeError(`${what}: unknown key ${v.describe(key)}; use 'ip saddr', 'ip daddr', 'ip6 saddr', 'ip6 daddr', 'meta l4proto', 'th dport', 'th sport', 'tcp dport', 'udp dport', 'meta mark', 'ct mark', 'iifname', 'oifname' or { numgen: { mod } }`);
  }
}

/** A (concatenated) key: its dependencies, then each selector loaded into reg 1 and the 32-bit registers after it. */
export function keyLoads(family: NftFamily, keys: unknown[], prior: Expr[], what: string): Expr[] {
  const deps: Expr[] = [], loads: Expr[] = [];
  let word = 0;
  keys.forEach((k, i) => {
    const s = selector(family, k, regOfWord(word, REG_1, K.NFT_REG32_00!), deps, prior, what);
    loads.push(s.load);
    word += Math.ceil(s.len / 4);
  });
  return [...deps, ...loads];
}

/** KEY vmap @map: dependencies, then the key (concatenations use 32-bit registers after reg 1). */
function vmap(family: NftFamily, val: unknown, out: Expr[]): void {
  const o = v.object(val, 'action.vmap') as { key: unknown; map: unknown };
  if (typeof o.map !== 'string' || !o.map.startsWith('@')) throw new TypeError(`action.vmap.map must name a verdict map like "@ports", got ${v.describe(o.map)}`);
  const keys = Array.isArray(o.key) ? o.key : [o.key];
  if (keys.length === 0) throw new RangeError('action.vmap.key needs at least one selector');
  const deps: Expr[] = [];
  const loads: Expr[] = [];
  let word = 0;
  keys.forEach((k, i) => {
    const dreg = regOfWord(word, REG_1, K.NFT_REG32_00!);
    const s = selector(family, k, dreg, deps, out, 'action.vmap.key');
    loads.push(s.load);
    word += Math.ceil(s.len / 4);
  });
  out.push(...deps, ...loads, { name: 'lookup', sreg: REG_1, set: setName(o.map, 'action.vmap.map'), dreg: REG_VERDICT });
}

/** Whether a value is { map: { key, set } } (the value comes from a data map). */
export const isMapValue = (x: unknown): boolean => typeof x === 'object' && x !== null && !Array.isArray(x) && 'map' in x;

/**
 * KEY map @m as a value: the key loads (as for vmap), then a lookup whose data lands in reg 1
 * (and the 32-bit registers after it when the data is a concatenation).
 */
export function mapValue(family: NftFamily, val: unknown, out: Expr[], what: string): void {
  const o = v.object(val, what) as { map: unknown };
  if (Object.keys(o).length !== 1) throw new RangeError(`${what}: a map value is { map: { key, set } } alone`);
  const m = v.object(o.map, `${what}.map`) as { key: unknown; set: unknown };
  for (const k of Object.keys(m)) if (k !== 'key' && k !== 'set') throw new RangeError(`${what}.map: unknown key "${k}"; use key and set`);
  if (typeof m.set !== 'string' || !m.set.startsWith('@')) throw new TypeError(`${what}.map.set must name a map like "@markmap", got ${v.describe(m.set)}`);
  const keys = Array.isArray(m.key) ? m.key : [m.key];
  if (keys.length === 0) throw new RangeError(`${what}.map.key needs at least one selector`);
  const loads = keyLoads(family, keys, out, `${what}.map.key`);
  out.push(...loads, { name: 'lookup', sreg: REG_1, set: setName(m.set, `${what}.map.set`), dreg: REG_1 });
}

/** snat/dnat to an address (and port) from a map: `dnat ip to ip daddr map @m`, `dnat ip to tcp dport map @addr_port`. */
function natFromMap(family: NftFamily, key: 'snat' | 'dnat', o: { addr?: unknown; port?: unknown; addrFamily?: unknown } & NatFlags, out: Expr[]): void {
  const what = `action.${key}`;
  let fam: 4 | 6;
  if (o.addrFamily === undefined) {
    if (family !== 'ip' && family !== 'ip6') throw new TypeError(`${what}.addrFamily ('ip' or 'ip6') is needed with a map in a ${family} table (nft: dnat ip to … map @m)`);
    fam = family === 'ip' ? 4 : 6;
  } else if (o.addrFamily === 'ip' || o.addrFamily === 'ip6') fam = o.addrFamily === 'ip' ? 4 : 6;
  else throw new RangeError(`${what}.addrFamily must be 'ip' or 'ip6', got ${v.describe(o.addrFamily)}`);
  if ((family === 'ip' && fam === 6) || (family === 'ip6' && fam === 4)) throw new RangeError(`${what}.addrFamily ${o.addrFamily} does not fit a ${family} table`);
  if (o.port !== undefined && o.port !== 'map') throw new RangeError(`${what}.port must be 'map' (address . port from the map) when addr is a map; a fixed port needs a fixed address`);
  mapValue(family, o.addr, out, `${what}.addr`);
  const e: Expr = { name: 'nat', natType: key === 'snat' ? K.NFT_NAT_SNAT! : K.NFT_NAT_DNAT!, nfproto: ADDR[fam].nfproto, regAddrMin: REG_1 };
  // The port is the data's second field, in the register after the address (reg 9 for IPv4, reg 2 for IPv6).
  if (o.port === 'map') e.regProtoMin = regOfWord(ADDR[fam].len / 4, REG_1, K.NFT_REG32_00!);
  // nft sends no PROTO_SPECIFIED here (the kernel adds it for the port register).
  const flags = natFlags(o, what);
  if (flags) e.flags = flags;
  out.push(e);
}

function reject(family: NftFamily, val: unknown, out: Expr[]): void {
  const o = v.object(val, 'action.reject') as { with?: unknown };
  let type: number, code: number | undefined;
  const w = o.with;
  if (w === undefined) {
    if (family === 'ip') { type = K.NFT_REJECT_ICMP_UNREACH!; code = 3; }
    else if (family === 'ip6') { type = K.NFT_REJECT_ICMP_UNREACH!; code = 4; }
    else { type = K.NFT_REJECT_ICMPX_UNREACH!; code = 1; }
  } else if (w === 'tcp reset') { type = K.NFT_REJECT_TCP_RST!; code = 0; }
  else {
    const wo = v.object(w, 'action.reject.with') as Record<string, unknown>;
    const kinds = Object.keys(wo);
    const kind = kinds[0] as 'icmp' | 'icmpv6' | 'icmpx';
    if (kinds.length !== 1 || !(kind in REJECT_CODES)) throw new TypeError(`action.reject.with must be 'tcp reset' or { icmp | icmpv6 | icmpx: code }, got ${v.describe(w)}`);
    const c = wo[kind];
    const names = REJECT_CODES[kind];
    code = typeof c === 'string' ? names[c] ?? NaN : v.uint(c, `action.reject.with.${kind}`, 0, 255);
    if (Number.isNaN(code)) throw new RangeError(`action.reject.with.${kind}: unknown code ${v.describe(c)}; use a number or ${Object.keys(names).join(', ')}`);
    type = kind === 'icmpx' ? K.NFT_REJECT_ICMPX_UNREACH! : K.NFT_REJECT_ICMP_UNREACH!;
    if (family === 'ip' && kind === 'icmpv6') throw new RangeError('action.reject.with.icmpv6 needs an ip6 or inet table');
    if (family === 'ip6' && kind === 'icmp') throw new RangeError('action.reject.with.icmp needs an ip or inet table');
  }
  const raw: RawAttr[] = [rawBe32(K.NFTA_REJECT_TYPE!, type)];
  if (code !== undefined) raw.push(rawU8(K.NFTA_REJECT_ICMP_CODE!, code));
  out.push({ name: 'reject', raw });
}

export function compileAction(family: NftFamily, action: unknown, out: Expr[]): void {
  if ((SIMPLE as readonly unknown[]).includes(action)) {
    out.push({ name: 'immediate', dreg: REG_VERDICT, verdict: VERDICT[action as 'accept'] });
    return;
  }
  if (typeof action === 'string') throw new RangeError(`unknown action "${action}"; simple verdicts are 'accept', 'drop' or 'return', others are objects (${ACTION_KEYS})`);
  const a = v.object(action, 'action');
  const keys = Object.keys(a);
  if (keys.length === 1 && (SIMPLE as readonly string[]).includes(keys[0]!)) {
    throw new TypeError(`action "${keys[0]}" is a string: use action: '${keys[0]}'`);
  }
  if (keys.length !== 1) throw new TypeError(`action must be 'accept', 'drop', 'return' or an object with one key (${ACTION_KEYS}), got ${v.describe(action)}`);
  const key = keys[0]!;
  const val = a[key];
  switch (key) {
    case 'jump': case 'goto': {
      const chain = v.str(val, `action.${key}`, 255);
      if (chain.length === 0) throw new RangeError(`action.${key} needs a chain name`);
      out.push({ name: 'immediate', dreg: REG_VERDICT, verdict: VERDICT[key], chain });
      return;
    }
    case 'masquerade': case 'redirect': {
      const o = v.object(val, `action.${key}`) as NatFlags & { port?: PortSpec };
      const regs = new Registers();
      const e: Expr = { name: key === 'masquerade' ? 'masq' : 'redir' };
      let flags = natFlags(o, `action.${key}`);
      if (portRegs(regs, o.port, `action.${key}.port`, e)) flags |= NAT_FLAGS.protoSpecified;
      if (flags) e.flags = flags;
      out.push(...regs.exprs, e);
      return;
    }
    case 'snat': case 'dnat': {
      const o = v.object(val, `action.${key}`) as { addr?: unknown; port?: PortSpec; addrFamily?: unknown } & NatFlags;
      if (isMapValue(o.addr)) { natFromMap(family, key, o, out); return; }
      if (o.addrFamily !== undefined) throw new RangeError(`action.${key}.addrFamily is only for a map as addr (the address itself says its family)`);
      if (o.addr === undefined) throw new TypeError(`action.${key} needs addr (e.g. { addr: '172.18.0.2', port: 80 })`);
      const [lo, hi] = Array.isArray(o.addr) ? o.addr : [o.addr, undefined];
      if (Array.isArray(o.addr) && o.addr.length !== 2) throw new RangeError(`action.${key}.addr range must be [from, to]`);
      const min = v.ip(lo, `action.${key}.addr`);
      addrFamilyFor(family, min.family, min.text, `action.${key}.addr`);
      const regs = new Registers();
      const e: Expr = { name: 'nat', natType: key === 'snat' ? K.NFT_NAT_SNAT! : K.NFT_NAT_DNAT!, nfproto: ADDR[min.family].nfproto };
      e.regAddrMin = regs.load(min.bytes);
      if (hi !== undefined) {
        const max = v.ip(hi, `action.${key}.addr range end`);
        v.sameFamily(min, max, `action.${key}.addr`);
        e.regAddrMax = regs.load(max.bytes);
      }
      let flags = natFlags(o, `action.${key}`);
      if (portRegs(regs, o.port, `action.${key}.port`, e)) flags |= NAT_FLAGS.protoSpecified;
      if (flags) e.flags = flags;
      out.push(...regs.exprs, e);
      return;
    }
    case 'reject': reject(family, val, out); return;
    case 'vmap': vmap(family, val, out); return;
    default:
      throw new RangeError(`unknown action "${key}"; use 'accept', 'drop', 'return' or an object with one of ${ACTION_KEYS}`);
  }
}

/** mark / ct mark set VALUE: an immediate, or a load of a mark combined bitwise. */
function markValue(family: NftFamily, val: unknown, what: string, out: Expr[]): void {
  if (typeof val === 'number') { out.push({ name: 'immediate', dreg: REG_1, data: u32(v.uint(val, what)) }); return; }
  if (isMapValue(val)) { mapValue(family, val, out, what); return; }
  const o = v.object(val, what) as Exclude<MarkValue, number | MapValue>;
  for (const k of Object.keys(o)) if (!['from', 'or', 'and', 'xor'].includes(k)) throw new RangeError(`${what}: unknown key "${k}"; use from, or, and, xor (or { map: { key, set } })`);
  if (o.from !== 'mark' && o.from !== 'ctMark') throw new RangeError(`${what}.from must be 'mark' or 'ctMark', got ${v.describe(o.from)}`);
  out.push(o.from === 'mark' ? { name: 'meta', key: META.mark, dreg: REG_1 } : { name: 'ct', key: K.NFT_CT_MARK!, dreg: REG_1 });
  const or = o.or === undefined ? undefined : v.uint(o.or, `${what}.or`);
  const and = o.and === undefined ? undefined : v.uint(o.and, `${what}.and`);
  const xor = o.xor === undefined ? undefined : v.uint(o.xor, `${what}.xor`);
  if (or !== undefined && (and !== undefined || xor !== undefined)) throw new RangeError(`${what}: or cannot be combined with and/xor (give { and, xor } for (x & a) ^ b)`);
  let mask: number, x: number;
  if (or !== undefined) { mask = ~or >>> 0; x = or; }
  else if (and === undefined && xor === undefined) return;
  else { mask = and ?? 0xffffffff; x = xor ?? 0; }
  out.push({ name: 'bitwise', sreg: REG_1, dreg: REG_1, op: K.NFT_BITWISE_BOOL!, len: 4, mask: u32(mask), xor: u32(x) });
}

/** `ct count [over] N` (connlimit; nft always sends the flags, the kernel lists them only when set). */
export function connlimit(value: unknown, what: string): Expr {
  const over = typeof value === 'object' && value !== null;
  if (over && (Object.keys(value).length !== 1 || !('over' in value))) throw new TypeError(`${what} must be a number or { over: number }, got ${v.describe(value)}`);
  const n = v.uint(over ? (value as { over: unknown }).over : value, what);
  return { name: 'connlimit', raw: [rawBe32(K.NFTA_CONNLIMIT_COUNT!, n), rawBe32(K.NFTA_CONNLIMIT_FLAGS!, over ? K.NFT_CONNLIMIT_F_INV! : 0)] };
}

/** `limit rate [over] N/UNIT [burst B packets|bytes]`. */
function limitExpr(val: unknown, what: string): Expr {
  const l = v.object(val, what) as Record<string, unknown>;
  for (const k of Object.keys(l)) if (!['rate', 'per', 'burst', 'unit', 'over'].includes(k)) throw new RangeError(`${what}: unknown key "${k}"`);
  const rate = v.uint(l.rate, `${what}.rate`, 1, Number.MAX_SAFE_INTEGER);
  if (typeof l.per !== 'string' || !(l.per in LIMIT_UNITS)) throw new RangeError(`${what}.per must be one of ${Object.keys(LIMIT_UNITS).join(', ')}`);
  if (l.unit !== undefined && l.unit !== 'packets' && l.unit !== 'bytes') throw new RangeError(`${what}.unit must be packets or bytes`);
  const bytes = l.unit === 'bytes';
  const burst = l.burst === undefined ? (bytes ? 0 : 5) : v.uint(l.burst, `${what}.burst`);
  const over = l.over !== undefined && v.bool(l.over, `${what}.over`);
  return { name: 'limit', raw: [
    rawBe64(K.NFTA_LIMIT_RATE!, rate), rawBe64(K.NFTA_LIMIT_UNIT!, LIMIT_UNITS[l.per]!),
    // nft leaves out a zero burst (the kernel lists it as 0)
    ...(burst ? [rawBe32(K.NFTA_LIMIT_BURST!, burst)] : []),
    rawBe32(K.NFTA_LIMIT_TYPE!, bytes ? K.NFT_LIMIT_PKT_BYTES! : K.NFT_LIMIT_PKTS!), rawBe32(K.NFTA_LIMIT_FLAGS!, over ? K.NFT_LIMIT_F_INV! : 0),
  ] };
}

export function compileStatements(family: NftFamily, list: unknown, out: Expr[]): void {
  if (!Array.isArray(list)) throw new TypeError('rule statements must be an array like [{ setMark: 0x10 }, { log: { prefix: "x " } }]');
  list.forEach((st, i) => {
    const what = `statements[${i}]`;
    const o = v.object(st, what);
    const keys = Object.keys(o);
    if (keys.length !== 1) throw new TypeError(`${what} must have exactly one key (setMark, setCtMark, log, limit, counter, counterRef, quotaRef, limitRef, setCtHelper, setCtTimeout, notrack, updateSet, addSet)`);
    const key = keys[0]!;
    const val = o[key];
    switch (key) {
      case 'setMark': markValue(family, val, `${what}.setMark`, out); out.push({ name: 'meta', key: META.mark, sreg: REG_1 }); return;
      case 'setCtMark': markValue(family, val, `${what}.setCtMark`, out); out.push({ name: 'ct', key: K.NFT_CT_MARK!, sreg: REG_1 }); return;
      case 'counter': if (val !== true) throw new TypeError(`${what}.counter must be true`); out.push({ name: 'counter' }); return;
      case 'notrack': if (val !== true) throw new TypeError(`${what}.notrack must be true`); out.push({ name: 'notrack' }); return;
      case 'counterRef': case 'quotaRef': case 'limitRef': case 'setCtHelper': case 'setCtTimeout': {
        const n = v.str(val, `${what}.${key}`, 255);
        if (!n) throw new RangeError(`${what}.${key} needs an object name`);
        // ct helper set "x" / ct timeout set "x" are object references too (nft named objects).
        const t = { counterRef: K.NFT_OBJECT_COUNTER!, quotaRef: K.NFT_OBJECT_QUOTA!, limitRef: K.NFT_OBJECT_LIMIT!,
          setCtHelper: OK.NFT_OBJECT_CT_HELPER!, setCtTimeout: OK.NFT_OBJECT_CT_TIMEOUT! }[key];
        // nft sends the object name without its NUL (the kernel lists it with one).
        out.push({ name: 'objref', raw: [rawBe32(K.NFTA_OBJREF_IMM_TYPE!, t), { type: K.NFTA_OBJREF_IMM_NAME!, data: Buffer.from(n) }] });
        return;
      }
      case 'setCtZone': {
        const z = Buffer.alloc(2);
        z.writeUInt16LE(v.uint(val, `${what}.setCtZone`, 0, 65535));
        out.push({ name: 'immediate', dreg: REG_1, data: z }, { name: 'ct', key: K.NFT_CT_ZONE!, sreg: REG_1 });
        return;
      }
      case 'setTcpMss': {
        // immediate into reg 1, then exthdr writing TCP option 2 (maxseg), 2 bytes at offset 2 (libnftnl's order).
        if (val === 'rt mtu') {
          // rt load tcpmss (host order) and byteorder hton into reg 1 (libnftnl's attribute order).
          out.push({ name: 'rt', raw: [rawBe32(K.NFTA_RT_KEY!, K.NFT_RT_TCPMSS!), rawBe32(K.NFTA_RT_DREG!, REG_1)] });
          out.push({ name: 'byteorder', raw: [rawBe32(K.NFTA_BYTEORDER_SREG!, REG_1), rawBe32(K.NFTA_BYTEORDER_DREG!, REG_1), rawBe32(K.NFTA_BYTEORDER_OP!, K.NFT_BYTEORDER_HTON!),
            rawBe32(K.NFTA_BYTEORDER_LEN!, 2), rawBe32(K.NFTA_BYTEORDER_SIZE!, 2)] });
        } else if (typeof val === 'string') throw new RangeError(`${what}.setTcpMss must be a number or 'rt mtu', got ${v.describe(val)}`);
        else out.push({ name: 'immediate', dreg: REG_1, data: be16(v.uint(val, `${what}.setTcpMss`, 0, 65535)) });
        out.push({ name: 'exthdr', raw: [rawBe32(K.NFTA_EXTHDR_SREG!, REG_1), rawU8(K.NFTA_EXTHDR_TYPE!, 2), rawBe32(K.NFTA_EXTHDR_OFFSET!, 2), rawBe32(K.NFTA_EXTHDR_LEN!, 2), rawBe32(K.NFTA_EXTHDR_OP!, K.NFT_EXTHDR_OP_TCPOPT!)] });
        return;
      }
      case 'updateSet': case 'addSet': {
        const d = v.object(val, `${what}.${key}`) as { set: unknown; key: unknown; timeout?: unknown; ctCount?: unknown; limit?: unknown };
        for (const k of Object.keys(d)) if (!['set', 'key', 'timeout', 'ctCount', 'limit'].includes(k)) throw new RangeError(`${what}.${key}: unknown key "${k}"; use set, key, timeout, ctCount or limit`);
        if (typeof d.set !== 'string' || !d.set.startsWith('@')) throw new TypeError(`${what}.${key}.set must name a set like "@seen", got ${v.describe(d.set)}`);
        const keyExprs = keyLoads(family, Array.isArray(d.key) ? d.key : [d.key], out, `${what}.${key}.key`);
        const raw: RawAttr[] = [rawBe32(K.NFTA_DYNSET_SREG_KEY!, REG_1), rawBe32(K.NFTA_DYNSET_OP!, key === 'updateSet' ? K.NFT_DYNSET_OP_UPDATE! : K.NFT_DYNSET_OP_ADD!),
          rawStr(K.NFTA_DYNSET_SET_NAME!, setName(d.set, `${what}.${key}.set`))];
        if (d.timeout !== undefined) raw.push(rawBe64(K.NFTA_DYNSET_TIMEOUT!, v.uint(d.timeout, `${what}.${key}.timeout`, 1, Number.MAX_SAFE_INTEGER)));
        // One expression per element, nested as NFTA_DYNSET_EXPR (libnftnl's order: after the timeout).
        if (d.ctCount !== undefined && d.limit !== undefined) throw new RangeError(`${what}.${key}: give ctCount or limit, not both`);
        const inner = d.ctCount !== undefined ? connlimit(d.ctCount, `${what}.${key}.ctCount`) : d.limit !== undefined ? limitExpr(d.limit, `${what}.${key}.limit`) : null;
        if (inner) raw.push({ type: K.NFTA_DYNSET_EXPR!, nested: true, data: encodeAttrs(exprAttrs(inner, K.NFTA_EXPR_NAME!, K.NFTA_EXPR_DATA!)) });
        out.push(...keyExprs, { name: 'dynset', raw });
        return;
      }
      case 'log': {
        const l = v.object(val, `${what}.log`) as Record<string, unknown>;
        for (const k of Object.keys(l)) if (!['prefix', 'level', 'group', 'snaplen', 'queueThreshold'].includes(k)) throw new RangeError(`${what}.log: unknown key "${k}"`);
        const raw: RawAttr[] = [];
        if (l.prefix !== undefined) raw.push(rawStr(K.NFTA_LOG_PREFIX!, v.str(l.prefix, `${what}.log.prefix`, 127)));
        if (l.group !== undefined) {
          if (l.level !== undefined) throw new RangeError(`${what}.log: level and group exclude each other (group logs to nflog)`);
          raw.push({ type: K.NFTA_LOG_GROUP!, data: be16(v.uint(l.group, `${what}.log.group`, 0, 65535)) });
        }
        if (l.snaplen !== undefined) raw.push(rawBe32(K.NFTA_LOG_SNAPLEN!, v.uint(l.snaplen, `${what}.log.snaplen`)));
        if (l.queueThreshold !== undefined) raw.push({ type: K.NFTA_LOG_QTHRESHOLD!, data: be16(v.uint(l.queueThreshold, `${what}.log.queueThreshold`, 0, 65535)) });
        if (l.level !== undefined) {
          if (typeof l.level !== 'string' || !(l.level in LOG_LEVELS)) throw new RangeError(`${what}.log.level must be one of ${Object.keys(LOG_LEVELS).join(', ')}`);
          raw.push(rawBe32(K.NFTA_LOG_LEVEL!, LOG_LEVELS[l.level]!));
        }
        out.push({ name: 'log', raw });
        return;
      }
      case 'limit': out.push(limitExpr(val, `${what}.limit`)); return;
      default:
        throw new RangeError(`${what}: unknown statement "${key}"; use setMark, setCtMark, log, limit, counter, counterRef, quotaRef, limitRef, setCtHelper, setCtTimeout, notrack, updateSet or addSet`);
    }
  });
}
