// nf_tables expressions → the typed match/action they were built from (the inverse of
// compile.ts). Whatever does not fit a known pattern stays as raw expressions in `unknown`.
import { ADDR, CMP, CT_STATES, META, NAT_FLAGS, NETWORK, PROTOCOLS, REG_1, REG_VERDICT, TRANSPORT, VERDICT, K } from './consts.js';
import type { Action, CtState, Expr, L4Protocol, Match, NatFlags, NftFamily, PortSpec } from './types.js';

export function ipText(b: Buffer): string {
  if (b.length === 4) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i).toString(16));
  // Compress the longest run of zero groups, as inet_ntop does.
  let best = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== '0') { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) { best = i; bestLen = j - i; }
    i = j;
  }
  if (best < 0) return groups.join(':');
  return `${groups.slice(0, best).join(':')}::${groups.slice(best + bestLen).join(':')}`;
}

const protoName = (n: number): L4Protocol | undefined =>
  (Object.keys(PROTOCOLS) as L4Protocol[]).find((p) => PROTOCOLS[p] === n);

const isCmp = (e: Expr | undefined, op: number): e is Expr & { data: Buffer } =>
  e !== undefined && e.name === 'cmp' && e.sreg === REG_1 && e.op === op && Buffer.isBuffer(e.data);
const zero = (b: Buffer | undefined): boolean => b !== undefined && b.every((x) => x === 0);

function natFlagsOf(flags: number | undefined): NatFlags {
  const o: NatFlags = {};
  if (!flags) return o;
  if (flags & NAT_FLAGS.random) o.random = true;
  if (flags & NAT_FLAGS.fullyRandom) o.fullyRandom = true;
  if (flags & NAT_FLAGS.persistent) o.persistent = true;
  return o;
}

export interface Decompiled {
  match: Match; action?: Action; counter?: boolean; packets?: number; bytes?: number; unknown?: Expr[];
}

