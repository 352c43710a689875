// Events: `for await (const ev of handle.monitor(['link', 'address', 'route'], { signal }))`.
// The addon watches a subscribed socket with libuv and delivers decoded records; this turns
// them into typed events. Lost events are an `overrun` event, never silent.
import { DecodeError, fromNative } from './errors.js';
import type { Handle } from './core/handle.js';
import { toLink } from './link/decode.js';
import { toAddress } from './addr/index.js';
import { toRoute } from './route/decode.js';
import { familyOf } from './util/rtnames.js';
import type { Link } from './link/types.js';
import type { Address } from './addr/index.js';
import type { Route } from './route/types.js';
import { native } from './native.js';
import { decodeRecords } from './records.js';
import { describe, uint } from './util/validate.js';
// issue 9 part B: nexthop events
import { NEXTHOP_GROUPS, nexthopEventConverters, type NexthopMonitorKind } from './nexthop/events.js';
import type { Nexthop } from './nexthop/types.js';
import { drainEvents } from './util/stream.js';
// -- issue 9 part A: neighbour, FDB and routing-rule events; dev names resolved --
import { linkNames } from './core/resolve.js';
import { toNeighbor, type Neighbor } from './neigh/index.js';
import { toFdbEntry, type FdbEntry } from './fdb/index.js';
import { toRoutingRule, type RoutingRule } from './rule/index.js';
// -- end issue 9 part A --
// -- issue 9 brvlan: per-VLAN bridge events (RTM_NEWVLAN/DELVLAN) --
import { toBridgeVlans, type BridgeVlan } from './brvlan/index.js';
// -- end issue 9 brvlan --

/** What monitor() subscribes to: the groups of `ip monitor link address route neigh rule nexthop nsid` (fdb: `bridge monitor fdb`). */
export type MonitorKind = 'link' | 'address' | 'route' | 'neighbor' | 'fdb' | 'routingRule' | 'nsid' | NexthopMonitorKind
  | 'bridgeVlan'; // issue 9 brvlan

/** One event from monitor(): its `type` and the object it concerns, decoded like list results. */
export interface NetlinkEvent {
  /** 'newlink' | 'dellink' | 'newaddr' | 'deladdr' | 'newroute' | 'delroute' | 'overrun' */
  type: string;
  link?: Link;
  address?: Address;
  route?: Route;
  /** 'newnexthop' | 'delnexthop' (monitor kind 'nexthop'). */
  nexthop?: Nexthop;
  /** 'newneigh' | 'delneigh' */
  neighbor?: Neighbor;
  /** 'newfdb' | 'delfdb' (neighbour messages of family AF_BRIDGE) */
  fdb?: FdbEntry;
  /** 'newrule' | 'delrule' */
  routingRule?: RoutingRule;
  /** 'newnsid' | 'delnsid' */
  nsid?: { nsid: number };
  /** 'newvlan' | 'delvlan' (monitor kind 'bridgeVlan'; sent only by kernels with bridge VLAN filtering). */
  bridgeVlans?: BridgeVlan[];
  /** On 'overrun': the kernel dropped events (receive queue full); re-read state with list calls. */
  error?: Error;
}

/** Turns a record of a given schema into the public object, and names the event field. */
type Names = Map<number, string>;
type EventField = 'link' | 'address' | 'route' | 'neighbor' | 'fdb' | 'routingRule' | 'nsid' | 'nexthop' | 'bridgeVlans';
const AF_BRIDGE = native.constants.AF_BRIDGE!;
export const eventConverters = new Map<string, { field: (r: Record<string, unknown>) => EventField; convert: (r: Record<string, unknown>, names: Names) => unknown }>([
  ['link', { field: () => 'link', convert: (r) => toLink(r as never) }],
  ['address', { field: () => 'address', convert: (r) => toAddress(r as never) }],
  ['route', { field: () => 'route', convert: (r, names) => (familyOf((r as { family: number }).family) === null ? null : toRoute(r as never, names)) }],
  // Neighbour messages of family AF_BRIDGE are FDB entries.
  ['neigh', {
    field: (r) => (r.family === AF_BRIDGE ? 'fdb' : 'neighbor'),
    convert: (r, names) => (r.family === AF_BRIDGE ? toFdbEntry(r, names) : toNeighbor(r, names)),
  }],
  ['routingRule', { field: () => 'routingRule', convert: (r) => toRoutingRule(r) }],
  ['nsid', { field: () => 'nsid', convert: (r) => ({ nsid: r.nsid as number }) }],
  ...nexthopEventConverters.map(([schema, c]) => [schema, { field: () => c.field, convert: (r: Record<string, unknown>) => c.convert(r) }] as const),
  ['brvlan', { field: () => 'bridgeVlans', convert: (r, names) => toBridgeVlans(r, names) }], // issue 9 brvlan
]);
/** The kind a field's events belong to (a neighbour subscription also receives FDB messages). */
const KIND_OF: Record<EventField, MonitorKind> = { link: 'link', address: 'address', route: 'route', neighbor: 'neighbor', fdb: 'fdb', routingRule: 'routingRule', nsid: 'nsid', nexthop: 'nexthop', bridgeVlans: 'bridgeVlan' };

