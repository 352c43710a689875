// The match emitter: each typed match key → nf_tables expressions exactly as nft 1.0.6 emits them
// (dependencies such as meta nfproto, meta l4proto, meta iiftype ether added once, in nft's
// order). compile.ts walks the match keys and calls these.
import * as v from '../util/validate.js';
import { ADDR, CMP, ETHER_TYPES, FIB_LOOKUP, IF_TYPES, LINK, FIB_TYPES, ICMP_TYPES, ICMPV6_TYPES, TCP_FLAGS, META, NETWORK, PORT_PROTOCOLS, PROTOCOLS, REG_1, TRANSPORT, K } from './consts.js';
import { connlimit } from './compile-stmt.js';
import { addrFamilyFor, be16, ifnameData, isSetRef, macBytes, port, relOf, setName, u16, u32, u8 } from './values.js';
import { rawBe32 } from './raw.js';
import type { Expr, L4Protocol, NftFamily } from './types.js';

export class Emitter {
  exprs: Expr[] = [];
  private nfproto: number | null = null;
  private l4: L4Protocol | null = null;
  /** `meta iiftype ether` / `ether type 8021q` already checked (nft adds each dependency once). */
  private llEther = false;
  private vlanDep = false;
  constructor(readonly family: NftFamily) {}

