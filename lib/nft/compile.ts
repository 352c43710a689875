// Typed match/action → nf_tables expressions, exactly as nft emits them (checked against
// `nft --debug=netlink` on nftables 1.0.6): e.g. `ip saddr 172.18.0.0/24` is a 3-byte payload load
// and a cmp, `ip saddr 10.0.0.0/20` a 4-byte load, a bitwise mask and a cmp.
import * as v from '../util/validate.js';
import {
  ADDR, CMP, CT_STATES, FAMILIES, META, NAT_FLAGS, NETWORK, PORT_PROTOCOLS, PROTOCOLS, REG_1, REG_VERDICT, TRANSPORT, VERDICT, K,
} from './consts.js';
import type { Action, CtState, Expr, L4Protocol, Match, NatFlags, NftFamily, PortSpec, RuleSpec } from './types.js';

export const be16 = (n: number): Buffer => { const b = Buffer.alloc(2); b.writeUInt16BE(n); return b; };
export const u32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeUInt32LE(n >>> 0); return b; };
const u8 = (n: number): Buffer => Buffer.from([n]);

const MATCH_KEYS = new Set(['saddr', 'daddr', 'iifname', 'oifname', 'protocol', 'sport', 'dport', 'ctState', 'mark']);

export function port(value: unknown, what: string): number {
  return v.uint(value, what, 1, 65535);
}
export function portSpec(value: unknown, what: string): [number, number] | number {
  if (Array.isArray(value)) {
    if (value.length !== 2) throw new RangeError(`${what} range must be [from, to], got ${value.length} values`);
    const a = port(value[0], `${what} range start`);
    const b = port(value[1], `${what} range end`);
    if (a > b) throw new RangeError(`${what} range [${a}, ${b}] is reversed`);
    return [a, b];
  }
  return port(value, what);
}

/** Interface name as nft compares it: 16 bytes NUL padded, or the bare prefix for 'eth*'. */
function ifnameData(value: unknown, what: string): Buffer {
  if (typeof value === 'string' && value.endsWith('*')) {
    const prefix = value.slice(0, -1);
    if (prefix.length === 0) throw new RangeError(`${what} "*" matches every interface; leave it out instead`);
    v.ifname(prefix, what);
    return Buffer.from(prefix);
  }
  const name = v.ifname(value, what);
  const b = Buffer.alloc(v.IFNAMSIZ);
  b.write(name);
  return b;
}

function addrFamilyFor(family: NftFamily, ipFamily: 4 | 6, text: string, what: string): void {
  if (family === 'ip' && ipFamily !== 4) throw new RangeError(`${what} ${text} is IPv6 but the table family is ip; use ip6 or inet`);
  if (family === 'ip6' && ipFamily !== 6) throw new RangeError(`${what} ${text} is IPv4 but the table family is ip6; use ip or inet`);
  if (family !== 'ip' && family !== 'ip6' && family !== 'inet') throw new RangeError(`${what}: address matches need an ip, ip6 or inet table, not ${family}`);
}

function setName(value: string, what: string): string {
  const name = value.slice(1);
  if (!/^[A-Za-z_][A-Za-z0-9_.-]{0,254}$/.test(name)) throw new RangeError(`${what} "${value}" is not a valid set reference like "@allowed"`);
  return name;
}

class Emitter {
  exprs: Expr[] = [];
  private nfproto: number | null = null;
  private l4: L4Protocol | null = null;
  constructor(readonly family: NftFamily) {}

  push(...e: Expr[]): void { this.exprs.push(...e); }
  cmp(op: number, data: Buffer): void { this.push({ name: 'cmp', sreg: REG_1, op, data }); }

  /** In inet tables nft first checks the layer 3 protocol (meta nfproto), once. */
  l3(ipFamily: 4 | 6): void {
    if (this.family !== 'inet') return;
    const want = ADDR[ipFamily].nfproto;
    if (this.nfproto === want) return;
    this.nfproto = want;
    this.push({ name: 'meta', key: META.nfproto, dreg: REG_1 });
    this.cmp(CMP.eq, u8(want));
  }

  address(field: 'saddr' | 'daddr', value: unknown): void {
    const what = `match.${field}`;
    if (typeof value === 'string' && value.startsWith('@')) {
      if (this.family === 'inet' || (this.family !== 'ip' && this.family !== 'ip6')) {
        throw new RangeError(`${what}: set lookups on addresses need an ip or ip6 table (inet cannot tell which address family the set holds)`);
      }
      const a = ADDR[this.family === 'ip' ? 4 : 6];
      this.push({ name: 'payload', dreg: REG_1, base: NETWORK, offset: a[field], len: a.len });
      this.push({ name: 'lookup', sreg: REG_1, set: setName(value, what) });
      return;
    }
    const c = v.cidr(value, what);
    addrFamilyFor(this.family, c.family, c.text, what);
    this.l3(c.family);
    const a = ADDR[c.family];
    const net = v.networkOf(c);
    if (c.prefix > 0 && c.prefix % 8 === 0) {
      // Byte-aligned prefix: load only the prefix bytes.
      const n = c.prefix / 8;
      this.push({ name: 'payload', dreg: REG_1, base: NETWORK, offset: a[field], len: n });
      this.cmp(CMP.eq, net.subarray(0, n));
    } else {
      this.push({ name: 'payload', dreg: REG_1, base: NETWORK, offset: a[field], len: a.len });
      const mask = Buffer.alloc(a.len);
      for (let bit = 0; bit < c.prefix; bit++) mask[bit >> 3]! |= 0x80 >> (bit & 7);
      this.push({ name: 'bitwise', sreg: REG_1, dreg: REG_1, len: a.len, mask, xor: Buffer.alloc(a.len) });
      this.cmp(CMP.eq, net);
    }
  }

