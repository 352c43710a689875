// lib/nft/fastrule.ts writes the common rule shape straight into its "nftop" record. The oracle
// is the general way: compileRule() + the op transaction.ts builds + encodeRecords() — whose
// bytes the byte-vector tests (bytes*.test.ts) compare with nft's. Here: the same record bytes,
// byte for byte, across a generated corpus; the general way (and its errors) for everything
// outside the shape; and in the kernel, the same ruleset as `nft -f` with every handle reported.
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { compileRule } from '../../lib/nft/compile.js';
import { FAMILIES } from '../../lib/nft/consts.js';
import { cidr4, writeFastRule } from '../../lib/nft/fastrule.js';
import * as v from '../../lib/util/validate.js';
import { Transaction } from '../../lib/nft/transaction.js';
import type { NftRuleSpec } from '../../lib/index.js';
import { RecordBuilder, encodeRecords } from '../../lib/records.js';
import { isRoot, makeNetns } from '../helpers/ns.js';
import { nftApply, nftJson } from './util.js';

const T = { family: 'ip', table: 'nat', chain: 'postrouting' } as const;

/** The record of the general way, as transaction.ts built it before the fast path. */
function general(spec: NftRuleSpec, mode: 'append' | 'insert' = 'append'): Buffer {
  return encodeRecords([{ kind: 'newrule', mode, family: FAMILIES[spec.family], table: spec.table, chain: spec.chain, exprs: compileRule(spec) }], 'nftop');
}
function fast(spec: NftRuleSpec, mode: 'append' | 'insert' = 'append'): Buffer | null {
  const b = new RecordBuilder(16); // tiny: every growth path runs
  if (!writeFastRule(b, spec as unknown as Record<string, unknown>, mode, spec.table, spec.chain)) {
    expect(b.p).toBe(0); // nothing written when it declines
    return null;
  }
  return b.buf.subarray(0, b.p);
}

/** Every rule of the fast shape over prefixes, key orders, interface names, counter and actions. */
function corpus(): NftRuleSpec[] {
  const out: NftRuleSpec[] = [];
  const actions: NftRuleSpec['action'][] = [undefined, 'accept', 'drop', 'return', { masquerade: {} }];
  const names = ['veth0', 'eth0', 'x', 'abcdefghijklmno'];
  for (let prefix = 0; prefix <= 32; prefix++) {
    for (const field of ['saddr', 'daddr'] as const) {
      const addr = `10.${prefix}.${255 - prefix}.${(prefix * 37) & 255}/${prefix}`;
      const orders: Record<string, string>[] = [
        { [field]: addr },
        { [field]: addr, oifname: names[prefix % 4]! },
        { iifname: names[(prefix + 1) % 4]!, [field]: addr },
        { oifname: names[prefix % 4]!, [field]: addr, iifname: names[(prefix + 2) % 4]! },
      ];
      orders.forEach((match, k) => {
        out.push({ ...T, match, ...(k % 2 ? { counter: prefix % 3 === 0 } : {}), action: actions[(prefix + k) % actions.length] } as NftRuleSpec);
      });
    }
  }
  out.push({ ...T, match: {}, action: 'accept' }, { ...T, match: { oifname: 'veth0' }, counter: true }, { ...T, match: { iifname: 'a', oifname: 'b' }, action: { masquerade: {} } });
  out.push({ ...T, match: { saddr: '10.1.2.3' }, action: 'drop' }); // no prefix: /32
  return out;
}

/** Rules outside the shape (or invalid): the general way must take them. */
const OUTSIDE: NftRuleSpec[] = [
  { ...T, match: { saddr: '10.0.0.0/24', daddr: '10.1.0.0/24' }, action: 'accept' }, // two loads nft merges
  { ...T, match: { saddr: '@allowed' }, action: 'accept' },
  { ...T, match: { saddr: { not: '10.0.0.0/8' } }, action: 'accept' },
  { ...T, match: { oifname: 'eth*' }, action: { masquerade: {} } },
  { ...T, match: { oifname: 'veth0' }, action: { masquerade: { random: true } } },
  { ...T, match: { oifname: 'veth0' }, action: { masquerade: { port: [1000, 2000] } } },
  { ...T, match: { oifname: 'veth0' }, action: { jump: 'other' } },
  { ...T, match: { protocol: 'tcp', dport: 80 }, action: 'accept' },
  { ...T, match: { oifname: 'veth0' }, action: 'accept', comment: 'c' },
  { ...T, match: { oifname: 'veth0' }, exprs: [{ name: 'notrack' }] },
  { ...T, match: { saddr: '10.0.0.0/24', oifname: undefined }, action: 'accept' },
] as NftRuleSpec[];

