// Typed match → nf_tables expressions, exactly as nft emits them (checked against
// `nft --debug=netlink` on nftables 1.0.6): e.g. `ip saddr 172.18.0.0/24` is a 3-byte payload load
// and a cmp, `ip saddr 10.0.0.0/20` a 4-byte load, a bitwise mask and a cmp. Statements and
// actions are in compile-stmt.ts.
import * as v from '../util/validate.js';
import {
  ADDR, CMP, CT_STATES, CT_STATUS, FAMILIES, FIB_TYPES, META, NETWORK, PKT_TYPES, PORT_PROTOCOLS, PROTOCOLS, REG_1, TRANSPORT, K,
} from './consts.js';
import { compileAction, compileStatements } from './compile-stmt.js';
import { addrFamilyFor, be16, ifnameData, isSetRef, port, relOf, setName, u16, u32, u8 } from './values.js';
export { addrFamilyFor, be16, port, portSpec, setName, u32 } from './values.js';
import { rawBe32 } from './raw.js';
import type { CtState, Expr, L4Protocol, Match, NftFamily, RuleSpec } from './types.js';

const MATCH_KEYS = new Set([
  'saddr', 'daddr', 'saddr6', 'daddr6', 'iifname', 'oifname', 'protocol', 'sport', 'dport', 'thSport', 'thDport', 'ipProtocol', 'nexthdr',
  'ttl', 'hoplimit', 'nfproto', 'ctState', 'ctStatus', 'ctDirection', 'ctMark', 'ctZone', 'mark', 'iif', 'oif', 'skuid', 'skgid',
  'pkttype', 'fibDaddrType', 'fibSaddrIifOifMissing',
]);
export class Emitter {
  exprs: Expr[] = [];
  private nfproto: number | null = null;
  private l4: L4Protocol | null = null;
  constructor(readonly family: NftFamily) {}

  push(...e: Expr[]): void { this.exprs.push(...e); }
  cmp(op: number, data: Buffer): void { this.push({ name: 'cmp', sreg: REG_1, op, data }); }
  lookup(value: string, what: string, negate: boolean): void {
    const e: Expr = { name: 'lookup', sreg: REG_1, set: setName(value, what) };
    if (negate) e.flags = K.NFT_LOOKUP_F_INV!;
    this.push(e);
  }

  /** In inet tables nft first checks the layer 3 protocol (meta nfproto), once. */
  l3(ipFamily: 4 | 6, what: string): void {
    if (this.family === 'ip' && ipFamily === 6) throw new RangeError(`${what} is an IPv6 field but the table family is ip`);
    if (this.family === 'ip6' && ipFamily === 4) throw new RangeError(`${what} is an IPv4 field but the table family is ip6`);
    if (this.family !== 'inet') {
      if (this.family !== 'ip' && this.family !== 'ip6') throw new RangeError(`${what} needs an ip, ip6 or inet table, not ${this.family}`);
      return;
    }
    const want = ADDR[ipFamily].nfproto;
    if (this.nfproto === want) return;
    this.nfproto = want;
    this.push({ name: 'meta', key: META.nfproto, dreg: REG_1 });
    this.cmp(CMP.eq, u8(want));
  }

  nfprotoKey(value: unknown): void {
    if (value !== 'ipv4' && value !== 'ipv6') throw new RangeError(`match.nfproto must be ipv4 or ipv6, got ${v.describe(value)}`);
    const n = ADDR[value === 'ipv4' ? 4 : 6].nfproto;
    this.nfproto = n;
    this.push({ name: 'meta', key: META.nfproto, dreg: REG_1 });
    this.cmp(CMP.eq, u8(n));
  }

