// Round trip: what we build lists back as what was asked; what we cannot name is kept raw and
// can be written back unchanged; rule edits by handle/position.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import type { NftRuleSpec } from '../../lib/index.js';
import { canAdmin, makeNetns } from '../helpers/ns.js';
import { nftJson, nftText } from './util.js';

const rules: NftRuleSpec[] = [
  { family: 'ip', table: 'nat', chain: 'post', match: { saddr: '172.18.0.0/24', oifname: 'eth0' }, counter: true, action: { masquerade: {} }, comment: 'walkthrough' },
  { family: 'ip', table: 'nat', chain: 'post', match: { saddr: '10.0.0.0/20', daddr: '10.1.2.3' }, action: { snat: { addr: '1.2.3.4', port: 1000 } } },
  { family: 'ip', table: 'nat', chain: 'post', match: { oifname: 'veth*' }, action: { masquerade: { fullyRandom: true, port: [1000, 2000] } } },
  { family: 'ip', table: 'nat', chain: 'pre', match: { iifname: 'eth0', protocol: 'udp', dport: 53 }, action: { dnat: { addr: '172.18.0.2', port: 5353 } } },
  { family: 'ip', table: 'nat', chain: 'pre', match: { protocol: 'tcp', dport: [8000, 8100] }, action: { dnat: { addr: ['172.18.0.2', '172.18.0.9'], port: [80, 90] } } },
  { family: 'ip', table: 'nat', chain: 'pre', match: { protocol: 'tcp', sport: 1, dport: 8080 }, action: { redirect: { port: 80 } } },
  { family: 'ip', table: 'nat', chain: 'pre', match: { ctState: ['new', 'untracked'], mark: 7 }, action: { jump: 'sub' } },
  { family: 'ip', table: 'nat', chain: 'sub', match: { daddr: '0.0.0.0/0' }, action: 'return' },
  { family: 'ip', table: 'nat', chain: 'sub', counter: true, action: 'accept' },
];