export function decompile(family: NftFamily, exprs: Expr[]): Decompiled {
  const match: Match = {};
  const unknown: Expr[] = [];
  const out: Decompiled = { match };
  let l3: 4 | 6 | null = family === 'ip' ? 4 : family === 'ip6' ? 6 : null;
  const regs = new Map<number, Buffer>();
  let i = 0;
  const take = (n: number): void => { i += n; };

  while (i < exprs.length) {
    const e = exprs[i]!;
    const n1 = exprs[i + 1];
    const n2 = exprs[i + 2];

    // inet: meta nfproto ipv4/ipv6 — the dependency nft adds before an address match.
    if (e.name === 'meta' && e.key === META.nfproto && e.dreg === REG_1 && isCmp(n1, CMP.eq) && n1.data.length === 1) {
      const f = n1.data[0] === ADDR[4].nfproto ? 4 : n1.data[0] === ADDR[6].nfproto ? 6 : null;
      if (f !== null && family === 'inet') { l3 = f; take(2); continue; }
    }
    // ip protocol / ip6 nexthdr: the protocol byte of the network header.
    if (e.name === 'payload' && e.dreg === REG_1 && e.base === NETWORK && e.len === 1 && isCmp(n1, CMP.eq) && match.protocol === undefined &&
        ((l3 === 4 && e.offset === 9) || (l3 === 6 && e.offset === 6))) {
      const p = protoName(n1.data[0]!);
      if (p) { match.protocol = p; take(2); continue; }
    }
    if (e.name === 'payload' && e.dreg === REG_1 && e.base === NETWORK && l3 !== null) {
      const a = ADDR[l3];
      const field = e.offset === a.saddr ? 'saddr' : e.offset === a.daddr ? 'daddr' : null;
      if (field && match[field] === undefined && e.len! <= a.len) {
        if (n1?.name === 'lookup' && n1.sreg === REG_1 && n1.set && e.len === a.len) {
          match[field] = `@${n1.set}`;
          take(2); continue;
        }
        if (n1?.name === 'bitwise' && n1.sreg === REG_1 && n1.dreg === REG_1 && zero(n1.xor) && n1.mask && isCmp(n2, CMP.eq) && e.len === a.len) {
          let prefix = 0;
          while (prefix < a.len * 8 && (n1.mask[prefix >> 3]! & (0x80 >> (prefix & 7)))) prefix++;
          match[field] = `${ipText(n2.data)}/${prefix}`;
          take(3); continue;
        }
        if (isCmp(n1, CMP.eq) && n1.data.length === e.len) {
          let full = n1.data;
          if (e.len !== a.len) { full = Buffer.alloc(a.len); n1.data.copy(full); }
          match[field] = e.len === a.len ? ipText(full) : `${ipText(full)}/${e.len! * 8}`;
          take(2); continue;
        }
      }
    }
    if (e.name === 'meta' && (e.key === META.iifname || e.key === META.oifname) && e.dreg === REG_1 && isCmp(n1, CMP.eq)) {
      const field = e.key === META.iifname ? 'iifname' : 'oifname';
      if (match[field] === undefined) {
        const d = n1.data;
        const nul = d.indexOf(0);
        match[field] = nul >= 0 ? d.toString('utf8', 0, nul) : `${d.toString('utf8')}*`;
        take(2); continue;
      }
    }
    if (e.name === 'meta' && e.key === META.l4proto && e.dreg === REG_1 && isCmp(n1, CMP.eq) && n1.data.length === 1 && match.protocol === undefined) {
      const p = protoName(n1.data[0]!);
      if (p) { match.protocol = p; take(2); continue; }
    }
    if (e.name === 'payload' && e.dreg === REG_1 && e.base === TRANSPORT && e.len === 2 && (e.offset === 0 || e.offset === 2) && match.protocol !== undefined) {
      const field = e.offset === 0 ? 'sport' : 'dport';
      if (match[field] === undefined) {
        if (n1?.name === 'lookup' && n1.sreg === REG_1 && n1.set) { match[field] = `@${n1.set}`; take(2); continue; }
        if (isCmp(n1, CMP.eq) && n1.data.length === 2) { match[field] = n1.data.readUInt16BE(0); take(2); continue; }
        if (isCmp(n1, CMP.gte) && isCmp(n2, CMP.lte) && n1.data.length === 2 && n2.data.length === 2) {
          match[field] = [n1.data.readUInt16BE(0), n2.data.readUInt16BE(0)];
          take(3); continue;
        }
      }
    }
    if (e.name === 'ct' && e.key === K.NFT_CT_STATE && e.dreg === REG_1 && e.dir === undefined && n1?.name === 'bitwise' && n1.len === 4 &&
        n1.mask && zero(n1.xor) && isCmp(n2, CMP.neq) && zero(n2.data) && match.ctState === undefined) {
      const bits = n1.mask.readUInt32LE(0);
      const states = (Object.keys(CT_STATES) as CtState[]).filter((s) => bits & CT_STATES[s]);
      match.ctState = states;
      take(3); continue;
    }
    if (e.name === 'meta' && e.key === META.mark && e.dreg === REG_1 && isCmp(n1, CMP.eq) && n1.data.length === 4 && match.mark === undefined) {
      match.mark = n1.data.readUInt32LE(0);
      take(2); continue;
    }
    if (e.name === 'counter' && out.counter === undefined) {
      out.counter = true;
      if (e.packets !== undefined) out.packets = e.packets;
      if (e.bytes !== undefined) out.bytes = e.bytes;
      take(1); continue;
    }
    if (e.name === 'immediate' && e.dreg === REG_VERDICT && e.verdict !== undefined && out.action === undefined && i === exprs.length - 1) {
      const vd = e.verdict;
      if (vd === VERDICT.accept) out.action = 'accept';
      else if (vd === VERDICT.drop) out.action = 'drop';
      else if (vd === VERDICT.return) out.action = 'return';
      else if (vd === VERDICT.jump && e.chain) out.action = { jump: e.chain };
      else if (vd === VERDICT.goto && e.chain) out.action = { goto: e.chain };
      if (out.action !== undefined) { take(1); continue; }
    }
    // NAT: immediates into registers, then nat/masq/redir reading them, at the end of the rule.
    if (e.name === 'immediate' && e.dreg !== undefined && e.dreg !== REG_VERDICT && Buffer.isBuffer(e.data)) {
      let j = i;
      const loaded = new Map<number, Buffer>();
      while (j < exprs.length && exprs[j]!.name === 'immediate' && exprs[j]!.dreg !== REG_VERDICT && Buffer.isBuffer(exprs[j]!.data)) {
        loaded.set(exprs[j]!.dreg!, exprs[j]!.data!);
        j++;
      }
      const act = natAction(exprs[j], loaded);
      if (act && j === exprs.length - 1 && out.action === undefined) { out.action = act; i = j + 1; continue; }
    }
    if ((e.name === 'masq' || e.name === 'redir' || e.name === 'nat') && i === exprs.length - 1 && out.action === undefined) {
      const act = natAction(e, regs);
      if (act) { out.action = act; take(1); continue; }
    }
    unknown.push(e);
    take(1);
  }
  if (unknown.length) out.unknown = unknown;
  return out;
}

