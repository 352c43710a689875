// Routes: add, replace, delete, list, get. Validation and user strings in ./spec.ts;
// native/route builds and decodes the messages.
import { NetlinkError, call, fromNative } from '../errors.js';
import type { Handle } from '../core/handle.js';
import { linkNames, resolveIndex } from '../core/resolve.js';
export { linkNames } from '../core/resolve.js';
import { native } from '../native.js';
import { decodeRecords } from '../records.js';
import { afOf } from '../util/rtnames.js';
import * as v from '../util/validate.js';
import { decodeRouteRecords, toRoute, type RouteRecord } from './decode.js';
import { decodeRouteList, routeListEntries } from './list.js';
import { isPlainV4Shape, routeArgs, routeExtras, tableId } from './spec.js';
import { DONE } from '../util/done.js';
import type { Route, RouteColumns, RouteColumnsOptions, RouteFilter, RouteGetOptions, RouteSpec } from './types.js';
import { Columns, decodeRouteColumns, heldRouteColumns } from './columns.js';
import { runOne } from '../batch/one.js';
import type { NativeRouteGetOptions } from '../../typings/route.js';
import type { NativeSocket } from '../../typings/native.js';
import { OPS } from '../batch/encode.js';

export type * from './types.js';

/**
 * Adds a route; NetlinkError EEXIST when it exists. Scope, protocol and table default as in
 * iproute2: link scope without a gateway, protocol boot, table main (local for type local).
 * Equivalent to: ip route add [TYPE] DST [via G] [dev D] [src S] [table T] [metric M] [scope S]
 *                [proto P] [nhid N] [onlink] [realm R] [expires E] [pref P] [mtu [lock] M] [advmss A]
 *                [window W] [rtt R] [hoplimit H] [initcwnd I] [nexthop via G dev D weight W …]
 */
export function addRoute(h: Handle, spec: RouteSpec): Promise<void> {
  return changeV4(h, 'addRoute', 0, spec) ?? addRouteGeneral(h, spec);
}

async function addRouteGeneral(h: Handle, spec: RouteSpec): Promise<void> {
  const op = 'addRoute';
  general(h, spec, 'add', OPS.routeAdd, op);
}

/** Adds the route or replaces the one with the same dst/table/metric. Equivalent to: ip route replace … */
export function replaceRoute(h: Handle, spec: RouteSpec): Promise<void> {
  return changeV4(h, 'replaceRoute', 1, spec) ?? replaceRouteGeneral(h, spec);
}

async function replaceRouteGeneral(h: Handle, spec: RouteSpec): Promise<void> {
  const op = 'replaceRoute';
  general(h, spec, 'replace', OPS.routeReplace, op);
}
/**
 * Adds another route with the same destination, table and metric as existing ones (an IPv6
 * multipath leg, or an IPv4 route of another type or tos): NLM_F_APPEND.
 * Equivalent to: ip route append …
 */
export async function appendRoute(h: Handle, spec: RouteSpec): Promise<void> {
  general(h, spec, 'add', OPS.routeAppend, 'appendRoute');
}

/**
 * Deletes the first route matching every field given (unset type/scope/protocol match any).
 * NetlinkError ESRCH when none matches. Equivalent to: ip route del …
 */
export function deleteRoute(h: Handle, spec: RouteSpec): Promise<void> {
  return changeV4(h, 'deleteRoute', 2, spec) ?? deleteRouteGeneral(h, spec);
}

async function deleteRouteGeneral(h: Handle, spec: RouteSpec): Promise<void> {
  const op = 'deleteRoute';
  general(h, spec, 'delete', OPS.routeDelete, op);
}
/** Any route shape: one op record (the batch encoding) sent as a batch of one. */
function general(h: Handle, spec: RouteSpec, change: 'add' | 'replace' | 'delete', code: number, op: string): void {
  const a = routeArgs(h, spec, change, op);
  const x = routeExtras(spec, a);
  runOne(h, op, (e) => e.route(code, a, x));
}

/**
 * The plain IPv4 shape (spec.ts isPlainV4Shape): the general path's request, with dst parsed
 * natively and no closure, array, Buffer or promise per call (the hot path: bench/README
 * "Single operations"). Returns the settled result, or null when nothing was sent — not the
 * plain shape, dst not plain, or the handle closed — and the general path takes over (with its
 * checks first, then the closed-handle error, in that order as before). Not an async function:
 * success hands back one promise made once (DONE), a failure a rejected promise, never a throw.
 */