describe.skipIf(!canAdmin)('nft round trip', () => {
  it('rules, chains and tables list back as built', async () => {
    const ns = makeNetns('nftr');
    using h = await Netlink.open({ netns: ns });
    const tx = h.nft.transaction();
    tx.addTable({ family: 'ip', name: 'nat', comment: 'ours' });
    tx.addChain({ family: 'ip', table: 'nat', name: 'post', type: 'nat', hook: 'postrouting', priority: 'srcnat', policy: 'accept' });
    tx.addChain({ family: 'ip', table: 'nat', name: 'pre', type: 'nat', hook: 'prerouting', priority: -100, policy: 'accept' });
    tx.addChain({ family: 'ip', table: 'nat', name: 'sub', comment: 'regular' });
    for (const r of rules) tx.addRule(r);
    const res = await tx.commit();
    expect(res.rules).toHaveLength(rules.length);

    const rs = await h.nft.listRuleset();
    expect(rs.tables).toHaveLength(1);
    const t = rs.tables[0]!;
    expect(t).toMatchObject({ family: 'ip', name: 'nat', comment: 'ours' });
    expect(t.chains.map(({ rules: _r, handle: _h, ...c }) => c)).toEqual([
      { family: 'ip', table: 'nat', name: 'post', type: 'nat', hook: 'postrouting', priority: 100, priorityName: 'srcnat', policy: 'accept' },
      { family: 'ip', table: 'nat', name: 'pre', type: 'nat', hook: 'prerouting', priority: -100, priorityName: 'dstnat', policy: 'accept' },
      { family: 'ip', table: 'nat', name: 'sub', comment: 'regular' },
    ]);
    const listed = t.chains.flatMap((c) => c.rules);
    const asked = ['post', 'pre', 'sub'].flatMap((c) => rules.filter((r) => r.chain === c));
    expect(listed.map((r) => ({
      family: r.family, table: r.table, chain: r.chain, match: r.match, action: r.action,
      ...(r.counter ? { counter: true } : {}), ...(r.comment ? { comment: r.comment } : {}),
    }))).toEqual(asked.map((r) => ({ match: {}, ...r })));
    expect(listed.every((r) => r.unknown === undefined)).toBe(true);
    // Handles from the echo are the ones listed.
    expect(new Set(listed.map((r) => r.handle))).toEqual(new Set(res.rules.map((r) => r.handle)));
  });

  it('expressions netlinkts cannot name are kept raw and write back unchanged', async () => {
    const ns = makeNetns('nftr');
    execFileSync('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], {
      input: 'table ip f {\n chain a { }\n chain b { }\n}\nadd rule ip f a ip dscp cs1 tcp dport 22 limit rate 10/second accept\n',
    });
    using h = await Netlink.open({ netns: ns });
    const [r] = await h.nft.listRules({ family: 'ip', table: 'f', chain: 'a' });
    // ip dscp is not named: it and everything after it up to the typed tail stay raw (rule zero:
    // the typed match is only a prefix that is exactly right).
    expect(r!.match).toEqual({});
    expect(r!.unknown?.map((e) => e.name)).toEqual(['payload', 'bitwise', 'cmp', 'meta', 'cmp', 'payload', 'cmp']);
    expect(r!.statements).toEqual([{ limit: { rate: 10, per: 'second', burst: 5 } }]);
    expect(r!.action).toBe('accept');
    // Write the rule back twice, raw and typed-with-unknown: nft must print both identically.
    await h.nft.addRule({ family: 'ip', table: 'f', chain: 'b', exprs: r!.exprs });
    await h.nft.addRule({ family: 'ip', table: 'f', chain: 'b', match: r!.match, exprs: r!.unknown, statements: r!.statements, action: r!.action });
    const j = nftJson(ns) as { rule?: { chain: string; expr: unknown } }[];
    const exprsOf = (c: string) => j.filter((x) => x.rule?.chain === c).map((x) => x.rule!.expr);
    expect(exprsOf('b')).toEqual([exprsOf('a')[0], exprsOf('a')[0]]);
  });

  it('insert, position, replace and delete by handle', async () => {
    const ns = makeNetns('nftr');
    using h = await Netlink.open({ netns: ns });
    const base = { family: 'ip' as const, table: 'f', chain: 'c' };
    const tx = h.nft.transaction();
    tx.addTable({ family: 'ip', name: 'f' });
    tx.addChain({ family: 'ip', table: 'f', name: 'c' });
    tx.addRule({ ...base, match: { mark: 1 }, action: 'accept' });
    tx.addRule({ ...base, match: { mark: 3 }, action: 'accept' });
    const { rules: [r1, r3] } = await tx.commit();
    const r0 = await h.nft.insertRule({ ...base, match: { mark: 0 }, action: 'accept' });
    const r2 = await h.nft.addRule({ ...base, match: { mark: 2 }, action: 'accept', position: r1!.handle });
    const marks = async () => (await h.nft.listRules(base)).map((r) => r.match.mark);
    expect(await marks()).toEqual([0, 1, 2, 3]);
    const tx2 = h.nft.transaction();
    tx2.replaceRule({ ...base, handle: r3!.handle, match: { mark: 33 }, action: 'drop' });
    tx2.deleteRule(r0);
    await tx2.commit();
    expect(await marks()).toEqual([1, 2, 33]);
    await h.nft.deleteRule(r2);
    expect(await marks()).toEqual([1, 33]);
    await h.nft.flushTable({ family: 'ip', name: 'f' });
    expect(await marks()).toEqual([]);
    await h.nft.deleteChain({ family: 'ip', table: 'f', name: 'c' });
    expect(await h.nft.listChains()).toEqual([]);
    await h.nft.deleteTable({ family: 'ip', name: 'f' });
    expect(nftJson(ns)).toEqual([]);
  });

  it('sets list back with their elements', async () => {
    const ns = makeNetns('nftr');
    using h = await Netlink.open({ netns: ns });
    const tx = h.nft.transaction();
    tx.addTable({ family: 'ip', name: 'f' });
    tx.addSet({ family: 'ip', table: 'f', name: 'nets', type: 'ipv4_addr', interval: true, elements: ['10.0.0.0/8', '192.168.1.1', '172.16.0.5-172.16.0.9'] });
    tx.addSet({ family: 'ip', table: 'f', name: 'ports', type: 'inet_service', elements: [22, 443] });
    tx.addChain({ family: 'ip', table: 'f', name: 'in', type: 'filter', hook: 'input', priority: 0, policy: 'accept' });
    tx.addRule({ family: 'ip', table: 'f', chain: 'in', match: { saddr: '@nets', protocol: 'tcp', dport: '@ports' }, action: 'accept' });
    await tx.commit();
    const sets = await h.nft.listSets();
    const byName = Object.fromEntries(sets.map((s) => [s.name, s]));
    expect(byName.nets!.elements.sort()).toEqual(['10.0.0.0/8', '172.16.0.5-172.16.0.9', '192.168.1.1']);
    expect(byName.nets!.interval).toBe(true);
    expect(byName.ports!.elements.sort()).toEqual([22, 443]);
    const [r] = await h.nft.listRules({ table: 'f' });
    expect(r!.match).toEqual({ saddr: '@nets', protocol: 'tcp', dport: '@ports' });
  });
});

