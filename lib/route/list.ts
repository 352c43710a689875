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

// '0' … '255': an IPv4 address is four lookups and three concatenations.
const OCTET = Array.from({ length: 256 }, (_, i) => String(i));
function v4(buf: Buffer, at: number): string {
  return `${OCTET[buf[at]!]!}.${OCTET[buf[at + 1]!]!}.${OCTET[buf[at + 2]!]!}.${OCTET[buf[at + 3]!]!}`;
}
// '/0' … '/32'
const SUFFIX = Array.from({ length: 33 }, (_, i) => `/${i}`);

/**
 * 'a.b.c.d/len' with the 'a.b.c.' part cached per listing: routes share their first three
 * octets in runs, and every string built is an allocation the garbage collector pays for
 * (10,000 routes: tens of thousands of short strings otherwise).
 */
function v4Prefix(buf: Buffer, at: number, len: number, cache: Map<number, string>): string {
  const key = (buf[at]! << 16) | (buf[at + 1]! << 8) | buf[at + 2]!;
  let head = cache.get(key);
  if (head === undefined) {
    head = `${OCTET[buf[at]!]!}.${OCTET[buf[at + 1]!]!}.${OCTET[buf[at + 2]!]!}.`;
    cache.set(key, head);
  }
  return head + OCTET[buf[at + 3]!]! + SUFFIX[len]!;
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

/**
 * Materializes routeList entries. `names()` (ifindex → name) is called at most once, and only
 * when a route has a device, as the generic path did.
 */
export function decodeRouteList(buf: Buffer, names: () => Map<number, string>, op: string): Route[] {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const scopeName = cached(routeScopeName), typeName = cached(routeTypeName), protoName = cached(protocolName);
  let nameMap: Map<number, string> | null = null;
  const heads = new Map<number, string>();
  const out: Route[] = [];
  let p = 0;
  while (p < buf.length) {
    const kind = buf[p + KIND];
    if (kind === FIXED) {
      if (p + SIZE > buf.length) throw new DecodeError(op, 'route list: truncated entry');
      const present = dv.getUint32(p + PRESENT, true);
      const dstLen = buf[p + DST_LEN]!;
      const hasOif = (present & HAS_OIF) !== 0;
      const oif = hasOif ? dv.getUint32(p + OIF, true) : 0;
      const route: Route = {
        dst: dstLen === 0 ? 'default' : (present & HAS_DST) !== 0 && dstLen <= 32 ? v4Prefix(buf, p + DST, dstLen, heads) : `${(present & HAS_DST) !== 0 ? v4(buf, p + DST) : '0.0.0.0'}/${dstLen}`,
        family: 4,
        index: hasOif ? oif : null,
        table: dv.getUint32(p + TABLE, true),
        metric: (present & HAS_PRIORITY) !== 0 ? dv.getUint32(p + PRIORITY, true) : 0,
        scope: scopeName(buf[p + SCOPE]!) as RouteScope,
        protocol: protoName(buf[p + PROTOCOL]!),
        type: typeName(buf[p + TYPE]!) as RouteType,
        flags: nhFlagNames(dv.getUint32(p + FLAGS, true)),
      };
      if (hasOif) {
        const name = (nameMap ??= names()).get(oif);
        if (name !== undefined) route.dev = name;
      }
      if ((present & HAS_GATEWAY) !== 0) route.via = v4(buf, p + GATEWAY);
      if ((present & HAS_PREFSRC) !== 0) route.src = v4(buf, p + PREFSRC);
      if ((dv.getUint32(p + FLAGS, true) & ONLINK) !== 0) route.onlink = true; // as toRoute does
      out.push(route);
      p += SIZE;
    } else if (kind === RECORD) {
      const { value, end } = decodeRecordAt(buf, dv, p + 4, 'route', op);
      const r = value as unknown as RouteRecord;
      // Other families (IPMR, MPLS…) are not routes here, as in decodeRouteRecords.
      if (familyOf(r.family) !== null) {
        const needsNames = r.oif !== undefined || r.nexthops !== undefined;
        out.push(toRoute(r, needsNames ? (nameMap ??= names()) : EMPTY));
      }
      p = (end + 3) & ~3;
    } else {
      throw new DecodeError(op, `route list: unknown entry kind ${kind}`);
    }
  }
  return out;
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
  const r = native.routeList(sock, af, table, oif, scratch);
  if (typeof r === 'number') return scratch.subarray(0, r);
  if (r.length <= SCRATCH_MAX) scratch = Buffer.allocUnsafeSlow(Math.min(SCRATCH_MAX, r.length + (r.length >> 2)));
  return r;
}