  address(field: 'saddr' | 'daddr', value: unknown, v6only: boolean): void {
    const what = `match.${field}${v6only ? '6' : ''}`;
    const [op, x] = relOf(value, what, false);
    if (isSetRef(x)) {
      const fam = v6only || this.family === 'ip6' ? 6 : 4;
      this.l3(fam, what);
      const a = ADDR[fam];
      this.push({ name: 'payload', dreg: REG_1, base: NETWORK, offset: a[field], len: a.len });
      this.lookup(x, what, op === 'neq');
      return;
    }
    const c = v.cidr(x, what);
    if (v6only && c.family !== 6) throw new RangeError(`${what} ${c.text} is not IPv6`);
    addrFamilyFor(this.family, c.family, c.text, what);
    this.l3(c.family, what);
    const a = ADDR[c.family];
    const net = v.networkOf(c);
    const cop = op === 'neq' ? CMP.neq : CMP.eq;
    if (c.prefix > 0 && c.prefix % 8 === 0) {
      // Byte-aligned prefix: load only the prefix bytes.
      const n = c.prefix / 8;
      this.push({ name: 'payload', dreg: REG_1, base: NETWORK, offset: a[field], len: n });
      this.cmp(cop, net.subarray(0, n));
    } else {
      this.push({ name: 'payload', dreg: REG_1, base: NETWORK, offset: a[field], len: a.len });
      const mask = Buffer.alloc(a.len);
      for (let bit = 0; bit < c.prefix; bit++) mask[bit >> 3]! |= 0x80 >> (bit & 7);
      this.push({ name: 'bitwise', sreg: REG_1, dreg: REG_1, len: a.len, mask, xor: Buffer.alloc(a.len) });
      this.cmp(cop, net);
    }
  }

  ifname(field: 'iifname' | 'oifname', value: unknown): void {
    const [op, x] = relOf(value, `match.${field}`, false);
    this.push({ name: 'meta', key: META[field], dreg: REG_1 });
    this.cmp(op === 'neq' ? CMP.neq : CMP.eq, ifnameData(x, `match.${field}`));
  }

  protocol(value: unknown): void {
    const p = protoNumber(value, 'match.protocol');
    if (this.l4 !== null) return;
    this.l4 = value as L4Protocol;
    this.push({ name: 'meta', key: META.l4proto, dreg: REG_1 });
    this.cmp(CMP.eq, u8(p));
  }

  /** A header field compared in network byte order: ==, !=, <, >, ranges, != ranges, sets. */
  netValue(value: unknown, what: string, load: Expr, enc: (n: unknown, what: string) => Buffer, allowSets: boolean): void {
    let [op, x] = relOf(value, what, true);
    if (op === 'eq' && typeof x === 'object' && x !== null && !Array.isArray(x)) [op, x] = relOf(x, what, true);
    this.push(load);
    if (isSetRef(x)) {
      if (!allowSets || (op !== 'eq' && op !== 'neq')) throw new RangeError(`${what}: set lookups take "@set" or { not: "@set" }`);
      this.lookup(x, what, op === 'neq');
      return;
    }
    if (Array.isArray(x)) {
      if (x.length !== 2) throw new RangeError(`${what} range must be [from, to], got ${x.length} values`);
      const lo = enc(x[0], `${what} range start`), hi = enc(x[1], `${what} range end`);
      if (Buffer.compare(lo, hi) > 0) throw new RangeError(`${what} range [${x[0]}, ${x[1]}] is reversed`);
      if (op === 'eq') { this.cmp(CMP.gte, lo); this.cmp(CMP.lte, hi); return; }
      if (op === 'neq') { this.push({ name: 'range', sreg: REG_1, op: K.NFT_RANGE_NEQ!, data: lo, dataTo: hi }); return; }
      throw new RangeError(`${what}: a range takes == or !=`);
    }
    this.cmp(CMP[op], enc(x, what));
  }

  port(field: 'sport' | 'dport', value: unknown, protocol: unknown, th: boolean): void {
    const what = `match.${th ? `th${field[0]!.toUpperCase()}${field.slice(1)}` : field}`;
    if (!th) {
      if (protocol === undefined) throw new TypeError(`${what} needs match.protocol ('tcp', 'udp', …): ports belong to a transport protocol (thDport matches any)`);
      this.protocol(protocol);
      if (!PORT_PROTOCOLS.has(this.l4!)) throw new RangeError(`${what}: protocol ${this.l4} has no ports`);
    }
    const load: Expr = { name: 'payload', dreg: REG_1, base: TRANSPORT, offset: field === 'sport' ? 0 : 2, len: 2 };
    this.netValue(value, what, load, (n, w) => be16(port(n, w)), true);
  }

  /** ip protocol / ip6 nexthdr / ip ttl / ip6 hoplimit: one byte of the network header. */
  netByte(key: 'ipProtocol' | 'nexthdr' | 'ttl' | 'hoplimit', value: unknown): void {
    const fam = key === 'ipProtocol' || key === 'ttl' ? 4 : 6;
    const what = `match.${key}`;
    this.l3(fam, what);
    const offset = { ipProtocol: 9, nexthdr: 6, ttl: 8, hoplimit: 7 }[key];
    const load: Expr = { name: 'payload', dreg: REG_1, base: NETWORK, offset, len: 1 };
    const enc = key === 'ttl' || key === 'hoplimit'
      ? (n: unknown, w: string) => u8(v.uint(n, w, 0, 255))
      : (n: unknown, w: string) => u8(protoNumber(n, w));
    this.netValue(value, what, load, enc, false);
  }

