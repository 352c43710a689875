// nftables over nfnetlink: transactions, listing, and the walkthrough's NAT helpers.
// native/nft builds and decodes the nf_tables messages; this folder validates, compiles the typed
// match/action into expressions (compile.ts) and back (decompile.ts).
import type { Handle } from '../core/handle.js';
import * as helpers from './helpers.js';
import * as list from './list.js';
import { Transaction, type CommitResult } from './transaction.js';
import type { ChainSpec, NftFamily, NftSet, RuleRef, RuleSpec, SetSpec, TableSpec } from './types.js';

export * from './types.js';
export { Transaction, type CommitResult, type NftCommitError, type NftElement } from './transaction.js';
export type { ListFilter } from './list.js';
export type { HelperOptions } from './helpers.js';
// -- nft named objects and monitor --
import * as objects from './objects.js';
import { monitor, type NftEvent, type NftMonitorOptions } from './monitor.js';
import type { NftObject, NftObjectSpec, ObjectRef, UnknownObject } from './objtypes.js';
export type * from './objtypes.js';
export type { NftEvent, NftEventType, NftMonitorOptions } from './monitor.js';

type Rest<F> = F extends (h: Handle, ...a: infer A) => unknown ? A : never;

/**
 * nftables in one handle's namespace (`handle.nft`, or the module-level `nft` for the caller's):
 * transactions, typed listing, one-element changes and the walkthrough's NAT helpers.
 *
 * Equivalent to: nft … (ip netns exec NS nft … for a handle in another namespace)
 */