  push(...e: Expr[]): void { this.exprs.push(...e); }
  // exprs.push, not push(...): a rest array per call is felt in a fresh process (bench W6).
  cmp(op: number, data: Buffer): void { this.exprs.push({ name: 'cmp', sreg: REG_1, op, data }); }
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
      this.exprs.push({ name: 'payload', dreg: REG_1, base: NETWORK, offset: a[field], len: n });
      this.cmp(cop, net.subarray(0, n));
    } else {
      this.exprs.push({ name: 'payload', dreg: REG_1, base: NETWORK, offset: a[field], len: a.len });
      const mask = Buffer.alloc(a.len);
      for (let bit = 0; bit < c.prefix; bit++) mask[bit >> 3]! |= 0x80 >> (bit & 7);
      this.exprs.push({ name: 'bitwise', sreg: REG_1, dreg: REG_1, len: a.len, mask, xor: Buffer.alloc(a.len) });
      this.cmp(cop, net);
    }
  }

  /** `meta l4proto @s`, `iifname @s`, `meta mark @s`: a lookup after a meta load. */
  metaSet(key: number, value: unknown, what: string): boolean {
    const ref = isSetRef(value) || (typeof value === 'object' && value !== null && Object.keys(value).length === 1 && isSetRef((value as { not?: unknown }).not));
    if (!ref) return false;
    const [op, x] = relOf(value, what, false);
    if (!isSetRef(x)) return false;
    this.push({ name: 'meta', key, dreg: REG_1 });
    this.lookup(x, what, op === 'neq');
    return true;
  }

  ifname(field: 'iifname' | 'oifname', value: unknown): void {
    if (this.metaSet(META[field], value, `match.${field}`)) return;
    const [op, x] = relOf(value, `match.${field}`, false);
    this.exprs.push({ name: 'meta', key: META[field], dreg: REG_1 });
    this.cmp(op === 'neq' ? CMP.neq : CMP.eq, ifnameData(x, `match.${field}`));
  }

  protocol(value: unknown): void {
    if (this.metaSet(META.l4proto, value, 'match.protocol')) return;
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

  icmpType(key: 'icmpType' | 'icmpv6Type', value: unknown, protocol: unknown): void {
    const want = key === 'icmpType' ? 'icmp' : 'icmpv6';
    if (protocol !== want) throw new TypeError(`match.${key} needs match.protocol '${want}' (the type is a field of the ${want} header)`);
    this.protocol(protocol);
    const names = key === 'icmpType' ? ICMP_TYPES : ICMPV6_TYPES;
    const enc = (n: unknown, w: string) => {
      if (typeof n === 'string' && n in names) return u8(names[n]!);
      if (typeof n === 'string') throw new RangeError(`${w}: unknown type "${n}"; use a number or ${Object.keys(names).join(', ')}`);
      return u8(v.uint(n, w, 0, 255));
    };
    const [op, x] = relOf(value, `match.${key}`, false);
    this.push({ name: 'payload', dreg: REG_1, base: TRANSPORT, offset: 0, len: 1 });
    if (isSetRef(x)) { this.lookup(x, `match.${key}`, op === 'neq'); return; }
    this.cmp(op === 'neq' ? CMP.neq : CMP.eq, enc(x, `match.${key}`));
  }

  tcpFlags(value: unknown, protocol: unknown): void {
    if (protocol !== 'tcp') throw new TypeError(`match.tcpFlags needs match.protocol 'tcp'`);
    this.protocol(protocol);
    const bits = (x: unknown, w: string): number => {
      if (!Array.isArray(x)) throw new TypeError(`${w} must be an array of flags like ['syn', 'ack']`);
      let b = 0;
      for (const f of x) { if (typeof f !== 'string' || !(f in TCP_FLAGS)) throw new RangeError(`${w}: unknown flag ${v.describe(f)}; use ${Object.keys(TCP_FLAGS).join(', ')}`); b |= TCP_FLAGS[f]!; }
      return b;
    };
    this.push({ name: 'payload', dreg: REG_1, base: TRANSPORT, offset: 13, len: 1 });
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'and' in value) {
      const o = value as { and: unknown; value: unknown };
      const [op, x] = relOf(o.value, 'match.tcpFlags.value', false);
      this.push({ name: 'bitwise', sreg: REG_1, dreg: REG_1, len: 1, mask: u8(bits(o.and, 'match.tcpFlags.and')), xor: u8(0) });
      this.cmp(op === 'neq' ? CMP.neq : CMP.eq, u8(bits(x, 'match.tcpFlags.value')));
      return;
    }
    const [op, x] = relOf(value, 'match.tcpFlags', false);
    this.cmp(op === 'neq' ? CMP.neq : CMP.eq, u8(bits(x, 'match.tcpFlags')));
  }

  /** Link layer fields outside bridge tables depend on `meta iiftype ether` (nft adds it once). */
  private linkLayer(what: string): void {
    if (this.family === 'arp') throw new RangeError(`${what} needs a bridge, netdev, ip, ip6 or inet table, not arp`);
    if (this.family === 'bridge' || this.llEther) return;
    this.llEther = true;
    this.push({ name: 'meta', key: K.NFT_META_IIFTYPE!, dreg: REG_1 });
    this.cmp(CMP.eq, u16(IF_TYPES.ether!));
  }

  /** `meta iiftype ether` / `meta oiftype loopback`: 16-bit host order ARPHRD_* type. */
  ifType(key: 'iiftype' | 'oiftype', value: unknown): void {
    const what = `match.${key}`;
    const [op, x] = relOf(value, what, false);
    const n = typeof x === 'string' ? IF_TYPES[x] : v.uint(x, what, 0, 65535);
    if (n === undefined) throw new RangeError(`${what} must be a number or one of ${Object.keys(IF_TYPES).join(', ')}, got ${v.describe(x)}`);
    this.push({ name: 'meta', key: key === 'iiftype' ? K.NFT_META_IIFTYPE! : K.NFT_META_OIFTYPE!, dreg: REG_1 });
    this.cmp(op === 'neq' ? CMP.neq : CMP.eq, u16(n));
    if (key === 'iiftype' && op === 'eq' && n === IF_TYPES.ether) this.llEther = true;
  }

  /** `ether saddr|daddr MAC|@set`. */
  ether(field: 'etherSaddr' | 'etherDaddr', value: unknown): void {
    const what = `match.${field}`;
    const [op, x] = relOf(value, what, false);
    const data = isSetRef(x) ? null : macBytes(x, what);
    this.linkLayer(what);
    this.push({ name: 'payload', dreg: REG_1, base: LINK, offset: field === 'etherSaddr' ? 6 : 0, len: 6 });
    if (data) this.cmp(op === 'neq' ? CMP.neq : CMP.eq, data);
    else this.lookup(x as string, what, op === 'neq');
  }

  /** `ether type ip` / `vlan type ip`: a 16-bit network order ETH_P_* value. */
  etherType(key: 'etherType' | 'vlanType', value: unknown): void {
    const what = `match.${key}`;
    const [op, x] = relOf(value, what, false);
    const n = typeof x === 'string' ? ETHER_TYPES[x] : v.uint(x, what, 0, 65535);
    if (n === undefined) throw new RangeError(`${what} must be a number or one of ${Object.keys(ETHER_TYPES).join(', ')}, got ${v.describe(x)}`);
    if (key === 'vlanType') this.vlan(what);
    else this.linkLayer(what);
    this.push({ name: 'payload', dreg: REG_1, base: LINK, offset: key === 'etherType' ? 12 : 16, len: 2 });
    this.cmp(op === 'neq' ? CMP.neq : CMP.eq, be16(n));
    if (key === 'etherType' && op === 'eq' && n === ETHER_TYPES['8021q']) this.vlanDep = true;
  }

  /** vlan fields depend on `ether type 8021q` (and that on `meta iiftype ether` outside bridge tables). */
  private vlan(what: string): void {
    this.linkLayer(what);
    if (this.vlanDep) return;
    this.vlanDep = true;
    this.push({ name: 'payload', dreg: REG_1, base: LINK, offset: 12, len: 2 });
    this.cmp(CMP.eq, be16(ETHER_TYPES['8021q']!));
  }

  /** `vlan id 10`: the low 12 bits of the TCI. */
  vlanId(value: unknown): void {
    const [op, x] = relOf(value, 'match.vlanId', true);
    const id = v.uint(x, 'match.vlanId', 0, 4095);
    this.vlan('match.vlanId');
    this.push({ name: 'payload', dreg: REG_1, base: LINK, offset: 14, len: 2 });
    this.push({ name: 'bitwise', sreg: REG_1, dreg: REG_1, op: K.NFT_BITWISE_BOOL!, len: 2, mask: be16(0x0fff), xor: Buffer.alloc(2) });
    this.cmp(CMP[op], be16(id));
  }

  /** `ct original ip saddr 10.0.0.0/8`: the conntrack tuple's address (prefixes as for payload addresses). */
  ctAddr(key: string, value: unknown): void {
    const what = `match.${key}`;
    const [op, x] = relOf(value, what, false);
    const c = v.cidr(x, what);
    addrFamilyFor(this.family, c.family, c.text, what);
    const src = key.endsWith('Saddr');
    const ctKey = c.family === 4 ? (src ? K.NFT_CT_SRC_IP! : K.NFT_CT_DST_IP!) : (src ? K.NFT_CT_SRC_IP6! : K.NFT_CT_DST_IP6!);
    const load: Expr = { name: 'ct', key: ctKey, dreg: REG_1, dir: key.startsWith('ctReply') ? 1 : 0 };
    const net = v.networkOf(c);
    const cop = op === 'neq' ? CMP.neq : CMP.eq;
    const len = ADDR[c.family].len;
    this.push(load);
    if (c.prefix % 8 === 0 && c.prefix > 0) { this.cmp(cop, net.subarray(0, c.prefix / 8)); return; }
    const mask = Buffer.alloc(len);
    for (let bit = 0; bit < c.prefix; bit++) mask[bit >> 3]! |= 0x80 >> (bit & 7);
    this.push({ name: 'bitwise', sreg: REG_1, dreg: REG_1, len, mask, xor: Buffer.alloc(len) });
    this.cmp(cop, net);
  }

  /** `ct original proto-dst 80`: needs the transport protocol first (nft: meta l4proto tcp). */
  ctProto(key: string, value: unknown, protocol: unknown): void {
    const what = `match.${key}`;
    if (protocol === undefined) throw new TypeError(`${what} needs match.protocol ('tcp', 'udp', …): nft checks the protocol before a conntrack port`);
    this.protocol(protocol);
    if (!PORT_PROTOCOLS.has(this.l4!)) throw new RangeError(`${what}: protocol ${this.l4} has no ports`);
    const load: Expr = { name: 'ct', key: key.endsWith('Src') ? K.NFT_CT_PROTO_SRC! : K.NFT_CT_PROTO_DST!, dreg: REG_1, dir: key.startsWith('ctReply') ? 1 : 0 };
    this.netValue(value, what, load, (n, w) => be16(port(n, w)), false);
  }

  /** `ct count [over] N` (connlimit). */
  ctCount(value: unknown): void {
    this.push(connlimit(value, 'match.ctCount'));
  }

  /** Any fib lookup: { lookup: ['daddr', 'iif'], result: 'type', value } or { lookup, result: 'oif', missing }. */
  fib(value: unknown): void {
    const o = v.object(value, 'match.fib') as { lookup: unknown; result: unknown; value?: unknown; missing?: unknown };
    if (!Array.isArray(o.lookup) || o.lookup.length === 0) throw new TypeError(`match.fib.lookup must list what to look up, like ['saddr', 'iif']`);
    let flags = 0;
    for (const l of o.lookup) {
      if (typeof l !== 'string' || !(l in FIB_LOOKUP)) throw new RangeError(`match.fib.lookup: unknown ${v.describe(l)}; use ${Object.keys(FIB_LOOKUP).join(', ')}`);
      if (flags & FIB_LOOKUP[l]!) throw new RangeError(`match.fib.lookup names ${l} twice`);
      flags |= FIB_LOOKUP[l]!;
    }
    if (!(flags & FIB_LOOKUP.saddr!) === !(flags & FIB_LOOKUP.daddr!)) throw new RangeError(`match.fib.lookup needs exactly one of saddr, daddr`);
    if (o.result === 'type') {
      if (Object.keys(o).some((k) => !['lookup', 'result', 'value'].includes(k))) throw new RangeError(`match.fib: result 'type' takes { lookup, result, value }`);
      this.named(fib(K.NFT_FIB_RESULT_ADDRTYPE!, flags), o.value, 'match.fib.value', FIB_TYPES, u32);
      return;
    }
    if (o.result === 'oif') {
      if (Object.keys(o).some((k) => !['lookup', 'result', 'missing'].includes(k))) throw new RangeError(`match.fib: result 'oif' takes { lookup, result, missing }`);
      const missing = v.bool(o.missing, 'match.fib.missing');
      this.push(fib(K.NFT_FIB_RESULT_OIF!, flags | K.NFTA_FIB_F_PRESENT!));
      this.cmp(CMP.eq, u32(missing ? 0 : 1));
      return;
    }
    throw new RangeError(`match.fib.result must be 'type' or 'oif', got ${v.describe(o.result)}`);
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

export function protoNumber(value: unknown, what: string): number {
  if (typeof value !== 'string' || !(value in PROTOCOLS)) throw new RangeError(`${what} must be one of ${Object.keys(PROTOCOLS).join(', ')}, got ${v.describe(value)}`);
  return PROTOCOLS[value as L4Protocol];
}

