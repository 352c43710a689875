// Typed match → nf_tables expressions, exactly as nft emits them (checked against
// `nft --debug=netlink` on nftables 1.0.6): e.g. `ip saddr 172.18.0.0/24` is a 3-byte payload load
// and a cmp, `ip saddr 10.0.0.0/20` a 4-byte load, a bitwise mask and a cmp. Statements and
// actions are in compile-stmt.ts.
import * as v from '../util/validate.js';
import { ADDR, CMP, CT_STATES, CT_STATUS, FAMILIES, FIB_TYPES, META, PKT_TYPES, REG_1, K } from './consts.js';
import { compileAction, compileStatements, keyLoads } from './compile-stmt.js';
import { isSetRef, port, relOf, u16, u32, u8 } from './values.js';
export { addrFamilyFor, be16, port, portSpec, setName, u32 } from './values.js';
import { mergePayloads } from './merge.js';
import type { CtState, Expr, Match, NftFamily, RuleSpec } from './types.js';
import { Emitter, fib } from './emitter.js';
export { Emitter, fib } from './emitter.js';

const MATCH_KEYS = new Set([
  'saddr', 'daddr', 'saddr6', 'daddr6', 'iifname', 'oifname', 'protocol', 'sport', 'dport', 'thSport', 'thDport', 'ipProtocol', 'nexthdr',
  'ttl', 'hoplimit', 'nfproto', 'ctState', 'ctStatus', 'ctDirection', 'ctMark', 'ctZone', 'mark', 'iif', 'oif', 'skuid', 'skgid',
  'pkttype', 'fibDaddrType', 'fibSaddrIifOifMissing', 'icmpType', 'icmpv6Type', 'tcpFlags', 'concat',
  'fib', 'ctOriginalSaddr', 'ctOriginalDaddr', 'ctReplySaddr', 'ctReplyDaddr', 'ctOriginalProtoSrc', 'ctOriginalProtoDst',
  'ctReplyProtoSrc', 'ctReplyProtoDst', 'ctCount', 'iiftype', 'oiftype', 'etherSaddr', 'etherDaddr', 'etherType', 'vlanId', 'vlanType',
]);
/** The network protocol known before expression i: the table's, or in inet the last meta nfproto check. */
function l3Before(family: NftFamily, exprs: Expr[], i: number): 4 | 6 | null {
  if (family === 'ip') return 4;
  if (family === 'ip6') return 6;
  if (family !== 'inet') return null;
  for (let j = i - 2; j >= 0; j--) {
    const a = exprs[j]!, b = exprs[j + 1]!;
    if (a.name === 'meta' && a.key === META.nfproto && a.dreg === REG_1 && b.name === 'cmp' && b.op === CMP.eq && b.data?.length === 1) {
      return b.data[0] === ADDR[4].nfproto ? 4 : b.data[0] === ADDR[6].nfproto ? 6 : null;
    }
  }
  return null;
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
      for (const one of all) compileMatch(e, { [key]: one, ...(key === 'sport' || key === 'dport' || /^ct(Original|Reply)Proto/.test(key) ? { protocol: m.protocol } : {}) } as Match & Record<string, unknown>);
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
      case 'mark': if (e.metaSet(META.mark, val, 'match.mark')) break; e.hostValue({ name: 'meta', key: META.mark, dreg: REG_1 }, val, 'match.mark', uint32, true); break;
      case 'iif': case 'oif': case 'skuid': case 'skgid': {
        const mk = { iif: K.NFT_META_IIF!, oif: K.NFT_META_OIF!, skuid: K.NFT_META_SKUID!, skgid: K.NFT_META_SKGID! }[key];
        e.hostValue({ name: 'meta', key: mk, dreg: REG_1 }, val, `match.${key}`, uint32, false);
        break;
      }
      case 'pkttype': e.named({ name: 'meta', key: K.NFT_META_PKTTYPE!, dreg: REG_1 }, val, 'match.pkttype', PKT_TYPES, u8); break;
      case 'fibDaddrType': e.named(fib(K.NFT_FIB_RESULT_ADDRTYPE!, K.NFTA_FIB_F_DADDR!), val, 'match.fibDaddrType', FIB_TYPES, u32); break;
      case 'fibSaddrIifOifMissing': e.fibSaddrIifOifMissing(val); break;
      case 'icmpType': case 'icmpv6Type': e.icmpType(key, val, m.protocol); break;
      case 'tcpFlags': e.tcpFlags(val, m.protocol); break;
      case 'fib': e.fib(val); break;
      case 'ctOriginalSaddr': case 'ctOriginalDaddr': case 'ctReplySaddr': case 'ctReplyDaddr': e.ctAddr(key, val); break;
      case 'ctOriginalProtoSrc': case 'ctOriginalProtoDst': case 'ctReplyProtoSrc': case 'ctReplyProtoDst': e.ctProto(key, val, m.protocol); break;
      case 'ctCount': e.ctCount(val); break;
      case 'iiftype': case 'oiftype': e.ifType(key, val); break;
      case 'etherSaddr': case 'etherDaddr': e.ether(key, val); break;
      case 'etherType': case 'vlanType': e.etherType(key, val); break;
      case 'vlanId': e.vlanId(val); break;
      case 'concat': {
        const c = v.object(val, 'match.concat') as { key: unknown; set: unknown };
        if (!Array.isArray(c.key) || c.key.length < 2) throw new TypeError('match.concat.key must list at least two selectors');
        const [op, x] = relOf(c.set, 'match.concat.set', false);
        if (!isSetRef(x)) throw new TypeError(`match.concat.set must name a set like "@flows", got ${v.describe(x)}`);
        e.push(...keyLoads(e.family, c.key, e.exprs, 'match.concat.key'));
        e.lookup(x, 'match.concat.set', op === 'neq');
        break;
      }
    }
  }
}

/** The expressions of a rule: match (in key order), raw extras, statements, counter, action. */
export function compileRule(spec: RuleSpec): Expr[] {
  const family = checkFamily(spec.family, 'rule family');
  const e = new Emitter(family);
  compileMatch(e, v.object(spec.match, 'rule match') as Match & Record<string, unknown>);
  e.exprs = mergePayloads(e.exprs, (i) => l3Before(family, e.exprs, i));
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