/** Invalid rules: the general way reports them, the fast one must not accept them. */
const INVALID: NftRuleSpec[] = [
  { ...T, match: { saddr: '10.0.0.0/33' }, action: 'accept' },
  { ...T, match: { saddr: '10.0.0.256/24' }, action: 'accept' },
  { ...T, match: { saddr: 'fd00::/64' }, action: 'accept' },
  { ...T, match: { oifname: 'a-name-far-too-long' }, action: 'accept' },
  { ...T, match: { oifname: 'a b' }, action: 'accept' },
  { ...T, match: { saddr: '10.0.0.0/24' }, action: 'accept', counter: 'yes' },
  { ...T, match: { oifname: 'veth0' }, action: 'reject-ish' },
  { ...T, match: { bogus: 1 }, action: 'accept' },
] as unknown as NftRuleSpec[];

describe('nft fast rule records', () => {
  it('read IPv4 CIDRs exactly as validate.ts cidr() does, or decline', () => {
    const cases = ['10.0.0.0/24', '10.0.0.1', '1.2.3.4/0', '1.2.3.4/32', '1.2.3.4/33', '1.2.3.4/024', '1.2.3.4/0032', '1.2.3.4/',
      '01.2.3.4/8', '1.2.3.04', '0.0.0.0/0', '255.255.255.255', '256.1.1.1', '1.2.3', '1.2.3.4.5', '1..2.3', '1.2.3.4/x', '1.2.3.4/3 ',
      ' 1.2.3.4', 'fd00::/64', '::ffff:1.2.3.4', '1.2.3.4/-1', '1.2.3.4/1/2', '123.123.123.123/17', '', '/24', 'a.b.c.d'];
    for (let i = 0; i < 300; i++) cases.push(`${(i * 7) % 300}.${(i * 13) % 260}.${i % 256}.${(i * 31) % 270}/${i % 40}`);
    for (const x of cases) {
      let want: { addr: number; prefix: number } | null = null;
      try {
        const c = v.cidr(x, 'x');
        if (c.family === 4) want = { addr: c.bytes.readUInt32BE(0), prefix: c.prefix };
      } catch { /* declined */ }
      const got = { addr: -1, prefix: -1 };
      expect(cidr4(x, got) ? got : null, x).toEqual(want);
    }
  });

  it('are byte for byte the general way\'s record across the corpus (append and insert)', () => {
    const rules = corpus();
    expect(rules.length).toBeGreaterThan(250);
    for (const r of rules) {
      for (const mode of ['append', 'insert'] as const) {
        const f = fast(r, mode);
        expect(f, JSON.stringify(r)).not.toBeNull();
        expect(f!.toString('hex'), JSON.stringify(r)).toBe(general(r, mode).toString('hex'));
      }
    }
  });

  it('leave rules outside the shape and invalid ones to the general way, which reports the errors', () => {
    for (const r of OUTSIDE) expect(fast(r), JSON.stringify(r)).toBeNull();
    for (const r of INVALID) {
      expect(fast(r), JSON.stringify(r)).toBeNull();
      let want: unknown;
      try { compileRule(r); } catch (e) { want = e; }
      expect(want, JSON.stringify(r)).toBeInstanceOf(Error);
      const tx = new Transaction(null as never);
      expect(() => tx.addRule(r)).toThrow((want as Error).message);
      expect(tx.length).toBe(0);
    }
    // table and chain are checked once per transaction while they stay the same: a change is checked again
    const tx = new Transaction(null as never);
    tx.addRule({ ...T, match: { oifname: 'veth0' }, action: 'accept' });
    expect(() => tx.addRule({ ...T, table: undefined as never, match: { oifname: 'veth0' } })).toThrow(TypeError);
    expect(() => tx.addRule({ ...T, chain: '' , match: { oifname: 'veth0' } })).toThrow(/must not be empty/);
    expect(() => tx.addRule({ ...T, table: 'a\0b', match: { oifname: 'veth0' } })).toThrow(/NUL/);
    expect(tx.length).toBe(1);
  });

  it('a transaction mixing fast and general elements shows the same ops as the general way', () => {
    const tx = new Transaction(null as never);
    const rules = [...corpus().slice(0, 40), ...OUTSIDE.slice(0, 4)];
    tx.addTable({ family: 'ip', name: 'nat' });
    for (const r of rules) tx.addRule(r);
    tx.insertRule(rules[0]!);
    const want = [
      { kind: 'newtable', family: FAMILIES.ip, name: 'nat' },
      ...rules.map((r) => ({ kind: 'newrule', mode: 'append', family: FAMILIES.ip, table: r.table, chain: r.chain, exprs: compileRule(r) })),
      { kind: 'newrule', mode: 'insert', family: FAMILIES.ip, table: rules[0]!.table, chain: rules[0]!.chain, exprs: compileRule(rules[0]!) },
    ];
    expect(JSON.parse(JSON.stringify(tx.ops))).toEqual(JSON.parse(JSON.stringify(want)));
    expect(encodeRecords(tx.ops, 'nftop').toString('hex')).toBe(encodeRecords(want, 'nftop').toString('hex'));
  });
});

