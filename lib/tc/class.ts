// Classes (htb): add, replace, change, delete, list. Equivalent to: tc class add|replace|change|del|show …
import type { Handle } from '../core/handle.js';
import { resolveIndex } from '../core/resolve.js';
import type { LinkRef } from '../link/types.js';
import * as v from '../util/validate.js';
import * as handles from './handles.js';
import { CLASS_KINDS } from './kinds/index.js';
import { Obj, Verb, dump, kindOf, listedBase, send, type TcRecord } from './request.js';
import type { ClassSpec, TcClass } from './types.js';

/** Validates a class spec into a tcobj record (exported for codec tests). */
export function classRecord(h: Handle, ref: LinkRef, spec: ClassSpec, verb: Verb, op: string,
  resolve: (r: LinkRef) => number = (r) => resolveIndex(h, r, op)): TcRecord {
  const s = v.object(spec, `${op} spec`);
  const kind = kindOf(s.kind, op);
  if (s.classid === undefined || s.parent === undefined) throw new TypeError(`${op}: classid and parent are required`);
  const rec: TcRecord = {
    obj: Obj.CLASS, verb, ifindex: 0, kind, handle: handles.parse(s.classid, 'classid'), parent: handles.parse(s.parent, 'parent'),
  };
  const codec = CLASS_KINDS.get(kind);
  if (codec) rec[codec.field] = codec.encode(s, op);
  else if (s.options !== undefined) {
    if (!Buffer.isBuffer(s.options)) throw new TypeError(`${op}: options must be a Buffer`);
    rec.options = s.options;
  }
  rec.ifindex = resolve(v.linkRef(ref));
  return rec;
}

/** Equivalent to: tc class add dev REF parent P classid C htb rate R [ceil C] [burst B] [cburst B] [prio P] [quantum Q] */
export async function addClass(h: Handle, ref: LinkRef, spec: ClassSpec): Promise<void> {
  send(h, 'addClass', classRecord(h, ref, spec, Verb.ADD, 'addClass'));
}

/** Equivalent to: tc class replace dev REF parent P classid C htb … */
export async function replaceClass(h: Handle, ref: LinkRef, spec: ClassSpec): Promise<void> {
  send(h, 'replaceClass', classRecord(h, ref, spec, Verb.REPLACE, 'replaceClass'));
}

/** Equivalent to: tc class change dev REF parent P classid C htb … */
export async function changeClass(h: Handle, ref: LinkRef, spec: ClassSpec): Promise<void> {
  send(h, 'changeClass', classRecord(h, ref, spec, Verb.CHANGE, 'changeClass'));
}

/** Equivalent to: tc class del dev REF classid C */
export async function deleteClass(h: Handle, ref: LinkRef, spec: { classid: string | number; parent?: string | number }): Promise<void> {
  send(h, 'deleteClass', classDeleteRecord(h, ref, spec, 'deleteClass'));
}

/** Validates deleteClass's arguments into a tcobj record (exported for codec tests). */
export function classDeleteRecord(h: Handle, ref: LinkRef, spec: { classid: string | number; parent?: string | number }, op: string,
  resolve: (r: LinkRef) => number = (r) => resolveIndex(h, r, op)): TcRecord {
  const s = v.object(spec, `${op} spec`);
  if (s.classid === undefined) throw new TypeError(`${op}: classid is required`);
  const rec: TcRecord = { obj: Obj.CLASS, verb: Verb.DELETE, ifindex: 0, handle: handles.parse(s.classid, 'classid') };
  if (s.parent !== undefined) rec.parent = handles.parse(s.parent, 'parent');
  rec.ifindex = resolve(v.linkRef(ref));
  return rec;
}

/** A tcobj class record → TcClass. */
export function toClass(r: TcRecord): TcClass {
  const base = listedBase(r);
  const c: TcClass = { ...base, classid: base.handle };
  const codec = CLASS_KINDS.get(c.kind);
  const typed = codec ? (r[codec.field] as Record<string, unknown> | undefined) : undefined;
  if (codec && typed) Object.assign(c, codec.decode(typed));
  else if (r.options) c.options = r.options;
  return c;
}

/** Equivalent to: tc class show dev REF */
export async function listClasses(h: Handle, filter: { dev: LinkRef }): Promise<TcClass[]> {
  const op = 'listClasses';
  const f = v.object(filter, `${op} filter`);
  if (f.dev === undefined) throw new TypeError(`${op}: dev is required (tc class show dev DEV)`);
  const index = resolveIndex(h, v.linkRef(f.dev, 'dev'), op);
  return dump(h, op, Obj.CLASS, index).map(toClass);
}
