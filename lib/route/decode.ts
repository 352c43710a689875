// Route records (from native/route) → the public, normalized Route shape.
import type { RawAttribute } from '../link/types.js';
import { native } from '../native.js';
import { decodeRecords } from '../records.js';
import { familyOf, protocolName, routeScopeName, routeTypeName } from '../util/rtnames.js';
import { decodeMetrics, type ExtrasRecord } from './extras.js';
import type { ListedNexthop, Route, RouteScope, RouteType } from './types.js';

interface NexthopRecord { gateway?: string; via?: string; ifindex: number; weight: number; flags: number }
export interface RouteRecord extends ExtrasRecord {
  family: number; dstLen: number; srcLen: number; tos: number; table: number; protocol: number;
  scope: number; type: number; flags: number; dst?: string; src?: string; gateway?: string;
  via?: string; oif?: number; iif?: number; prefsrc?: string; priority?: number; pref?: number;
  expires?: number; nexthops?: NexthopRecord[]; nhId?: number; raw?: RawAttribute[];
}

const k = native.constants;
// Next-hop flags (RTNH_F_*, also in the low byte of rtm_flags) as ip prints them.
const NH_FLAGS: [string, number][] = [
  ['dead', k.RTNH_F_DEAD!], ['pervasive', k.RTNH_F_PERVASIVE!], ['onlink', k.RTNH_F_ONLINK!],
  ['offload', k.RTNH_F_OFFLOAD!], ['linkdown', k.RTNH_F_LINKDOWN!], ['unresolved', k.RTNH_F_UNRESOLVED!],
];
export function nhFlagNames(flags: number): string[] {
  const out: string[] = [];
  if (flags === 0) return out; // the common case, on every listed route
  for (const [name, bit] of NH_FLAGS) if (flags & bit) out.push(name);
  return out;
}
// RTA_PREF (ICMPV6_ROUTER_PREF_*): 0 medium, 1 high, 3 low.
const PREFS: Record<number, 'low' | 'medium' | 'high'> = { 0: 'medium', 1: 'high', 3: 'low' };
const ONLINK = k.RTNH_F_ONLINK!;

/** Decodes a record buffer (IPv4/IPv6 routes only; other families such as IPMR are not routes here). */
export function decodeRouteRecords(buf: Buffer, op: string): RouteRecord[] {
  const all = decodeRecords(buf, 'route', op) as unknown as RouteRecord[];
  for (const r of all) if (familyOf(r.family) === null) return all.filter((x) => familyOf(x.family) !== null);
  return all;
}

/** A route record → Route; `names` maps ifindex → interface name. */
export function toRoute(r: RouteRecord, names: Map<number, string>): Route {
  const family = familyOf(r.family)!;
  const zero = family === 4 ? '0.0.0.0' : '::';
  const route: Route = {
    dst: r.dstLen === 0 ? 'default' : `${r.dst ?? zero}/${r.dstLen}`,
    family,
    index: r.oif ?? null,
    table: r.table,
    metric: r.priority ?? 0,
    scope: routeScopeName(r.scope) as RouteScope,
    protocol: protocolName(r.protocol),
    type: routeTypeName(r.type) as RouteType,
    flags: nhFlagNames(r.flags),
  };
  if (r.nhId !== undefined) {
    // A route through a nexthop object: the kernel also reports the object's gateway and
    // device (or legs), but they belong to the object. Listing them would make the route
    // re-add as a different one (no nhid); `index` still says where it leads.
    route.nhid = r.nhId;
  } else {
    if (r.oif !== undefined) {
      const name = names.get(r.oif);
      if (name !== undefined) route.dev = name;
    }
    const via = r.gateway ?? r.via;
    if (via !== undefined) route.via = via;
  }
  if (r.prefsrc !== undefined) route.src = r.prefsrc;
  // Here, after src, as list.ts's fast path sets it (same key order).
  if (r.flags & ONLINK) route.onlink = true;
  if (r.nexthops && r.nhId === undefined) {
    route.nexthops = r.nexthops.map((n): ListedNexthop => {
      const leg: ListedNexthop = { index: n.ifindex || null, weight: n.weight, flags: nhFlagNames(n.flags) };
      const gw = n.gateway ?? n.via;
      if (gw !== undefined) leg.via = gw;
      const name = names.get(n.ifindex);
      if (name !== undefined) leg.dev = name;
      if (n.flags & ONLINK) leg.onlink = true; // so the listed leg re-adds as an onlink leg
      return leg;
    });
  }
  if (r.pref !== undefined && family === 6) route.pref = PREFS[r.pref] ?? (String(r.pref) as 'medium');
  const metrics = decodeMetrics(r);
  if (metrics) route.metrics = metrics;
  if (r.realm !== undefined) route.realm = r.realm;
  if (r.cacheExpires !== undefined && family === 6) route.expires = r.cacheExpires;
  if (r.raw) route.raw = r.raw;
  return route;
}
