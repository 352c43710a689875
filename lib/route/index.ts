// Routes: add, replace, delete, list, get. Validation and user strings in ./spec.ts;
// native/route builds and decodes the messages.
import { NetlinkError, call, fromNative } from '../errors.js';
import type { Netlink } from '../handle.js';
import { resolveIndex } from '../link/index.js';
import { native } from '../native.js';
import { decodeRecords } from '../records.js';
import { afOf } from '../util/rtnames.js';
import * as v from '../util/validate.js';
import { decodeRouteRecords, toRoute, type RouteRecord } from './decode.js';
import { decodeRouteList } from './list.js';
import { isPlainV4Shape, routeArgs, tableId } from './spec.js';
import { DONE } from '../util/done.js';
import type { Route, RouteFilter, RouteSpec } from './types.js';

export type * from './types.js';

/**
 * Adds a route; NetlinkError EEXIST when it exists. Scope, protocol and table default as in
 * iproute2: link scope without a gateway, protocol boot, table main (local for type local).
 * Equivalent to: ip route add [TYPE] DST [via G] [dev D] [src S] [table T] [metric M] [scope S]
 *                [proto P] [nexthop via G dev D weight W …]
 */
export function addRoute(h: Netlink, spec: RouteSpec): Promise<void> {
  return changeV4(h, 'addRoute', 0, spec) ?? addRouteGeneral(h, spec);
}

async function addRouteGeneral(h: Netlink, spec: RouteSpec): Promise<void> {
  const op = 'addRoute';
  const a = routeArgs(h, spec, 'add', op);
  const sock = h.routeSocket(op);
  // Arguments spelled out rather than spread: a spread call costs more than the N-API call itself.
  call(op, () => native.routeAdd(sock, false, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]));
}

/** Adds the route or replaces the one with the same dst/table/metric. Equivalent to: ip route replace … */
export function replaceRoute(h: Netlink, spec: RouteSpec): Promise<void> {
  return changeV4(h, 'replaceRoute', 1, spec) ?? replaceRouteGeneral(h, spec);
}

async function replaceRouteGeneral(h: Netlink, spec: RouteSpec): Promise<void> {
  const op = 'replaceRoute';
  const a = routeArgs(h, spec, 'replace', op);
  const sock = h.routeSocket(op);
  call(op, () => native.routeAdd(sock, true, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]));
}

/**
 * Deletes the first route matching every field given (unset type/scope/protocol match any).
 * NetlinkError ESRCH when none matches. Equivalent to: ip route del …
 */
export function deleteRoute(h: Netlink, spec: RouteSpec): Promise<void> {
  return changeV4(h, 'deleteRoute', 2, spec) ?? deleteRouteGeneral(h, spec);
}

async function deleteRouteGeneral(h: Netlink, spec: RouteSpec): Promise<void> {
  const op = 'deleteRoute';
  const a = routeArgs(h, spec, 'delete', op);
  const sock = h.routeSocket(op);
  call(op, () => native.routeDelete(sock, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]));
}

/**
 * The plain IPv4 shape (spec.ts isPlainV4Shape): the general path's request, with dst parsed
 * natively and no closure, array, Buffer or promise per call (the hot path: bench/README
 * "Single operations"). Returns the settled result, or null when nothing was sent — not the
 * plain shape, dst not plain, or the handle closed — and the general path takes over (with its
 * checks first, then the closed-handle error, in that order as before). Not an async function:
 * success hands back one promise made once (DONE), a failure a rejected promise, never a throw.
 */
function changeV4(h: Netlink, op: string, change: 0 | 1 | 2, spec: RouteSpec): Promise<void> | null {
  let sock;
  try {
    sock = h.routeSocket(op);
  } catch {
    return null;
  }
  // One try around the rest: a throwing getter on the caller's object rejects, as it did when
  // this was an async function.
  try {
    if (typeof spec !== 'object' || spec === null || !isPlainV4Shape(spec) || sock.id === 0) return null;
    return native.routeChangeV4(sock.id, change, spec.dst, spec.dev as number) ? DONE : null;
  } catch (e) {
    return Promise.reject(fromNative(op, e));
  }
}

/** ifindex → name for every link, with one dump (not one request per route). */
export function linkNames(h: Netlink, op: string): Map<number, string> {
  const sock = h.routeSocket(op);
  const names = new Map<number, string>();
  for (const l of decodeRecords(call(op, () => native.linkDump(sock, '', -1)), 'link', op)) {
    names.set(l.index as number, l.name as string);
  }
  return names;
}

function materialize(h: Netlink, recs: RouteRecord[], op: string): Route[] {
  const needNames = recs.some((r) => r.oif !== undefined || r.nexthops !== undefined);
  const names = needNames ? linkNames(h, op) : new Map<number, string>();
  return recs.map((r) => toRoute(r, names));
}

/**
 * Lists routes; the kernel filters by table, family and device (strict dump checking).
 * Equivalent to: ip route show [table T|all] [dev D] [-4|-6]   (default: table main)
 */
export async function listRoutes(h: Netlink, filter: RouteFilter = {}): Promise<Route[]> {
  const op = 'listRoutes';
  const f = v.object(filter, 'listRoutes filter');
  const table = f.table === undefined ? tableId('main') : f.table === 'all' ? 0 : tableId(f.table, 'table filter');
  let af = 0;
  if (f.family !== undefined) {
    if (f.family !== 4 && f.family !== 6) throw new RangeError(`family must be 4 or 6, got ${v.describe(f.family)}`);
    af = afOf(f.family);
  }
  const oif = f.dev === undefined ? 0 : resolveIndex(h, v.linkRef(f.dev, 'dev'), op);
  const sock = h.routeSocket(op);
  let buf: Buffer;
  try {
    buf = call(op, () => native.routeList(sock, af, table, oif));
  } catch (e) {
    // A table that does not exist (yet) holds no routes; for one family the kernel says ENOENT.
    if (e instanceof NetlinkError && e.code === 'ENOENT' && table !== 0) return [];
    throw e;
  }
  return decodeRouteList(buf, () => linkNames(h, op), op);
}

/**
 * The route the kernel would use for `dst` (dst is the address itself, as a /32 or /128).
 * NetlinkError ENETUNREACH when there is none.
 * Equivalent to: ip route get DST
 */
export async function getRoute(h: Netlink, dst: string): Promise<Route> {
  const op = 'getRoute';
  const a = v.ip(dst, 'dst');
  const sock = h.routeSocket(op);
  const recs = decodeRouteRecords(call(op, () => native.routeGet(sock, a.bytes)), op);
  if (recs.length !== 1) throw new NetlinkError(op, 71 /* EPROTO */, `kernel answered ${recs.length} routes for ${dst}`);
  return materialize(h, recs, op)[0]!;
}