function natAction(e: Expr | undefined, regs: Map<number, Buffer>): Action | undefined {
  if (!e) return undefined;
  const reg = (r: number | undefined): Buffer | undefined => (r === undefined ? undefined : regs.get(r));
  // The kernel reports max = min register when only min was given: that is a single value.
  const maxReg = (min: number | undefined, max: number | undefined) => (max === min ? undefined : max);
  const portOf = (): PortSpec | undefined => {
    const lo = reg(e.regProtoMin), hi = reg(maxReg(e.regProtoMin, e.regProtoMax));
    if (e.regProtoMin !== undefined && (!lo || lo.length !== 2)) return undefined;
    if (!lo) return undefined;
    return hi && hi.length === 2 ? [lo.readUInt16BE(0), hi.readUInt16BE(0)] : lo.readUInt16BE(0);
  };
  // Every register the expression reads must have been loaded just before it.
  for (const r of [e.regAddrMin, e.regAddrMax, e.regProtoMin, e.regProtoMax]) if (r !== undefined && !regs.has(r)) return undefined;
  // The kernel adds MAP_IPS itself when address registers are given, and reports it back.
  const known = NAT_FLAGS.mapIps | NAT_FLAGS.random | NAT_FLAGS.fullyRandom | NAT_FLAGS.persistent | NAT_FLAGS.protoSpecified;
  if (e.flags !== undefined && (e.flags & ~known) !== 0) return undefined;
  const flags = natFlagsOf(e.flags);
  const port = portOf();
  if (e.name === 'masq' || e.name === 'redir') {
    if (e.regAddrMin !== undefined) return undefined;
    const o = { ...flags, ...(port !== undefined ? { port } : {}) };
    return e.name === 'masq' ? { masquerade: o } : { redirect: o };
  }
  if (e.name === 'nat' && e.regAddrMin !== undefined) {
    const lo = reg(e.regAddrMin)!, hi = reg(maxReg(e.regAddrMin, e.regAddrMax));
    if (lo.length !== 4 && lo.length !== 16) return undefined;
    const addr: string | [string, string] = hi ? [ipText(lo), ipText(hi)] : ipText(lo);
    const o = { addr, ...(port !== undefined ? { port } : {}), ...flags };
    if (e.natType === K.NFT_NAT_SNAT) return { snat: o };
    if (e.natType === K.NFT_NAT_DNAT) return { dnat: o };
  }
  return undefined;
}
