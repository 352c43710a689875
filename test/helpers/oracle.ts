// Canonical forms of routes and addresses, one from netlinkts and one from `ip -j`, so a test
// can compare the two views of the same kernel state field by field.
import type { Address, Route } from '../../lib/index.js';

export interface CanonRoute {
  type: string; dst: string; table: number; dev?: string; via?: string; src?: string;
  metric: number; scope: string; protocol: string; flags: string[];
  nexthops?: { via?: string; dev?: string; weight: number }[];
}

function clean<T extends object>(o: T): T {
  for (const key of Object.keys(o) as (keyof T)[]) if (o[key] === undefined) delete o[key];
  return o;
}

const TABLES: Record<string, number> = { main: 254, local: 255, default: 253 };

/** One entry of `ip -j route show …`. `table` is the table ip was asked about (it omits it then). */
export function canonIpRoute(e: any, family: 4 | 6, table = 254): CanonRoute {
  const host = family === 4 ? 32 : 128;
  return clean({
    type: e.type ?? 'unicast',
    dst: e.dst === 'default' ? 'default' : String(e.dst).includes('/') ? e.dst : `${e.dst}/${host}`,
    table: e.table === undefined ? table : TABLES[e.table] ?? Number(e.table),
    dev: e.dev,
    via: e.gateway ?? e.via?.host,
    src: e.prefsrc,
    metric: e.metric ?? 0,
    scope: e.scope ?? 'global',
    protocol: e.protocol ?? 'boot',
    flags: [...(e.flags ?? [])].sort(),
    nexthops: e.nexthops?.map((n: any) => clean({ via: n.gateway ?? n.via?.host, dev: n.dev, weight: n.weight ?? 1 })),
  });
}

export function canonRoute(r: Route): CanonRoute {
  return clean({
    type: r.type,
    dst: r.dst,
    table: r.table,
    dev: r.dev,
    via: r.via,
    src: r.src,
    metric: r.metric,
    scope: r.scope === 'universe' ? 'global' : r.scope,
    protocol: String(r.protocol),
    flags: [...r.flags].sort(),
    nexthops: r.nexthops?.map((n) => clean({ via: n.via, dev: n.dev as string | undefined, weight: n.weight })),
  });
}

const byKey = (a: CanonRoute, b: CanonRoute) => JSON.stringify(a).localeCompare(JSON.stringify(b));
export const sortRoutes = (rs: CanonRoute[]) => [...rs].sort(byKey);

export interface CanonAddress {
  index: number; family: 4 | 6; address: string; prefixLength: number; scope: string;
  label?: string; broadcast?: string; peer?: string; flags: string[];
}

const ADDR_FLAGS = ['secondary', 'temporary', 'nodad', 'optimistic', 'dadfailed', 'home', 'deprecated',
  'tentative', 'mngtmpaddr', 'noprefixroute', 'autojoin', 'stable-privacy', 'dynamic'];

/** Every address of `ip -j addr show …` output (a list of links with addr_info). */
export function canonIpAddresses(links: any[]): CanonAddress[] {
  const out: CanonAddress[] = [];
  for (const l of links) {
    for (const a of l.addr_info ?? []) {
      out.push(clean({
        index: l.ifindex,
        family: a.family === 'inet' ? 4 : 6,
        address: a.local,
        prefixLength: a.prefixlen,
        scope: a.scope,
        label: a.label,
        broadcast: a.broadcast,
        peer: a.address,
        flags: ADDR_FLAGS.filter((f) => a[f] === true).sort(),
      }) as CanonAddress);
    }
  }
  return out;
}

/** Our Address in the same shape; 'permanent' is implied in ip's output (it prints 'dynamic' otherwise). */
export function canonAddress(a: Address): CanonAddress {
  return clean({
    index: a.index, family: a.family, address: a.address, prefixLength: a.prefixLength, scope: a.scope,
    label: a.label ?? undefined, broadcast: a.broadcast ?? undefined, peer: a.peer,
    flags: a.flags.filter((f) => f !== 'permanent').sort(),
  }) as CanonAddress;
}

const addrKey = (a: CanonAddress) => `${a.index} ${a.family} ${a.address}/${a.prefixLength}`;
export const sortAddresses = (as: CanonAddress[]) => [...as].sort((x, y) => addrKey(x).localeCompare(addrKey(y)));
