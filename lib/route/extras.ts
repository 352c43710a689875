// Route extras: nhid, onlink, metrics, pref, expires, realm. Validated here into the record
// extension the batch op encoding carries (lib/batch/encode.ts RouteExt), and decoded back from
// listed routes so that a listed route re-adds as the same route.
import type { RouteExt } from '../batch/encode.js';
import { native } from '../native.js';
import * as v from '../util/validate.js';
import type { RouteMetrics, RouteSpec } from './types.js';

const k = native.constants;

/** Metric names in nl_route::kMetricOrder's order (the order ip sends them in), with RTAX ids. */
export const METRICS: readonly (readonly [keyof Omit<RouteMetrics, 'lock'>, number, number, number])[] = [
  // name, RTAX id, min, max
  ['mtu', k.RTAX_MTU!, 68, 0xffffffff],
  ['advmss', k.RTAX_ADVMSS!, 1, 0xffffffff],
  ['window', k.RTAX_WINDOW!, 1, 0xffffffff],
  ['rtt', k.RTAX_RTT!, 1, 0x1fffffff], // milliseconds; the kernel keeps 1/8 ms units in 32 bits
  ['hoplimit', k.RTAX_HOPLIMIT!, 1, 255],
  ['initcwnd', k.RTAX_INITCWND!, 1, 0xffffffff],
];
const METRIC_NAMES = METRICS.map((m) => m[0]);

export const PREFS = new Map<string, number>([
  ['low', k.ICMPV6_ROUTER_PREF_LOW!], ['medium', k.ICMPV6_ROUTER_PREF_MEDIUM!], ['high', k.ICMPV6_ROUTER_PREF_HIGH!],
]);

/** True when any extra is set (the plain fast paths must then step aside). */
export function hasExtras(s: RouteSpec): boolean {
  return s.nhid !== undefined || s.onlink !== undefined || s.metrics !== undefined || s.pref !== undefined
    || s.expires !== undefined || s.realm !== undefined;
}

/** Validates the extras of `s` (a route of `family`); null when none is set. */
export function routeExt(s: RouteSpec, family: 4 | 6): RouteExt | null {
  if (!hasExtras(s)) return null;
  const x: RouteExt = { nhid: 0, flags: 0, metricMask: 0, lock: 0, metrics: [0, 0, 0, 0, 0, 0] };
  if (s.nhid !== undefined) {
    x.nhid = v.uint(s.nhid, 'nhid', 1, 0xffffffff);
    if (s.via !== undefined || s.dev !== undefined || s.nexthops !== undefined) {
      throw new RangeError('nhid names a nexthop object: give nhid or via/dev/nexthops, not both');
    }
  }
  if (s.onlink !== undefined && v.bool(s.onlink, 'onlink')) x.flags |= k.RTNH_F_ONLINK!;
  if (s.realm !== undefined) x.realm = v.uint(s.realm, 'realm', 1, 0xffff);
  if (s.expires !== undefined) {
    if (family !== 6) throw new RangeError('expires applies to IPv6 routes only (ip -6 route add … expires S)');
    x.expires = v.uint(s.expires, 'expires', 1, 0xffffffff);
  }
  if (s.pref !== undefined) {
    if (family !== 6) throw new RangeError('pref applies to IPv6 routes only');
    const p = PREFS.get(s.pref as string);
    if (p === undefined) throw new RangeError(`pref must be 'low', 'medium' or 'high', got ${v.describe(s.pref)}`);
    x.pref = p;
  }
  if (s.metrics !== undefined) {
    const m = v.object(s.metrics, 'metrics');
    for (const key of Object.keys(m)) {
      if (key !== 'lock' && !METRIC_NAMES.includes(key as never)) {
        throw new RangeError(`unknown route metric "${key}"; known: ${METRIC_NAMES.join(', ')}, lock`);
      }
    }
    METRICS.forEach(([name, id, min, max], i) => {
      if (m[name] === undefined) return;
      x.metrics[i] = v.uint(m[name], `metrics.${name}`, min, max);
      x.metricMask |= 1 << id;
    });
    if (m.lock !== undefined) {
      if (!Array.isArray(m.lock)) throw new TypeError(`metrics.lock must be an array of metric names, got ${v.describe(m.lock)}`);
      for (const name of m.lock) {
        const def = METRICS.find((d) => d[0] === name);
        if (!def) throw new RangeError(`metrics.lock: unknown metric ${v.describe(name)}; known: ${METRIC_NAMES.join(', ')}`);
        x.lock |= 1 << def[1];
      }
    }
  }
  return x;
}

/** The route record fields this file decodes (native/route/decode.cc). */
export interface ExtrasRecord {
  nhId?: number; realm?: number; cacheExpires?: number; lock?: number;
  mtu?: number; advmss?: number; window?: number; rtt?: number; hoplimit?: number; initcwnd?: number;
}

/** Listed metrics → RouteMetrics (undefined when the route has none). */
export function decodeMetrics(r: ExtrasRecord): RouteMetrics | undefined {
  let out: RouteMetrics | undefined;
  for (const [name] of METRICS) {
    const value = r[name];
    if (value !== undefined) (out ??= {})[name] = value;
  }
  if (r.lock) {
    const lock = METRICS.filter(([, id]) => r.lock! & (1 << id)).map(([name]) => name);
    if (lock.length > 0) (out ??= {}).lock = lock;
  }
  return out;
}
