// Routes in a fresh namespace: each change read back through netlinkts and through `ip -j route`.
import { describe, expect, it } from 'vitest';
import { Netlink, NetlinkError, type RouteFilter } from '../../lib/index.js';
import { ipJson, makeNetns, waitLinkLocal } from '../helpers/ns.js';
import { canonIpRoute, canonRoute, sortRoutes } from '../helpers/oracle.js';

/** veth0 (10.1.0.1/24, 2001:db8::1/64) with its peer up, and br0 up without ports — all built with our API. */
async function setup() {
  const ns = makeNetns('route');
  const h = await Netlink.open({ netns: ns });
  const { index } = await h.createVeth('veth0', 'veth1', { up: true });
  const br = await h.createBridge('br0', { up: true });
  await h.addAddress('veth0', '10.1.0.1/24');
  await h.addAddress('veth0', '2001:db8::1/64', { nodad: true });
  return { ns, h, veth0: index, br0: br.index };
}

/** Our listing and `ip -j route show …` for the same filter, in canonical form. */
async function bothViews(h: Netlink, ns: string, filter: RouteFilter, family: 4 | 6, ipArgs: string[] = []) {
  const names: Record<string, number> = { main: 254, local: 255, default: 253, all: 254 };
  const table = typeof filter.table === 'number' ? filter.table : names[filter.table ?? 'main']!;
  const ours = sortRoutes((await h.listRoutes({ ...filter, family })).map(canonRoute));
  // ip leaves out what the filter fixes (the table, the dev); put it back.
  const dev = typeof filter.dev === 'string' ? filter.dev : undefined;
  const ip = sortRoutes(ipJson(ns, `-${family}`, 'route', 'show', ...ipArgs)
    .map((e: any) => canonIpRoute(dev && !e.nexthops ? { dev, ...e } : e, family, table)));
  return { ours, ip };
}

// The kernel adds fe80::/64 routes on its own clock when an interface comes up (after the
// two reads may already differ), so IPv6 link-local prefix routes are compared apart.
const settled = (r: { dst?: unknown }) => r.dst !== 'fe80::/64';

async function expectSame(h: Netlink, ns: string, filter: RouteFilter, family: 4 | 6, ipArgs: string[] = []) {
  const { ours, ip } = await bothViews(h, ns, filter, family, ipArgs);
  expect(ours.filter(settled)).toEqual(ip.filter(settled));
  return ours;
}

