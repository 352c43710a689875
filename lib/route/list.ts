// listRoutes' fast path: the entries of native routeList (native/route/list.h) → Route objects.
// A plain IPv4 route arrives as a fixed-size entry read at fixed offsets (no field headers, no
// strings, no intermediate record); any other route as the generic record, materialized by
// toRoute exactly as before. Both give the same Route, key for key (test/route/list.test.ts).
import { DecodeError } from '../errors.js';
import type { NativeSocket } from '../../typings/native.js';
import { native } from '../native.js';
import { decodeRecordAt } from '../records.js';
import { familyOf, protocolName, routeScopeName, routeTypeName } from '../util/rtnames.js';
import { nhFlagNames, toRoute, type RouteRecord } from './decode.js';
import type { Route, RouteScope, RouteType } from './types.js';

const L = native.routeListLayout() as Record<string, number>;
const KIND = L.kind!, DST_LEN = L.dstLen!, PROTOCOL = L.protocol!, SCOPE = L.scope!;
const TYPE = L.type!, FLAGS = L.flags!, TABLE = L.table!, PRESENT = L.present!, OIF = L.oif!;
const PRIORITY = L.priority!, DST = L.dst!, GATEWAY = L.gateway!, PREFSRC = L.prefsrc!, SIZE = L.size!;
const FIXED = L.kindFixed!, RECORD = L.kindRecord!;
const ONLINK = native.constants.RTNH_F_ONLINK!;
const HAS_DST = L.hasDst!, HAS_GATEWAY = L.hasGateway!, HAS_PREFSRC = L.hasPrefsrc!;
const HAS_OIF = L.hasOif!, HAS_PRIORITY = L.hasPriority!;
export const ROUTE_LIST = { KIND, DST_LEN, PROTOCOL, SCOPE, TYPE, FLAGS, TABLE, PRESENT, OIF, PRIORITY, DST, GATEWAY, PREFSRC, SIZE, FIXED, RECORD, HAS_DST, HAS_GATEWAY, HAS_PREFSRC, HAS_OIF, HAS_PRIORITY } as const;

// '0' … '255': an IPv4 address is four lookups and three concatenations.
const OCTET = Array.from({ length: 256 }, (_, i) => String(i));
function v4(buf: Uint8Array, at: number): string {
  return `${OCTET[buf[at]!]!}.${OCTET[buf[at + 1]!]!}.${OCTET[buf[at + 2]!]!}.${OCTET[buf[at + 3]!]!}`;
}
// '/0' … '/32'
const SUFFIX = Array.from({ length: 33 }, (_, i) => `/${i}`);

// 'd/len' for every last octet d, per prefix length, made on first use: the destination is then
// one concatenation (a cached 'a.b.c.' + a cached 'd/len'), one string allocated per route.
const TAILS: (string[] | undefined)[] = [];

/**
 * 'a.b.c.d/len' with the 'a.b.c.' part cached per listing: routes share their first three
 * octets in runs, and every string built is an allocation the garbage collector pays for
 * (10,000 routes: tens of thousands of short strings otherwise).
 */
function v4Prefix(buf: Uint8Array, at: number, len: number, cache: Map<number, string>): string {
  const key = (buf[at]! << 16) | (buf[at + 1]! << 8) | buf[at + 2]!;
  let head = cache.get(key);
  if (head === undefined) {
    head = `${OCTET[buf[at]!]!}.${OCTET[buf[at + 1]!]!}.${OCTET[buf[at + 2]!]!}.`;
    cache.set(key, head);
  }
  const tails = TAILS[len] ?? (TAILS[len] = OCTET.map((o) => o + SUFFIX[len]!));
  return head + tails[buf[at + 3]!]!;
}

// Name lookups repeat the same few numbers: remember them per listing.
function cached<T>(fn: (n: number) => T): (n: number) => T {
  const memo: T[] = [];
  return (n) => {
    let v = memo[n];
    if (v === undefined) v = memo[n] = fn(n);
    return v;
  };
}

/** What the routes of one listing share: name caches and the ifindex → name map, fetched once. */
export class ListContext {
  readonly heads = new Map<number, string>();
  readonly scopeName = cached(routeScopeName);
  readonly typeName = cached(routeTypeName);
  readonly protoName = cached(protocolName);
  private nameMap: Map<number, string> | null = null;
  constructor(private readonly fetchNames: () => Map<number, string>) {}
  names(): Map<number, string> {
    return (this.nameMap ??= this.fetchNames());
  }
}

/**
 * One plain IPv4 route (a kFixed entry's fields) as a Route; the destination is read from `bytes`,
 * the gateway from `gw` and the preferred source from `src`, at the given offsets (-1: absent);
 * `oif` is -1 when the route has no device. listRoutes and RouteColumns.route() both build their
 * routes here, so they agree key for key.
 */
