// Routes: add, replace, delete, list, get. Owned by the addr/route work; signatures are the contract.
import type { Netlink } from '../handle.js';
import type { LinkRef } from '../link/types.js';

export interface RouteSpec {
  /** 'default' | '172.18.0.0/24' | '2001:db8::/64' | '10.0.0.1' (= /32) */
  dst: string;
  dev?: LinkRef; via?: string; src?: string; table?: number | 'main' | 'local';
  metric?: number; scope?: 'universe' | 'link' | 'host'; protocol?: string | number;
  type?: 'unicast' | 'blackhole' | 'unreachable' | 'prohibit' | 'local';
  nexthops?: { via?: string; dev?: LinkRef; weight?: number }[];
}
export interface Route extends RouteSpec { family: 4 | 6; index: number | null }
export interface RouteFilter { table?: number | 'main' | 'all'; family?: 4 | 6; dev?: LinkRef }

/** Equivalent to: ip route add … */
export async function addRoute(h: Netlink, spec: RouteSpec): Promise<void> { void h; void spec; throw new Error('not implemented'); }
/** Equivalent to: ip route replace … */
export async function replaceRoute(h: Netlink, spec: RouteSpec): Promise<void> { void h; void spec; throw new Error('not implemented'); }
/** Equivalent to: ip route del … */
export async function deleteRoute(h: Netlink, spec: RouteSpec): Promise<void> { void h; void spec; throw new Error('not implemented'); }
/** Equivalent to: ip route show [table T] [dev D] [-4|-6] */
export async function listRoutes(h: Netlink, filter: RouteFilter = {}): Promise<Route[]> { void h; void filter; throw new Error('not implemented'); }
/** Equivalent to: ip route get DST */
export async function getRoute(h: Netlink, dst: string): Promise<Route> { void h; void dst; throw new Error('not implemented'); }
