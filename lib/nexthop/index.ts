// Nexthop objects: add, replace, delete, list, get. Validation here; native/nexthop builds and
// decodes the messages. Changes travel as batch op records (a batch of one).
import type { Handle } from '../core/handle.js';
import { linkNames, resolveIndex } from '../core/resolve.js';
import type { NexthopRecord } from '../batch/encode.js';
import { OPS } from '../batch/encode.js';
import { runOne } from '../batch/one.js';
import { NetlinkError, call } from '../errors.js';
import { native } from '../native.js';
import { decodeRecords } from '../records.js';
import { nhFlagNames } from '../route/decode.js';
import { ROUTE_PROTOCOLS, afOf, familyOf, protocolName, routeScopeName } from '../util/rtnames.js';
import * as v from '../util/validate.js';
import type { LinkRef, RawAttribute } from '../link/types.js';
import type { Nexthop, NexthopFilter, NexthopSpec } from './types.js';

export type * from './types.js';

const k = native.constants;

/**
 * Validates a spec into the op record. `resolve` turns a link ref into an ifindex (the batch
 * passes its own, which defers names to commit).
 */
export function nexthopRecord(spec: NexthopSpec, resolve: (ref: LinkRef) => number): NexthopRecord {
  const s = v.object(spec, 'nexthop spec') as unknown as NexthopSpec;
  const id = v.uint(s.id, 'nexthop id', 1, 0xffffffff);
  let family = 0;
  if (s.family !== undefined) {
    if (s.family !== 4 && s.family !== 6) throw new RangeError(`family must be 4 or 6, got ${v.describe(s.family)}`);
    family = afOf(s.family);
  }
  let gw: Buffer | null = null;
  if (s.via !== undefined) {
    const g = v.ip(s.via, 'via');
    if (family !== 0 && family !== afOf(g.family)) throw new RangeError(`via ${g.text} is IPv${g.family} but family is ${s.family}`);
    family = afOf(g.family);
    gw = g.bytes;
  }
  const blackhole = s.blackhole !== undefined && v.bool(s.blackhole, 'blackhole');
  const fdb = s.fdb !== undefined && v.bool(s.fdb, 'fdb');
  const onlink = s.onlink !== undefined && v.bool(s.onlink, 'onlink');
  const rec: NexthopRecord = {
    id, oif: 0, flags: onlink ? k.RTNH_F_ONLINK! : 0, family, blackhole, fdb, gw, protocol: 0, groupType: -1, group: [],
  };
  if (s.protocol !== undefined) {
    if (typeof s.protocol === 'number') rec.protocol = v.uint(s.protocol, 'protocol', 0, 255);
    else {
      const p = ROUTE_PROTOCOLS.get(s.protocol as string);
      if (p === undefined) throw new RangeError(`unknown protocol ${v.describe(s.protocol)}`);
      rec.protocol = p;
    }
  }
  if (s.group !== undefined) {
    if (!Array.isArray(s.group) || s.group.length === 0) throw new RangeError('group must be a non-empty array of { id, weight? }');
    if (gw || s.dev !== undefined || blackhole || onlink) throw new RangeError('a nexthop group takes no via, dev, blackhole or onlink (its members do)');
    const seen = new Set<number>();
    rec.group = s.group.map((m, i) => {
      const o = v.object(m, `group[${i}]`);
      const mid = v.uint(o.id, `group[${i}].id`, 1, 0xffffffff);
      if (mid === id) throw new RangeError(`group[${i}] is the group itself (id ${id})`);
      if (seen.has(mid)) throw new RangeError(`group[${i}]: id ${mid} appears twice`);
      seen.add(mid);
      return { id: mid, weight: o.weight === undefined ? 1 : v.uint(o.weight, `group[${i}].weight`, 1, 256) };
    });
    if (s.family === undefined) rec.family = 0; // ip sends AF_UNSPEC for groups
    if (s.groupType !== undefined) {
      if (s.groupType === 'mpath') rec.groupType = k.NEXTHOP_GRP_TYPE_MPATH!;
      else if (s.groupType === 'resilient') rec.groupType = k.NEXTHOP_GRP_TYPE_RES!;
      else throw new RangeError(`groupType must be 'mpath' or 'resilient', got ${v.describe(s.groupType)}`);
    }
    const resilient = s.groupType === 'resilient';
    for (const key of ['buckets', 'idleTimer', 'unbalancedTimer'] as const) {
      if (s[key] !== undefined && !resilient) throw new RangeError(`${key} applies to resilient groups only (groupType: 'resilient')`);
    }
    if (s.buckets !== undefined) rec.buckets = v.uint(s.buckets, 'buckets', 1, 0xffff);
    // Timers travel in clock_t (1/100 s) in 32 bits.
    if (s.idleTimer !== undefined) rec.idleTimer = v.uint(s.idleTimer, 'idleTimer', 0, Math.floor(0xffffffff / 100));
    if (s.unbalancedTimer !== undefined) rec.unbalancedTimer = v.uint(s.unbalancedTimer, 'unbalancedTimer', 0, Math.floor(0xffffffff / 100));
  } else {
    if (s.groupType !== undefined) throw new RangeError('groupType needs a group');
    if (blackhole && (gw || s.dev !== undefined)) throw new RangeError('a blackhole nexthop takes no via or dev');
    if (fdb && s.dev !== undefined) throw new RangeError('an fdb nexthop takes no dev (via only)');
    if (fdb && blackhole) throw new RangeError('an fdb nexthop cannot be a blackhole');
    if (!blackhole && !gw && s.dev === undefined) throw new RangeError(`nexthop ${id} needs via, dev, blackhole or group`);
    if (!fdb && gw && s.dev === undefined) throw new RangeError(`nexthop ${id}: a gateway needs dev (or fdb: true)`);
    if (rec.family === 0) rec.family = afOf(4); // ip's default for a single nexthop
  }
  if (s.dev !== undefined) rec.oif = resolve(v.linkRef(s.dev, 'dev'));
  return rec;
}

