// listRoutes' fast path (native routeList + lib/route/list.ts) against the generic path it
// replaced (routeDump records + toRoute): the same routes, key for key and in the same order,
// for a table holding every kind of route the fast path takes and every kind it hands back to
// the generic decoder (IPv6, multipath, RTA_VIA, blackhole, metrics, other tables).
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { native } from '../../lib/native.js';
import { decodeRouteRecords, toRoute } from '../../lib/route/decode.js';
import { decodeRouteList, routeListEntries } from '../../lib/route/list.js';
import { ipJson, makeNetns } from '../helpers/ns.js';
import { addEveryRouteKind } from './kinds.js';

const AF_INET = native.constants.AF_INET!;
const AF_INET6 = native.constants.AF_INET6!;

describe('route listing fast path', () => {
  it('materializes exactly what the generic record path does', async () => {
    const ns = makeNetns('rlist');
    using h = await Netlink.open({ netns: ns });
    await addEveryRouteKind(ns, h);

    const sock = h.routeSocket('test');
    // One `ip -j link` for the whole test (the links do not change): spawning it per route made
    // each comparison take seconds on a loaded machine, so the table never held still around it.
    const linkNames = new Map(ipJson(ns, 'link').map((l: any) => [l.ifindex as number, l.ifname as string]));
    const names = () => linkNames;
    const generic = (af: number, table: number) => JSON.stringify(decodeRouteRecords(native.routeDump(sock, af, table, 0), 'test').map((r) => toRoute(r, linkNames)));
    for (const [af, table] of [[AF_INET, 254], [AF_INET, 0], [AF_INET6, 0], [0, 0], [AF_INET, 5000]] as const) {
      // The kernel keeps adding IPv6 link-local addresses and their routes after the links come up
      // (once DAD is done), so compare only when the table held still around the fast dump: the
      // generic dump before and after it equal. Both are JSON, which keeps key order.
      const deadline = Date.now() + 30000;
      for (;;) {
        const before = generic(af, table);
        const fast = decodeRouteList(routeListEntries(sock, af, table, 0), names, 'test');
        if (before === generic(af, table)) {
          expect(fast.length).toBeGreaterThan(0);
          expect(JSON.stringify(fast)).toBe(before);
          break;
        }
        if (Date.now() > deadline) throw new Error(`routes of af ${af} table ${table} kept changing for 30 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    // Plain IPv4 routes really take the fixed-entry path (the first route of table main is one).
    expect(routeListEntries(sock, AF_INET, 254, 0)[0]).toBe(native.routeListLayout().kindFixed);
    // And through the public API, against ip's own view of table main.
    const listed = await h.listRoutes({ family: 4 });
    expect(listed.map((r) => r.dst).sort()).toEqual(
      ipJson(ns, '-4', 'route', 'show').map((r: any) => (r.dst === 'default' ? 'default' : r.dst.includes('/') ? r.dst : `${r.dst}/32`)).sort());
    expect(listed.find((r) => r.dst === '10.8.0.0/24')).toMatchObject({ via: '10.1.0.2', src: '10.1.0.1', dev: 'veth0', protocol: 'boot' });
    expect(listed.find((r) => r.dst === '10.2.0.0/24')).toMatchObject({ flags: ['onlink'], via: '10.200.0.1' });
    expect(listed.find((r) => r.dst === '10.7.0.1/32')).toMatchObject({ protocol: 77, scope: 'host', metric: 0 });
  }, 120_000); // the inner waits have 30 s deadlines of their own; the test must outlive them
});
