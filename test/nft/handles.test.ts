// commit() reports the handle of every table, chain, set and rule it created, while asking the
// kernel to echo only the first and last rule of each run of new rules in a table (the rest are
// numbered consecutively by the table's handle counter). The oracle is `nft -j list ruleset`.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { isRoot, makeNetns } from '../helpers/ns.js';
import { nftApply } from './util.js';

type Item = Record<string, Record<string, unknown>>;

/** Every object of `nft -j list ruleset`, handles included. */
function listed(ns: string): Item[] {
  const out = execFileSync('ip', ['netns', 'exec', ns, 'nft', '-j', 'list', 'ruleset'], { encoding: 'utf8' });
  return (JSON.parse(out) as { nftables: Item[] }).nftables;
}
function ruleHandle(items: Item[], comment: string): number {
  const r = items.find((x) => x.rule && x.rule.comment === comment);
  if (!r) throw new Error(`no rule with comment ${comment}`);
  return r.rule!.handle as number;
}
function handleOf(items: Item[], kind: 'table' | 'chain' | 'set', table: string, name: string): number {
  const x = items.find((i) => i[kind] && (kind === 'table' ? i[kind]!.name === name : i[kind]!.table === table && i[kind]!.name === name));
  if (!x) throw new Error(`no ${kind} ${table} ${name}`);
  return x[kind]!.handle as number;
}

describe.skipIf(!isRoot)('nft commit handles', () => {
  it('every created element gets its kernel handle, across interleaved tables, chains, sets, replace and delete', async () => {
    const ns = makeNetns('nfth');
    nftApply(ns, `
table ip a {
  chain c1 { type filter hook input priority 0; policy accept; }
  chain c2 { }
}
table ip b {
  chain d { type filter hook output priority 0; policy accept; }
}
add rule ip a c1 tcp dport 1 accept comment "old-a"
add rule ip b d tcp dport 2 accept comment "old-b"
add rule ip b d tcp dport 3 accept comment "gone-b"
`);
    const before = listed(ns);
    const oldA = ruleHandle(before, 'old-a');
    const goneB = ruleHandle(before, 'gone-b');

    using h = await Netlink.open({ netns: ns });
    const tx = h.nft.transaction();
    const expectRule = new Map<number, string>(); // element index → comment
    const rule = (family: 'ip', table: string, chain: string, comment: string, port: number) =>
      expectRule.set(tx.addRule({ family, table, chain, match: { protocol: 'tcp', dport: port }, counter: true, action: 'accept', comment }), comment);
    for (let i = 0; i < 60; i++) {
      rule('ip', 'a', i % 2 ? 'c1' : 'c2', `a-${i}`, 1000 + i);
      if (i % 3 === 0) rule('ip', 'b', 'd', `b-${i}`, 2000 + i);
    }
    const c3 = tx.addChain({ family: 'ip', table: 'a', name: 'c3' }); // breaks table a's run
    for (let i = 60; i < 90; i++) rule('ip', 'a', 'c3', `a-${i}`, 1000 + i);
    const set = tx.addSet({ family: 'ip', table: 'b', name: 's', type: 'ipv4_addr', elements: ['10.0.0.1'] });
    for (let i = 90; i < 120; i++) rule('ip', 'b', 'd', `b-${i}`, 2000 + i);
    const replaced = tx.replaceRule({ family: 'ip', table: 'a', chain: 'c1', handle: oldA, match: { protocol: 'udp', dport: 9 }, action: 'drop', comment: 'replaced' });
    expectRule.set(replaced, 'replaced');
    tx.deleteRule({ family: 'ip', table: 'b', chain: 'd', handle: goneB });
    for (let i = 120; i < 140; i++) rule('ip', 'a', 'c1', `a-${i}`, 1000 + i);
    const n = tx.addTable({ family: 'ip', name: 'n' });
    const nc = tx.addChain({ family: 'ip', table: 'n', name: 'x' });
    for (let i = 0; i < 5; i++) rule('ip', 'n', 'x', `n-${i}`, 3000 + i);
    const single = tx.insertRule({ family: 'ip', table: 'b', chain: 'd', match: { protocol: 'tcp', dport: 4 }, action: 'drop', comment: 'single' });
    expectRule.set(single, 'single');

    const res = await tx.commit();
    const after = listed(ns);
    expect(res.handles).toHaveLength(tx.length);
    for (const [index, comment] of expectRule) expect(res.handles[index], comment).toBe(ruleHandle(after, comment));
    expect(res.handles[replaced]).toBe(oldA);
    expect(res.handles[c3]).toBe(handleOf(after, 'chain', 'a', 'c3'));
    expect(res.handles[set]).toBe(handleOf(after, 'set', 'b', 's'));
    expect(res.handles[n]).toBe(handleOf(after, 'table', 'n', 'n'));
    expect(res.handles[nc]).toBe(handleOf(after, 'chain', 'n', 'x'));
    // deletes and set elements have no handle
    expect(res.handles.filter((x) => x === undefined)).toHaveLength(2);
    // rules: one ref per new rule, in order, with the same handles
    const ruleIdx = [...expectRule.keys()].sort((x, y) => x - y);
    expect(res.rules.map((r) => r.handle)).toEqual(ruleIdx.map((i) => res.handles[i]));
    expect(res.rules[ruleIdx.indexOf(single)]).toEqual({ family: 'ip', table: 'b', chain: 'd', handle: res.handles[single] });
  });

  it('echo: false asks nothing back and reports no handles', async () => {
    const ns = makeNetns('nfth');
    using h = await Netlink.open({ netns: ns });
    const tx = h.nft.transaction();
    tx.addTable({ family: 'ip', name: 't' });
    tx.addChain({ family: 'ip', table: 't', name: 'c' });
    for (let i = 0; i < 10; i++) tx.addRule({ family: 'ip', table: 't', chain: 'c', action: 'accept' });
    const res = await tx.commit({ echo: false });
    expect(res.handles).toEqual(new Array(12).fill(undefined));
    expect(res.rules).toEqual([]);
    expect((await h.nft.listRules({ family: 'ip', table: 't' }))).toHaveLength(10);
  });
});
