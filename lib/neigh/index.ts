// Neighbours (`ip neigh`): the ARP / NDP cache, static entries and proxy entries. Validation
// here; native/neigh builds and decodes the messages (shared with the FDB, lib/fdb).
import type { Handle } from '../core/handle.js';
import { query, send } from '../core/request.js';
import { linkNames, resolveIndex } from '../core/resolve.js';
import type { LinkRef, RawAttribute } from '../link/types.js';
import { native } from '../native.js';
import { afOf, familyOf } from '../util/rtnames.js';
import * as v from '../util/validate.js';

const k = native.constants;

/** NUD_* states by name, as `ip neigh` prints them (lower case). */
export const NEIGHBOR_STATES = new Map<string, number>(Object.entries(k)
  .filter(([n]) => n.startsWith('NUD_')).map(([n, x]) => [n.slice(4).toLowerCase(), x]));
/** A neighbour entry's NUD state, as `ip neigh` prints it. */
export type NeighborState = 'permanent' | 'noarp' | 'reachable' | 'stale' | 'delay' | 'probe' | 'failed' | 'incomplete' | 'none';

/** A neighbour (ARP/NDP) entry to add, replace or delete (`ip neigh add ADDRESS lladdr L dev D`). */
export interface NeighborSpec {
  dev: LinkRef;
  /** The neighbour's IPv4 or IPv6 address. */
  address: string;
  /** Its link-layer (MAC) address; not for proxy entries. */
  lladdr?: string;
  /** Default 'permanent' (as ip neigh add). */
  state?: NeighborState;
  /** A proxy ARP/NDP entry (ip neigh add proxy ADDRESS dev D). */
  proxy?: boolean;
  /** IPv6: the neighbour is a router. */
  router?: boolean;
  /** Learned by an external control plane (extern_learn): the kernel neither ages nor probes it. */
  externLearn?: boolean;
}

/** A listed neighbour entry (`ip neigh show`): dev as a name, its ifindex, family and state. */
export interface Neighbor extends NeighborSpec {
  dev: string;
  index: number;
  family: 4 | 6;
  lladdr?: string;
  state: NeighborState;
  /** Every NUD_* bit set, when more than one. */
  states?: string[];
  raw?: RawAttribute[];
}

/** The NUD_* bits → names (the single one as `state`, all of them when several). */
export function stateNames(n: number): string[] {
  const out: string[] = [];
  for (const [name, bit] of NEIGHBOR_STATES) if (bit !== 0 && (n & bit) !== 0) out.push(name);
  return out.length ? out : ['none'];
}

/** Validates a spec into the "neighReq" record's fields (index resolved by `resolve`). */
export function neighborFields(spec: NeighborSpec, forDelete: boolean, resolve: (ref: LinkRef) => number): Record<string, unknown> {
  const s = v.object(spec, 'neighbor spec') as unknown as NeighborSpec;
  const dev = v.linkRef(s.dev, 'neighbor dev');
  const ip = v.ip(s.address, 'neighbor address');
  const out: Record<string, unknown> = { family: afOf(ip.family), dst: ip.bytes };
  let flags = 0;
  if (s.proxy !== undefined && v.bool(s.proxy, 'neighbor proxy')) flags |= k.NTF_PROXY!;
  if (s.router !== undefined && v.bool(s.router, 'neighbor router')) flags |= k.NTF_ROUTER!;
  if (s.externLearn !== undefined && v.bool(s.externLearn, 'neighbor externLearn')) flags |= k.NTF_EXT_LEARNED!;
  if (s.lladdr !== undefined && !forDelete) {
    if (flags & k.NTF_PROXY!) throw new TypeError('a proxy neighbor has no lladdr');
    out.lladdr = v.mac(s.lladdr, 'neighbor lladdr');
  }
  const state = s.state === undefined ? 'permanent' : s.state;
  const n = NEIGHBOR_STATES.get(state);
  if (n === undefined) throw new RangeError(`neighbor state must be one of ${[...NEIGHBOR_STATES.keys()].join(', ')}, got ${v.describe(s.state)}`);
  out.state = n;
  out.flags = flags;
  out.index = resolve(dev);
  return out;
}

function fieldsFor(h: Handle, spec: NeighborSpec, forDelete: boolean, op: string) {
  return neighborFields(spec, forDelete, (r) => resolveIndex(h, r, op));
}