export class Nft {
  readonly #h: Handle;
  constructor(h: Handle) { this.#h = h; }
  /** The handle this nft view belongs to. */
  get handle(): Handle { return this.#h; }

  /** A new transaction: queue changes, then commit() them atomically (nft -f FILE). */
  transaction(): Transaction { return new Transaction(this.#h); }

  // ---- listing ----
  /**
   * The whole ruleset, typed.
   * Equivalent to: nft -a -j list ruleset
   */
  listRuleset(...a: Rest<typeof list.listRuleset>) { return list.listRuleset(this.#h, ...a); }
  /**
   * The tables, optionally of one family.
   * Equivalent to: nft -j list tables [FAMILY]
   */
  listTables(...a: Rest<typeof list.listTables>) { return list.listTables(this.#h, ...a); }
  /**
   * The chains, optionally of one family/table.
   * Equivalent to: nft -j list chains
   */
  listChains(...a: Rest<typeof list.listChains>) { return list.listChains(this.#h, ...a); }
  /**
   * The rules with their handles, optionally of one table/chain.
   * Equivalent to: nft -a -j list chain FAMILY TABLE CHAIN
   */
  listRules(...a: Rest<typeof list.listRules>) { return list.listRules(this.#h, ...a); }
  /**
   * The named sets with their elements.
   * Equivalent to: nft -j list sets
   */
  listSets(...a: Rest<typeof list.listSets>) { return list.listSets(this.#h, ...a); }
  /**
   * The ruleset generation id, for commit({ genid }) (refused if the ruleset changed since).
   * Equivalent to: nft list ruleset's generation (nft monitor shows it per change)
   */
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
  addSet(spec: SetSpec | NftSet): Promise<CommitResult> { return this.#one((t) => t.addSet(spec)); }
  /** Equivalent to: nft replace rule FAMILY TABLE CHAIN handle H …; resolves to the rule's ref. */
  async replaceRule(spec: RuleSpec & { handle: number }): Promise<RuleRef> { return (await this.#one((t) => t.replaceRule(spec))).rules[0]!; }
  /** Equivalent to: nft add element FAMILY TABLE SET { … } */
  async addSetElements(spec: Parameters<Transaction['addSetElements']>[0]): Promise<void> { await this.#one((t) => t.addSetElements(spec)); }
  /** Equivalent to: nft delete element FAMILY TABLE SET { … } */
  async deleteSetElements(spec: Parameters<Transaction['deleteSetElements']>[0]): Promise<void> { await this.#one((t) => t.deleteSetElements(spec)); }
  /** Equivalent to: nft flush set FAMILY TABLE NAME */
  async flushSet(spec: { family: NftFamily; table: string; name: string }): Promise<void> { await this.#one((t) => t.flushSet(spec)); }
  /** Equivalent to: nft delete set FAMILY TABLE NAME */
  async deleteSet(spec: { family: NftFamily; table: string; name: string }): Promise<void> { await this.#one((t) => t.deleteSet(spec)); }
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

  // ---- named objects and monitor ----
  /**
   * The named objects (counters, quotas, limits, ct helpers, ct timeouts) with their current
   * values, optionally of one family/table/type, or one by name.
   * Equivalent to: nft -j list counters|quotas|limits|ct helpers [table FAMILY TABLE]
   */
  listObjects(...a: Rest<typeof objects.listObjects>) { return objects.listObjects(this.#h, ...a); }
  /**
   * Zeroes counters and quotas atomically and resolves to their values before the reset.
   * Equivalent to: nft reset counters|quotas [table FAMILY TABLE] / nft reset counter FAMILY TABLE NAME
   */
  resetObjects(...a: Rest<typeof objects.resetObjects>) { return objects.resetObjects(this.#h, ...a); }
  /** Equivalent to: nft add counter|quota|limit|ct helper|ct timeout FAMILY TABLE NAME { … } */
  addObject(spec: NftObjectSpec | NftObject | UnknownObject): Promise<CommitResult> { return this.#one((t) => t.addObject(spec)); }
  /** Equivalent to: nft delete counter|quota|limit|ct helper|ct timeout FAMILY TABLE NAME */
  async deleteObject(ref: ObjectRef): Promise<void> { await this.#one((t) => t.deleteObject(ref)); }
  /**
   * Ruleset changes as they are committed (tables, chains, rules, sets, elements, objects, and a
   * 'newgen' closing each transaction), typed like the listing, until `signal` aborts or the loop
   * breaks. Lost events are an 'overrun' event.
   * Equivalent to: nft monitor
   */
  monitor(opts?: NftMonitorOptions): AsyncGenerator<NftEvent> { return monitor(this.#h, opts); }

  // ---- walkthrough helpers (idempotent) ----
  /**
   * Idempotently ensures a MASQUERADE rule for traffic from `source` leaving `outInterface` (in its own table, `ip netlinkts` by default, chain postrouting).
   * Equivalent to: iptables -t nat -A POSTROUTING -s SRC -o IF -j MASQUERADE / nft add rule ip nat postrouting ip saddr SRC oifname IF masquerade
   */
  masquerade(...a: Rest<typeof helpers.masquerade>) { return helpers.masquerade(this.#h, ...a); }
  /**
   * Idempotently ensures a DNAT port mapping to `to` (in its own table, `ip netlinkts` by default, chain prerouting).
   * Equivalent to: iptables -t nat -A PREROUTING -p tcp --dport P -j DNAT --to ADDR:PORT / nft add rule ip nat prerouting tcp dport P dnat to ADDR:PORT
   */
  portForward(...a: Rest<typeof helpers.portForward>) { return helpers.portForward(this.#h, ...a); }
  /**
   * Idempotently ensures an SNAT rule (in its own table, `ip netlinkts` by default, chain postrouting).
   * Equivalent to: iptables -t nat -A POSTROUTING -s SRC -j SNAT --to ADDR / nft add rule ip nat postrouting ip saddr SRC snat to ADDR
   */
  snat(...a: Rest<typeof helpers.snat>) { return helpers.snat(this.#h, ...a); }

  async #one(f: (t: Transaction) => unknown): Promise<CommitResult> {
    const t = new Transaction(this.#h);
    f(t);
    return t.commit();
  }
}