  /** A bit test: load, bitwise & bits, != 0 (ct state / ct status). */
  bits(key: number, names: Record<string, number>, value: unknown, what: string): void {
    if (!Array.isArray(value) || value.length === 0) throw new TypeError(`${what} must be a non-empty array like ['${Object.keys(names)[0]}']`);
    let bits = 0;
    for (const s of value) {
      if (typeof s !== 'string' || !(s in names)) throw new RangeError(`${what}: unknown value ${v.describe(s)}; use ${Object.keys(names).join(', ')}`);
      bits |= names[s]!;
    }
    this.push({ name: 'ct', key, dreg: REG_1 });
    this.push({ name: 'bitwise', sreg: REG_1, dreg: REG_1, len: 4, mask: u32(bits), xor: u32(0) });
    this.cmp(CMP.neq, u32(0));
  }

  /** A host-byte-order value (marks, ifindex, uid, zone): ==, != and, for marks, & mask first. */
  hostValue(load: Expr, value: unknown, what: string, enc: (n: unknown, w: string) => Buffer, maskable: boolean): void {
    if (maskable && typeof value === 'object' && value !== null && 'and' in value) {
      const o = value as { and: unknown; value: unknown };
      const extra = Object.keys(o).filter((k) => k !== 'and' && k !== 'value');
      if (extra.length) throw new RangeError(`${what}: unknown key "${extra[0]}"; a masked match is { and, value }`);
      const mask = v.uint(o.and, `${what}.and`);
      const [op, x] = relOf(o.value, `${what}.value`, false);
      this.push(load);
      // `meta mark & m == v` is a binary operation in nft: it sends NFTA_BITWISE_OP (bool).
      this.push({ name: 'bitwise', sreg: REG_1, dreg: REG_1, op: K.NFT_BITWISE_BOOL!, len: 4, mask: u32(mask), xor: u32(0) });
      this.cmp(op === 'neq' ? CMP.neq : CMP.eq, enc(x, `${what}.value`));
      return;
    }
    const [op, x] = relOf(value, what, false);
    this.push(load);
    this.cmp(op === 'neq' ? CMP.neq : CMP.eq, enc(x, what));
  }

  named(load: Expr, value: unknown, what: string, names: Record<string, number>, enc: (n: number) => Buffer): void {
    const [op, x] = relOf(value, what, false);
    if (typeof x !== 'string' || !(x in names)) throw new RangeError(`${what} must be one of ${Object.keys(names).join(', ')}, got ${v.describe(x)}`);
    this.push(load);
    this.cmp(op === 'neq' ? CMP.neq : CMP.eq, enc(names[x]!));
  }

  fibSaddrIifOifMissing(value: unknown): void {
    const missing = v.bool(value, 'match.fibSaddrIifOifMissing');
    const flags = K.NFTA_FIB_F_SADDR! | K.NFTA_FIB_F_IIF! | K.NFTA_FIB_F_PRESENT!;
    this.push(fib(K.NFT_FIB_RESULT_OIF!, flags));
    this.cmp(CMP.eq, u32(missing ? 0 : 1));
  }
}

/** fib expression, attributes in libnftnl's order (flags, result, dreg). */
export const fib = (result: number, flags: number): Expr => ({
  name: 'fib', raw: [rawBe32(K.NFTA_FIB_FLAGS!, flags), rawBe32(K.NFTA_FIB_RESULT!, result), rawBe32(K.NFTA_FIB_DREG!, REG_1)],
});

function protoNumber(value: unknown, what: string): number {
  if (typeof value !== 'string' || !(value in PROTOCOLS)) throw new RangeError(`${what} must be one of ${Object.keys(PROTOCOLS).join(', ')}, got ${v.describe(value)}`);
  return PROTOCOLS[value as L4Protocol];
}

export function checkFamily(value: unknown, what = 'family'): NftFamily {
  if (typeof value !== 'string' || !(value in FAMILIES)) throw new RangeError(`${what} must be one of ${Object.keys(FAMILIES).join(', ')}, got ${v.describe(value)}`);
  return value as NftFamily;
}

const uint32 = (n: unknown, w: string) => u32(v.uint(n, w));

