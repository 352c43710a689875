// Transactions are all-or-nothing, and a refusal names the element that caused it.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Netlink, NetlinkError } from '../../lib/index.js';
import type { NftCommitError } from '../../lib/index.js';
import { canAdmin, makeNetns } from '../helpers/ns.js';
import { nftJson } from './util.js';

describe.skipIf(!canAdmin)('nft transactions', () => {
  it('an invalid 5th element applies nothing and the error names element 5', async () => {
    const ns = makeNetns('nfta');
    using h = await Netlink.open({ netns: ns });
    const tx = h.nft.transaction();
    tx.addTable({ family: 'ip', name: 'f' });
    tx.addChain({ family: 'ip', table: 'f', name: 'input', type: 'filter', hook: 'input', priority: 0, policy: 'accept' });
    tx.addRule({ family: 'ip', table: 'f', chain: 'input', match: { protocol: 'tcp', dport: 22 }, action: 'accept' });
    tx.addRule({ family: 'ip', table: 'f', chain: 'input', match: { saddr: '10.0.0.0/8' }, action: 'drop' });
    // masquerade is only valid in nat chains: the kernel refuses this one.
    tx.addRule({ family: 'ip', table: 'f', chain: 'input', action: { masquerade: {} }, comment: 'bad' });
    const err = await tx.commit().catch((e: unknown) => e) as NftCommitError;
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err.op).toBe('nft.commit');
    expect(err.code).toBe('EOPNOTSUPP');
    expect(err.index).toBe(4);
    expect(err.element).toEqual({ index: 4, kind: 'rule', name: 'ip f input "bad"' });
    expect(err.message).toMatch(/element 5 of 5 \(rule ip f input "bad"\)/);
    expect(nftJson(ns)).toEqual([]);
  });

  it('a rule referencing a missing chain gets ENOENT naming the element; nothing applied', async () => {
    const ns = makeNetns('nfta');
    using h = await Netlink.open({ netns: ns });
    const tx = h.nft.transaction();
    tx.addTable({ family: 'ip', name: 'nat' });
    tx.addChain({ family: 'ip', table: 'nat', name: 'post', type: 'nat', hook: 'postrouting', priority: 'srcnat' });
    tx.addRule({ family: 'ip', table: 'nat', chain: 'nochain', action: { masquerade: {} } });
    const err = await tx.commit().catch((e: unknown) => e) as NftCommitError;
    expect(err.code).toBe('ENOENT');
    expect(err.element).toMatchObject({ index: 2, kind: 'rule', name: 'ip nat nochain' });
    expect(nftJson(ns)).toEqual([]);
    // jumping to a missing chain is refused the same way
    const tx2 = h.nft.transaction();
    tx2.addTable({ family: 'ip', name: 'nat' });
    tx2.addChain({ family: 'ip', table: 'nat', name: 'post', type: 'nat', hook: 'postrouting', priority: 'srcnat' });
    tx2.addRule({ family: 'ip', table: 'nat', chain: 'post', action: { jump: 'missing' } });
    const err2 = await tx2.commit().catch((e: unknown) => e) as NftCommitError;
    expect(err2.code).toBe('ENOENT');
    expect(err2.index).toBe(2);
    expect(nftJson(ns)).toEqual([]);
  });

  it('rejects bad arguments before sending anything', async () => {
    const ns = makeNetns('nfta');
    using h = await Netlink.open({ netns: ns });
    const tx = h.nft.transaction();
    expect(() => tx.addRule({ family: 'ip', table: 't', chain: 'c', match: { dport: 80 } })).toThrow(TypeError);
    expect(() => tx.addRule({ family: 'ip', table: 't', chain: 'c', match: { protocol: 'tcp', dport: 70000 } })).toThrow(RangeError);
    expect(() => tx.addRule({ family: 'ip', table: 't', chain: 'c', match: { saddr: 'fd00::/64' } })).toThrow(/IPv6 but the table family is ip/);
    expect(() => tx.addRule({ family: 'ip', table: 't', chain: 'c', match: { saddr: '10.0.0.0/33' } })).toThrow(RangeError);
    expect(() => tx.addRule({ family: 'ip', table: 't', chain: 'c', match: { oifname: 'a-very-long-ifname0' } })).toThrow(RangeError);
    expect(() => tx.addRule({ family: 'ip', table: 't', chain: 'c', action: { dnat: { port: 80 } } })).toThrow(/needs addr/);
    expect(() => tx.addChain({ family: 'ip', table: 't', name: 'c', hook: 'input' })).toThrow(TypeError);
    expect(() => tx.addChain({ family: 'ip', table: 't', name: 'c', type: 'nat', hook: 'postrouting', priority: 'nope' as never })).toThrow(RangeError);
    expect(tx.length).toBe(0);
  });

  it('a raw expression with a field of the wrong type is a TypeError at commit, nothing sent', async () => {
    const ns = makeNetns('nfta');
    using h = await Netlink.open({ netns: ns });
    const tx = h.nft.transaction();
    tx.addTable({ family: 'ip', name: 'f' });
    tx.addChain({ family: 'ip', table: 'f', name: 'c' });
    tx.addRule({ family: 'ip', table: 'f', chain: 'c', exprs: [{ name: 'cmp', sreg: 1, op: 0, data: 'not bytes' as never }] });
    await expect(tx.commit()).rejects.toThrow(/nftexpr\.data must be a Buffer/);
    const tx2 = h.nft.transaction();
    tx2.addTable({ family: 'ip', name: 'f' });
    tx2.addChain({ family: 'ip', table: 'f', name: 'c' });
    tx2.addRule({ family: 'ip', table: 'f', chain: 'c', exprs: [{ name: 'meta', key: 1.5, dreg: 1 }] });
    await expect(tx2.commit()).rejects.toBeInstanceOf(TypeError);
    expect(nftJson(ns)).toEqual([]);
  });

  it('commit({ genid }) refuses when the ruleset changed since', async () => {
    const ns = makeNetns('nfta');
    using h = await Netlink.open({ netns: ns });
    const gen = await h.nft.generation();
    execFileSync('ip', ['netns', 'exec', ns, 'nft', 'add', 'table', 'ip', 'other']);
    const tx = h.nft.transaction();
    tx.addTable({ family: 'ip', name: 'mine' });
    const err = await tx.commit({ genid: gen }).catch((e: unknown) => e) as NetlinkError;
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err.code).toBe('ERESTART');
    expect((await h.nft.listTables()).map((t) => t.name)).toEqual(['other']);
    await tx.commit({ genid: await h.nft.generation() });
    expect((await h.nft.listTables()).map((t) => t.name).sort()).toEqual(['mine', 'other']);
  });

  it('1000 rules in one transaction: one sendmsg, every handle reported', async () => {
    const ns = makeNetns('nfta');
    using h = await Netlink.open({ netns: ns });
    const tx = h.nft.transaction();
    tx.addTable({ family: 'ip', name: 'f' });
    tx.addChain({ family: 'ip', table: 'f', name: 'c' });
    for (let i = 0; i < 1000; i++) {
      tx.addRule({ family: 'ip', table: 'f', chain: 'c', match: { saddr: `10.${i >> 8}.${i & 255}.0/24`, protocol: 'tcp', dport: 1 + i }, counter: true, action: 'accept' });
    }
    const t0 = performance.now();
    const res = await tx.commit();
    const ms = performance.now() - t0;
    expect(res.rules).toHaveLength(1000);
    expect(new Set(res.rules.map((r) => r.handle)).size).toBe(1000);
    const rules = await h.nft.listRules({ family: 'ip', table: 'f' });
    expect(rules).toHaveLength(1000);
    expect(rules[999]!.match).toEqual({ saddr: '10.3.231.0/24', protocol: 'tcp', dport: 1000 });
    console.log(`1000-rule transaction: ${ms.toFixed(1)} ms (${ms.toFixed(1)} µs per rule)`);
    expect(ms).toBeLessThan(2000);
  });
});