const GROUPS: Record<MonitorKind, string[]> = {
  link: ['RTNLGRP_LINK'],
  address: ['RTNLGRP_IPV4_IFADDR', 'RTNLGRP_IPV6_IFADDR'],
  route: ['RTNLGRP_IPV4_ROUTE', 'RTNLGRP_IPV6_ROUTE'],
  ...NEXTHOP_GROUPS,
  neighbor: ['RTNLGRP_NEIGH'],
  fdb: ['RTNLGRP_NEIGH'],
  routingRule: ['RTNLGRP_IPV4_RULE', 'RTNLGRP_IPV6_RULE'],
  nsid: ['RTNLGRP_NSID'],
  bridgeVlan: ['RTNLGRP_BRVLAN'], // issue 9 brvlan
};

let decoders: Map<number, { event: string; schema: string }> | null = null;
function decoderTable() {
  decoders ??= new Map(native.messageDecoders().map(([t, event, schema]) => [t, { event, schema }]));
  return decoders;
}

function decodeEvents(buf: Buffer, out: NetlinkEvent[], kinds: Set<MonitorKind>, names: (r: Record<string, unknown>) => Names): void {
  let p = 0;
  while (p + 6 <= buf.length) {
    const type = buf.readUInt16LE(p);
    const len = buf.readUInt32LE(p + 2);
    const rec = buf.subarray(p + 6, p + 6 + len);
    p += 6 + len;
    const d = decoderTable().get(type);
    if (!d) continue;
    const conv = eventConverters.get(d.schema);
    let ev: NetlinkEvent | null = { type: d.event };
    for (const r of decodeRecords(rec, d.schema, 'monitor')) {
      if (!conv) continue;
      const field = conv.field(r);
      if (!kinds.has(KIND_OF[field])) { ev = null; break; } // same group, kind not asked for
      if (field === 'fdb') ev.type = d.event.replace('neigh', 'fdb');
      (ev as unknown as Record<string, unknown>)[field] = conv.convert(r, names(r));
    }
    if (ev) out.push(ev);
  }
  if (p !== buf.length) throw new DecodeError('monitor', 'event buffer: trailing bytes');
}

/**
 * Streams link/address/route events of the handle's namespace until `signal` aborts or the
 * loop breaks. Equivalent to: ip monitor link address route
 */
export interface MonitorOptions {
  signal?: AbortSignal;
  /**
   * Size of the kernel's receive queue for events, in bytes (default 4 MiB). A smaller queue
   * overflows sooner: events are then lost and an 'overrun' event says so.
   */
  rcvbuf?: number;
}

export async function* monitor(h: Handle, kinds: MonitorKind[] = ['link', 'address', 'route'], opts: MonitorOptions = {}): AsyncGenerator<NetlinkEvent> {
  if (!Array.isArray(kinds) || kinds.length === 0) throw new TypeError("monitor kinds must be a non-empty array of 'link', 'address', 'route', 'neighbor', 'fdb', 'routingRule', 'nsid'");
  if (opts === null || typeof opts !== 'object') throw new TypeError(`monitor options must be an object, got ${describe(opts)}`);
  if (opts.signal !== undefined && !(opts.signal instanceof AbortSignal)) throw new TypeError(`monitor signal must be an AbortSignal, got ${describe(opts.signal)}`);
  const rcvbuf = opts.rcvbuf === undefined ? 0 : uint(opts.rcvbuf, 'monitor rcvbuf', 1, 0x7fffffff);
  const groups: number[] = [];
  for (const k of kinds) {
    const g = GROUPS[k];
    if (!g) throw new RangeError(`unknown monitor kind ${JSON.stringify(k)}: use 'link', 'address', 'route', 'neighbor', 'fdb', 'routingRule', 'nsid', 'nexthop' or 'bridgeVlan'`);
    for (const name of g) if (!groups.includes(native.constants[name]!)) groups.push(native.constants[name]!);
  }
  // ifindex → name, one link dump when an event names an index not seen yet (links renamed or
  // created since are picked up then; a deleted link keeps the name it had).
  let cache: Names = new Map();
  const names = (r: Record<string, unknown>): Names => {
    const idx = [r.index, r.via, r.oif].filter((x): x is number => typeof x === 'number' && x > 0);
    if (idx.some((i) => !cache.has(i))) {
      try {
        const fresh = linkNames(h, 'monitor');
        for (const [i, n] of cache) if (!fresh.has(i)) fresh.set(i, n);
        cache = fresh;
      } catch { /* handle closed: events keep their indexes */ }
    }
    return cache;
  };
  const wanted = new Set(kinds);
  h.routeSocket('monitor'); // fails on a closed handle
  yield* drainEvents<NetlinkEvent>((sink) => new native.NativeMonitor(h.netnsFd, groups, (buf, err) => {
    try {
      if (buf) decodeEvents(buf, sink.queue, wanted, names);
    } catch (e) {
      sink.fail(e);
    }
    if (err) sink.queue.push({ type: 'overrun', error: fromNative('monitor', err) as Error });
    sink.notify();
  }, rcvbuf), opts.signal);
}
