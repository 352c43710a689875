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

export type MonitorKind = 'link' | 'address' | 'route' | NexthopMonitorKind;

export interface NetlinkEvent {
  /** 'newlink' | 'dellink' | 'newaddr' | 'deladdr' | 'newroute' | 'delroute' | 'overrun' */
  type: string;
  link?: Link;
  address?: Address;
  route?: Route;
  /** 'newnexthop' | 'delnexthop' (monitor kind 'nexthop'). */
  nexthop?: Nexthop;
  /** On 'overrun': the kernel dropped events (receive queue full); re-read state with list calls. */
  error?: Error;
}

/** Turns a record of a given schema into the public object, and names the event field. */
export const eventConverters = new Map<string, { field: 'link' | 'address' | 'route' | 'nexthop'; convert: (r: Record<string, unknown>) => unknown }>([
  ['link', { field: 'link', convert: (r) => toLink(r as never) }],
  ['address', { field: 'address', convert: (r) => toAddress(r as never) }],
  // Events carry the ifindex (route.index); names are not looked up per event.
  ['route', { field: 'route', convert: (r) => (familyOf((r as { family: number }).family) === null ? null : toRoute(r as never, new Map())) }],
  ...nexthopEventConverters,
]);

const GROUPS: Record<MonitorKind, string[]> = {
  link: ['RTNLGRP_LINK'],
  address: ['RTNLGRP_IPV4_IFADDR', 'RTNLGRP_IPV6_IFADDR'],
  route: ['RTNLGRP_IPV4_ROUTE', 'RTNLGRP_IPV6_ROUTE'],
  ...NEXTHOP_GROUPS,
};

let decoders: Map<number, { event: string; schema: string }> | null = null;
function decoderTable() {
  decoders ??= new Map(native.messageDecoders().map(([t, event, schema]) => [t, { event, schema }]));
  return decoders;
}

function decodeEvents(buf: Buffer, out: NetlinkEvent[]): void {
  let p = 0;
  while (p + 6 <= buf.length) {
    const type = buf.readUInt16LE(p);
    const len = buf.readUInt32LE(p + 2);
    const rec = buf.subarray(p + 6, p + 6 + len);
    p += 6 + len;
    const d = decoderTable().get(type);
    if (!d) continue;
    const conv = eventConverters.get(d.schema);
    const ev: NetlinkEvent = { type: d.event };
    for (const r of decodeRecords(rec, d.schema, 'monitor')) {
      if (conv) (ev as unknown as Record<string, unknown>)[conv.field] = conv.convert(r);
    }
    out.push(ev);
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
  if (!Array.isArray(kinds) || kinds.length === 0) throw new TypeError("monitor kinds must be a non-empty array of 'link', 'address', 'route'");
  if (opts === null || typeof opts !== 'object') throw new TypeError(`monitor options must be an object, got ${describe(opts)}`);
  if (opts.signal !== undefined && !(opts.signal instanceof AbortSignal)) throw new TypeError(`monitor signal must be an AbortSignal, got ${describe(opts.signal)}`);
  const rcvbuf = opts.rcvbuf === undefined ? 0 : uint(opts.rcvbuf, 'monitor rcvbuf', 1, 0x7fffffff);
  const groups: number[] = [];
  for (const k of kinds) {
    const g = GROUPS[k];
    if (!g) throw new RangeError(`unknown monitor kind ${JSON.stringify(k)}: use 'link', 'address' or 'route'`);
    for (const name of g) groups.push(native.constants[name]!);
  }
  h.routeSocket('monitor'); // fails on a closed handle
  yield* drainEvents<NetlinkEvent>((sink) => new native.NativeMonitor(h.netnsFd, groups, (buf, err) => {
    try {
      if (buf) decodeEvents(buf, sink.queue);
    } catch (e) {
      sink.fail(e);
    }
    if (err) sink.queue.push({ type: 'overrun', error: fromNative('monitor', err) as Error });
    sink.notify();
  }, rcvbuf), opts.signal);
}
