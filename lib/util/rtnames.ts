// Names for rtnetlink numbers as iproute2 prints and parses them (rt_scopes, rt_protos,
// rt_tables, route types), built from the kernel constants the addon exports.
import { native } from '../native.js';

const k = native.constants;

/** Entries of native.constants starting with `prefix`, as lower-case name → number. */
function table(prefix: string, rename: Record<string, string> = {}): Map<string, number> {
  const m = new Map<string, number>();
  for (const [key, value] of Object.entries(k)) {
    if (!key.startsWith(prefix)) continue;
    const name = key.slice(prefix.length).toLowerCase();
    m.set(rename[name] ?? name, value);
  }
  return m;
}
function invert(m: Map<string, number>): Map<number, string> {
  const r = new Map<number, string>();
  for (const [name, n] of m) if (!r.has(n)) r.set(n, name);
  return r;
}

/** Route scopes: 'universe' (ip prints 'global'), 'site', 'link', 'host', 'nowhere'. */
export const ROUTE_SCOPES = table('RT_SCOPE_');
const routeScopeNames = invert(ROUTE_SCOPES);
/** Route types (RTN_*): 'unicast', 'local', 'broadcast', 'blackhole', 'unreachable', … */
export const ROUTE_TYPES = table('RTN_');
const routeTypeNames = invert(ROUTE_TYPES);
/** Route protocols (RTPROT_*): 'kernel', 'boot', 'static', 'dhcp', 'ra', 'bird', … */
export const ROUTE_PROTOCOLS = table('RTPROT_');
const protocolNames = invert(ROUTE_PROTOCOLS);
/** Routing table names iproute2 knows without /etc/iproute2/rt_tables. */
export const ROUTE_TABLES = new Map<string, number>([
  ['main', k.RT_TABLE_MAIN!], ['local', k.RT_TABLE_LOCAL!], ['default', k.RT_TABLE_DEFAULT!],
]);

export function routeScopeName(n: number): string {
  return routeScopeNames.get(n) ?? String(n);
}
export function routeTypeName(n: number): string {
  return routeTypeNames.get(n) ?? String(n);
}
/** A protocol's name when it has one, else its number (as `ip route` prints it). */
export function protocolName(n: number): string | number {
  return protocolNames.get(n) ?? n;
}

/** Address scopes as `ip addr` prints them: 0 is 'global'. */
export function addressScopeName(n: number): string {
  return n === k.RT_SCOPE_UNIVERSE ? 'global' : routeScopeName(n);
}

export const AF_INET = k.AF_INET!;
export const AF_INET6 = k.AF_INET6!;
export function afOf(family: 4 | 6): number {
  return family === 4 ? AF_INET : AF_INET6;
}
/** AF_INET → 4, AF_INET6 → 6, anything else (MPLS, IPMR…) → null. */
export function familyOf(af: number): 4 | 6 | null {
  return af === AF_INET ? 4 : af === AF_INET6 ? 6 : null;
}
