// Streaming dumps: `for await (const r of handle.routes())` reads the kernel's dump one datagram
// at a time on a socket of its own, so iterating a huge table never holds all of it in memory,
// and the event loop gets a turn between datagrams.
import { setImmediate as nextTurn } from 'node:timers/promises';
import { NetlinkError, call } from './errors.js';
import type { Handle } from './core/handle.js';
import { toAddress, type Address } from './addr/index.js';
import { resolveIndex } from './core/resolve.js';
import { toLink } from './link/decode.js';
import type { Link, LinkRef } from './link/types.js';
import { native } from './native.js';
import { decodeRecords } from './records.js';
import { linkNames } from './core/resolve.js';
import { decodeRouteRecords, toRoute } from './route/decode.js';
import { tableId } from './route/spec.js';
import type { Route, RouteFilter } from './route/types.js';
import { afOf } from './util/rtnames.js';
import * as v from './util/validate.js';
import type { NativeDump } from '../typings/dump.js';

async function* stream<T>(op: string, open: () => NativeDump, convert: (buf: Buffer) => (T | null)[]): AsyncGenerator<T> {
  const d = call(op, open);
  try {
    for (;;) {
      const buf = call(op, () => d.next());
      if (buf === null) return;
      for (const x of convert(buf)) if (x !== null) yield x;
      await nextTurn();
    }
  } finally {
    d.close(); // also when the caller breaks out early
  }
}

function family(f: unknown): number {
  if (f === undefined) return 0;
  if (f !== 4 && f !== 6) throw new RangeError(`family must be 4 or 6, got ${v.describe(f)}`);
  return afOf(f);
}

/** Streams routes (same filter as listRoutes). Equivalent to: ip route show … */
export async function* routes(h: Handle, filter: RouteFilter = {}): AsyncGenerator<Route> {
  const op = 'routes';
  const f = v.object(filter, 'routes filter');
  const table = f.table === undefined ? tableId('main') : f.table === 'all' ? 0 : tableId(f.table, 'table filter');
  const af = family(f.family);
  const oif = f.dev === undefined ? 0 : resolveIndex(h, v.linkRef(f.dev, 'dev'), op);
  h.routeSocket(op);
  const names = linkNames(h, op); // one link dump up front, to name devices
  try {
    yield* stream(op, () => new native.NativeDump(h.netnsFd, 'route', af, table, oif),
      (buf) => decodeRouteRecords(buf, op).map((r) => toRoute(r, names)));
  } catch (e) {
    if (e instanceof NetlinkError && e.code === 'ENOENT' && table !== 0) return; // no such table: no routes
    throw e;
  }
}

/** Streams addresses (same filter as listAddresses). Equivalent to: ip addr show … */
export async function* addresses(h: Handle, filter: { link?: LinkRef; family?: 4 | 6 } = {}): AsyncGenerator<Address> {
  const op = 'addresses';
  const f = v.object(filter, 'addresses filter');
  const af = family(f.family);
  const index = f.link === undefined ? 0 : resolveIndex(h, v.linkRef(f.link as LinkRef, 'link'), op);
  h.routeSocket(op);
  yield* stream(op, () => new native.NativeDump(h.netnsFd, 'address', af, index),
    (buf) => decodeRecords(buf, 'address', op).map((r) => toAddress(r as never)));
}

/** Streams links (same filter as listLinks). Equivalent to: ip link show … */
export async function* links(h: Handle, filter: { kind?: string; master?: LinkRef } = {}): AsyncGenerator<Link> {
  const op = 'links';
  const f = v.object(filter, 'links filter');
  const kind = f.kind === undefined ? '' : v.str(f.kind, 'kind', 15);
  const master = f.master === undefined ? -1 : resolveIndex(h, v.linkRef(f.master as LinkRef, 'master'), op);
  h.routeSocket(op);
  yield* stream(op, () => new native.NativeDump(h.netnsFd, 'link', kind, master),
    (buf) => decodeRecords(buf, 'link', op).map((r) => toLink(r as never)));
}
