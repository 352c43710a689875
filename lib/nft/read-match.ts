// Match readers for decompile: the pattern of each typed match key, proposed piece by piece from
// the start of a rule (decompile.ts accepts them only if they recompile exactly).
import { ADDR, CMP, CT_STATES, ETHER_TYPES, FIB_LOOKUP, IF_TYPES, LINK, CT_STATUS, FIB_TYPES, ICMP_TYPES, ICMPV6_TYPES, TCP_FLAGS, META, NETWORK, PKT_TYPES, PORT_PROTOCOLS, REG_1, TRANSPORT, K } from './consts.js';
import { splitMerged } from './merge.js';
import { be32Of, rawMap } from './raw.js';
import { ipText } from './iptext.js';
import type { Expr, L4Protocol, Match, NftFamily } from './types.js';
import { type Cmp, type Piece, eqOrNeq, isCmp, isLoad, isMaskBitwise, keyLoadsAt, macText, nameOf, netValue, prefixLen, protoName, rel } from './read-common.js';

/** Link layer pieces (ether saddr/daddr/type, vlan id/type); `ether type 8021q` before a vlan field is its dependency. */
function llPiece(exprs: Expr[], i: number): Piece | null {
  const e = exprs[i]!, n1 = exprs[i + 1], n2 = exprs[i + 2];
  if (!isLoad(e, 'payload') || e.base !== LINK) return null;
  const wrap = (c: Cmp, x: unknown) => (c.op === CMP.eq ? x : { not: x });
  if ((e.offset === 6 || e.offset === 0) && e.len === 6) {
    const r = netValue(exprs, i + 1, 6, macText, true);
    if (!r || Array.isArray(r.value) || (typeof r.value === 'object' && r.value !== null && !('not' in r.value))) return null;
    return { key: e.offset === 6 ? 'etherSaddr' : 'etherDaddr', value: r.value, n: 1 + r.n };
  }
  if (e.len !== 2) return null;
  if ((e.offset === 12 || e.offset === 16) && isCmp(n1) && eqOrNeq(n1) && n1.data.length === 2) {
    const t = n1.data.readUInt16BE(0);
    if (e.offset === 12 && n1.op === CMP.eq && t === ETHER_TYPES['8021q']) {
      const nx = llPiece(exprs, i + 2);
      if (nx && (nx.key === 'vlanId' || nx.key === 'vlanType')) return { ...nx, n: nx.n + 2 };
    }
    return { key: e.offset === 12 ? 'etherType' : 'vlanType', value: wrap(n1, nameOf(ETHER_TYPES, t) ?? t), n: 2 };
  }
  if (e.offset === 14 && isMaskBitwise(n1, 2) && n1.mask.readUInt16BE(0) === 0x0fff && isCmp(n2) && n2.data.length === 2) {
    const value = rel(n2.op, n2.data.readUInt16BE(0));
    return value === undefined ? null : { key: 'vlanId', value, n: 3 };
  }
  return null;
}

/** A conntrack tuple address compared whole, by prefix bytes, or masked (as payload addresses are). */
function ctAddrValue(exprs: Expr[], i: number, alen: number): { value: unknown; n: number } | null {
  const n1 = exprs[i], n2 = exprs[i + 1];
  if (isCmp(n1) && eqOrNeq(n1) && n1.data.length >= 1 && n1.data.length <= alen) {
    const full = Buffer.alloc(alen);
    n1.data.copy(full);
    const text = n1.data.length === alen ? ipText(full) : `${ipText(full)}/${n1.data.length * 8}`;
    return { value: n1.op === CMP.eq ? text : { not: text }, n: 1 };
  }
  if (isMaskBitwise(n1, alen) && isCmp(n2) && eqOrNeq(n2) && n2.data.length === alen) {
    const p = prefixLen(n1.mask);
    if (p === null) return null;
    const text = `${ipText(n2.data)}/${p}`;
    return { value: n2.op === CMP.eq ? text : { not: text }, n: 2 };
  }
  return null;
}