/**
 * Creates a nexthop object; NetlinkError EEXIST when the id is taken, EINVAL (with the
 * kernel's message) e.g. for a group naming a missing nexthop.
 * Equivalent to: ip nexthop add id ID [via G] [dev D] [onlink] | blackhole | group A[,W]/B[,W]
 *                [type mpath|resilient [buckets N] [idle_timer S] [unbalanced_timer S]] [fdb] [proto P]
 */
export async function addNexthop(h: Handle, spec: NexthopSpec): Promise<void> {
  const op = 'addNexthop';
  const rec = nexthopRecord(spec, (r) => resolveIndex(h, r, op));
  runOne(h, op, (e) => e.nexthop(OPS.nexthopAdd, rec));
}

/** Creates the nexthop object or replaces the one with the same id. Equivalent to: ip nexthop replace id ID … */
export async function replaceNexthop(h: Handle, spec: NexthopSpec): Promise<void> {
  const op = 'replaceNexthop';
  const rec = nexthopRecord(spec, (r) => resolveIndex(h, r, op));
  runOne(h, op, (e) => e.nexthop(OPS.nexthopReplace, rec));
}

/** Deletes a nexthop object (routes using it go too); ENOENT when absent. Equivalent to: ip nexthop del id ID */
export async function deleteNexthop(h: Handle, id: number): Promise<void> {
  const op = 'deleteNexthop';
  const n = v.uint(id, 'nexthop id', 1, 0xffffffff);
  runOne(h, op, (e) => e.nexthop(OPS.nexthopDelete, deleteRecord(n)));
}

/** The op record of a delete: only the id is read. */
export function deleteRecord(id: number): NexthopRecord {
  return { id, oif: 0, flags: 0, family: 0, blackhole: false, fdb: false, gw: null, protocol: 0, groupType: -1, group: [] };
}

