// Differential: the same address and route changes made by netlinkts in one namespace and by
// `ip` in another must leave the kernel in the same state, as `ip -j addr` / `ip -j route` show
// it (ifindexes, MACs and lifetimes aside). Links on both sides are built the same way, with
// our link API, so the only difference is who made the addr/route changes.
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { ipCmd, ipJson, makeNetns } from '../helpers/ns.js';

async function withLinks(tag: string) {
  const ns = makeNetns(tag);
  const h = await Netlink.open({ netns: ns });
  await h.createVeth('veth0', 'veth1', { up: true, address: '02:00:00:00:01:00', peerAddress: '02:00:00:00:01:01' });
  await h.createBridge('br0', { up: true, address: '02:00:00:00:02:00' });
  return { ns, h };
}

/** `ip -j addr`, without what differs by construction or by timing. */
function addrState(ns: string) {
  return ipJson(ns, 'addr').map((l: any) => ({
    ifname: l.ifname,
    addr_info: (l.addr_info ?? [])
      // Link-local IPv6 addresses finish DAD on their own schedule (tentative or not).
      .filter((a: any) => !(a.family === 'inet6' && a.scope === 'link'))
      .map(({ valid_life_time: _v, preferred_life_time: _p, ...a }: any) => a),
  }));
}

/** `ip -j route show table all` for one family, without the link-local DAD-dependent locals. */
function routeState(ns: string, family: 4 | 6) {
  return ipJson(ns, `-${family}`, 'route', 'show', 'table', 'all')
    .filter((r: any) => !(r.type === 'local' && String(r.dst).startsWith('fe80:')))
    // 'linkdown' follows the bridge's carrier, which settles on its own clock.
    .map((r: any) => (r.flags ? { ...r, flags: r.flags.filter((f: string) => f !== 'linkdown') } : r));
}