describe('routes', () => {
  it('adds `default dev veth0` and `172.18.0.0/24 dev br0` with link scope, like ip route add', async () => {
    const { ns, h, veth0, br0 } = await setup();
    using _ = h;
    await h.addRoute({ dst: 'default', dev: 'veth0' });
    await h.addRoute({ dst: '172.18.0.0/24', dev: br0 });
    const routes = await h.listRoutes({ family: 4 });
    expect(routes.find((r) => r.dst === 'default')).toMatchObject({
      family: 4, dev: 'veth0', index: veth0, scope: 'link', table: 254, protocol: 'boot', type: 'unicast', metric: 0,
    });
    expect(routes.find((r) => r.dst === '172.18.0.0/24')).toMatchObject({ dev: 'br0', index: br0, scope: 'link', type: 'unicast' });
    const same = await expectSame(h, ns, {}, 4);
    expect(same).toHaveLength(3); // + the kernel's 10.1.0.0/24 prefix route
  });

  it('adds a route via a gateway (universe scope, dev found by the kernel), and a host route', async () => {
    const { ns, h } = await setup();
    using _ = h;
    await h.addRoute({ dst: '10.8.0.0/24', via: '10.1.0.2' });
    await h.addRoute({ dst: '10.9.0.7', via: '10.1.0.2', src: '10.1.0.1', protocol: 'static' });
    const r = await h.listRoutes({ family: 4 });
    expect(r.find((x) => x.dst === '10.8.0.0/24')).toMatchObject({ via: '10.1.0.2', dev: 'veth0', scope: 'universe' });
    expect(r.find((x) => x.dst === '10.9.0.7/32')).toMatchObject({ via: '10.1.0.2', src: '10.1.0.1', protocol: 'static' });
    await expectSame(h, ns, {}, 4);
  });

  it('keeps table 100 separate and lists it by table', async () => {
    const { ns, h } = await setup();
    using _ = h;
    await h.addRoute({ dst: '10.7.0.0/24', dev: 'veth0', table: 100 });
    await h.addRoute({ dst: '10.7.1.0/24', dev: 'veth0', table: 1000 });
    expect((await h.listRoutes({ table: 100 })).map((r) => [r.dst, r.table])).toEqual([['10.7.0.0/24', 100]]);
    expect((await h.listRoutes({ table: 1000 })).map((r) => [r.dst, r.table])).toEqual([['10.7.1.0/24', 1000]]);
    expect((await h.listRoutes()).some((r) => r.dst.startsWith('10.7.'))).toBe(false);
    await expectSame(h, ns, { table: 100 }, 4, ['table', '100']);
    await expectSame(h, ns, { table: 1000 }, 4, ['table', '1000']);
    // A table nobody created holds no routes.
    expect(await h.listRoutes({ table: 4242, family: 4 })).toEqual([]);
    expect(await h.listRoutes({ table: 4242 })).toEqual([]);
    // 'all' spans every table, including local.
    const all = await h.listRoutes({ table: 'all', family: 4 });
    expect(new Set(all.map((r) => r.table))).toEqual(new Set([100, 1000, 254, 255]));
    await expectSame(h, ns, { table: 'all' }, 4, ['table', 'all']);
  });

  it('holds two routes to one dst with different metrics; replace and delete act on one', async () => {
    const { ns, h } = await setup();
    using _ = h;
    await h.addRoute({ dst: '10.9.0.0/24', dev: 'veth0', metric: 10 });
    await h.addRoute({ dst: '10.9.0.0/24', via: '10.1.0.2', metric: 20 });
    let r = (await h.listRoutes()).filter((x) => x.dst === '10.9.0.0/24');
    expect(r.map((x) => [x.metric, x.via ?? null])).toEqual([[10, null], [20, '10.1.0.2']]);
    await expectSame(h, ns, {}, 4);

    await h.replaceRoute({ dst: '10.9.0.0/24', via: '10.1.0.3', metric: 20 });
    r = (await h.listRoutes()).filter((x) => x.dst === '10.9.0.0/24');
    expect(r.map((x) => [x.metric, x.via ?? null])).toEqual([[10, null], [20, '10.1.0.3']]);
    // replace also creates when nothing matches.
    await h.replaceRoute({ dst: '10.10.0.0/16', dev: 'veth0' });
    await expectSame(h, ns, {}, 4);

    await h.deleteRoute({ dst: '10.9.0.0/24', metric: 20 });
    r = (await h.listRoutes()).filter((x) => x.dst === '10.9.0.0/24');
    expect(r.map((x) => x.metric)).toEqual([10]);
    await h.deleteRoute({ dst: '10.9.0.0/24' });
    expect((await h.listRoutes()).some((x) => x.dst === '10.9.0.0/24')).toBe(false);
    expect(ipJson(ns, 'route', 'show', '10.9.0.0/24')).toEqual([]);
    const again = await h.deleteRoute({ dst: '10.9.0.0/24' }).catch((e) => e);
    expect(again).toBeInstanceOf(NetlinkError);
    expect(again).toMatchObject({ code: 'ESRCH', op: 'deleteRoute' });
  });

  it('filters by table, dev and family', async () => {
    const { ns, h } = await setup();
    using _ = h;
    await h.addRoute({ dst: '10.20.0.0/24', dev: 'br0' });
    await h.addRoute({ dst: '10.21.0.0/24', dev: 'veth0' });
    await h.addRoute({ dst: '2001:db8:20::/64', dev: 'br0' });
    const br = await h.listRoutes({ dev: 'br0' });
    // (+ the kernel's fe80::/64 for br0's link-local address)
    expect(br.map((r) => r.dst).filter((d) => !d.startsWith('fe80')).sort()).toEqual(['10.20.0.0/24', '2001:db8:20::/64']);
    expect(br.every((r) => r.dev === 'br0')).toBe(true);
    await expectSame(h, ns, { dev: 'br0' }, 4, ['dev', 'br0']);
    await expectSame(h, ns, { dev: 'veth0' }, 6, ['dev', 'veth0']);
    const v6 = await h.listRoutes({ family: 6 });
    expect(v6.length).toBeGreaterThan(0);
    expect(v6.every((r) => r.family === 6)).toBe(true);
    const v4 = await h.listRoutes({ family: 4, table: 'main' });
    expect(v4.every((r) => r.family === 4 && r.table === 254)).toBe(true);
  });

  it('adds IPv6 routes: via a gateway (metric 1024 by default), a default route, and deletes them', async () => {
    const { ns, h } = await setup();
    using _ = h;
    await h.addRoute({ dst: '2001:db8:1::/64', via: '2001:db8::2' });
    await h.addRoute({ dst: 'default', family: 6, dev: 'veth0', metric: 50 });
    await h.addRoute({ dst: '2001:db8:2::/48', via: '2001:db8::3', metric: 7, table: 100 });
    const r = await h.listRoutes({ family: 6 });
    expect(r.find((x) => x.dst === '2001:db8:1::/64')).toMatchObject({ via: '2001:db8::2', dev: 'veth0', metric: 1024, family: 6 });
    expect(r.find((x) => x.dst === 'default')).toMatchObject({ dev: 'veth0', metric: 50 });
    await expectSame(h, ns, {}, 6);
    await expectSame(h, ns, { table: 100 }, 6, ['table', '100']);
    await h.deleteRoute({ dst: '2001:db8:1::/64' });
    await h.deleteRoute({ dst: '::/0', dev: 'veth0' });
    const after = (await h.listRoutes({ family: 6 })).map((x) => x.dst);
    expect(after).not.toContain('2001:db8:1::/64');
    expect(after).not.toContain('default');
    await expectSame(h, ns, {}, 6);
  });

  it('adds a multipath route with two weighted nexthops', async () => {
    const { ns, h, veth0 } = await setup();
    using _ = h;
    await h.addRoute({ dst: '10.6.0.0/24', nexthops: [{ via: '10.1.0.2', dev: 'veth0' }, { via: '10.1.0.3', dev: veth0, weight: 3 }] });
    const r = (await h.listRoutes()).find((x) => x.dst === '10.6.0.0/24')!;
    expect(r.index).toBeNull();
    expect(r.nexthops).toEqual([
      { via: '10.1.0.2', dev: 'veth0', index: veth0, weight: 1, flags: [] },
      { via: '10.1.0.3', dev: 'veth0', index: veth0, weight: 3, flags: [] },
    ]);
    await expectSame(h, ns, {}, 4);
    await h.addRoute({ dst: '2001:db8:6::/64', nexthops: [{ via: '2001:db8::2', dev: 'veth0' }, { via: '2001:db8::3', dev: 'veth0', weight: 2 }] });
    await expectSame(h, ns, {}, 6);
  });

  it('adds blackhole, unreachable and prohibit routes (no device)', async () => {
    const { ns, h } = await setup();
    using _ = h;
    await h.addRoute({ dst: '10.5.0.0/24', type: 'blackhole' });
    await h.addRoute({ dst: '10.5.1.0/24', type: 'unreachable' });
    await h.addRoute({ dst: '10.5.2.0/24', type: 'prohibit', metric: 5 });
    await h.addRoute({ dst: '2001:db8:5::/64', type: 'blackhole' });
    const r = await h.listRoutes({ family: 4 });
    expect(r.filter((x) => x.dst.startsWith('10.5.')).map((x) => [x.dst, x.type, x.dev ?? null])).toEqual([
      ['10.5.0.0/24', 'blackhole', null], ['10.5.1.0/24', 'unreachable', null], ['10.5.2.0/24', 'prohibit', null],
    ]);
    await expectSame(h, ns, {}, 4);
    await expectSame(h, ns, {}, 6);
    const unreachable = await h.getRoute('10.5.1.9').catch((e) => e);
    expect(unreachable).toMatchObject({ code: 'EHOSTUNREACH', op: 'getRoute' });
    await h.deleteRoute({ dst: '10.5.0.0/24', type: 'blackhole' });
    expect((await h.listRoutes()).some((x) => x.dst === '10.5.0.0/24')).toBe(false);
  });

  it('adds a local-type route to the local table with host scope', async () => {
    const { ns, h } = await setup();
    using _ = h;
    await h.addRoute({ dst: '10.1.0.50', dev: 'veth0', type: 'local' });
    const r = (await h.listRoutes({ table: 'local' })).find((x) => x.dst === '10.1.0.50/32')!;
    expect(r).toMatchObject({ type: 'local', table: 255, scope: 'host', dev: 'veth0' });
    await expectSame(h, ns, { table: 'local' }, 4, ['table', 'local']);
  });

  it('sends an IPv4 route via an IPv6 gateway as RTA_VIA', async () => {
    const { ns, h } = await setup();
    using _ = h;
    await h.addRoute({ dst: '10.4.0.0/24', via: '2001:db8::2', dev: 'veth0' });
    expect((await h.listRoutes()).find((x) => x.dst === '10.4.0.0/24')).toMatchObject({ family: 4, via: '2001:db8::2', dev: 'veth0' });
    expect(ipJson(ns, 'route', 'show', '10.4.0.0/24')[0].via).toEqual({ family: 'inet6', host: '2001:db8::2' });
    await expectSame(h, ns, {}, 4);
  });

  it('answers getRoute like ip route get', async () => {
    const { ns, h, veth0 } = await setup();
    using _ = h;
    await h.addRoute({ dst: '10.30.0.0/16', via: '10.1.0.254', table: 'main' });
    for (const dst of ['10.1.0.5', '10.30.1.2', '2001:db8::9']) {
      const r = await h.getRoute(dst);
      const [ip] = ipJson(ns, 'route', 'get', dst);
      expect(r.dst).toBe(`${dst}/${r.family === 4 ? 32 : 128}`);
      expect(r.dev).toBe(ip.dev);
      expect(r.index).toBe(veth0);
      expect(r.via).toBe(ip.gateway);
      expect(r.src).toBe(ip.prefsrc);
      expect(r.table).toBe(254);
    }
    const none = await h.getRoute('192.0.2.1').catch((e) => e);
    expect(none).toBeInstanceOf(NetlinkError);
    expect(none).toMatchObject({ code: 'ENETUNREACH', op: 'getRoute' });
  });

  it('reports EEXIST for an existing route and ENETUNREACH (with extack) for an unreachable gateway', async () => {
    const { ns, h } = await setup();
    using _ = h;
    await h.addRoute({ dst: '10.9.0.0/24', dev: 'veth0' });
    const dup = await h.addRoute({ dst: '10.9.0.0/24', dev: 'veth0' }).catch((e) => e);
    expect(dup).toBeInstanceOf(NetlinkError);
    expect(dup).toMatchObject({ code: 'EEXIST', op: 'addRoute', errno: 17 });
    const gw = await h.addRoute({ dst: '10.3.0.0/24', via: '10.99.0.1' }).catch((e) => e);
    expect(gw).toBeInstanceOf(NetlinkError);
    expect(gw).toMatchObject({ code: 'ENETUNREACH', op: 'addRoute' });
    // The kernel explains itself (extended ACK), and the message carries it.
    expect(gw.extack).toMatch(/gateway/i);
    expect(gw.message).toContain(gw.extack);
    const noDev = await h.addRoute({ dst: '10.3.0.0/24', dev: 'nosuch0' }).catch((e) => e);
    expect(noDev).toMatchObject({ code: 'ENODEV', op: 'addRoute' });
    expect(ipJson(ns, 'route', 'show', '10.3.0.0/24')).toEqual([]);
  });

  it('rejects bad input with TypeError/RangeError before sending anything', async () => {
    const { ns, h } = await setup();
    using _ = h;
    // The kernel's own fe80:: address and routes arrive on its clock: start from after them.
    await waitLinkLocal(ns, ['veth0', 'veth1']);
    const before = ipJson(ns, 'route', 'show', 'table', 'all');
    const bad: [() => Promise<unknown>, ErrorConstructor][] = [
      [() => h.addRoute({ dst: '10.9.0.0/33', dev: 'veth0' }), RangeError],
      [() => h.addRoute({ dst: '10.9.0.300/24', dev: 'veth0' }), RangeError],
      [() => h.addRoute({ dst: 'nowhere', dev: 'veth0' }), RangeError],
      [() => h.addRoute({ dst: '10.9.0.5/24', dev: 'veth0' }), RangeError], // host bits set
      [() => h.addRoute({ dst: 42 } as never), TypeError],
      [() => h.addRoute({} as never), TypeError],
      [() => h.addRoute(null as never), TypeError],
      [() => h.addRoute({ dst: '10.9.0.0/24' }), RangeError], // no dev, via or nexthops
      [() => h.addRoute({ dst: '10.9.0.0/24', via: '10.1.0.999' }), RangeError],
      [() => h.addRoute({ dst: '2001:db8:9::/64', via: '10.1.0.2' }), RangeError], // v6 route via v4
      [() => h.addRoute({ dst: '10.9.0.0/24', dev: 'veth0', src: '2001:db8::1' }), RangeError],
      [() => h.addRoute({ dst: '10.9.0.0/24', dev: 'veth0', table: 'nosuch' as never }), RangeError],
      [() => h.addRoute({ dst: '10.9.0.0/24', dev: 'veth0', table: 0 }), RangeError],
      [() => h.addRoute({ dst: '10.9.0.0/24', dev: 'veth0', metric: -1 }), RangeError],
      [() => h.addRoute({ dst: '10.9.0.0/24', dev: 'veth0', metric: 2 ** 32 }), RangeError],
      [() => h.addRoute({ dst: '10.9.0.0/24', dev: 'veth0', metric: '5' as never }), TypeError],
      [() => h.addRoute({ dst: '10.9.0.0/24', dev: 'veth0', scope: 'galaxy' as never }), RangeError],
      [() => h.addRoute({ dst: '10.9.0.0/24', dev: 'veth0', protocol: 'nosuch' }), RangeError],
      [() => h.addRoute({ dst: '10.9.0.0/24', dev: 'veth0', protocol: 256 }), RangeError],
      [() => h.addRoute({ dst: '10.9.0.0/24', dev: 'veth0', type: 'wormhole' as never }), RangeError],
      [() => h.addRoute({ dst: '10.9.0.0/24', dev: 'veth0', family: 6 }), RangeError],
      [() => h.addRoute({ dst: '10.9.0.0/24', nexthops: [] }), RangeError],
      [() => h.addRoute({ dst: '10.9.0.0/24', nexthops: {} as never }), TypeError],
      [() => h.addRoute({ dst: '10.9.0.0/24', nexthops: [{}] }), RangeError],
      [() => h.addRoute({ dst: '10.9.0.0/24', nexthops: [{ via: '10.1.0.2', weight: 0 }] }), RangeError],
      [() => h.addRoute({ dst: '10.9.0.0/24', nexthops: [{ via: '10.1.0.2', weight: 257 }] }), RangeError],
      [() => h.addRoute({ dst: '10.9.0.0/24', nexthops: [{ via: '10.1.0.2', weight: 1.5 }] }), RangeError],
      [() => h.addRoute({ dst: '10.9.0.0/24', dev: 'veth0', nexthops: [{ via: '10.1.0.2' }] }), RangeError],
      [() => h.addRoute({ dst: '10.9.0.0/24', dev: 'a/b' }), RangeError],
      [() => h.addRoute({ dst: '10.9.0.0/24', dev: {} as never }), TypeError],
      [() => h.listRoutes({ table: 'nosuch' as never }), RangeError],
      [() => h.listRoutes({ family: 5 as never }), RangeError],
      [() => h.getRoute('10.1.0.0/24'), RangeError],
      [() => h.getRoute(7 as never), TypeError],
    ];
    for (const [fn, type] of bad) await expect(fn()).rejects.toBeInstanceOf(type);
    expect(ipJson(ns, 'route', 'show', 'table', 'all')).toEqual(before);
  });
});