/** Equivalent to: ip neigh add ADDRESS [lladdr L] dev D [nud STATE] [proxy] [router] [extern_learn] */
export async function addNeighbor(h: Handle, spec: NeighborSpec): Promise<void> {
  send(h, 'addNeighbor', 'neigh.add', 'neighReq', fieldsFor(h, spec, false, 'addNeighbor'));
}
/** Adds or changes an entry. Equivalent to: ip neigh replace ADDRESS [lladdr L] dev D [nud STATE] … */
export async function replaceNeighbor(h: Handle, spec: NeighborSpec): Promise<void> {
  send(h, 'replaceNeighbor', 'neigh.replace', 'neighReq', fieldsFor(h, spec, false, 'replaceNeighbor'));
}
/** NetlinkError ENOENT when there is no such entry. Equivalent to: ip neigh del ADDRESS dev D [proxy] */
export async function deleteNeighbor(h: Handle, spec: NeighborSpec): Promise<void> {
  send(h, 'deleteNeighbor', 'neigh.delete', 'neighReq', fieldsFor(h, spec, true, 'deleteNeighbor'));
}

/** What listNeighbors returns only: one device, one family, or the proxy entries. */
export interface NeighborFilter { dev?: LinkRef; family?: 4 | 6; proxy?: boolean }

/** Equivalent to: ip [-4|-6] neigh show [proxy] [dev D] */
export async function listNeighbors(h: Handle, filter: NeighborFilter = {}): Promise<Neighbor[]> {
  const op = 'listNeighbors';
  const f = v.object(filter, 'listNeighbors filter') as NeighborFilter;
  const req: Record<string, unknown> = {};
  if (f.family !== undefined) {
    if (f.family !== 4 && f.family !== 6) throw new RangeError(`family must be 4 or 6, got ${v.describe(f.family)}`);
    req.family = afOf(f.family);
  }
  const proxy = f.proxy !== undefined && v.bool(f.proxy, 'listNeighbors proxy');
  if (proxy) req.flags = k.NTF_PROXY;
  if (f.dev !== undefined) req.index = resolveIndex(h, v.linkRef(f.dev, 'dev'), op);
  const recs = query(h, op, 'neigh.dump', 'neighReq', req, 'neigh');
  const names = linkNames(h, op);
  const out: Neighbor[] = [];
  for (const r of recs) {
    const n = toNeighbor(r, names);
    // Without `proxy`, the kernel dumps the cache only; with it, proxy entries only.
    if (n && (n.proxy === true) === proxy) out.push(n);
  }
  return out;
}

/**
 * Deletes every neighbour entry on `dev` except permanent and noarp ones (as `ip neigh flush`);
 * returns how many. Equivalent to: ip neigh flush dev D
 */
export async function flushNeighbors(h: Handle, filter: { dev: LinkRef; family?: 4 | 6; all?: boolean }): Promise<number> {
  const op = 'flushNeighbors';
  const f = v.object(filter, 'flushNeighbors filter');
  if (f.dev === undefined) throw new TypeError('flushNeighbors needs dev (flushing every link is rarely meant)');
  const list = await listNeighbors(h, { dev: f.dev as LinkRef, family: f.family as 4 | 6 | undefined });
  let n = 0;
  for (const e of list) {
    if (!f.all && (e.state === 'permanent' || e.state === 'noarp')) continue;
    try {
      send(h, op, 'neigh.delete', 'neighReq', { family: afOf(e.family), index: e.index, dst: v.ip(e.address).bytes, state: 0, flags: 0 });
      n++;
    } catch (err) {
      if ((err as { code?: string }).code !== 'ENOENT') throw err; // gone meanwhile: fine
    }
  }
  return n;
}

/** A "neigh" record → the public shape (null for families other than IPv4/IPv6). */
export function toNeighbor(r: Record<string, unknown>, names: Map<number, string>): Neighbor | null {
  const family = familyOf(r.family as number);
  if (family === null) return null;
  const index = r.index as number;
  const states = stateNames(r.state as number);
  const flags = r.flags as number;
  const out: Neighbor = { dev: names.get(index) ?? String(index), index, family, address: r.dst as string, state: states[0] as NeighborState };
  if (states.length > 1) out.states = states;
  if (r.lladdr !== undefined) out.lladdr = r.lladdr as string;
  if (flags & k.NTF_PROXY!) out.proxy = true;
  if (flags & k.NTF_ROUTER!) out.router = true;
  if (flags & k.NTF_EXT_LEARNED!) out.externLearn = true;
  if (r.raw) out.raw = r.raw as RawAttribute[];
  return out;
}
