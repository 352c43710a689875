// Route extras against the kernel: onlink, metrics (with lock), append, IPv6 pref/expires,
// realm, and ip route get's keys. Read back through netlinkts and `ip -j`; differential with the
// same ip commands in a second namespace; listed routes re-add identically in a fresh one.
import { describe, expect, it } from 'vitest';
import { Netlink, type Route, type RouteSpec } from '../../lib/index.js';
import { ipCmd, ipJson, makeNetns } from '../helpers/ns.js';

function world(tag: string): string {
  const ns = makeNetns(tag);
  ipCmd(ns, 'link', 'set', 'lo', 'up');
  ipCmd(ns, 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1');
  ipCmd(ns, 'link', 'set', 'veth0', 'up');
  ipCmd(ns, 'link', 'set', 'veth1', 'up');
  ipCmd(ns, 'addr', 'add', '10.1.0.1/24', 'dev', 'veth0');
  ipCmd(ns, 'addr', 'add', '2001:db8::1/64', 'dev', 'veth0', 'nodad');
  return ns;
}

/** Our routes as `ip -j` shows them (kernel-made ones aside), IPv6 expiry rounded away. */
function state(ns: string) {
  const v4 = ipJson(ns, '-4', 'route', 'show', 'table', 'all').filter((r: any) => r.protocol !== 'kernel' && r.type !== 'local' && r.type !== 'broadcast');
  const v6 = ipJson(ns, '-6', 'route', 'show', 'table', 'all').filter((r: any) => r.protocol !== 'kernel' && r.type !== 'local' && r.type !== 'multicast');
  return [...v4, ...v6].map(({ expires: _e, ...r }: any) => r);
}

const ours: [string, RouteSpec][] = [
  ['add', { dst: '10.2.0.0/24', via: '10.200.0.1', dev: 'veth0', onlink: true }],
  ['add', { dst: '10.3.0.0/24', via: '10.1.0.2', dev: 'veth0', metrics: { mtu: 1400, advmss: 1360, window: 65535, rtt: 10, hoplimit: 64, initcwnd: 10, lock: ['mtu'] } }],
  ['add', { dst: '10.4.0.0/24', dev: 'veth0', table: 100, metrics: { mtu: 1300 } }],
  ['add', { dst: '10.5.0.0/24', via: '10.1.0.2', dev: 'veth0', type: 'unicast' }],
  ['append', { dst: '10.5.0.0/24', type: 'blackhole' }],
  ['add', { dst: '2001:db8:1::/64', via: '2001:db8::2', dev: 'veth0', pref: 'high' }],
  ['add', { dst: '2001:db8:2::/64', via: '2001:db8::2', dev: 'veth0', pref: 'low', expires: 600 }],
  ['add', { dst: '2001:db8:3::/64', via: '2001:db8::2', dev: 'veth0' }],
  ['append', { dst: '2001:db8:3::/64', via: '2001:db8::3', dev: 'veth0' }],
  ['add', { dst: '10.6.0.0/24', dev: 'veth0', realm: 7 }],
];
const theirs: string[][] = [
  ['route', 'add', '10.2.0.0/24', 'via', '10.200.0.1', 'dev', 'veth0', 'onlink'],
  ['route', 'add', '10.3.0.0/24', 'via', '10.1.0.2', 'dev', 'veth0', 'mtu', 'lock', '1400', 'advmss', '1360', 'window', '65535', 'rtt', '10ms', 'hoplimit', '64', 'initcwnd', '10'],
  ['route', 'add', '10.4.0.0/24', 'dev', 'veth0', 'table', '100', 'mtu', '1300'],
  ['route', 'add', '10.5.0.0/24', 'via', '10.1.0.2', 'dev', 'veth0'],
  ['route', 'append', 'blackhole', '10.5.0.0/24'],
  ['-6', 'route', 'add', '2001:db8:1::/64', 'via', '2001:db8::2', 'dev', 'veth0', 'pref', 'high'],
  ['-6', 'route', 'add', '2001:db8:2::/64', 'via', '2001:db8::2', 'dev', 'veth0', 'pref', 'low', 'expires', '600'],
  ['-6', 'route', 'add', '2001:db8:3::/64', 'via', '2001:db8::2', 'dev', 'veth0'],
  ['-6', 'route', 'append', '2001:db8:3::/64', 'via', '2001:db8::3', 'dev', 'veth0'],
  ['route', 'add', '10.6.0.0/24', 'dev', 'veth0', 'realm', '7'],
];

async function apply(h: Netlink, list: [string, RouteSpec][]) {
  for (const [how, spec] of list) await (how === 'append' ? h.appendRoute(spec) : h.addRoute(spec));
}

describe('route extras', () => {
  it('read back by netlinkts and ip -j; differential with the same ip commands', async () => {
    const a = world('rxa');
    using h = await Netlink.open({ netns: a });
    await apply(h, ours);
    const listed = await h.listRoutes({ table: 'all' });
    const find = (dst: string) => listed.filter((r) => r.dst === dst);
    expect(find('10.2.0.0/24')[0]).toMatchObject({ onlink: true, via: '10.200.0.1', flags: ['onlink'] });
    expect(find('10.3.0.0/24')[0]!.metrics).toEqual({ mtu: 1400, advmss: 1360, window: 65535, rtt: 10, hoplimit: 64, initcwnd: 10, lock: ['mtu'] });
    expect(find('10.4.0.0/24')[0]).toMatchObject({ table: 100, metrics: { mtu: 1300 } });
    expect(find('10.5.0.0/24').map((r) => r.type).sort()).toEqual(['blackhole', 'unicast']);
    expect(find('10.6.0.0/24')[0]!.realm).toBe(7);
    expect(find('2001:db8:1::/64')[0]!.pref).toBe('high');
    const exp = find('2001:db8:2::/64')[0]!;
    expect(exp.pref).toBe('low');
    expect(exp.expires).toBeGreaterThan(500);
    expect(exp.expires).toBeLessThanOrEqual(600);
    // IPv6 append: one route, two legs
    expect(find('2001:db8:3::/64')[0]!.nexthops?.map((n) => n.via)).toEqual(['2001:db8::2', '2001:db8::3']);

    const ip = new Map(state(a).map((r: any) => [`${r.type ?? 'unicast'} ${r.dst}`, r]));
    expect(ip.get('unicast 10.3.0.0/24').metrics).toEqual([{ mtu: 1400, window: 65535, rtt: 10, advmss: 1360, hoplimit: 64, initcwnd: 10 }]);
    // ip -j leaves the lock out; its text form shows it
    expect(ipCmd(a, 'route', 'show', '10.3.0.0/24')).toContain('mtu lock 1400');
    expect(ip.get('unicast 2001:db8:1::/64').pref).toBe('high');

    const b = world('rxb');
    for (const c of theirs) ipCmd(b, ...c);
    expect(state(a)).toEqual(state(b));
  });

  it('round trip: listed routes re-add identically in a fresh namespace', async () => {
    const a = world('rxr');
    for (const c of theirs) ipCmd(a, ...c);
    using ha = await Netlink.open({ netns: a });
    const mine = (await ha.listRoutes({ table: 'all' }))
      .filter((r) => r.protocol !== 'kernel' && r.type !== 'local' && r.type !== 'broadcast' && r.type !== 'multicast');
    const b = world('rxs');
    using hb = await Netlink.open({ netns: b });
    // IPv4 routes with the same dst/table/metric but another type need append.
    const seen = new Set<string>();
    for (const r of mine) {
      const key = `${r.family} ${r.table} ${r.dst} ${r.metric}`;
      await (seen.has(key) ? hb.appendRoute(r as Route) : hb.addRoute(r as Route));
      seen.add(key);
    }
    expect(state(b)).toEqual(state(a));
  });

  it('getRoute with from/oif/mark/uid answers as ip route get does', async () => {
    const a = world('rxg');
    ipCmd(a, 'route', 'add', '10.9.0.0/24', 'via', '10.1.0.2');
    ipCmd(a, 'rule', 'add', 'fwmark', '7', 'table', '100');
    ipCmd(a, 'route', 'add', '10.9.0.0/24', 'via', '10.1.0.3', 'table', '100');
    using h = await Netlink.open({ netns: a });
    const plain = await h.getRoute('10.9.0.1', { src: '10.1.0.1', oif: 'veth0', uid: 1000 });
    const ipPlain = ipJson(a, 'route', 'get', '10.9.0.1', 'from', '10.1.0.1', 'oif', 'veth0', 'uid', '1000')[0];
    expect(plain).toMatchObject({ via: ipPlain.gateway, dev: ipPlain.dev, table: 254 });
    const marked = await h.getRoute('10.9.0.1', { mark: 7 });
    const ipMarked = ipJson(a, 'route', 'get', '10.9.0.1', 'mark', '7')[0];
    expect(marked.via).toBe('10.1.0.3');
    expect(marked.via).toBe(ipMarked.gateway);
    expect(marked.table).toBe(100);
    await expect(h.getRoute('10.9.0.1', { src: '2001:db8::1' })).rejects.toThrow(RangeError);
  });

  it('kernel refusals: a gateway off-link without onlink; append of an existing route', async () => {
    const a = world('rxe');
    using h = await Netlink.open({ netns: a });
    await expect(h.addRoute({ dst: '10.2.0.0/24', via: '10.200.0.1', dev: 'veth0' })).rejects.toMatchObject({ code: 'ENETUNREACH' });
    await h.addRoute({ dst: '10.5.0.0/24', via: '10.1.0.2', dev: 'veth0' });
    await expect(h.appendRoute({ dst: '10.5.0.0/24', via: '10.1.0.2', dev: 'veth0' })).rejects.toMatchObject({ code: 'EEXIST', op: 'appendRoute' });
  });
});
