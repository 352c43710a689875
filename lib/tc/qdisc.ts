// Qdiscs: add, replace, change, delete, list. Equivalent to: tc qdisc add|replace|change|del|show …
import type { Handle } from '../core/handle.js';
import { resolveIndex } from '../core/resolve.js';
import type { LinkRef } from '../link/types.js';
import * as v from '../util/validate.js';
import * as handles from './handles.js';
import { QDISC_KINDS } from './kinds/index.js';
import { Obj, Verb, dump, kindOf, listedBase, send, type TcRecord } from './request.js';
import type { Qdisc, QdiscSpec } from './types.js';

/** Validates a qdisc spec into a tcobj record (exported for codec tests). */
export function qdiscRecord(h: Handle, ref: LinkRef, spec: QdiscSpec, verb: Verb, op: string,
  resolve: (r: LinkRef) => number = (r) => resolveIndex(h, r, op)): TcRecord {
  const s = v.object(spec, `${op} spec`);
  const kind = kindOf(s.kind, op);
  const ingress = kind === 'ingress' || kind === 'clsact';
  const rec: TcRecord = { obj: Obj.QDISC, verb, ifindex: 0, kind };
  // ingress and clsact live at TC_H_INGRESS with handle ffff: (what tc sends for `… ingress`).
  rec.parent = s.parent === undefined ? (ingress ? handles.TC_H_INGRESS : handles.TC_H_ROOT) : handles.parse(s.parent, 'parent');
  if (s.handle !== undefined) rec.handle = handles.parse(s.handle, 'handle');
  else if (ingress) rec.handle = 0xffff0000;
  const codec = QDISC_KINDS.get(kind);
  if (codec) {
    const o = codec.encode(s, op);
    if (o !== undefined) rec[codec.field] = o;
  } else if (s.options !== undefined) {
    if (!Buffer.isBuffer(s.options)) throw new TypeError(`${op}: options must be a Buffer`);
    rec.options = s.options;
  }
  rec.ifindex = resolve(v.linkRef(ref));
  return rec;
}

/**
 * Adds a qdisc (NetlinkError EEXIST if one is there already).
 * Equivalent to: tc qdisc add dev REF [parent P|root|ingress|clsact] [handle H] KIND …
 */
export async function addQdisc(h: Handle, ref: LinkRef, spec: QdiscSpec): Promise<void> {
  send(h, 'addQdisc', qdiscRecord(h, ref, spec, Verb.ADD, 'addQdisc'));
}

/** Adds or replaces. Equivalent to: tc qdisc replace dev REF … KIND … */
export async function replaceQdisc(h: Handle, ref: LinkRef, spec: QdiscSpec): Promise<void> {
  send(h, 'replaceQdisc', qdiscRecord(h, ref, spec, Verb.REPLACE, 'replaceQdisc'));
}

/** Changes an existing qdisc's options in place. Equivalent to: tc qdisc change dev REF … KIND … */
export async function changeQdisc(h: Handle, ref: LinkRef, spec: QdiscSpec): Promise<void> {
  send(h, 'changeQdisc', qdiscRecord(h, ref, spec, Verb.CHANGE, 'changeQdisc'));
}

/**
 * Deletes a qdisc (and its classes and filters). parent 'ingress'/'clsact' removes that qdisc.
 * Equivalent to: tc qdisc del dev REF (root|ingress|clsact|parent P) [handle H]
 */
export async function deleteQdisc(h: Handle, ref: LinkRef, spec: { parent: string | number; handle?: string | number }): Promise<void> {
  send(h, 'deleteQdisc', qdiscDeleteRecord(h, ref, spec, 'deleteQdisc'));
}

/** Validates deleteQdisc's arguments into a tcobj record (exported for codec tests). */
export function qdiscDeleteRecord(h: Handle, ref: LinkRef, spec: { parent: string | number; handle?: string | number }, op: string,
  resolve: (r: LinkRef) => number = (r) => resolveIndex(h, r, op)): TcRecord {
  const s = v.object(spec, `${op} spec`);
  if (s.parent === undefined) throw new TypeError(`${op}: parent is required ('root', 'ingress', 'clsact' or a class)`);
  const rec: TcRecord = { obj: Obj.QDISC, verb: Verb.DELETE, ifindex: 0, parent: handles.parse(s.parent, 'parent') };
  if (s.handle !== undefined) rec.handle = handles.parse(s.handle, 'handle');
  // tc names the kind for `del … ingress|clsact` (the kernel checks it against the qdisc there).
  if (s.parent === 'ingress' || s.parent === 'clsact') {
    rec.kind = s.parent;
    rec.handle ??= 0xffff0000;
  }
  rec.ifindex = resolve(v.linkRef(ref));
  return rec;
}

/** A tcobj qdisc record → Qdisc. */
export function toQdisc(r: TcRecord): Qdisc {
  const q: Qdisc = { ...listedBase(r) };
  const codec = QDISC_KINDS.get(q.kind);
  const typed = codec ? (r[codec.field] as Record<string, unknown> | undefined) : undefined;
  if (codec && typed) Object.assign(q, codec.decode(typed));
  // ingress/clsact report an empty TCA_OPTIONS: nothing to carry.
  else if (r.options && r.options.length > 0) q.options = r.options;
  if (q.parent === 'ingress' && q.kind === 'clsact') q.parent = 'clsact';
  return q;
}

/** Equivalent to: tc qdisc show [dev REF] */
export async function listQdiscs(h: Handle, filter: { dev?: LinkRef } = {}): Promise<Qdisc[]> {
  const op = 'listQdiscs';
  const f = v.object(filter, `${op} filter`);
  const index = f.dev === undefined ? 0 : resolveIndex(h, v.linkRef(f.dev, 'dev'), op);
  return dump(h, op, Obj.QDISC, index).map(toQdisc);
}
