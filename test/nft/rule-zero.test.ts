// Rule zero: a listing is never wrong. Every rule's typed form (match, statements, counter,
// action) plus its `unknown` expressions compiles back to exactly the kernel's expressions; the
// three misreadings of issue 8 are read exactly; mutated expression lists never mislead.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { compileRule } from '../../lib/nft/compile.js';
import { decompile } from '../../lib/nft/decompile.js';
import { sameExprs } from '../../lib/nft/exact.js';
import type { Expr, NftFamily, Rule } from '../../lib/nft/types.js';
import { canAdmin, makeNetns } from '../helpers/ns.js';
import { nftApply } from './util.js';

const corpusDir = join(__dirname, 'corpus');
const corpus = readdirSync(corpusDir).filter((f) => f.endsWith('.nft')).sort();

function recompile(r: Pick<Rule, 'family' | 'match' | 'unknown' | 'statements' | 'counter' | 'action'>): Expr[] {
  return compileRule({ family: r.family, table: 't', chain: 'c', match: r.match, exprs: r.unknown, statements: r.statements, counter: r.counter, action: r.action });
}

async function listCorpus(file: string): Promise<Rule[]> {
  const ns = makeNetns('nftz');
  nftApply(ns, readFileSync(join(corpusDir, file), 'utf8'));
  using h = await Netlink.open({ netns: ns });
  return h.nft.listRules();
}

describe.skipIf(!canAdmin)('nft rule zero', () => {
  it('the three misreadings of issue 8 read exactly', async () => {
    const ns = makeNetns('nftz');
    nftApply(ns, `table inet t {
      set mgmt_nets { type ipv4_addr; flags interval; }
      map port_verdicts { type inet_service : verdict; }
      chain c {
        ip saddr != @mgmt_nets drop
        tcp dport vmap @port_verdicts
        ip6 nexthdr tcp accept
        ip protocol udp accept
        meta l4proto tcp accept
      }
    }`);
    using h = await Netlink.open({ netns: ns });
    const rules = await h.nft.listRules({ family: 'inet', table: 't', chain: 'c' });
    expect(rules.map((r) => ({ match: r.match, action: r.action, unknown: r.unknown }))).toEqual([
      { match: { saddr: { not: '@mgmt_nets' } }, action: 'drop', unknown: undefined },
      { match: { protocol: 'tcp' }, action: { vmap: { key: 'th dport', map: '@port_verdicts' } }, unknown: undefined },
      { match: { nexthdr: 'tcp' }, action: 'accept', unknown: undefined },
      { match: { ipProtocol: 'udp' }, action: 'accept', unknown: undefined },
      { match: { protocol: 'tcp' }, action: 'accept', unknown: undefined },
    ]);
  });

  it("nft's merged != (tcp sport != 1 tcp dport != 2 is (sport, dport) != (1, 2)) is not read as two != matches", async () => {
    const ns = makeNetns('nftz');
    nftApply(ns, `table ip t {
      chain c {
        tcp sport != 1 tcp dport != 2 accept
        udp sport 68 udp dport 67 accept
      }
    }`);
    using h = await Netlink.open({ netns: ns });
    const [neq, eq] = await h.nft.listRules({ family: 'ip', table: 't', chain: 'c' });
    expect(neq!.match).toEqual({ protocol: 'tcp' });
    expect(neq!.unknown?.map((e) => e.name)).toEqual(['payload', 'cmp']);
    // == merges without changing the meaning: read back as the two ports.
    expect(eq!.match).toEqual({ protocol: 'udp', sport: 68, dport: 67 });
    expect(eq!.unknown).toBeUndefined();
  });

  it.each(corpus)('%s: every listed rule compiles back to its exact expressions', async (file) => {
    const rules = await listCorpus(file);
    expect(rules.length).toBeGreaterThan(0);
    let typed = 0;
    for (const r of rules) {
      expect(sameExprs(recompile(r), r.exprs), `${r.chain} handle ${r.handle}`).toBe(true);
      if (!r.unknown) typed++;
    }
    console.log(`rule zero ${file}: ${rules.length} rules, ${typed} fully typed, ${rules.length - typed} with unknown`);
  });

  it('mutated expression lists are never described wrongly (6000 mutants of the corpus)', async () => {
    const all: { family: NftFamily; exprs: Expr[] }[] = [];
    for (const f of corpus) for (const r of await listCorpus(f)) all.push({ family: r.family, exprs: r.exprs });
    let seed = 12345;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    const mutate = (e: Expr): Expr => {
      const x: Expr = { ...e };
      switch (rnd(11)) {
        case 0: if (x.op !== undefined) x.op = rnd(6); break;
        case 1: if (x.len !== undefined) x.len = Math.max(1, x.len + (rnd(2) ? 1 : -1)); break;
        case 2: if (x.offset !== undefined) x.offset += 1; break;
        case 3: if (x.base !== undefined) x.base = rnd(3); break;
        case 4: x.flags = (x.flags ?? 0) ^ 1; break;
        case 5: if (x.data) { x.data = Buffer.from(x.data); if (x.data.length) x.data[rnd(x.data.length)]! ^= 0xff; } break;
        case 6: if (x.dreg !== undefined) x.dreg = x.dreg === 1 ? 9 : 1; else if (x.sreg !== undefined) x.sreg = 2; break;
        case 7: if (x.key !== undefined) x.key = rnd(30); break;
        case 9: if (x.dir !== undefined) x.dir ^= 1; break; // ct original ↔ reply
        case 10: if (x.regProtoMin !== undefined) x.regProtoMin += 1; else if (x.dreg !== undefined && x.dreg > 1) x.dreg += 1; break; // register flow (maps as values, concatenations)
        case 8: if (x.raw?.length) { x.raw = x.raw.map((a) => ({ ...a, data: Buffer.from(a.data) })); const a = x.raw[rnd(x.raw.length)]!; if (a.data.length) a.data[rnd(a.data.length)]! ^= 1; } break;
      }
      return x;
    };
    let typedMutants = 0;
    for (let n = 0; n < 6000; n++) {
      const r = all[rnd(all.length)]!;
      const exprs = r.exprs.map((e) => (rnd(3) === 0 ? mutate(e) : e));
      if (rnd(4) === 0 && exprs.length > 1) exprs.splice(rnd(exprs.length), 1);
      const d = decompile(r.family, exprs);
      if (!d.unknown) typedMutants++;
      expect(sameExprs(recompile({ family: r.family, ...d }), exprs)).toBe(true);
    }
    expect(typedMutants).toBeGreaterThan(100); // the mutants exercise the typed readers, not only the fallback
  });
});
