// nft.transaction(): queue table/chain/rule/set changes, then commit them as one nf_tables
// transaction — one sendmsg, applied entirely or not at all. A refusal names the element.
import type { NativeNftOp } from '../../typings/nft.js';
import { NetlinkError, fromNative } from '../errors.js';
import type { Handle } from '../core/handle.js';
import { native } from '../native.js';
import * as v from '../util/validate.js';
import { checkFamily, compileRule } from './compile.js';
import { FAMILIES, HOOKS, K } from './consts.js';
import { priorityValue } from './priority.js';
import { encodeElements, layoutOf, setAttrs } from './sets.js';
import { sendable } from './exact.js';
import { RecordBuilder, appendRecord, decodeRecordAt } from '../records.js';
import { writeFastRule } from './fastrule.js';
import type { ChainSpec, Expr, NftFamily, NftSet, RuleRef, RuleSpec, SetSpec, TableSpec, UnknownSet } from './types.js';
// -- nft named objects --
import { OBJECT_TYPES, compileObject, objectType } from './objects.js';
import type { NftObject, NftObjectSpec, ObjectRef, UnknownObject } from './objtypes.js';

/** Which element of a transaction failed. */
export interface NftElement { index: number; kind: string; name: string }

/** NetlinkError of nft.commit, naming the failing element. */
export type NftCommitError = NetlinkError & { element?: NftElement; index?: number; errors?: { element: NftElement; error: NetlinkError }[] };

/** What a committed transaction created: the handle of each element, and the rules added (for deleteRule). */
export interface CommitResult {
  /** Per element: the handle the kernel gave a new table/chain/rule/set (undefined otherwise). */
  handles: (number | undefined)[];
  /** The rules added, in order, with their handles (for deleteRule). */
  rules: RuleRef[];
}

const UNCHECKED = Symbol('unchecked');

function name(value: unknown, what: string): string {
  const s = v.str(value, what, 255);
  if (s.length === 0) throw new RangeError(`${what} must not be empty`);
  return s;
}

/**
 * An nftables transaction: queue tables, chains, rules and sets, then commit() them atomically —
 * all or nothing, the failing element named in the NetlinkError.
 *
 * Equivalent to: nft -f FILE
 */
export class Transaction {
  readonly #h: Handle;
  // Per element: its op object, or undefined for a rule written straight into #fast (fastrule.ts)
  // at #span[i] (-1 for the others); materialized from its record only if `ops` is read.
  readonly #ops: (NativeNftOp | undefined)[] = [];
  readonly #span: number[] = [];
  #fast: RecordBuilder | null = null;
  #okTable: unknown = UNCHECKED;
  #okChain: unknown = UNCHECKED;
  #nfast = 0;
  // Per element: where a new rule goes, for CommitResult.rules.
  readonly #refs: ({ family: NftFamily; table: string; chain: string } | undefined)[] = [];
  readonly #elements: NftElement[] = [];
  #setIds = 0;
  readonly #newSets = new Map<string, { id: number; name: string }>();

