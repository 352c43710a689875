// Chain priority names (issue 8): listed as nft prints them (`filter`, `dstnat + 10`, bridge
// `filter` = -200, a plain number where nft uses none), checked against `nft list ruleset`; and
// written with names and offsets, checked against `nft -j` (the number nft reads back).
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import type { NftChainSpec } from '../../lib/index.js';
import { canAdmin, makeNetns } from '../helpers/ns.js';
import { nftApply, nftJson, nftText } from './util.js';

const SCRIPT = `
table ip t {
  chain a { type filter hook input priority filter; }
  chain b { type nat hook prerouting priority dstnat + 10; }
  chain c { type filter hook output priority mangle - 5; }
  chain d { type nat hook postrouting priority srcnat; }
  chain e { type nat hook output priority -100; }
  chain f { type filter hook forward priority 77; }
  chain g { type filter hook prerouting priority raw; }
}
table bridge br {
  chain a { type filter hook forward priority filter; }
  chain b { type filter hook prerouting priority dstnat; }
  chain c { type filter hook output priority out; }
}
table netdev nd {
  chain a { type filter hook ingress priority filter + 1; }
}
`;

describe.skipIf(!canAdmin)('nft chain priority names', () => {
  it('lists the names nft prints, per family and hook', async () => {
    const ns = makeNetns('nftp');
    nftApply(ns, SCRIPT.replace('chain a { type filter hook ingress', 'chain a { type filter hook ingress device lo'));
    using h = await Netlink.open({ netns: ns });
    const chains = await h.nft.listChains();
    // nft list ruleset: "chain NAME {\n\t\ttype T hook H priority P; policy …"
    const text = nftText(ns);
    const printed = new Map<string, string>();
    let table = '';
    for (const line of text.split('\n')) {
      const t = /^table (\S+) (\S+)/.exec(line);
      if (t) table = `${t[1]} ${t[2]}`;
      const c = /^\tchain (\S+)/.exec(line);
      if (c) printed.set(`${table} ${c[1]}`, '');
      const p = /priority (.+?);/.exec(line);
      if (p) printed.set([...printed.keys()].pop()!, p[1]!);
    }
    for (const c of chains) {
      const nftSays = printed.get(`${c.family} ${c.table} ${c.name}`)!;
      expect(c.priorityName ?? String(c.priority), `${c.family} ${c.table} ${c.name}`).toBe(nftSays);
    }
    expect(chains.find((c) => c.family === 'bridge' && c.name === 'a')).toMatchObject({ priority: -200, priorityName: 'filter' });
    expect(chains.find((c) => c.family === 'ip' && c.name === 'e')).toMatchObject({ priority: -100 });
    expect(chains.find((c) => c.family === 'ip' && c.name === 'e')!.priorityName).toBeUndefined();
  });

  it('writes names and offsets as nft reads them', async () => {
    const ns = makeNetns('nftp');
    const specs: NftChainSpec[] = [
      { family: 'ip', table: 't', name: 'b', type: 'nat', hook: 'prerouting', priority: 'dstnat + 10' },
      { family: 'ip', table: 't', name: 'c', type: 'filter', hook: 'output', priority: 'mangle - 5' },
      { family: 'bridge', table: 'br', name: 'a', type: 'filter', hook: 'forward', priority: 'filter' },
      { family: 'bridge', table: 'br', name: 'c', type: 'filter', hook: 'output', priority: 'out' },
    ];
    using h = await Netlink.open({ netns: ns });
    const tx = h.nft.transaction();
    tx.addTable({ family: 'ip', name: 't' });
    tx.addTable({ family: 'bridge', name: 'br' });
    for (const s of specs) tx.addChain(s);
    await tx.commit();
    const prio = (fam: string, name: string) => (nftJson(ns) as { chain?: { family: string; name: string; prio: number } }[]).find((x) => x.chain?.family === fam && x.chain.name === name)!.chain!.prio;
    expect([prio('ip', 'b'), prio('ip', 'c'), prio('bridge', 'a'), prio('bridge', 'c')]).toEqual([-90, -155, -200, 100]);
  });
});