export function plainV4Route(
  bytes: Uint8Array, dstAt: number, dstLen: number, oif: number, table: number, metric: number,
  scope: number, protocol: number, type: number, flags: number,
  gw: Uint8Array, gwAt: number, src: Uint8Array, srcAt: number, ctx: ListContext,
): Route {
  const d = dstLen === 0 ? 'default' : dstAt >= 0 && dstLen <= 32 ? v4Prefix(bytes, dstAt, dstLen, ctx.heads) : `${dstAt >= 0 ? v4(bytes, dstAt) : '0.0.0.0'}/${dstLen}`;
  const dev = oif >= 0 ? ctx.names().get(oif) : undefined;
  // `dev` inside the literal when there is one (same key order as adding it after `flags`): a
  // property added later would cost each route an out-of-object property array.
  const route: Route = dev === undefined ? {
    dst: d, family: 4, index: oif >= 0 ? oif : null, table, metric,
    scope: ctx.scopeName(scope) as RouteScope, protocol: ctx.protoName(protocol), type: ctx.typeName(type) as RouteType,
    flags: nhFlagNames(flags),
  } : {
    dst: d, family: 4, index: oif, table, metric,
    scope: ctx.scopeName(scope) as RouteScope, protocol: ctx.protoName(protocol), type: ctx.typeName(type) as RouteType,
    flags: nhFlagNames(flags), dev,
  };
  if (gwAt >= 0) route.via = v4(gw, gwAt);
  if (srcAt >= 0) route.src = v4(src, srcAt);
  if ((flags & ONLINK) !== 0) route.onlink = true; // as toRoute does
  return route;
}

/**
 * Materializes routeList entries. `names()` (ifindex → name) is called at most once, and only
 * when a route has a device, as the generic path did.
 */
export function decodeRouteList(buf: Buffer, names: () => Map<number, string>, op: string): Route[] {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const ctx = new ListContext(names);
  const out: Route[] = [];
  let p = 0;
  while (p < buf.length) {
    const kind = buf[p + KIND];
    if (kind === FIXED) {
      if (p + SIZE > buf.length) throw new DecodeError(op, 'route list: truncated entry');
      const present = dv.getUint32(p + PRESENT, true);
      out.push(plainV4Route(
        buf, (present & HAS_DST) !== 0 ? p + DST : -1, buf[p + DST_LEN]!,
        (present & HAS_OIF) !== 0 ? dv.getUint32(p + OIF, true) : -1, dv.getUint32(p + TABLE, true),
        (present & HAS_PRIORITY) !== 0 ? dv.getUint32(p + PRIORITY, true) : 0,
        buf[p + SCOPE]!, buf[p + PROTOCOL]!, buf[p + TYPE]!, dv.getUint32(p + FLAGS, true),
        buf, (present & HAS_GATEWAY) !== 0 ? p + GATEWAY : -1, buf, (present & HAS_PREFSRC) !== 0 ? p + PREFSRC : -1, ctx));
      p += SIZE;
    } else if (kind === RECORD) {
      const r = recordAt(buf, dv, p, op);
      // Other families (IPMR, MPLS…) are not routes here, as in decodeRouteRecords.
      if (familyOf(r.value.family) !== null) out.push(recordRoute(r.value, ctx));
      p = r.next;
    } else {
      throw new DecodeError(op, `route list: unknown entry kind ${kind}`);
    }
  }
  return out;
}

/** The generic record of a kRecord entry at `p`, and where the next entry starts. */
export function recordAt(buf: Buffer, dv: DataView, p: number, op: string): { value: RouteRecord; next: number } {
  const { value, end } = decodeRecordAt(buf, dv, p + 4, 'route', op);
  return { value: value as unknown as RouteRecord, next: (end + 3) & ~3 };
}

/** A generic route record as a Route, names fetched only when it has a device. */
export function recordRoute(r: RouteRecord, ctx: ListContext): Route {
  const needsNames = r.oif !== undefined || r.nexthops !== undefined;
  return toRoute(r, needsNames ? ctx.names() : EMPTY);
}

const EMPTY = new Map<number, string>();

// The buffer native routeList writes the entries into, reused by every listing of the process:
// a fresh ~560 KB buffer per 10,000-route listing cost more in page faults than the kernel's
// dump. Sharing it is safe because a listing decodes its entries synchronously, before any
// other listing can run. A listing that does not fit gets a new buffer (up to SCRATCH_MAX is
// kept for the next one).
const SCRATCH_MAX = 16 << 20;
let scratch = Buffer.allocUnsafeSlow(64 << 10);

/**
 * The routeList entries of one RTM_GETROUTE dump (family 0 = any, table 0 = all, oif 0 = any).
 * The result may share memory with the next call's: decode it before listing again.
 */
export function routeListEntries(sock: NativeSocket, af: number, table: number, oif: number): Buffer {
  return scratchOf(native.routeList(sock, af, table, oif, scratch));
}

/** The entries native.routeListHeld kept, as routeListEntries returns them (same scratch buffer). */
export function heldRouteListEntries(): Buffer {
  return scratchOf(native.routeListTake(scratch));
}

function scratchOf(r: number | Buffer): Buffer {
  if (typeof r === 'number') return scratch.subarray(0, r);
  if (r.length <= SCRATCH_MAX) scratch = Buffer.allocUnsafeSlow(Math.min(SCRATCH_MAX, r.length + (r.length >> 2)));
  return r;
}