  ifname(field: 'iifname' | 'oifname', value: unknown): void {
    this.push({ name: 'meta', key: META[field], dreg: REG_1 });
    this.cmp(CMP.eq, ifnameData(value, `match.${field}`));
  }

  protocol(value: unknown): void {
    if (typeof value !== 'string' || !(value in PROTOCOLS)) {
      throw new RangeError(`match.protocol must be one of ${Object.keys(PROTOCOLS).join(', ')}, got ${v.describe(value)}`);
    }
    if (this.l4 !== null) return;
    this.l4 = value as L4Protocol;
    this.push({ name: 'meta', key: META.l4proto, dreg: REG_1 });
    this.cmp(CMP.eq, u8(PROTOCOLS[value as L4Protocol]));
  }

  port(field: 'sport' | 'dport', value: unknown, protocol: unknown): void {
    const what = `match.${field}`;
    if (protocol === undefined) throw new TypeError(`${what} needs match.protocol ('tcp', 'udp', …): ports belong to a transport protocol`);
    this.protocol(protocol);
    if (!PORT_PROTOCOLS.has(this.l4!)) throw new RangeError(`${what}: protocol ${this.l4} has no ports`);
    this.push({ name: 'payload', dreg: REG_1, base: TRANSPORT, offset: field === 'sport' ? 0 : 2, len: 2 });
    if (typeof value === 'string' && value.startsWith('@')) {
      this.push({ name: 'lookup', sreg: REG_1, set: setName(value, what) });
      return;
    }
    const p = portSpec(value, what);
    if (typeof p === 'number') this.cmp(CMP.eq, be16(p));
    else {
      this.cmp(CMP.gte, be16(p[0]));
      this.cmp(CMP.lte, be16(p[1]));
    }
  }

  ctState(value: unknown): void {
    if (!Array.isArray(value) || value.length === 0) throw new TypeError(`match.ctState must be a non-empty array like ['established', 'related']`);
    let bits = 0;
    for (const s of value) {
      if (typeof s !== 'string' || !(s in CT_STATES)) throw new RangeError(`match.ctState: unknown state ${v.describe(s)}; use ${Object.keys(CT_STATES).join(', ')}`);
      bits |= CT_STATES[s as CtState];
    }
    this.push({ name: 'ct', key: K.NFT_CT_STATE!, dreg: REG_1 });
    this.push({ name: 'bitwise', sreg: REG_1, dreg: REG_1, len: 4, mask: u32(bits), xor: u32(0) });
    this.cmp(CMP.neq, u32(0));
  }

  mark(value: unknown): void {
    const m = v.uint(value, 'match.mark');
    this.push({ name: 'meta', key: META.mark, dreg: REG_1 });
    this.cmp(CMP.eq, u32(m));
  }
}

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

function compileAction(family: NftFamily, action: unknown, out: Expr[]): void {
  if (action === 'accept' || action === 'drop' || action === 'return') {
    out.push({ name: 'immediate', dreg: REG_VERDICT, verdict: VERDICT[action] });
    return;
  }
  const a = v.object(action, 'action');
  const keys = Object.keys(a);
  if (keys.length !== 1) throw new TypeError(`action must be 'accept', 'drop', 'return' or an object with one key (jump, goto, masquerade, snat, dnat, redirect), got ${v.describe(action)}`);
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
      const o = v.object(val, `action.${key}`) as { addr?: unknown; port?: PortSpec } & NatFlags;
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
    default:
      throw new RangeError(`unknown action "${key}"; use accept, drop, return, jump, goto, masquerade, snat, dnat or redirect`);
  }
}

export function checkFamily(value: unknown, what = 'family'): NftFamily {
  if (typeof value !== 'string' || !(value in FAMILIES)) throw new RangeError(`${what} must be one of ${Object.keys(FAMILIES).join(', ')}, got ${v.describe(value)}`);
  return value as NftFamily;
}

/** The expressions of a rule: match (in key order), raw extras, counter, action. */
export function compileRule(spec: RuleSpec): Expr[] {
  const family = checkFamily(spec.family, 'rule family');
  const e = new Emitter(family);
  const m = v.object(spec.match, 'rule match') as Match & Record<string, unknown>;
  for (const key of Object.keys(m)) {
    const val = m[key];
    if (val === undefined) continue;
    if (!MATCH_KEYS.has(key)) throw new RangeError(`unknown match key "${key}"; known: ${[...MATCH_KEYS].join(', ')}`);
    switch (key) {
      case 'saddr': case 'daddr': e.address(key, val); break;
      case 'iifname': case 'oifname': e.ifname(key, val); break;
      case 'protocol': e.protocol(val); break;
      case 'sport': case 'dport': e.port(key, val, m.protocol); break;
      case 'ctState': e.ctState(val); break;
      case 'mark': e.mark(val); break;
    }
  }
  if (spec.exprs !== undefined) {
    if (!Array.isArray(spec.exprs)) throw new TypeError('rule exprs must be an array of expressions');
    for (const x of spec.exprs) {
      if (typeof x !== 'object' || x === null || typeof x.name !== 'string') throw new TypeError('each raw expression needs a name');
      e.push(x);
    }
  }
  if (spec.counter !== undefined && v.bool(spec.counter, 'rule counter')) e.push({ name: 'counter' });
  if (spec.action !== undefined) compileAction(family, spec.action, e.exprs);
  return e.exprs;
}
