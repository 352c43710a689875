// nftables over nfnetlink: transactions, listing, and the walkthrough's NAT helpers.
// native/nft builds and decodes the nf_tables messages; this folder validates, compiles the typed
// match/action into expressions (compile.ts) and back (decompile.ts).
import type { Handle } from '../core/handle.js';
import * as helpers from './helpers.js';
import * as list from './list.js';
import { Transaction, type CommitResult } from './transaction.js';
import type { ChainSpec, NftFamily, RuleRef, RuleSpec, SetSpec, TableSpec } from './types.js';

export * from './types.js';
export { Transaction, type CommitResult, type NftCommitError, type NftElement } from './transaction.js';
export type { ListFilter } from './list.js';
export type { HelperOptions } from './helpers.js';

type Rest<F> = F extends (h: Handle, ...a: infer A) => unknown ? A : never;

export class Nft {
  readonly #h: Handle;
  constructor(h: Handle) { this.#h = h; }
  /** The handle this nft view belongs to. */
  get handle(): Handle { return this.#h; }

  /** A new transaction: queue changes, then commit() them atomically (nft -f FILE). */
  transaction(): Transaction { return new Transaction(this.#h); }

  // ---- listing ----
  listRuleset(...a: Rest<typeof list.listRuleset>) { return list.listRuleset(this.#h, ...a); }
  listTables(...a: Rest<typeof list.listTables>) { return list.listTables(this.#h, ...a); }
  listChains(...a: Rest<typeof list.listChains>) { return list.listChains(this.#h, ...a); }
  listRules(...a: Rest<typeof list.listRules>) { return list.listRules(this.#h, ...a); }
  listSets(...a: Rest<typeof list.listSets>) { return list.listSets(this.#h, ...a); }
  /** The ruleset generation id, for commit({ genid }). */
  async generation(): Promise<number> { return list.generation(this.#h); }

  // ---- one-element transactions ----
  /** Equivalent to: nft add table … */
  addTable(spec: TableSpec): Promise<CommitResult> { return this.#one((t) => t.addTable(spec)); }
  /** Equivalent to: nft add chain … */
  addChain(spec: ChainSpec): Promise<CommitResult> { return this.#one((t) => t.addChain(spec)); }
  /** Equivalent to: nft add rule …; resolves to the new rule's ref. */
  async addRule(spec: RuleSpec & { position?: number }): Promise<RuleRef> { return (await this.#one((t) => t.addRule(spec))).rules[0]!; }
  /** Equivalent to: nft insert rule … */
  async insertRule(spec: RuleSpec & { position?: number }): Promise<RuleRef> { return (await this.#one((t) => t.insertRule(spec))).rules[0]!; }
  /** Equivalent to: nft add set … */
  addSet(spec: SetSpec): Promise<CommitResult> { return this.#one((t) => t.addSet(spec)); }
  /** Equivalent to: nft delete rule FAMILY TABLE CHAIN handle H */
  async deleteRule(ref: RuleRef): Promise<void> { await this.#one((t) => t.deleteRule(ref)); }
  /** Equivalent to: nft flush table FAMILY NAME */
  async flushTable(spec: { family: NftFamily; name: string }): Promise<void> { await this.#one((t) => t.flushTable(spec)); }
  /** Equivalent to: nft delete table FAMILY NAME */
  async deleteTable(spec: { family: NftFamily; name: string }): Promise<void> { await this.#one((t) => t.deleteTable(spec)); }
  /** Equivalent to: nft delete chain FAMILY TABLE NAME */
  async deleteChain(spec: { family: NftFamily; table: string; name: string }): Promise<void> { await this.#one((t) => t.deleteChain(spec)); }
  /** Equivalent to: nft flush chain FAMILY TABLE NAME */
  async flushChain(spec: { family: NftFamily; table: string; name: string }): Promise<void> { await this.#one((t) => t.flushChain(spec)); }

  // ---- walkthrough helpers (idempotent) ----
  masquerade(...a: Rest<typeof helpers.masquerade>) { return helpers.masquerade(this.#h, ...a); }
  portForward(...a: Rest<typeof helpers.portForward>) { return helpers.portForward(this.#h, ...a); }
  snat(...a: Rest<typeof helpers.snat>) { return helpers.snat(this.#h, ...a); }

  async #one(f: (t: Transaction) => unknown): Promise<CommitResult> {
    const t = new Transaction(this.#h);
    f(t);
    return t.commit();
  }
}
