// listRoutes' fast path (native routeList + lib/route/list.ts) against the generic path it
// replaced (routeDump records + toRoute): the same routes, key for key and in the same order,
// for a table holding every kind of route the fast path takes and every kind it hands back to
// the generic decoder (IPv6, multipath, RTA_VIA, blackhole, metrics, other tables).
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { native } from '../../lib/native.js';
import { decodeRouteRecords, toRoute } from '../../lib/route/decode.js';
import { decodeRouteList, routeListEntries } from '../../lib/route/list.js';
import { ipCmd, ipJson, makeNetns } from '../helpers/ns.js';

const AF_INET = native.constants.AF_INET!;
const AF_INET6 = native.constants.AF_INET6!;

describe('route listing fast path', () => {
  it('materializes exactly what the generic record path does', async () => {
    const ns = makeNetns('rlist');
    using h = await Netlink.open({ netns: ns });
    await h.createVeth('veth0', 'veth1', { up: true });
    await h.addAddress('veth0', '10.1.0.1/24');
    await h.addAddress('veth0', '2001:db8::1/64', { nodad: true });
    ipCmd(ns, 'route', 'add', '10.9.0.0/24', 'dev', 'veth0', 'metric', '10');
    ipCmd(ns, 'route', 'add', '10.8.0.0/24', 'via', '10.1.0.2', 'src', '10.1.0.1');
    ipCmd(ns, 'route', 'add', 'default', 'via', '10.1.0.254', 'proto', 'static');
    ipCmd(ns, 'route', 'add', '10.7.0.1', 'dev', 'veth0', 'proto', '77', 'scope', 'host');
    ipCmd(ns, 'route', 'add', '10.6.0.0/24', 'nexthop', 'via', '10.1.0.2', 'dev', 'veth0', 'nexthop', 'via', '10.1.0.3', 'dev', 'veth0', 'weight', '4');
    ipCmd(ns, 'route', 'add', '10.4.0.0/24', 'via', 'inet6', '2001:db8::2', 'dev', 'veth0');
    ipCmd(ns, 'route', 'add', 'blackhole', '10.5.0.0/24');
    ipCmd(ns, 'route', 'add', 'unreachable', '10.5.1.0/24', 'table', '5000');
    ipCmd(ns, 'route', 'add', '10.3.0.0/24', 'dev', 'veth0', 'mtu', '1400');
    ipCmd(ns, 'route', 'add', '10.2.0.0/24', 'dev', 'veth0', 'onlink', 'via', '10.200.0.1');
    ipCmd(ns, '-6', 'route', 'add', '2001:db8:1::/64', 'via', '2001:db8::2');

    const sock = h.routeSocket('test');
    const names = () => new Map(ipJson(ns, 'link').map((l: any) => [l.ifindex as number, l.ifname as string]));
    const generic = (af: number, table: number) => JSON.stringify(decodeRouteRecords(native.routeDump(sock, af, table, 0), 'test').map((r) => toRoute(r, names())));
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
  });
});
