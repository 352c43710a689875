// The one way tc requests reach the addon: a "tcobj" record (lib/records.ts encodeRecords), and
// the one way listings come back (tcDump → records → public objects).
import type { Handle } from '../core/handle.js';
import { call } from '../errors.js';
import type { RawAttribute } from '../link/types.js';
import { native } from '../native.js';
import { decodeRecords, encodeRecords } from '../records.js';
import * as handles from './handles.js';
import type { TcStats } from './types.js';

export enum Obj { QDISC = 0, CLASS = 1, FILTER = 2 }
export enum Verb { ADD = 0, REPLACE = 1, CHANGE = 2, DELETE = 3 }

/** A tcobj record as TypeScript writes and reads it. */
export interface TcRecord {
  obj: number; verb?: number; ifindex: number; handle?: number; parent?: number; prio?: number; protocol?: number;
  kind?: string; chain?: number; options?: Buffer; raw?: RawAttribute[];
  bytes?: number; packets?: number; drops?: number; overlimits?: number; backlog?: number; qlen?: number;
  [kindField: string]: unknown;
}

/** The request bytes a record encodes to (for codec tests; nothing is sent). */
export function encodeRequest(rec: TcRecord): Buffer {
  return native.encodeTcRequest(encodeRecords([rec], 'tcobj'));
}

export function send(h: Handle, op: string, rec: TcRecord): void {
  const buf = encodeRecords([rec], 'tcobj');
  const sock = h.routeSocket(op);
  call(op, () => native.tcRequest(sock, buf));
}

export function dump(h: Handle, op: string, obj: Obj, ifindex: number, parent = 0): TcRecord[] {
  const sock = h.routeSocket(op);
  return decodeRecords(call(op, () => native.tcDump(sock, obj, ifindex, parent)), 'tcobj', op) as unknown as TcRecord[];
}

/** Identity, statistics and raw attributes every listed object has. */
export function listedBase(r: TcRecord): { index: number; kind: string; handle: string; parent: string; stats?: TcStats; raw?: RawAttribute[] } {
  const o: { index: number; kind: string; handle: string; parent: string; stats?: TcStats; raw?: RawAttribute[] } = {
    index: r.ifindex, kind: r.kind ?? '', handle: handles.format(r.handle ?? 0), parent: handles.formatParent(r.parent ?? 0),
  };
  if (r.bytes !== undefined) {
    o.stats = { bytes: r.bytes, packets: r.packets ?? 0, drops: r.drops ?? 0, overlimits: r.overlimits ?? 0 };
    if (r.backlog !== undefined) o.stats.backlog = r.backlog;
    if (r.qlen !== undefined) o.stats.qlen = r.qlen;
  }
  if (r.raw) o.raw = r.raw;
  return o;
}

/** The kind name a spec gives, checked (the kernel's limit is 15 bytes). */
export function kindOf(value: unknown, op: string): string {
  if (typeof value !== 'string' || value.length === 0 || Buffer.byteLength(value) > 15 || !/^[a-z0-9_.-]+$/i.test(value)) {
    throw new TypeError(`${op}: kind must be a tc kind name like 'tbf', got ${JSON.stringify(value)}`);
  }
  return value;
}