function changeV4(h: Handle, op: string, change: 0 | 1 | 2, spec: RouteSpec): Promise<void> | null {
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

function materialize(h: Handle, recs: RouteRecord[], op: string): Route[] {
  const needNames = recs.some((r) => r.oif !== undefined || r.nexthops !== undefined);
  const names = needNames ? linkNames(h, op) : new Map<number, string>();
  return recs.map((r) => toRoute(r, names));
}

/**
 * Lists routes; the kernel filters by table, family and device (strict dump checking).
 * Equivalent to: ip route show [table T|all] [dev D] [-4|-6]   (default: table main)
 */
export async function listRoutes(h: Handle, filter: RouteFilter = {}): Promise<Route[]> {
  const op = 'listRoutes';
  const buf = listEntries(h, filter, op, routeListEntries);
  return buf === null ? [] : decodeRouteList(buf, () => linkNames(h, op), op);
}

/**
 * listRoutes for bulk readers: the same routes as typed-array columns (RouteColumns), with no
 * object or string made per route; `route(i)` gives any row as listRoutes' Route. Pass the
 * previous listing as `reuse` to refill its memory instead of allocating (RouteColumnsOptions).
 * Equivalent to: ip route show [table T|all] [dev D] [-4|-6]   (default: table main)
 */
export async function listRoutesColumnar(h: Handle, filter: RouteFilter = {}, options: RouteColumnsOptions = {}): Promise<RouteColumns> {
  const op = 'listRoutesColumnar';
  const o = v.object(options, `${op} options`);
  if (o.reuse !== undefined && !(o.reuse instanceof Columns)) {
    throw new TypeError(`reuse must be a RouteColumns returned by listRoutesColumnar, got ${v.describe(o.reuse)}`);
  }
  const listing = listEntries(h, filter, op, (sock, af, table, oif) => native.routeListHeld(sock, af, table, oif));
  const names = () => linkNames(h, op);
  return listing === null ? decodeRouteColumns(Buffer.alloc(0), names, op, o.reuse) : heldRouteColumns(listing, names, op, o.reuse);
}

/**
 * Dumps the routes a filter selects with `dump` (native.routeList's entries, or routeListHeld's
 * count); null for a table that does not exist (yet).
 */
function listEntries<T>(h: Handle, filter: RouteFilter, op: string, dump: (sock: NativeSocket, af: number, table: number, oif: number) => T): T | null {
  const f = v.object(filter, `${op} filter`);
  const table = f.table === undefined ? tableId('main') : f.table === 'all' ? 0 : tableId(f.table, 'table filter');
  let af = 0;
  if (f.family !== undefined) {
    if (f.family !== 4 && f.family !== 6) throw new RangeError(`family must be 4 or 6, got ${v.describe(f.family)}`);
    af = afOf(f.family);
  }
  const oif = f.dev === undefined ? 0 : resolveIndex(h, v.linkRef(f.dev, 'dev'), op);
  const sock = h.routeSocket(op);
  try {
    return call(op, () => dump(sock, af, table, oif));
  } catch (e) {
    // A table that does not exist (yet) holds no routes; for one family the kernel says ENOENT.
    if (e instanceof NetlinkError && e.code === 'ENOENT' && table !== 0) return null;
    throw e;
  }
}

/** Validates getRoute's arguments into routeGet's (exported for codec tests). */
export function routeGetArgs(dst: string, opts: RouteGetOptions, resolve: (ref: string | number) => number): [Buffer, NativeRouteGetOptions] {
  const a = v.ip(dst, 'dst');
  const o = v.object(opts, 'getRoute options');
  const n: NativeRouteGetOptions = {};
  if (o.src !== undefined) {
    const s = v.ip(o.src, 'src');
    v.sameFamily(a, s, 'src');
    n.src = s.bytes;
  }
  if (o.mark !== undefined) n.mark = v.uint(o.mark, 'mark');
  if (o.uid !== undefined) n.uid = v.uint(o.uid, 'uid');
  const iif = o.iif === undefined ? undefined : v.linkRef(o.iif, 'iif');
  const oif = o.oif === undefined ? undefined : v.linkRef(o.oif, 'oif');
  if (iif !== undefined) n.iif = resolve(iif);
  if (oif !== undefined) n.oif = resolve(oif);
  return [a.bytes, n];
}

/**
 * The route the kernel would use for `dst` (dst is the address itself, as a /32 or /128),
 * optionally for a packet from `src`, arriving on `iif`, leaving by `oif`, with a firewall
 * mark or socket uid. NetlinkError ENETUNREACH when there is none.
 * Equivalent to: ip route get DST [from SRC] [iif I] [oif O] [mark M] [uid U]
 */
export async function getRoute(h: Handle, dst: string, opts: RouteGetOptions = {}): Promise<Route> {
  const op = 'getRoute';
  const [dstBytes, n] = routeGetArgs(dst, opts, (r) => resolveIndex(h, r, op));
  const sock = h.routeSocket(op);
  const recs = decodeRouteRecords(call(op, () => native.routeGet(sock, dstBytes, n)), op);
  if (recs.length !== 1) throw new NetlinkError(op, 71 /* EPROTO */, `kernel answered ${recs.length} routes for ${dst}`);
  return materialize(h, recs, op)[0]!;
}
