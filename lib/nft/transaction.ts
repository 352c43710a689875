// nft.transaction(): queue table/chain/rule/set changes, then commit them as one nf_tables
// transaction — one sendmsg, applied entirely or not at all. A refusal names the element.
import type { NativeNftOp } from '../../typings/nft.js';
import { NetlinkError, fromNative } from '../errors.js';
import type { Handle } from '../core/handle.js';
import { native } from '../native.js';
import * as v from '../util/validate.js';
import { checkFamily, compileRule } from './compile.js';
import { FAMILIES, HOOKS, K, PRIORITIES, SET_KEY_TYPES } from './consts.js';
import { encodeElements } from './sets.js';
import { encodeRecords } from '../records.js';
import type { ChainSpec, NftFamily, RuleRef, RuleSpec, SetKeyType, SetSpec, TableSpec } from './types.js';

/** Which element of a transaction failed. */
export interface NftElement { index: number; kind: string; name: string }

/** NetlinkError of nft.commit, naming the failing element. */
export type NftCommitError = NetlinkError & { element?: NftElement; index?: number; errors?: { element: NftElement; error: NetlinkError }[] };

export interface CommitResult {
  /** Per element: the handle the kernel gave a new table/chain/rule/set (undefined otherwise). */
  handles: (number | undefined)[];
  /** The rules added, in order, with their handles (for deleteRule). */
  rules: RuleRef[];
}

function name(value: unknown, what: string): string {
  const s = v.str(value, what, 255);
  if (s.length === 0) throw new RangeError(`${what} must not be empty`);
  return s;
}

function priorityOf(p: unknown): number {
  if (p === undefined) return 0;
  if (typeof p === 'string') {
    if (!(p in PRIORITIES)) throw new RangeError(`chain priority "${p}" is not one of ${Object.keys(PRIORITIES).join(', ')}`);
    return PRIORITIES[p as keyof typeof PRIORITIES];
  }
  if (typeof p !== 'number' || !Number.isInteger(p) || p < -0x80000000 || p > 0x7fffffff) throw new RangeError(`chain priority must be an integer or a name like "srcnat", got ${v.describe(p)}`);
  return p;
}

export class Transaction {
  readonly #h: Handle;
  readonly #ops: NativeNftOp[] = [];
  readonly #elements: NftElement[] = [];
  #setIds = 0;
  readonly #newSets = new Map<string, number>();