interface NexthopObjectRecord {
  id: number; family: number; scope: number; protocol: number; flags: number; oif?: number; gateway?: string;
  blackhole?: number; fdb?: number; groupType?: number; group?: { id: number; weight: number }[];
  buckets?: number; idleTimer?: number; unbalancedTimer?: number; raw?: RawAttribute[]; resRaw?: RawAttribute[];
}

/** A nexthopObject record → Nexthop; `names` maps ifindex → name. Accepted back by addNexthop. */
export function toNexthop(r: NexthopObjectRecord, names: Map<number, string>): Nexthop {
  const family = familyOf(r.family);
  const n: Nexthop = {
    id: r.id,
    index: r.oif ?? null,
    flags: nhFlagNames(r.flags),
    scope: routeScopeName(r.scope),
    protocol: protocolName(r.protocol),
  };
  if (family !== null) n.family = family;
  if (r.gateway !== undefined) n.via = r.gateway;
  if (r.oif !== undefined) {
    const name = names.get(r.oif);
    if (name !== undefined) n.dev = name;
  }
  if (r.flags & k.RTNH_F_ONLINK!) n.onlink = true;
  if (r.blackhole) n.blackhole = true;
  if (r.fdb) n.fdb = true;
  if (r.group) {
    n.group = r.group.map((g) => ({ id: g.id, weight: g.weight }));
    n.groupType = r.groupType === k.NEXTHOP_GRP_TYPE_RES ? 'resilient' : 'mpath';
    if (r.buckets !== undefined) n.buckets = r.buckets;
    if (r.idleTimer !== undefined) n.idleTimer = r.idleTimer;
    if (r.unbalancedTimer !== undefined) n.unbalancedTimer = r.unbalancedTimer;
  }
  const raw = [...(r.raw ?? []), ...(r.resRaw ?? [])];
  if (raw.length > 0) n.raw = raw;
  return n;
}

function materialize(h: Handle, buf: Buffer, op: string): Nexthop[] {
  const recs = decodeRecords(buf, 'nexthopObject', op) as unknown as NexthopObjectRecord[];
  const names = recs.some((r) => r.oif !== undefined) ? linkNames(h, op) : new Map<number, string>();
  return recs.map((r) => toNexthop(r, names));
}

/**
 * Lists nexthop objects (ordered by id, as the kernel dumps them).
 * Equivalent to: ip nexthop show [dev D] [groups] [fdb]
 */
export async function listNexthops(h: Handle, filter: NexthopFilter = {}): Promise<Nexthop[]> {
  const op = 'listNexthops';
  const f = v.object(filter, 'listNexthops filter');
  const oif = f.dev === undefined ? 0 : resolveIndex(h, v.linkRef(f.dev, 'dev'), op);
  const groups = f.groups !== undefined && v.bool(f.groups, 'groups');
  const fdb = f.fdb !== undefined && v.bool(f.fdb, 'fdb');
  const sock = h.routeSocket(op);
  const all = materialize(h, call(op, () => native.nexthopDump(sock)), op);
  return all.filter((n) => (oif === 0 || n.index === oif) && (!groups || n.group !== undefined) && (!fdb || n.fdb === true));
}

/** One nexthop object; NetlinkError ENOENT when absent. Equivalent to: ip nexthop get id ID */
export async function getNexthop(h: Handle, id: number): Promise<Nexthop> {
  const op = 'getNexthop';
  const n = v.uint(id, 'nexthop id', 1, 0xffffffff);
  const sock = h.routeSocket(op);
  const list = materialize(h, call(op, () => native.nexthopGet(sock, n)), op);
  if (list.length !== 1) throw new NetlinkError(op, 2 /* ENOENT */, `no nexthop with id ${n}`);
  return list[0]!;
}
