// Filters: add, replace, delete, list. Equivalent to: tc filter add|replace|del|show …
import type { Handle } from '../core/handle.js';
import { resolveIndex } from '../core/resolve.js';
import type { LinkRef } from '../link/types.js';
import { native } from '../native.js';
import * as v from '../util/validate.js';
import { decodeFilterKind, encodeFilterKind } from './filters/index.js';
import * as handles from './handles.js';
import { Obj, Verb, dump, kindOf, listedBase, send, type TcRecord } from './request.js';
import type { Filter, FilterSpec } from './types.js';

const k = native.constants;
const PROTOCOLS: Record<string, number> = {
  all: k.ETH_P_ALL!, ip: k.ETH_P_IP!, ipv6: k.ETH_P_IPV6!, arp: k.ETH_P_ARP!, '802.1q': k.ETH_P_8021Q!,
};
const PROTOCOL_NAMES = new Map(Object.entries(PROTOCOLS).map(([n, p]) => [p, n]));

function protocol(value: unknown): number {
  if (value === undefined) return PROTOCOLS.all!;
  const p = typeof value === 'string' ? PROTOCOLS[value] : value;
  if (p === undefined) throw new RangeError(`protocol must be one of ${Object.keys(PROTOCOLS).join(', ')} or an ethertype, got ${v.describe(value)}`);
  return v.uint(p, 'protocol', 0, 0xffff);
}

/** A filter handle: a number, or u32's 'htid:hash:node' (hex, as listed). */
function filterHandle(value: unknown): number {
  if (typeof value === 'number') return v.uint(value, 'filter handle');
  const m = typeof value === 'string' ? /^([0-9a-f]{0,3}):([0-9a-f]{0,2}):([0-9a-f]{0,3})$/i.exec(value) : null;
  if (m) return ((parseInt(m[1] || '0', 16) << 20) | (parseInt(m[2] || '0', 16) << 12) | parseInt(m[3] || '0', 16)) >>> 0;
  if (typeof value === 'string' && /^0x[0-9a-f]{1,8}$/i.test(value)) return parseInt(value, 16) >>> 0;
  throw new RangeError(`filter handle must be a number, 'htid:hash:node' (u32) or '0x…', got ${v.describe(value)}`);
}

function formatFilterHandle(kind: string, h: number): string {
  if (kind !== 'u32') return `0x${h.toString(16)}`;
  const htid = h >>> 20, hash = (h >>> 12) & 0xff, node = h & 0xfff;
  return `${htid.toString(16)}:${hash ? hash.toString(16) : ''}:${node ? node.toString(16) : ''}`;
}

/** Validates a filter spec into a tcobj record (exported for codec tests). */
export function filterRecord(h: Handle, ref: LinkRef, spec: FilterSpec, verb: Verb, op: string,
  resolve: (r: LinkRef) => number = (r) => resolveIndex(h, r, op)): TcRecord {
  const s = v.object(spec, `${op} spec`);
  const kind = kindOf(s.kind, op);
  if (s.parent === undefined) throw new TypeError(`${op}: parent is required ('ffff:' for the ingress qdisc, '1:', or clsact's 'ingress'/'egress')`);
  const rec: TcRecord = {
    obj: Obj.FILTER, verb, ifindex: 0, kind, parent: handles.parse(s.parent, 'parent', 'filter'), protocol: protocol(s.protocol),
    prio: s.prio === undefined ? 0 : v.uint(s.prio, 'prio', 1, 0xffff),
  };
  if (s.handle !== undefined) rec.handle = filterHandle(s.handle);
  if (s.chain !== undefined) rec.chain = v.uint(s.chain, 'chain');
  const typed = encodeFilterKind(h, s, op, rec.protocol!, resolve);
  if (typed) rec[typed[0]] = typed[1];
  else if (s.options !== undefined) {
    if (!Buffer.isBuffer(s.options)) throw new TypeError(`${op}: options must be a Buffer`);
    rec.options = s.options;
  }
  rec.ifindex = resolve(v.linkRef(ref));
  return rec;
}

/**
 * Adds a filter.
 * Equivalent to: tc filter add dev REF parent P [protocol PROTO] [prio N] [handle H] KIND … [classid C] [action …]
 */