export function matchPiece(family: NftFamily, exprs: Expr[], i: number, l3: 4 | 6 | null, protocol: L4Protocol | undefined): Piece | null {
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
    if ((e.key === K.NFT_META_IIFTYPE || e.key === K.NFT_META_OIFTYPE) && eqNeq && d.length === 2) {
      const t = d.readUInt16LE(0);
      if (e.key === K.NFT_META_IIFTYPE && n1.op === CMP.eq && t === IF_TYPES.ether && family !== 'bridge') {
        const nx = llPiece(exprs, i + 2); // meta iiftype ether: the dependency of a link layer field
        if (nx) return { ...nx, n: nx.n + 2 };
        // … or of a merged link layer load: a dependency only (the compiler adds it again).
        if (exprs[i + 2]?.base === LINK && splitMerged(exprs[i + 2], exprs[i + 3], null)) return { key: '', value: undefined, n: 2 };
      }
      return { key: e.key === K.NFT_META_IIFTYPE ? 'iiftype' : 'oiftype', value: wrap(nameOf(IF_TYPES, t) ?? t), n: 2 };
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
  {
    const ll = llPiece(exprs, i);
    if (ll) return ll;
  }
  // ct original|reply …: a tuple field of one direction.
  if (e.name === 'ct' && e.dreg === REG_1 && (e.dir === 0 || e.dir === 1) && e.sreg === undefined && !e.raw?.length) {
    const pre = e.dir ? 'ctReply' : 'ctOriginal';
    const addr = ({ [K.NFT_CT_SRC_IP!]: [4, 'Saddr'], [K.NFT_CT_DST_IP!]: [4, 'Daddr'], [K.NFT_CT_SRC_IP6!]: [6, 'Saddr'], [K.NFT_CT_DST_IP6!]: [6, 'Daddr'] } as Record<number, [4 | 6, string]>)[e.key!];
    if (addr) {
      const r = ctAddrValue(exprs, i + 1, ADDR[addr[0]].len);
      return r ? { key: pre + addr[1], value: r.value, n: 1 + r.n } : null;
    }
    if (e.key === K.NFT_CT_PROTO_SRC || e.key === K.NFT_CT_PROTO_DST) {
      const r = netValue(exprs, i + 1, 2, (b) => b.readUInt16BE(0), false);
      return r ? { key: `${pre}Proto${e.key === K.NFT_CT_PROTO_SRC ? 'Src' : 'Dst'}`, value: r.value, n: 1 + r.n } : null;
    }
    return null;
  }
  if (e.name === 'connlimit') {
    const m = rawMap(e);
    const count = be32Of(m?.get(K.NFTA_CONNLIMIT_COUNT!)), flags = be32Of(m?.get(K.NFTA_CONNLIMIT_FLAGS!));
    const hasFlags = m?.has(K.NFTA_CONNLIMIT_FLAGS!);
    if (!m || m.size !== (hasFlags ? 2 : 1) || count === undefined || (hasFlags && flags !== 0 && flags !== K.NFT_CONNLIMIT_F_INV)) return null;
    return { key: 'ctCount', value: flags ? { over: count } : count, n: 1 };
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
    // Any other lookup: { lookup, result: 'type', value } / { lookup, result: 'oif', missing }.
    if (result === undefined || flags === undefined || n1.data.length !== 4) return null;
    const lookup = Object.keys(FIB_LOOKUP).filter((l) => flags & FIB_LOOKUP[l]!);
    const present = flags & K.NFTA_FIB_F_PRESENT!;
    if ((flags & ~(lookup.reduce((b, l) => b | FIB_LOOKUP[l]!, 0) | present)) !== 0) return null;
    const x = n1.data.readUInt32LE(0);
    if (result === K.NFT_FIB_RESULT_ADDRTYPE && !present && (n1.op === CMP.eq || n1.op === CMP.neq) && nameOf(FIB_TYPES, x)) {
      const t = nameOf(FIB_TYPES, x);
      return { key: 'fib', value: { lookup, result: 'type', value: n1.op === CMP.eq ? t : { not: t } }, n: 2 };
    }
    if (result === K.NFT_FIB_RESULT_OIF && present && n1.op === CMP.eq && x <= 1) return { key: 'fib', value: { lookup, result: 'oif', missing: x === 0 }, n: 2 };
  }
  return null;
}

/** Match pieces from the start of the rule, as long as they are recognised (each key once). */
export function matchPieces(family: NftFamily, exprs: Expr[]): { key: string; value: unknown; end: number }[] {
  const out: { key: string; value: unknown; end: number }[] = [];
  const seen = new Set<string>();
  let i = 0;
  let l3: 4 | 6 | null = family === 'ip' ? 4 : family === 'ip6' ? 6 : null;
  let protocol: L4Protocol | undefined;
  // One piece, or the fields of a merged load (nft's payload merge, merge.ts) one by one.
  const next = (): Piece[] | null => {
    const split = splitMerged(exprs[i], exprs[i + 1], l3);
    if (!split) {
      const p = matchPiece(family, exprs, i, l3, protocol);
      return p ? [p] : null;
    }
    const ps: Piece[] = [];
    for (let j = 0; j < split.length; j += 2) {
      const p = matchPiece(family, split, j, l3, ps.find((x) => x.key === 'protocol')?.value as L4Protocol ?? protocol);
      if (!p || p.n !== 2) return null;
      ps.push({ ...p, n: j + 2 === split.length ? 2 : 0 });
    }
    return ps;
  };
  while (i < exprs.length) {
    const ps = next();
    if (!ps) break;
    let stop = false;
    for (const p of ps) {
    if (p.key === '') { i += p.n; continue; } // a dependency the next piece implies
    if (p.l3 !== undefined) l3 = p.l3; // the inet dependency holds for the rest of the rule
    if (p.key === 'nfproto') l3 = p.value === 'ipv4' ? 4 : 6;
    if (p.key === 'protocol') protocol = p.value as L4Protocol;
    i += p.n;
    if (seen.has(p.key)) {
      // The same key again right after itself (ip daddr != a ip daddr != b): { all: [a, b] }.
      const prev = out[out.length - 1];
      if (!prev || prev.key !== p.key) { stop = true; break; }
      const cur = prev.value as { all?: unknown[] };
      prev.value = typeof cur === 'object' && cur !== null && Array.isArray(cur.all) && Object.keys(cur).length === 1 ? { all: [...cur.all, p.value] } : { all: [cur, p.value] };
      prev.end = i;
      continue;
    }
    seen.add(p.key);
    out.push({ key: p.key, value: p.value, end: i });
    }
    if (stop) break;
  }
  return out;
}

