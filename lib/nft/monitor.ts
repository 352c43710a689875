// nft monitor: a NETLINK_NETFILTER socket subscribed to NFNLGRP_NFTABLES, watched by the same
// native monitor as `ip monitor` (native/napi/monitor.cc; decoders in native/nft/events.cc), its
// messages typed like the listing: rules through the same decompile (rule zero holds), sets and
// objects through the same readers. Lost events are an 'overrun' event, never silent.
import { DecodeError, fromNative } from '../errors.js';
import type { Handle } from '../core/handle.js';
import { native } from '../native.js';
import { decodeRecords } from '../records.js';
import { describe, uint } from '../util/validate.js';
import { drainEvents } from '../util/stream.js';
import { familyName } from './consts.js';
import { chainFromRecord, ruleFromRecord, tableFromRecord } from './list.js';
import { OK, objectFromRecord } from './objects.js';
import { setFromRecord } from './sets.js';
import type { NftObject, UnknownObject } from './objtypes.js';
import type { Chain, NftFamily, NftSet, Rule, SetElement, Table, UnknownSet } from './types.js';

/** What an nft monitor event is about (`nft monitor` prints add/delete table|chain|rule|set|element|object); 'overrun' when events were lost. */
export type NftEventType = 'newtable' | 'deltable' | 'newchain' | 'delchain' | 'newrule' | 'delrule' | 'newset' | 'delset' |
  'newsetelem' | 'delsetelem' | 'newobj' | 'delobj' | 'newgen' | 'overrun';

/** One ruleset change (`nft monitor` prints one line per event), with the object it concerns typed like the listing. */
export interface NftEvent {
  type: NftEventType;
  table?: Table;
  chain?: Chain;
  /** newrule / delrule: typed via the listing's decompile (unknown expressions kept raw). */
  rule?: Rule;
  set?: NftSet | UnknownSet;
  /**
   * newsetelem / delsetelem: the elements typed by their set's definition when it is known
   * (undefined otherwise), and their keys as hex always.
   */
  elements?: { family: NftFamily; table: string; set: string; elements?: SetElement[]; keys: string[] };
  object?: NftObject | UnknownObject;
  /** newgen: the generation a transaction committed, and the process that committed it. */
  gen?: { id: number; procPid?: number; procName?: string };
  /** On 'overrun': the kernel dropped events (receive queue full); re-read the ruleset with listRuleset. */
  error?: Error;
}

/** Options of nft.monitor(): an abort signal, and the kernel receive queue size. */
export interface NftMonitorOptions {
  signal?: AbortSignal;
  /** Size of the kernel's receive queue for events, in bytes (default 4 MiB as for monitor()). */
  rcvbuf?: number;
}

type Rec = Record<string, any>;
const SUBSYS = OK.NFNL_SUBSYS_NFTABLES!;

let names: Map<number, { event: NftEventType; schema: string }> | null = null;
function nftDecoders() {
  names ??= new Map(native.messageDecoders().filter(([t]) => t >> 8 === SUBSYS).map(([t, event, schema]) => [t, { event: event as NftEventType, schema }]));
  return names;
}

/** Set definitions by family/table/name: from newset events, else one dump of that table's sets. */
class SetCache {
  readonly #h: Handle;
  readonly #sets = new Map<string, Rec>();
  constructor(h: Handle) { this.#h = h; }
  put(r: Rec): void { this.#sets.set(`${r.family} ${r.table} ${r.name}`, r); }
  drop(r: Rec): void { this.#sets.delete(`${r.family} ${r.table} ${r.name}`); }
  get(family: number, table: string, name: string): Rec | undefined {
    const key = `${family} ${table} ${name}`;
    if (!this.#sets.has(key)) {
      try {
        const sock = this.#h.netfilterSocket('nft.monitor');
        for (const r of decodeRecords(native.nftDump(sock, 'sets', family, table, ''), 'nftset', 'nft.monitor')) this.put(r);
      } catch { /* handle closed or table gone: elements keep their hex keys */ }
    }
    return this.#sets.get(key);
  }
}

function toEvent(type: NftEventType, schema: string, r: Rec, sets: SetCache): NftEvent {
  const ev: NftEvent = { type };
  switch (schema) {
    case 'nfttable': ev.table = tableFromRecord(r); break;
    case 'nftchain': ev.chain = chainFromRecord(r); break;
    case 'nftrule': ev.rule = ruleFromRecord(r); break;
    case 'nftobj': ev.object = objectFromRecord(r); break;
    case 'nftgen': ev.gen = { id: r.id, ...(r.procPid !== undefined ? { procPid: r.procPid } : {}), ...(r.procName !== undefined ? { procName: r.procName } : {}) }; break;
    case 'nftset': {
      if (type === 'newset') sets.put(r); else sets.drop(r);
      const family = familyName(r.family);
      ev.set = setFromRecord({ family, table: r.table, name: r.name }, r as never, []) ??
        { family, table: r.table, name: r.name, handle: r.handle ?? 0, unknown: true, keyType: r.keyType, kernelFlags: r.flags ?? 0, elements: [] };
      break;
    }
    case 'nftelems': {
      const family = familyName(r.family);
      const elems = (r.elems ?? []) as Rec[];
      const def = sets.get(r.family, r.table, r.set);
      const typed = def ? setFromRecord({ family, table: r.table, name: r.set }, def as never, elems as never) : null;
      ev.elements = { family, table: r.table, set: r.set, keys: elems.map((e) => (e.key as Buffer | undefined)?.toString('hex') ?? '') };
      if (typed) ev.elements.elements = typed.elements;
      break;
    }
  }
  return ev;
}

function decodeEvents(buf: Buffer, out: NftEvent[], sets: SetCache): void {
  let p = 0;
  while (p + 6 <= buf.length) {
    const t = buf.readUInt16LE(p);
    const len = buf.readUInt32LE(p + 2);
    const rec = buf.subarray(p + 6, p + 6 + len);
    p += 6 + len;
    const d = nftDecoders().get(t);
    if (!d) continue; // flowtables and other messages netlinkts does not list
    for (const r of decodeRecords(rec, d.schema, 'nft.monitor')) out.push(toEvent(d.event, d.schema, r, sets));
  }
  if (p !== buf.length) throw new DecodeError('nft.monitor', 'event buffer: trailing bytes');
}

/**
 * Streams ruleset changes of the handle's namespace until `signal` aborts or the loop breaks.
 * Equivalent to: nft monitor
 */
export async function* monitor(h: Handle, opts: NftMonitorOptions = {}): AsyncGenerator<NftEvent> {
  const op = 'nft.monitor';
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${op} options must be an object, got ${describe(opts)}`);
  if (opts.signal !== undefined && !(opts.signal instanceof AbortSignal)) throw new TypeError(`${op} signal must be an AbortSignal, got ${describe(opts.signal)}`);
  const rcvbuf = opts.rcvbuf === undefined ? 0 : uint(opts.rcvbuf, `${op} rcvbuf`, 1, 0x7fffffff);
  h.netfilterSocket(op); // fails on a closed handle
  const sets = new SetCache(h);
  yield* drainEvents<NftEvent>((sink) => new native.NativeMonitor(h.netnsFd, [OK.NFNLGRP_NFTABLES!], (buf, err) => {
    try {
      if (buf) decodeEvents(buf, sink.queue, sets);
    } catch (e) {
      sink.fail(e);
    }
    if (err) sink.queue.push({ type: 'overrun', error: fromNative(op, err) as Error });
    sink.notify();
  }, rcvbuf, native.constants.NETLINK_NETFILTER!), opts.signal);
}
