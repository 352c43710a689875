// RouteSpec → the positional arguments native/route takes. Everything is checked here, before
// anything is sent: malformed addresses, prefixes, mixed families, unknown names, ranges.
import type { NativeNexthop, NativeRouteArgs } from '../../typings/route.js';
import type { Handle } from '../core/handle.js';
import { resolveIndex } from '../core/resolve.js';
import { ROUTE_PROTOCOLS, ROUTE_SCOPES, ROUTE_TABLES, ROUTE_TYPES, afOf } from '../util/rtnames.js';
import * as v from '../util/validate.js';
import { native } from '../native.js';
import { hasExtras, routeExt } from './extras.js';
import type { RouteSpec } from './types.js';

export type Change = 'add' | 'replace' | 'delete';

/** A table given by number or name → its id. */
export function tableId(value: unknown, what = 'table'): number {
  if (typeof value === 'string') {
    const id = ROUTE_TABLES.get(value);
    if (id === undefined) throw new RangeError(`${what} "${value}" is not a known table name; use 'main', 'local', 'default' or a number 1–4294967295`);
    return id;
  }
  return v.uint(value, what, 1, 0xffffffff);
}

function named(map: Map<string, number>, value: unknown, what: string, exclude: string[] = []): number {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string, got ${v.describe(value)}`);
  const n = map.get(value);
  if (n === undefined || exclude.includes(value)) {
    const names = [...map.keys()].filter((x) => !exclude.includes(x));
    throw new RangeError(`${what} must be one of ${names.join(', ')}; got ${v.describe(value)}`);
  }
  return n;
}

/**
 * The hot case, 'a.b.c.d' or 'a.b.c.d/n', parsed without regexes or intermediate arrays: route
 * add/del is the hot path and the generic parser costs more than the kernel's work. Returns null
 * for anything else (IPv6, malformed input), which then takes the generic path and its errors.
 */
function fastV4(text: string): { value: number; prefix: number; slash: boolean } | null {
  return scanV4(text) ? { value: scanned.value, prefix: scanned.prefix, slash: scanned.slash } : null;
}

/** What the last scanV4() that returned true read (module state: no object on the hot path). */
const scanned = { value: 0, prefix: 0, slash: false };

function scanV4(text: string): boolean {
  const n = text.length;
  let value = 0, octet = 0, digits = 0, dots = 0, i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return false; // leading zero
      octet = octet * 10 + (c - 48);
      if (++digits > 3 || octet > 255) return false;
    } else if (c === 46 /* . */) {
      if (digits === 0 || ++dots > 3) return false;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (c === 47 /* / */) {
      break;
    } else {
      return false;
    }
  }
  if (dots !== 3 || digits === 0) return false;
  value = value * 256 + octet;
  let prefix = 32;
  if (i !== n) {
    if (i + 1 === n || n - i > 3) return false;
    prefix = 0;
    for (let j = i + 1; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c < 48 || c > 57) return false;
      prefix = prefix * 10 + (c - 48);
    }
    if (prefix > 32) return false;
  }
  scanned.value = value;
  scanned.prefix = prefix;
  scanned.slash = i !== n;
  return true;
}

function v4Bytes(value: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(value >>> 0, 0);
  return b;
}

function parseDst(spec: RouteSpec, family: v.Family | undefined): { family: v.Family; len: number; bytes: Buffer | null } {
  if (spec.dst === 'default') return { family: family ?? 4, len: 0, bytes: null };
  const fast = typeof spec.dst === 'string' && family !== 6 ? fastV4(spec.dst) : null;
  if (fast) {
    const hostMask = fast.prefix === 0 ? 0xffffffff : (2 ** (32 - fast.prefix) - 1);
    // Host bits set: let the generic path below word the error.
    if (((fast.value & hostMask) >>> 0) === 0 || fast.prefix === 0) {
      return fast.prefix === 0 ? { family: 4, len: 0, bytes: null } : { family: 4, len: fast.prefix, bytes: v4Bytes(fast.value) };
    }
  }
  const c = v.cidr(spec.dst, 'dst');
  if (family !== undefined && family !== c.family) throw new RangeError(`dst ${spec.dst} is IPv${c.family} but family is ${family}`);
  if (c.prefix === 0) return { family: c.family, len: 0, bytes: null };
  const net = v.networkOf(c);
  if (!net.equals(c.bytes)) {
    throw new RangeError(`dst "${spec.dst}" has host bits set; the network is ${ipText(net)}/${c.prefix}`);
  }
  return { family: c.family, len: c.prefix, bytes: c.bytes };
}

function ipText(b: Buffer): string {
  if (b.length === 4) return [...b].join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(b.readUInt16BE(i).toString(16));
  return groups.join(':');
}

/** A gateway for a route of `family`; an IPv6 gateway on an IPv4 route is allowed (RTA_VIA). */
function gateway(text: unknown, family: v.Family, what: string): Buffer {
  const fast = typeof text === 'string' ? fastV4(text) : null;
  if (fast && !fast.slash && family === 4) return v4Bytes(fast.value);
  const g = v.ip(text, what);
  if (family === 6 && g.family === 4) {
    throw new RangeError(`${what} ${g.text} is IPv4 but the route is IPv6; an IPv6 route needs an IPv6 gateway`);
  }
  return g.bytes;
}

/** The family of a 'default' dst: from `family`, else via, nexthops or src. */
function defaultFamily(s: RouteSpec): v.Family | undefined {
  if (s.family !== undefined) {
    if (s.family !== 4 && s.family !== 6) throw new RangeError(`family must be 4 or 6, got ${v.describe(s.family)}`);
    return s.family;
  }
  if (s.dst !== 'default') return undefined;
  if (typeof s.src === 'string') return v.ip(s.src, 'src').family;
  if (typeof s.via === 'string') return v.ip(s.via, 'via').family;
  const first = Array.isArray(s.nexthops) ? s.nexthops.find((n) => typeof n?.via === 'string') : undefined;
  if (first) return v.ip(first.via, 'nexthop via').family;
  return undefined;
}

const AF_INET = afOf(4);

/**
 * The hot shape, { dst: 'a.b.c.d' | 'a.b.c.d/n', dev: ifindex } with nothing else set and no
 * host bits: its parsed dst, else null (anything else takes the general path below, with its
 * checks and errors). For this shape the general path's result is [AF_INET, prefix, dst bytes,
 * null, dev, null, 0, -1, -1, -1, -1, null]: plainV4 reaches it in a fraction of the work, which
 * matters most in the first thousands of calls, before the JIT has compiled the general path.
 */
export function plainV4(s: RouteSpec): { value: number; prefix: number } | null {
  return isPlainV4(s) ? { value: plainValue, prefix: plainPrefix } : null;
}

/** What the last isPlainV4() that returned true parsed (module state: no object per call). */
export let plainValue = 0;
export let plainPrefix = 0;

/**
 * The plain shape without looking into dst: dev an ifindex, dst a string, nothing else set.
 * Single add/delete then hand dst to native.routeChangeV4, which parses it with isPlainV4's
 * rule (and sends nothing when it is not plain, so the general path words the error).
 */
export function isPlainV4Shape(s: RouteSpec): boolean {
  const dev = s.dev;
  if (typeof dev !== 'number' || !(dev >= 1 && dev <= 0x7fffffff) || !Number.isInteger(dev)) return false;
  return s.via === undefined && s.src === undefined && s.table === undefined && s.metric === undefined && s.scope === undefined
    && s.protocol === undefined && s.type === undefined && s.nexthops === undefined && s.family === undefined
    && typeof s.dst === 'string' && !hasExtras(s);
}

/**
 * plainV4 without the result object: true when `s` has the plain shape, with its dst in
 * plainValue/plainPrefix until the next call. The single-op and batch hot paths use this.
 */
export function isPlainV4(s: RouteSpec): boolean {
  if (!isPlainV4Shape(s) || !scanV4(s.dst)) return false;
  const { value, prefix } = scanned;
  if (scanned.slash && prefix === 0) return false; // '/0' is the default route: the general path
  if (((value & (2 ** (32 - prefix) - 1)) >>> 0) !== 0) return false; // host bits: the general path words the error
  plainValue = value;
  plainPrefix = prefix;
  return true;
}

/** A plain object (what v.object accepts, other than undefined). */
export function isPlainObject(spec: unknown): spec is RouteSpec {
  return typeof spec === 'object' && spec !== null && !Array.isArray(spec);
}

/** The route extras of a validated spec (nhid, onlink, metrics, pref, expires, realm), or null. */
export function routeExtras(spec: RouteSpec, args: NativeRouteArgs): ReturnType<typeof routeExt> {
  return isPlainObject(spec) ? routeExt(spec, args[0] === AF_INET ? 4 : 6) : null;
}

/**
 * Validates `spec` and resolves its link names (one RTM_GETLINK per name; numbers cost nothing).
 * Returns the arguments of routeAdd/routeDelete after `replace`.
 */
export function routeArgs(h: Handle, spec: RouteSpec, change: Change, op: string,
  resolve: (ref: string | number) => number = (ref) => resolveIndex(h, ref, op)): NativeRouteArgs {
  if (isPlainObject(spec)) {
    if (isPlainV4(spec)) return [AF_INET, plainPrefix, v4Bytes(plainValue), null, spec.dev as number, null, 0, -1, -1, -1, -1, null];
  }
  const s = v.object(spec, 'route spec') as unknown as RouteSpec;
  if (s.dst === undefined) throw new TypeError(`route spec needs dst ('default', '10.0.0.0/24', '2001:db8::/64', …)`);
  const dst = parseDst(s, defaultFamily(s));
  const family = dst.family;

  const type = s.type === undefined ? -1 : named(ROUTE_TYPES, s.type, 'route type', ['unspec', 'xresolve']);
  const gw = s.via === undefined ? null : gateway(s.via, family, 'via');
  let prefsrc: Buffer | null = null;
  if (s.src !== undefined) {
    const p = v.ip(s.src, 'src');
    if (p.family !== family) throw new RangeError(`src ${p.text} is IPv${p.family} but the route is IPv${family}`);
    prefsrc = p.bytes;
  }
  const table = s.table === undefined ? 0 : tableId(s.table);
  const metric = s.metric === undefined ? -1 : v.uint(s.metric, 'metric');
  let scope = -1;
  if (s.scope !== undefined) scope = s.scope === 'global' ? ROUTE_SCOPES.get('universe')! : named(ROUTE_SCOPES, s.scope, 'scope');
  let protocol = -1;
  if (s.protocol !== undefined) {
    protocol = typeof s.protocol === 'number' ? v.uint(s.protocol, 'protocol', 0, 255) : named(ROUTE_PROTOCOLS, s.protocol, 'protocol');
  }

  let nexthops: NativeNexthop[] | null = null;
  if (s.nexthops !== undefined) {
    if (!Array.isArray(s.nexthops)) throw new TypeError(`nexthops must be an array, got ${v.describe(s.nexthops)}`);
    if (s.nexthops.length === 0) throw new RangeError('nexthops must not be empty');
    if (s.via !== undefined || s.dev !== undefined) throw new RangeError('give via/dev for the whole route or nexthops, not both');
    nexthops = s.nexthops.map((n, i) => {
      const o = v.object(n, `nexthops[${i}]`);
      if (o.via === undefined && o.dev === undefined) throw new RangeError(`nexthops[${i}] needs via or dev`);
      const g = o.via === undefined ? null : gateway(o.via, family, `nexthops[${i}].via`);
      const weight = o.weight === undefined ? 1 : v.uint(o.weight, `nexthops[${i}].weight`, 1, 256);
      const dev = o.dev === undefined ? null : v.linkRef(o.dev, `nexthops[${i}].dev`);
      // Per-leg rtnh_flags: RTNH_F_ONLINK (issue 9 brvlan).
      const flags = o.onlink !== undefined && v.bool(o.onlink, `nexthops[${i}].onlink`) ? native.constants.RTNH_F_ONLINK! : 0;
      return [g, dev, weight, flags] as unknown as NativeNexthop;
    });
  }
  const devRef = s.dev === undefined ? null : v.linkRef(s.dev, 'dev');
  const needsNexthop = change !== 'delete' && (type === -1 || type === ROUTE_TYPES.get('unicast'));
  if (needsNexthop && gw === null && devRef === null && nexthops === null && s.nhid === undefined) {
    throw new RangeError(`route ${s.dst} needs dev, via or nexthops (or a type like 'blackhole')`);
  }

  // Names are resolved only after everything else is known to be valid.
  const oif = devRef === null ? 0 : resolve(devRef);
  if (nexthops) for (const n of nexthops) n[1] = n[1] === null ? 0 : resolve(n[1] as unknown as string | number);
  return [afOf(family), dst.len, dst.bytes, gw, oif, prefsrc, table, metric, scope, protocol, type, nexthops];
}
