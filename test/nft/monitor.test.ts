// nft monitor: ruleset changes made through our API and by `nft -f` arrive typed like the listing
// (tables, chains, rules through the same decompile, sets, elements, objects, and the generation
// closing each transaction); a too-small queue reports 'overrun'; break/return closes it.
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import type { NftEvent } from '../../lib/nft/index.js';
import { canAdmin, makeNetns } from '../helpers/ns.js';
import { nftApply } from './util.js';

/** Collects events until `last` matches (the deadline only guards against a hang). */
async function collect(it: AsyncGenerator<NftEvent>, last: (e: NftEvent) => boolean): Promise<NftEvent[]> {
  const seen: NftEvent[] = [];
  const deadline = setTimeout(() => void it.return(undefined), 30000);
  try {
    for (let r = await it.next(); !r.done; r = await it.next()) {
      seen.push(r.value);
      if (last(r.value)) break;
    }
  } finally {
    clearTimeout(deadline);
  }
  return seen;
}

describe.skipIf(!canAdmin)('nft monitor', () => {
  it('streams our transactions and nft -f changes, typed like the listing', async () => {
    const ns = makeNetns('nfmon');
    using h = await Netlink.open({ netns: ns });
    const ac = new AbortController();
    const it = h.nft.monitor({ signal: ac.signal });
    const first = it.next(); // subscribes before the changes below
    const gen0 = await h.nft.generation();
    const tx = h.nft.transaction();
    tx.addTable({ family: 'inet', name: 'm', comment: 'mon' });
    tx.addChain({ family: 'inet', table: 'm', name: 'in', type: 'filter', hook: 'input', priority: 'filter', policy: 'accept' });
    tx.addObject({ family: 'inet', table: 'm', name: 'hits', type: 'counter' });
    tx.addSet({ family: 'inet', table: 'm', name: 'ports', type: 'inet_service', elements: [22, 80] });
    tx.addRule({ family: 'inet', table: 'm', chain: 'in', match: { protocol: 'tcp', dport: '@ports' }, statements: [{ counterRef: 'hits' }], action: 'accept' });
    const { rules } = await tx.commit();
    await h.nft.deleteRule(rules[0]!);
    nftApply(ns, `add element inet m ports { 443 }
      add quota inet m q { over 1000 bytes }
      delete counter inet m hits
      add table ip sentinel
      delete table ip sentinel`);
    // the generation closing nft's transaction is the last event
    const rest = await collect(it, (e) => e.type === 'newgen' && e.gen!.id === gen0 + 3);
    const r0 = await first;
    const seen = [r0.value as NftEvent, ...rest];
    const brief = seen.map((e) => `${e.type} ${e.table?.name ?? e.chain?.name ?? e.set?.name ?? e.object?.name ?? e.elements?.set ?? (e.rule ? 'rule' : '') ?? ''}`.trim());
    expect(brief.filter((b) => !b.startsWith('newgen'))).toEqual([
      'newtable m', 'newchain in', 'newobj hits', 'newset ports', 'newsetelem ports', 'newsetelem ports', 'newrule rule',
      'delrule rule',
      'newsetelem ports', 'newobj q', 'delobj hits', 'newtable sentinel', 'deltable sentinel',
    ]);
    // one generation per transaction, counting up from before
    const gens = seen.filter((e) => e.type === 'newgen').map((e) => e.gen!.id);
    expect(gens).toEqual([gen0 + 1, gen0 + 2, gen0 + 3]);
    expect(seen.filter((e) => e.type === 'newgen').at(-1)!.gen!.procName).toBe('nft');
    // typed like the listing
    expect(seen[0]!.table).toMatchObject({ family: 'inet', name: 'm', comment: 'mon' });
    expect(seen.find((e) => e.type === 'newchain')!.chain).toMatchObject({ name: 'in', hook: 'input', policy: 'accept' });
    expect(seen.find((e) => e.type === 'newobj')!.object).toMatchObject({ type: 'counter', name: 'hits', packets: 0, bytes: 0 });
    expect(seen.find((e) => e.type === 'newset')!.set).toMatchObject({ name: 'ports', type: 'inet_service' });
    const rule = seen.find((e) => e.type === 'newrule')!.rule!;
    expect({ match: rule.match, statements: rule.statements, action: rule.action, unknown: rule.unknown, handle: rule.handle })
      .toEqual({ match: { protocol: 'tcp', dport: '@ports' }, statements: [{ counterRef: 'hits' }], action: 'accept', unknown: undefined, handle: rules[0]!.handle });
    expect(seen.find((e) => e.type === 'delrule')!.rule!.handle).toBe(rules[0]!.handle);
    const elems = seen.filter((e) => e.type === 'newsetelem').map((e) => e.elements!);
    expect(elems.map((x) => x.elements)).toEqual([[22], [80], [443]]);
    expect(elems[2]!.keys).toEqual(['01bb']);
    expect(seen.find((e) => e.type === 'newobj' && e.object?.name === 'q')!.object).toMatchObject({ type: 'quota', bytes: 1000, over: true });
    ac.abort();
    expect((await it.next()).done).toBe(true);
  });

  it("reports 'overrun' when the kernel drops events, and return() closes the socket", async () => {
    const ns = makeNetns('nfmov');
    using h = await Netlink.open({ netns: ns });
    const it = h.nft.monitor({ rcvbuf: 1 });
    const first = it.next();
    // Hundreds of notifications while the event loop is blocked in one synchronous commit: the
    // tiny queue overflows before anything reads it.
    const tx = h.nft.transaction();
    tx.addTable({ family: 'ip', name: 'flood' });
    tx.addChain({ family: 'ip', table: 'flood', name: 'c' });
    for (let i = 0; i < 300; i++) tx.addRule({ family: 'ip', table: 'flood', chain: 'c', match: { dport: 1000 + i, protocol: 'tcp' }, action: 'accept' });
    await tx.commit({ echo: false });
    const types: string[] = [];
    for (let r = await first; !r.done; r = await it.next()) {
      types.push(r.value.type);
      if (r.value.type === 'overrun') { expect(r.value.error).toMatchObject({ code: 'ENOBUFS' }); break; }
    }
    expect(types).toContain('overrun');
    await it.return(undefined);
    expect((await it.next()).done).toBe(true);
    await expect(h.nft.monitor({ signal: 'x' as never }).next()).rejects.toThrow(TypeError);
  });
});