export async function addFilter(h: Handle, ref: LinkRef, spec: FilterSpec): Promise<void> {
  send(h, 'addFilter', filterRecord(h, ref, spec, Verb.ADD, 'addFilter'));
}

/** Equivalent to: tc filter replace dev REF parent P protocol PROTO prio N handle H KIND … */
export async function replaceFilter(h: Handle, ref: LinkRef, spec: FilterSpec): Promise<void> {
  send(h, 'replaceFilter', filterRecord(h, ref, spec, Verb.REPLACE, 'replaceFilter'));
}

/**
 * Deletes the filters at a priority (or one, by handle and kind).
 * Equivalent to: tc filter del dev REF parent P [protocol PROTO] [prio N] [handle H KIND]
 */
export async function deleteFilter(h: Handle, ref: LinkRef, spec: FilterDelete): Promise<void> {
  send(h, 'deleteFilter', filterDeleteRecord(h, ref, spec, 'deleteFilter'));
}

export interface FilterDelete { parent: string | number; prio?: number; protocol?: FilterSpec['protocol']; handle?: number | string; kind?: string }

/** Validates deleteFilter's arguments into a tcobj record (exported for codec tests). */
export function filterDeleteRecord(h: Handle, ref: LinkRef, spec: FilterDelete, op: string,
  resolve: (r: LinkRef) => number = (r) => resolveIndex(h, r, op)): TcRecord {
  const s = v.object(spec, `${op} spec`);
  if (s.parent === undefined) throw new TypeError(`${op}: parent is required`);
  const rec: TcRecord = {
    obj: Obj.FILTER, verb: Verb.DELETE, ifindex: 0, parent: handles.parse(s.parent, 'parent', 'filter'),
    // No protocol given: 0 matches the filters of any protocol at that priority.
    protocol: s.protocol === undefined ? 0 : protocol(s.protocol), prio: s.prio === undefined ? 0 : v.uint(s.prio, 'prio', 1, 0xffff),
  };
  if (s.handle !== undefined) {
    if (s.kind === undefined) throw new TypeError(`${op}: deleting by handle needs the kind (as tc)`);
    rec.handle = filterHandle(s.handle);
  }
  if (s.kind !== undefined) rec.kind = kindOf(s.kind, op);
  rec.ifindex = resolve(v.linkRef(ref));
  return rec;
}

/** A tcobj filter record → Filter. */
export function toFilter(r: TcRecord): Filter {
  const base = listedBase(r);
  const f: Filter = {
    ...base, handle: formatFilterHandle(base.kind, r.handle ?? 0), handleId: r.handle ?? 0, prio: r.prio ?? 0,
    protocol: PROTOCOL_NAMES.get(r.protocol ?? 0) ?? r.protocol ?? 0,
  };
  if (r.parent === handles.CLSACT_INGRESS) f.parent = 'ingress';
  if (r.parent === handles.CLSACT_EGRESS) f.parent = 'egress';
  if (r.chain !== undefined) f.chain = r.chain;
  Object.assign(f, decodeFilterKind(r));
  if (r.options) f.options = r.options;
  return f;
}

/**
 * Lists filters; without a parent, those of every qdisc on the link (clsact: both hooks).
 * Equivalent to: tc filter show dev REF [parent P] (per qdisc; tc shows one parent at a time)
 */
export async function listFilters(h: Handle, filter: { dev: LinkRef; parent?: string | number }): Promise<Filter[]> {
  const op = 'listFilters';
  const f = v.object(filter, `${op} filter`);
  if (f.dev === undefined) throw new TypeError(`${op}: dev is required (tc filter show dev DEV)`);
  const index = resolveIndex(h, v.linkRef(f.dev, 'dev'), op);
  let parents: number[];
  if (f.parent !== undefined) parents = [handles.parse(f.parent, 'parent', 'filter')];
  else {
    parents = [];
    for (const q of dump(h, op, Obj.QDISC, index)) {
      if (q.kind === 'clsact') parents.push(handles.CLSACT_INGRESS, handles.CLSACT_EGRESS);
      else if ((q.handle ?? 0) !== 0) parents.push(q.handle!);
    }
  }
  const out: Filter[] = [];
  for (const p of parents) for (const r of dump(h, op, Obj.FILTER, index, p)) out.push(toFilter(r));
  return out;
}
