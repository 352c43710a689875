// One NEWRULE byte vector: the message `nft ARGS` sends (strace of its sendmsg) next to the message
// our compiler builds for the typed spec, both with seq/port id masked and without NLM_F_ACK, and
// nft's message decoded back to the typed spec. Shared by the bytes-*.test.ts files.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { native } from '../../lib/native.js';
import { decodeRecords, encodeRecords } from '../../lib/records.js';
import { compileRule } from '../../lib/nft/compile.js';
import { FAMILIES, K } from '../../lib/nft/consts.js';
import type { Expr } from '../../lib/nft/types.js';
import { decompile, type Decompiled } from '../../lib/nft/decompile.js';
import type { NftRuleSpec } from '../../lib/index.js';
import { canAdmin, makeNetns } from '../helpers/ns.js';
import { captureNft, messages, nftApply, normalized } from './util.js';

const NLM_F_ACK = 4;
const NFT_MSG_NEWRULE = (10 << 8) | 6;

export let hasStrace = true;
try { execFileSync('strace', ['-V'], { stdio: 'ignore' }); } catch { hasStrace = false; }

export function ruleVector(ns: string, args: string, rule: NftRuleSpec): { theirs: string; ours: string; decoded: Decompiled } {
  const batch = captureNft(ns, ['--', ...args.match(/"[^"]*"|\S+/g)!]);
  const theirs = messages(batch).find((m) => m.readUInt16LE(4) === NFT_MSG_NEWRULE);
  if (!theirs) throw new Error(`nft sent no NEWRULE for: ${args}`);
  const rec = decodeRecords(native.nftDecode(theirs, 'rules'), 'nftrule', 'test')[0]!;
  // nft also names an existing set by its id from its cache (NFTA_LOOKUP_SET_ID); the kernel
  // resolves the name first, so we send the id only for sets made in the same transaction.
  // To compare bytes, copy nft's id into our lookups.
  // dynset likewise carries NFTA_DYNSET_SET_ID after the name.
  const exprs = compileRule(rule).map((e, i) => {
    const t = rec.exprs[i] as Expr | undefined;
    if (e.name === 'lookup' && t?.setId !== undefined) return { ...e, setId: t.setId };
    const id = e.name === 'dynset' ? t?.raw?.find((a) => a.type === K.NFTA_DYNSET_SET_ID) : undefined;
    if (id && e.raw) {
      const at = e.raw.findIndex((a) => a.type === K.NFTA_DYNSET_SET_NAME) + 1;
      return { ...e, raw: [...e.raw.slice(0, at), id, ...e.raw.slice(at)] };
    }
    return e;
  });
  const built = { kind: 'newrule', mode: 'append', family: FAMILIES[rule.family], table: rule.table, chain: rule.chain, exprs };
  const ours = messages(native.nftEncode(encodeRecords([built], 'nftop'), -1, 1))[1]!;
  ours.writeUInt16LE(ours.readUInt16LE(6) & ~NLM_F_ACK, 6);
  return { theirs: normalized(theirs).toString('hex'), ours: normalized(ours).toString('hex'), decoded: decompile(rule.family, rec.exprs) };
}

/** The typed part of a decompiled rule in the shape of a spec (for comparing with the spec we compiled). */
export function typedOf(d: Decompiled): Partial<NftRuleSpec> {
  return { match: d.match, ...(d.statements ? { statements: d.statements } : {}), ...(d.counter ? { counter: true } : {}), ...(d.action !== undefined ? { action: d.action } : {}) };
}

/**
 * A suite of rule vectors: for each [nft arguments, typed spec], in a fresh namespace holding `head`,
 * our bytes equal nft's and nft's message decodes to exactly the spec (nothing unknown).
 */
export function vectorSuite(title: string, head: string, cases: [string, NftRuleSpec][]): void {
  describe.skipIf(!canAdmin || !hasStrace)(title, () => {
    it.each(cases)('%s', (args, rule) => {
      const ns = makeNetns('nftv');
      nftApply(ns, head);
      const v = ruleVector(ns, args, rule);
      expect(v.ours).toBe(v.theirs);
      expect(v.decoded.unknown).toBeUndefined();
      const { family: _f, table: _t, chain: _c, ...typed } = rule;
      expect(typedOf(v.decoded)).toEqual(typed);
    });
  });
}