function compileMatch(e: Emitter, m: Match & Record<string, unknown>): void {
  for (const key of Object.keys(m)) {
    const val = m[key];
    if (val === undefined) continue;
    if (!MATCH_KEYS.has(key)) throw new RangeError(`unknown match key "${key}"; known: ${[...MATCH_KEYS].join(', ')}`);
    // { all: [a, b] }: the same key tested more than once (ip daddr != a ip daddr != b).
    if (typeof val === 'object' && val !== null && !Array.isArray(val) && 'all' in val) {
      const all = (val as { all: unknown }).all;
      if (!Array.isArray(all) || all.length < 2 || Object.keys(val).length !== 1) throw new TypeError(`match.${key}.all must be an array of at least two conditions`);
      for (const one of all) compileMatch(e, { [key]: one, ...(key === 'sport' || key === 'dport' ? { protocol: m.protocol } : {}) } as Match & Record<string, unknown>);
      continue;
    }
    switch (key) {
      case 'saddr': case 'daddr': e.address(key, val, false); break;
      case 'saddr6': case 'daddr6': e.address(key === 'saddr6' ? 'saddr' : 'daddr', val, true); break;
      case 'iifname': case 'oifname': e.ifname(key, val); break;
      case 'protocol': e.protocol(val); break;
      case 'sport': case 'dport': e.port(key, val, m.protocol, false); break;
      case 'thSport': case 'thDport': e.port(key === 'thSport' ? 'sport' : 'dport', val, undefined, true); break;
      case 'ipProtocol': case 'nexthdr': case 'ttl': case 'hoplimit': e.netByte(key, val); break;
      case 'nfproto': e.nfprotoKey(val); break;
      case 'ctState': e.bits(K.NFT_CT_STATE!, CT_STATES as Record<CtState, number>, val, 'match.ctState'); break;
      case 'ctStatus': e.bits(K.NFT_CT_STATUS!, CT_STATUS, val, 'match.ctStatus'); break;
      case 'ctDirection': e.named({ name: 'ct', key: K.NFT_CT_DIRECTION!, dreg: REG_1 }, val, 'match.ctDirection', { original: 0, reply: 1 }, u8); break;
      case 'ctMark': e.hostValue({ name: 'ct', key: K.NFT_CT_MARK!, dreg: REG_1 }, val, 'match.ctMark', uint32, true); break;
      case 'ctZone': e.hostValue({ name: 'ct', key: K.NFT_CT_ZONE!, dreg: REG_1 }, val, 'match.ctZone', (n, w) => u16(v.uint(n, w, 0, 65535)), false); break;
      case 'mark': e.hostValue({ name: 'meta', key: META.mark, dreg: REG_1 }, val, 'match.mark', uint32, true); break;
      case 'iif': case 'oif': case 'skuid': case 'skgid': {
        const mk = { iif: K.NFT_META_IIF!, oif: K.NFT_META_OIF!, skuid: K.NFT_META_SKUID!, skgid: K.NFT_META_SKGID! }[key];
        e.hostValue({ name: 'meta', key: mk, dreg: REG_1 }, val, `match.${key}`, uint32, false);
        break;
      }
      case 'pkttype': e.named({ name: 'meta', key: K.NFT_META_PKTTYPE!, dreg: REG_1 }, val, 'match.pkttype', PKT_TYPES, u8); break;
      case 'fibDaddrType': e.named(fib(K.NFT_FIB_RESULT_ADDRTYPE!, K.NFTA_FIB_F_DADDR!), val, 'match.fibDaddrType', FIB_TYPES, u32); break;
      case 'fibSaddrIifOifMissing': e.fibSaddrIifOifMissing(val); break;
    }
  }
}

/** The expressions of a rule: match (in key order), raw extras, statements, counter, action. */
export function compileRule(spec: RuleSpec): Expr[] {
  const family = checkFamily(spec.family, 'rule family');
  const e = new Emitter(family);
  compileMatch(e, v.object(spec.match, 'rule match') as Match & Record<string, unknown>);
  if (spec.exprs !== undefined) {
    if (!Array.isArray(spec.exprs)) throw new TypeError('rule exprs must be an array of expressions');
    for (const x of spec.exprs) {
      if (typeof x !== 'object' || x === null || typeof x.name !== 'string') throw new TypeError('each raw expression needs a name');
      e.push(x);
    }
  }
  if (spec.statements !== undefined) compileStatements(family, spec.statements, e.exprs);
  if (spec.counter !== undefined && v.bool(spec.counter, 'rule counter')) e.push({ name: 'counter' });
  if (spec.action !== undefined) compileAction(family, spec.action, e.exprs);
  return e.exprs;
}