describe.skipIf(!isRoot)('nft fast rules in the kernel', () => {
  it('commit the same ruleset nft -f does, every rule handle reported (echo)', async () => {
    const head = 'table ip nat {\n  chain postrouting { type nat hook postrouting priority srcnat; policy accept; }\n}\n';
    const rules = corpus().filter((_, i) => i % 3 === 0);
    const text = (r: NftRuleSpec): string => {
      const m = r.match as Record<string, string>;
      const parts = Object.keys(m).map((k) => (k === 'saddr' || k === 'daddr' ? `ip ${k} ${m[k]}` : `${k} "${m[k]}"`));
      if (r.counter) parts.push('counter');
      const a = r.action;
      if (typeof a === 'string') parts.push(a);
      else if (a) parts.push('masquerade');
      return `add rule ip nat postrouting ${parts.join(' ')}`;
    };
    const ours = makeNetns('nftfast');
    const theirs = makeNetns('nftfastc');
    nftApply(ours, head);
    nftApply(theirs, head + rules.map(text).join('\n') + '\n');
    using h = await Netlink.open({ netns: ours });
    const tx = h.nft.transaction();
    for (const r of rules) tx.addRule(r);
    const res = await tx.commit();
    expect(nftJson(ours)).toEqual(nftJson(theirs));
    const listed = (await h.nft.listRuleset()).tables[0]!.chains[0]!.rules;
    expect(res.rules.map((r) => r.handle)).toEqual(listed.map((r) => r.handle));
    expect(res.rules.every((r) => r.family === 'ip' && r.table === 'nat' && r.chain === 'postrouting')).toBe(true);
  });

  it('mixed with a table, a chain and general rules in one transaction, the same as nft -f', async () => {
    const ours = makeNetns('nftmix');
    const theirs = makeNetns('nftmixc');
    const lines = ['add table ip f', 'add chain ip f c'];
    using h = await Netlink.open({ netns: ours });
    const tx = h.nft.transaction();
    tx.addTable({ family: 'ip', name: 'f' });
    tx.addChain({ family: 'ip', table: 'f', name: 'c' });
    for (let i = 0; i < 30; i++) {
      if (i % 3 === 2) {
        tx.addRule({ family: 'ip', table: 'f', chain: 'c', match: { protocol: 'tcp', dport: 1000 + i }, action: 'drop' });
        lines.push(`add rule ip f c tcp dport ${1000 + i} drop`);
      } else {
        tx.addRule({ family: 'ip', table: 'f', chain: 'c', match: { saddr: `10.0.${i}.0/24`, oifname: 'veth0' }, counter: i % 2 === 0, action: 'accept' });
        lines.push(`add rule ip f c ip saddr 10.0.${i}.0/24 oifname "veth0"${i % 2 === 0 ? ' counter' : ''} accept`);
      }
    }
    nftApply(theirs, lines.join('\n') + '\n');
    const res = await tx.commit();
    expect(nftJson(ours)).toEqual(nftJson(theirs));
    const listed = (await h.nft.listRuleset()).tables[0]!.chains[0]!.rules;
    expect(res.rules.map((r) => r.handle)).toEqual(listed.map((r) => r.handle));
    expect(res.handles.slice(2)).toEqual(listed.map((r) => r.handle));
  });
});