describe.skipIf(!canAdmin)('nft sets and maps (issue 8)', () => {
  it('maps, concatenations, timeouts and comments list back as written; elements add/delete/flush; replaceRule', async () => {
    const ns = makeNetns('nftr');
    using h = await Netlink.open({ netns: ns });
    const T = { family: 'inet' as const, table: 'm' };
    const tx = h.nft.transaction();
    tx.addTable({ family: 'inet', name: 'm' });
    tx.addChain({ ...T, name: 'c' });
    tx.addChain({ ...T, name: 'web' });
    tx.addSet({ ...T, name: 'ports', type: 'inet_service', map: 'verdict', comment: 'by port', elements: [{ key: 22, value: 'accept' }, { key: 80, value: { jump: 'web' } }] });
    tx.addSet({ ...T, name: 'flows', type: ['ipv4_addr', 'inet_proto', 'inet_service'], elements: [['10.0.0.1', 'tcp', 22]] });
    tx.addSet({ ...T, name: 'ban', type: 'ipv6_addr', flags: ['timeout'], size: 100, elements: [{ key: 'fd00::1', timeout: 3600_000, comment: 'temp' }] });
    tx.addSet({ ...T, name: 'macs', type: 'ether_addr', elements: ['02:00:00:00:00:01'] });
    tx.addSet({ ...T, name: 'nat4', type: 'ipv4_addr', map: 'ipv4_addr', elements: [{ key: '192.0.2.1', value: '10.0.0.1' }] });
    tx.addRule({ ...T, chain: 'c', match: { protocol: 'tcp' }, action: { vmap: { key: 'th dport', map: '@ports' } } });
    tx.addRule({ ...T, chain: 'c', match: { saddr6: { not: '@ban' } }, action: 'accept' });
    await tx.commit();
    const sets = Object.fromEntries((await h.nft.listSets()).map((s) => [s.name, s]));
    // A hash set lists its elements in no particular order.
    expect(sets.ports).toMatchObject({ type: 'inet_service', map: 'verdict', comment: 'by port' });
    expect(sets.ports!.elements).toHaveLength(2);
    expect(sets.ports!.elements).toEqual(expect.arrayContaining([{ key: 22, value: 'accept' }, { key: 80, value: { jump: 'web' } }]));
    expect(sets.flows).toMatchObject({ type: ['ipv4_addr', 'inet_proto', 'inet_service'], elements: [['10.0.0.1', 'tcp', 22]] });
    expect(sets.ban).toMatchObject({ type: 'ipv6_addr', flags: ['timeout'], size: 100, elements: [{ key: 'fd00::1', timeout: 3600_000, comment: 'temp' }] });
    expect(sets.macs).toMatchObject({ elements: ['02:00:00:00:00:01'] });
    expect(sets.nat4).toMatchObject({ map: 'ipv4_addr', elements: [{ key: '192.0.2.1', value: '10.0.0.1' }] });
    const [, r2] = await h.nft.listRules({ family: 'inet', table: 'm', chain: 'c' });
    expect(r2!.match).toEqual({ saddr6: { not: '@ban' } });

    // Element add and delete in one transaction; then flush.
    const t2 = h.nft.transaction();
    t2.addSetElements({ ...T, set: 'flows', type: ['ipv4_addr', 'inet_proto', 'inet_service'], elements: [['10.0.0.2', 'udp', 53]] });
    t2.deleteSetElements({ ...T, set: 'flows', type: ['ipv4_addr', 'inet_proto', 'inet_service'], elements: [['10.0.0.1', 'tcp', 22]] });
    await t2.commit();
    expect((await h.nft.listSets()).find((s) => s.name === 'flows')!.elements).toEqual([['10.0.0.2', 'udp', 53]]);
    await h.nft.flushSet({ ...T, name: 'flows' });
    expect((await h.nft.listSets()).find((s) => s.name === 'flows')!.elements).toEqual([]);
    expect(nftText(ns)).toMatch(/set flows \{\s+type ipv4_addr \. inet_proto \. inet_service\s+\}/);

    // replaceRule keeps the handle, changes the rule.
    await h.nft.replaceRule({ ...T, chain: 'c', handle: r2!.handle, match: { saddr6: '@ban' }, action: 'drop' });
    const [, again] = await h.nft.listRules({ family: 'inet', table: 'm', chain: 'c' });
    expect(again).toMatchObject({ handle: r2!.handle, match: { saddr6: '@ban' }, action: 'drop' });
  });
});