  constructor(h: Handle) { this.#h = h; }

  /** Number of queued elements. */
  get length(): number { return this.#ops.length; }

  #push(op: NativeNftOp | undefined, kind: string, label: string, span = -1, ref?: { family: NftFamily; table: string; chain: string }): number {
    const index = this.#ops.length;
    this.#ops.push(op);
    this.#span.push(span);
    this.#refs.push(ref);
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
      op.priority = priorityValue(family, s.priority);
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
    // The same table and chain rule after rule: checked once (a string that passed, passes).
    const table = s.table === this.#okTable ? s.table : (this.#okTable = name(s.table, 'rule table'));
    const chain = s.chain === this.#okChain ? s.chain : (this.#okChain = name(s.chain, 'rule chain'));
    const ref = { family, table, chain };
    if (family === 'ip' && mode !== 'replace' && extra.position === undefined) {
      const b = this.#fast ??= new RecordBuilder(16 * 1024);
      const at = b.p;
      if (writeFastRule(b, s as unknown as Record<string, unknown>, mode, table, chain)) {
        this.#nfast++;
        return this.#push(undefined, 'rule', `${family} ${table} ${chain}`, at, ref);
      }
    }
    const exprs = compileRule(s);
    // One pass, in place (compileRule returns a fresh array): a lookup of a set created in this
    // same transaction names it by id as well (as nft does). No closures per rule: a fresh
    // process runs this loop in the interpreter (bench W6, bench/README "round 3").
    for (let i = 0; i < exprs.length; i++) {
      const e = sendable(exprs[i]!);
      const known = (e.name === 'lookup' || e.name === 'dynset') && e.set !== undefined && this.#newSets.size > 0
        ? this.#newSets.get(`${family} ${table} ${e.set}`) : undefined;
      exprs[i] = known ? { ...e, set: known.name, setId: known.id } : e;
    }
    const op: NativeNftOp = { kind: 'newrule', mode, family: FAMILIES[family], table, chain, exprs };
    if (s.comment !== undefined) op.comment = v.str(s.comment, 'rule comment', 128);
    if (extra.position !== undefined) op.position = v.uint(extra.position, 'rule position', 1, Number.MAX_SAFE_INTEGER);
    if (extra.handle !== undefined) op.handle = v.uint(extra.handle, 'rule handle', 1, Number.MAX_SAFE_INTEGER);
    return this.#push(op, 'rule', `${family} ${table} ${chain}${s.comment ? ` "${s.comment}"` : ''}`, -1, ref);
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

  /**
   * Equivalent to: nft add set|map FAMILY TABLE NAME { type T [: D]; [flags …;] [timeout …;] [size N;]
   * [policy P;] [comment "…";] [elements = { … };] }. An anonymous set (listed as __set0 by the
   * kernel) is created as a new anonymous set; rules of this transaction naming it use it.
   */
  addSet(spec: SetSpec | NftSet | UnknownSet): number {
    const s = v.object(spec, 'set') as unknown as SetSpec & { unknown?: boolean };
    if (s.unknown) throw new TypeError(`set ${String(s.name)} was listed as unknown (netlinkts cannot describe it exactly) and cannot be written back`);
    const family = checkFamily(s.family, 'set family');
    const table = name(s.table, 'set table');
    const listed = name(s.name, 'set name');
    const layout = layoutOf(s);
    const elements = s.elements === undefined ? [] : encodeElements(layout, s.elements, true);
    const a = setAttrs(s, layout, s.elements?.length ?? 0);
    const id = ++this.#setIds;
    // nft names a new anonymous set "__set%d" (the kernel picks the number) and refers to it by id.
    const setName = s.anonymous ? (layout.data ? '__map%d' : '__set%d') : listed;
    this.#newSets.set(`${family} ${table} ${listed}`, { id, name: setName });
    const op: NativeNftOp = {
      kind: 'newset', family: FAMILIES[family], table, name: setName, flags: a.flags, keyType: a.keyType, keyLen: a.keyLen, id, userdata: a.userdata,
    };
    if (a.dataType !== undefined) { op.dataType = a.dataType; op.dataLen = a.dataLen; }
    if (a.raw.length) op.raw = a.raw;
    const idx = this.#push(op, 'set', `${family} ${table} ${listed}`);
    if (elements.length > 0) {
      this.#push({ kind: 'newelems', family: FAMILIES[family], table, set: setName, setId: id, elems: elements }, 'set elements', `${family} ${table} ${listed}`);
    }
    return idx;
  }
  #elems(kind: 'newelems' | 'delelems', spec: { family: NftFamily; table: string; set: string; type: SetSpec['type']; map?: SetSpec['map']; interval?: boolean; flags?: SetSpec['flags']; elements: SetSpec['elements'] }): number {
    const family = checkFamily(spec?.family, 'set family');
    const table = name(spec.table, 'set table');
    const set = name(spec.set, 'set name');
    const elems = encodeElements(layoutOf(spec as unknown as SetSpec), spec.elements ?? []);
    if (elems.length === 0) throw new RangeError('set elements must not be empty (use flushSet to remove every element)');
    const known = this.#newSets.get(`${family} ${table} ${set}`);
    const op: NativeNftOp = { kind, family: FAMILIES[family], table, set: known?.name ?? set, elems };
    if (known) op.setId = known.id;
    return this.#push(op, 'set elements', `${family} ${table} ${set}`);
  }
  /** Equivalent to: nft add element FAMILY TABLE SET { … } (type/map/interval as the set has them) */
  addSetElements(spec: { family: NftFamily; table: string; set: string; type: SetSpec['type']; map?: SetSpec['map']; interval?: boolean; flags?: SetSpec['flags']; elements: SetSpec['elements'] }): number {
    return this.#elems('newelems', spec);
  }
  /** Equivalent to: nft delete element FAMILY TABLE SET { … } */
  deleteSetElements(spec: { family: NftFamily; table: string; set: string; type: SetSpec['type']; map?: SetSpec['map']; interval?: boolean; flags?: SetSpec['flags']; elements: SetSpec['elements'] }): number {
    return this.#elems('delelems', spec);
  }
  /** Equivalent to: nft flush set FAMILY TABLE SET (removes every element) */
  flushSet(spec: { family: NftFamily; table: string; name: string }): number {
    const family = checkFamily(spec?.family, 'set family');
    return this.#push({ kind: 'delelems', family: FAMILIES[family], table: name(spec.table, 'set table'), set: name(spec.name, 'set name'), elems: [] }, 'flush set', `${family} ${spec.table} ${spec.name}`);
  }
  /** Equivalent to: nft delete set FAMILY TABLE NAME */
  deleteSet(spec: { family: NftFamily; table: string; name: string }): number {
    const family = checkFamily(spec?.family, 'set family');
    return this.#push({ kind: 'delset', family: FAMILIES[family], table: name(spec.table, 'set table'), name: name(spec.name, 'set name') }, 'set', `${family} ${spec.table} ${spec.name}`);
  }

  // -- nft named objects --
  /**
   * Equivalent to: nft add counter|quota|limit|ct helper|ct timeout FAMILY TABLE NAME { … }
   * (create: nft create …, refused if it exists). A listed object is accepted back as is.
   */
  addObject(spec: (NftObjectSpec | NftObject | UnknownObject) & { create?: boolean }): number {
    const s = v.object(spec, 'object') as unknown as NftObjectSpec & { create?: boolean; unknown?: boolean };
    if (s.unknown) throw new TypeError(`object ${String(s.name)} was listed as unknown (netlinkts cannot describe it exactly) and cannot be written back`);
    const family = checkFamily(s.family, 'object family');
    const { create, ...rest } = s;
    const c = compileObject(rest, 'object');
    const op: NativeNftOp = { kind: 'newobj', family: FAMILIES[family], table: name(s.table, 'object table'), name: name(s.name, 'object name'), objType: c.typeId, objData: c.data };
    if (s.comment !== undefined) op.comment = v.str(s.comment, 'object comment', 128);
    if (create !== undefined && v.bool(create, 'object create')) op.excl = true;
    return this.#push(op, c.type, `${family} ${op.table} ${op.name}`);
  }
  /** Equivalent to: nft delete counter|quota|limit|ct helper|ct timeout FAMILY TABLE NAME (or handle H) */
  deleteObject(ref: ObjectRef): number {
    const r = v.object(ref, 'object ref') as unknown as ObjectRef;
    const family = checkFamily(r.family, 'object family');
    const type = objectType(r.type, 'object type');
    const op: NativeNftOp = { kind: 'delobj', family: FAMILIES[family], table: name(r.table, 'object table'), objType: OBJECT_TYPES[type] };
    if (r.handle !== undefined) op.handle = v.uint(r.handle, 'object handle', 1, Number.MAX_SAFE_INTEGER);
    else op.name = name(r.name, 'object name');
    return this.#push(op, type, `${family} ${op.table} ${r.name ?? `handle ${r.handle}`}`);
  }
  // -- end nft named objects --

  /** The queued elements as the addon receives them (for tests and debugging). */
  get ops(): readonly NativeNftOp[] {
    for (let i = 0; i < this.#ops.length; i++) {
      if (this.#ops[i] !== undefined) continue;
      const b = this.#fast!;
      this.#ops[i] = decodeRecordAt(b.buf, b.dv, this.#span[i]!, 'nftop', 'nft.ops').value as NativeNftOp;
    }
    return this.#ops as NativeNftOp[];
  }

  /** The "nftop" records of every element, in order (what the addon receives). */
  #records(): Buffer {
    const fast = this.#fast;
    // The bulk case (only fast rules, never looked at through `ops`): sent as written.
    if (fast && this.#nfast === this.#ops.length && this.#ops.every((o) => o === undefined)) return fast.buf.subarray(0, fast.p);
    const b = new RecordBuilder(8 * 1024);
    for (let i = 0; i < this.#ops.length; i++) {
      const op = this.#ops[i];
      if (op !== undefined) { appendRecord(b, op, 'nftop'); continue; }
      const at = this.#span[i]!;
      const end = at + 4 + fast!.dv.getUint32(at, true);
      b.ensure(end - at);
      fast!.buf.copy(b.buf, b.p, at, end);
      b.p += end - at;
    }
    return b.buf.subarray(0, b.p);
  }

  /**
   * Sends everything as one transaction. With genid, the kernel refuses (ERESTART) if the ruleset
   * changed since that generation (nft.generation()). echo (default true) reports the handle of
   * every table, chain, set and rule created. It costs two echoes per run of new rules in a table,
   * not one per rule: nf_tables numbers a table's rules consecutively within a transaction, so the
   * first and last rule of a run tell the handles in between (native/nft/batch.h plan_echo).
   * echo: false asks nothing back (handles all undefined, rules empty).
   * The elements cross into the addon as one Buffer of "nftop" records (lib/records.ts).
   *
   * Equivalent to: nft -f FILE (nft --echo --handle for the handles)
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
      res = native.nftCommit(sock, this.#records(), genid, echo);
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
    const handles: (number | undefined)[] = [];
    const rules: RuleRef[] = [];
    for (let i = 0; i < n; i++) {
      const x = res.handles[i + 1]!;
      handles.push(x === 0 ? undefined : x);
      const r = this.#refs[i];
      if (r !== undefined && x !== 0) rules.push({ family: r.family, table: r.table, chain: r.chain, handle: x });
    }
    return { handles, rules };
  }
}