  constructor(h: Handle) { this.#h = h; }

  /** Number of queued elements. */
  get length(): number { return this.#ops.length; }

  #push(op: NativeNftOp, kind: string, label: string): number {
    const index = this.#ops.length;
    this.#ops.push(op);
    this.#elements.push({ index, kind, name: label });
    return index;
  }

  /** Equivalent to: nft add table FAMILY NAME [{ comment "…"; flags dormant; }] (create: nft create table). */
  addTable(spec: TableSpec & { create?: boolean }): number {
    const s = v.object(spec, 'table') as unknown as TableSpec & { create?: boolean };
    const family = checkFamily(s.family, 'table family');
    const op: NativeNftOp = { kind: 'newtable', family: FAMILIES[family], name: name(s.name, 'table name') };
    if (s.dormant !== undefined) op.flags = v.bool(s.dormant, 'table dormant') ? K.NFT_TABLE_F_DORMANT! : 0;
    if (s.comment !== undefined) op.comment = v.str(s.comment, 'table comment', 128);
    if (s.create) op.excl = true;
    return this.#push(op, 'table', `${family} ${op.name}`);
  }
  /** Equivalent to: nft delete table FAMILY NAME */
  deleteTable(spec: { family: NftFamily; name: string }): number {
    const family = checkFamily(spec?.family, 'table family');
    return this.#push({ kind: 'deltable', family: FAMILIES[family], name: name(spec.name, 'table name') }, 'table', `${family} ${spec.name}`);
  }
  /** Equivalent to: nft flush table FAMILY NAME (deletes every rule, keeps chains and sets) */
  flushTable(spec: { family: NftFamily; name: string }): number {
    const family = checkFamily(spec?.family, 'table family');
    return this.#push({ kind: 'flushtable', family: FAMILIES[family], name: name(spec.name, 'table name') }, 'flush table', `${family} ${spec.name}`);
  }

  /** Equivalent to: nft add chain FAMILY TABLE NAME { type T hook H priority P; policy X; } */
  addChain(spec: ChainSpec & { create?: boolean }): number {
    const s = v.object(spec, 'chain') as unknown as ChainSpec & { create?: boolean };
    const family = checkFamily(s.family, 'chain family');
    const op: NativeNftOp = { kind: 'newchain', family: FAMILIES[family], table: name(s.table, 'chain table'), name: name(s.name, 'chain name') };
    const base = s.hook !== undefined || s.type !== undefined;
    if (base) {
      if (s.hook === undefined || s.type === undefined) throw new TypeError('a base chain needs both type and hook (leave both out for a regular chain)');
      if (!['filter', 'nat', 'route'].includes(s.type)) throw new RangeError(`chain type must be filter, nat or route, got ${v.describe(s.type)}`);
      if (!(s.hook in HOOKS)) throw new RangeError(`chain hook must be one of ${Object.keys(HOOKS).join(', ')}, got ${v.describe(s.hook)}`);
      op.type = s.type;
      op.hook = family === 'netdev' ? K.NF_NETDEV_INGRESS! : HOOKS[s.hook];
      op.priority = priorityOf(s.priority);
      if (s.device !== undefined) op.dev = v.ifname(s.device, 'chain device');
    } else if (s.priority !== undefined || s.policy !== undefined) {
      throw new TypeError('priority and policy apply to base chains only: give type and hook too');
    }
    if (s.policy !== undefined) {
      if (s.policy !== 'accept' && s.policy !== 'drop') throw new RangeError(`chain policy must be accept or drop, got ${v.describe(s.policy)}`);
      op.policy = s.policy === 'accept' ? K.NF_ACCEPT! : K.NF_DROP!;
    }
    if (s.comment !== undefined) op.comment = v.str(s.comment, 'chain comment', 128);
    if (s.create) op.excl = true;
    return this.#push(op, 'chain', `${family} ${op.table} ${op.name}`);
  }
  /** Equivalent to: nft delete chain FAMILY TABLE NAME */
  deleteChain(spec: { family: NftFamily; table: string; name: string }): number {
    const family = checkFamily(spec?.family, 'chain family');
    return this.#push({ kind: 'delchain', family: FAMILIES[family], table: name(spec.table, 'chain table'), name: name(spec.name, 'chain name') }, 'chain', `${family} ${spec.table} ${spec.name}`);
  }
  /** Equivalent to: nft flush chain FAMILY TABLE NAME */
  flushChain(spec: { family: NftFamily; table: string; name: string }): number {
    const family = checkFamily(spec?.family, 'chain family');
    return this.#push({ kind: 'flushchain', family: FAMILIES[family], table: name(spec.table, 'chain table'), name: name(spec.name, 'chain name') }, 'flush chain', `${family} ${spec.table} ${spec.name}`);
  }

  #rule(spec: RuleSpec, mode: 'append' | 'insert' | 'replace', extra: { position?: number; handle?: number }): number {
    const s = v.object(spec, 'rule') as unknown as RuleSpec;
    const family = checkFamily(s.family, 'rule family');
    const op: NativeNftOp = {
      kind: 'newrule', mode, family: FAMILIES[family], table: name(s.table, 'rule table'), chain: name(s.chain, 'rule chain'),
      exprs: compileRule(s),
    };
    // A lookup of a set created in this same transaction names it by id as well (as nft does).
    for (const e of op.exprs as { name: string; set?: string; setId?: number }[]) {
      if (e.name === 'lookup' && e.set !== undefined) {
        const id = this.#newSets.get(`${family} ${op.table} ${e.set}`);
        if (id !== undefined) e.setId = id;
      }
    }
    if (s.comment !== undefined) op.comment = v.str(s.comment, 'rule comment', 128);
    if (extra.position !== undefined) op.position = v.uint(extra.position, 'rule position', 1, Number.MAX_SAFE_INTEGER);
    if (extra.handle !== undefined) op.handle = v.uint(extra.handle, 'rule handle', 1, Number.MAX_SAFE_INTEGER);
    return this.#push(op, 'rule', `${family} ${op.table} ${op.chain}${s.comment ? ` "${s.comment}"` : ''}`);
  }
  /** Equivalent to: nft add rule FAMILY TABLE CHAIN [position H] MATCH… [counter] ACTION [comment "…"] */
  addRule(spec: RuleSpec & { position?: number }): number { return this.#rule(spec, 'append', { position: spec?.position }); }
  /** Equivalent to: nft insert rule FAMILY TABLE CHAIN [position H] … (at the top, or before H) */
  insertRule(spec: RuleSpec & { position?: number }): number { return this.#rule(spec, 'insert', { position: spec?.position }); }
  /** Equivalent to: nft replace rule FAMILY TABLE CHAIN handle H … */
  replaceRule(spec: RuleSpec & { handle: number }): number {
    if (spec?.handle === undefined) throw new TypeError('replaceRule needs the handle of the rule to replace');
    return this.#rule(spec, 'replace', { handle: spec.handle });
  }
  /** Equivalent to: nft delete rule FAMILY TABLE CHAIN handle H */
  deleteRule(ref: RuleRef): number {
    const r = v.object(ref, 'rule ref') as unknown as RuleRef;
    const family = checkFamily(r.family, 'rule family');
    const handle = v.uint(r.handle, 'rule handle', 1, Number.MAX_SAFE_INTEGER);
    return this.#push({ kind: 'delrule', family: FAMILIES[family], table: name(r.table, 'rule table'), chain: name(r.chain, 'rule chain'), handle }, 'rule', `${family} ${r.table} ${r.chain} handle ${handle}`);
  }

  /** Equivalent to: nft add set FAMILY TABLE NAME { type T; [flags interval;] [elements = { … };] } */
  addSet(spec: SetSpec): number {
    const s = v.object(spec, 'set') as unknown as SetSpec;
    const family = checkFamily(s.family, 'set family');
    const table = name(s.table, 'set table');
    const setName = name(s.name, 'set name');
    if (!(s.type in SET_KEY_TYPES)) throw new RangeError(`set type must be one of ${Object.keys(SET_KEY_TYPES).join(', ')}, got ${v.describe(s.type)}`);
    const kt = SET_KEY_TYPES[s.type as SetKeyType];
    const interval = s.interval !== undefined && v.bool(s.interval, 'set interval');
    const id = ++this.#setIds;
    this.#newSets.set(`${family} ${table} ${setName}`, id);
    // nft's set userdata: the key's byte order (2 = big endian), so `nft list` prints elements.
    const userdata = Buffer.from([0, 4, 2, 0, 0, 0]);
    const idx = this.#push({
      kind: 'newset', family: FAMILIES[family], table, name: setName, flags: interval ? K.NFT_SET_INTERVAL! : 0,
      keyType: kt.id, keyLen: kt.len, id, userdata,
    }, 'set', `${family} ${table} ${setName}`);
    if (s.elements !== undefined && s.elements.length > 0) {
      this.#push({ kind: 'newelems', family: FAMILIES[family], table, set: setName, setId: id, elems: encodeElements(s.type as SetKeyType, interval, s.elements) },
        'set elements', `${family} ${table} ${setName}`);
    }
    return idx;
  }
  /** Equivalent to: nft add element FAMILY TABLE SET { … } (type and interval as the set has them) */
  addSetElements(spec: { family: NftFamily; table: string; set: string; type: SetKeyType; interval?: boolean; elements: (string | number)[] }): number {
    const family = checkFamily(spec?.family, 'set family');
    const table = name(spec.table, 'set table');
    const set = name(spec.set, 'set name');
    if (!(spec.type in SET_KEY_TYPES)) throw new RangeError(`set type must be one of ${Object.keys(SET_KEY_TYPES).join(', ')}`);
    const op: NativeNftOp = { kind: 'newelems', family: FAMILIES[family], table, set, elems: encodeElements(spec.type, !!spec.interval, spec.elements) };
    const id = this.#newSets.get(`${family} ${table} ${set}`);
    if (id !== undefined) op.setId = id;
    return this.#push(op, 'set elements', `${family} ${table} ${set}`);
  }
  /** Equivalent to: nft delete set FAMILY TABLE NAME */
  deleteSet(spec: { family: NftFamily; table: string; name: string }): number {
    const family = checkFamily(spec?.family, 'set family');
    return this.#push({ kind: 'delset', family: FAMILIES[family], table: name(spec.table, 'set table'), name: name(spec.name, 'set name') }, 'set', `${family} ${spec.table} ${spec.name}`);
  }

  /** The queued elements as the addon receives them (for tests and debugging). */
  get ops(): readonly NativeNftOp[] { return this.#ops; }

  /**
   * Sends everything as one transaction. With genid, the kernel refuses (ERESTART) if the ruleset
   * changed since that generation (nft.generation()). echo (default true) reports the handle of
   * every table, chain, set and rule created. It costs two echoes per run of new rules in a table,
   * not one per rule: nf_tables numbers a table's rules consecutively within a transaction, so the
   * first and last rule of a run tell the handles in between (native/nft/batch.h plan_echo).
   * echo: false asks nothing back (handles all undefined, rules empty).
   * The elements cross into the addon as one Buffer of "nftop" records (lib/records.ts).
   */
  async commit(opts: { genid?: number; echo?: boolean } = {}): Promise<CommitResult> {
    const op = 'nft.commit';
    const o = v.object(opts, 'commit options');
    const genid = o.genid === undefined ? -1 : v.uint(o.genid, 'genid');
    const echo = o.echo === undefined ? true : v.bool(o.echo, 'echo');
    if (this.#ops.length === 0) return { handles: [], rules: [] };
    const sock = this.#h.netfilterSocket(op);
    let res;
    try {
      res = native.nftCommit(sock, encodeRecords(this.#ops, 'nftop'), genid, echo);
    } catch (e) {
      throw fromNative(op, e);
    }
    const n = this.#ops.length;
    const errors = new Map<number, unknown>(res.failed);
    const failures: { element: NftElement; error: NetlinkError }[] = [];
    for (const [i, err] of res.failed) {
      if (i < 1 || i > n) continue;
      const ne = fromNative(op, err) as NetlinkError;
      // ENOMSG: no reply because the kernel refused the batch as a whole (reported on index 0).
      if (ne.errno === 42 /* ENOMSG */ && errors.has(0)) continue;
      failures.push({ element: this.#elements[i - 1]!, error: ne });
    }
    if (failures.length > 0) {
      const { element, error } = failures[0]!;
      const err = new NetlinkError(op, error.errno,
        `element ${element.index + 1} of ${n} (${element.kind} ${element.name}) refused: ${error.message.replace(/^nft\.commit: /, '')}; nothing was applied`,
        { extack: error.extack, extackOffset: error.extackOffset }) as NftCommitError;
      err.element = element;
      err.index = element.index;
      err.errors = failures;
      throw err;
    }
    if (errors.has(0)) {
      const e = fromNative(op, errors.get(0)) as NetlinkError;
      const restart = e.errno === K.ERESTART;
      const err = new NetlinkError(op, e.errno, restart
        ? 'the ruleset changed since the given generation id; nothing was applied (re-read and retry)'
        : `${e.message.replace(/^nft\.commit: /, '')}; nothing was applied`, { extack: e.extack, extackOffset: e.extackOffset });
      // Node's errno table lacks ERESTART (the kernel's "generation changed, retry").
      if (restart) (err as { code: string }).code = 'ERESTART';
      throw err;
    }
    const handles = Array.from(res.handles.subarray(1, n + 1), (x) => (x === 0 ? undefined : x));
    const rules: RuleRef[] = [];
    this.#ops.forEach((x, i) => {
      if (x.kind === 'newrule' && handles[i] !== undefined) {
        rules.push({ family: this.#elements[i]!.name.split(' ')[0] as NftFamily, table: x.table as string, chain: x.chain as string, handle: handles[i]! });
      }
    });
    return { handles, rules };
  }
}