describe('differential: netlinkts vs ip', () => {
  it('leaves the same addresses and routes as the equivalent ip commands', async () => {
    const a = await withLinks('ours');
    const b = await withLinks('ip');
    using _a = a.h;
    using _b = b.h;
    const h = a.h;
    const steps: [() => Promise<void>, string[]][] = [
      [() => h.addAddress('veth0', '10.1.0.1/24'), ['addr', 'add', '10.1.0.1/24', 'dev', 'veth0']],
      [() => h.addAddress('veth0', '10.2.0.1/24', { broadcast: '+', label: 'veth0:b' }), ['addr', 'add', '10.2.0.1/24', 'brd', '+', 'label', 'veth0:b', 'dev', 'veth0']],
      [() => h.addAddress('veth0', '10.3.0.1/32', { peer: '10.3.0.2' }), ['addr', 'add', '10.3.0.1', 'peer', '10.3.0.2', 'dev', 'veth0']],
      [() => h.addAddress('veth0', '2001:db8::1/64', { nodad: true }), ['addr', 'add', '2001:db8::1/64', 'dev', 'veth0', 'nodad']],
      [() => h.addAddress('br0', '172.18.0.1/24'), ['addr', 'add', '172.18.0.1/24', 'dev', 'br0']],
      [() => h.addAddress('lo', '127.0.0.2/8'), ['addr', 'add', '127.0.0.2/8', 'dev', 'lo']],
      [() => h.addRoute({ dst: 'default', via: '10.1.0.254' }), ['route', 'add', 'default', 'via', '10.1.0.254']],
      [() => h.addRoute({ dst: '10.9.0.0/24', dev: 'veth0', metric: 10 }), ['route', 'add', '10.9.0.0/24', 'dev', 'veth0', 'metric', '10']],
      [() => h.addRoute({ dst: '10.8.0.0/24', via: '10.1.0.2', table: 100 }), ['route', 'add', '10.8.0.0/24', 'via', '10.1.0.2', 'table', '100']],
      [() => h.addRoute({ dst: '10.8.1.0/24', dev: 'br0', table: 5000, src: '172.18.0.1' }), ['route', 'add', '10.8.1.0/24', 'dev', 'br0', 'table', '5000', 'src', '172.18.0.1']],
      [() => h.addRoute({ dst: '10.6.0.0/24', nexthops: [{ via: '10.1.0.2', dev: 'veth0' }, { via: '10.1.0.3', dev: 'veth0', weight: 4 }] }),
        ['route', 'add', '10.6.0.0/24', 'nexthop', 'via', '10.1.0.2', 'dev', 'veth0', 'nexthop', 'via', '10.1.0.3', 'dev', 'veth0', 'weight', '4']],
      [() => h.addRoute({ dst: '10.5.0.0/24', type: 'blackhole' }), ['route', 'add', 'blackhole', '10.5.0.0/24']],
      [() => h.addRoute({ dst: '10.5.1.0/24', type: 'unreachable' }), ['route', 'add', 'unreachable', '10.5.1.0/24']],
      [() => h.addRoute({ dst: '10.5.2.0/24', type: 'prohibit' }), ['route', 'add', 'prohibit', '10.5.2.0/24']],
      [() => h.addRoute({ dst: '10.7.0.1', dev: 'veth0', protocol: 'static', scope: 'link' }), ['route', 'add', '10.7.0.1', 'dev', 'veth0', 'proto', 'static', 'scope', 'link']],
      [() => h.addRoute({ dst: '10.4.0.0/24', via: '2001:db8::2', dev: 'veth0' }), ['route', 'add', '10.4.0.0/24', 'via', 'inet6', '2001:db8::2', 'dev', 'veth0']],
      [() => h.addRoute({ dst: '2001:db8:1::/64', via: '2001:db8::2' }), ['-6', 'route', 'add', '2001:db8:1::/64', 'via', '2001:db8::2']],
      [() => h.addRoute({ dst: 'default', family: 6, dev: 'veth0', metric: 50 }), ['-6', 'route', 'add', 'default', 'dev', 'veth0', 'metric', '50']],
      [() => h.addRoute({ dst: '2001:db8:5::/64', type: 'blackhole' }), ['-6', 'route', 'add', 'blackhole', '2001:db8:5::/64']],
      [() => h.addRoute({ dst: '2001:db8:6::/64', nexthops: [{ via: '2001:db8::2', dev: 'veth0' }, { via: '2001:db8::3', dev: 'veth0', weight: 2 }] }),
        ['-6', 'route', 'add', '2001:db8:6::/64', 'nexthop', 'via', '2001:db8::2', 'dev', 'veth0', 'nexthop', 'via', '2001:db8::3', 'dev', 'veth0', 'weight', '2']],
      [() => h.replaceRoute({ dst: '10.9.0.0/24', via: '10.1.0.3', metric: 10 }), ['route', 'replace', '10.9.0.0/24', 'via', '10.1.0.3', 'metric', '10']],
      [() => h.replaceRoute({ dst: '10.10.0.0/16', dev: 'br0' }), ['route', 'replace', '10.10.0.0/16', 'dev', 'br0']],
      [() => h.deleteRoute({ dst: '10.5.1.0/24' }), ['route', 'del', '10.5.1.0/24']],
      [() => h.deleteRoute({ dst: '2001:db8:1::/64' }), ['-6', 'route', 'del', '2001:db8:1::/64']],
      [() => h.deleteAddress('veth0', '10.2.0.1/24'), ['addr', 'del', '10.2.0.1/24', 'dev', 'veth0']],
    ];
    for (const [ours, ip] of steps) {
      await ours();
      ipCmd(b.ns, ...ip);
    }
    expect(addrState(a.ns)).toEqual(addrState(b.ns));
    expect(routeState(a.ns, 4)).toEqual(routeState(b.ns, 4));
    expect(routeState(a.ns, 6)).toEqual(routeState(b.ns, 6));
    // Not vacuous: the state holds what the steps made.
    expect(routeState(a.ns, 4).length).toBeGreaterThan(10);
    expect(JSON.stringify(addrState(a.ns))).toContain('10.3.0.2');
  });
});
