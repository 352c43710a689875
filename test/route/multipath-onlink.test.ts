// Per-leg onlink on multipath routes (RTNH_F_ONLINK in each rtnexthop): added through netlinkts,
// read back through listRoutes and `ip -j route`, the same route by `ip route add … nexthop …
// onlink` in a second namespace, and the listed route re-added in a third. Bytes: test/codec/brvlan.
import { describe, expect, it } from 'vitest';
import { Netlink, type RouteSpec } from '../../lib/index.js';
import { ipCmd, ipJson, makeNetns } from '../helpers/ns.js';

/** Two up veths, no addresses: every gateway below is off-link, so only onlink legs are accepted. */
function world(tag: string): string {
  const ns = makeNetns(tag);
  ipCmd(ns, 'link', 'set', 'lo', 'up');
  for (const [a, b] of [['veth0', 'veth1'], ['veth2', 'veth3']]) {
    ipCmd(ns, 'link', 'add', a!, 'type', 'veth', 'peer', 'name', b!);
    ipCmd(ns, 'link', 'set', a!, 'up');
    ipCmd(ns, 'link', 'set', b!, 'up');
  }
  return ns;
}
const view = (ns: string) => ipJson(ns, 'route', 'show', '10.9.0.0/24');

const SPEC: RouteSpec = {
  dst: '10.9.0.0/24',
  nexthops: [{ via: '10.1.0.1', dev: 'veth0', onlink: true, weight: 2 }, { via: '10.2.0.1', dev: 'veth2', onlink: true }],
};

describe('multipath routes with onlink legs', () => {
  it('read back by netlinkts and ip -j; differential with `ip route add … nexthop … onlink`', async () => {
    const a = world('moA');
    const b = world('moB');
    using h = await Netlink.open({ netns: a });
    await h.addRoute(SPEC);
    const [r] = (await h.listRoutes()).filter((x) => x.dst === '10.9.0.0/24');
    expect(r!.nexthops).toEqual([
      expect.objectContaining({ via: '10.1.0.1', dev: 'veth0', weight: 2, onlink: true, flags: ['onlink'] }),
      expect.objectContaining({ via: '10.2.0.1', dev: 'veth2', weight: 1, onlink: true, flags: ['onlink'] }),
    ]);
    expect(view(a)[0].nexthops).toEqual([
      expect.objectContaining({ gateway: '10.1.0.1', dev: 'veth0', weight: 2, flags: ['onlink'] }),
      expect.objectContaining({ gateway: '10.2.0.1', dev: 'veth2', weight: 1, flags: ['onlink'] }),
    ]);
    ipCmd(b, 'route', 'add', '10.9.0.0/24', 'nexthop', 'via', '10.1.0.1', 'dev', 'veth0', 'weight', '2', 'onlink',
      'nexthop', 'via', '10.2.0.1', 'dev', 'veth2', 'onlink');
    expect(view(a)).toEqual(view(b));
  });

  it('a leg without onlink to an off-link gateway is refused by the kernel (the flag is what makes it work)', async () => {
    const a = world('moA');
    using h = await Netlink.open({ netns: a });
    const off: RouteSpec = { dst: '10.9.0.0/24', nexthops: [{ via: '10.1.0.1', dev: 'veth0', onlink: true }, { via: '10.2.0.1', dev: 'veth2' }] };
    await expect(h.addRoute(off)).rejects.toMatchObject({ code: 'ENETUNREACH' });
    expect(view(a)).toEqual([]);
  });

  it('round trip: the listed route re-adds identically in a fresh namespace', async () => {
    const a = world('moA');
    const b = world('moB');
    ipCmd(a, 'route', 'add', '10.9.0.0/24', 'nexthop', 'via', '10.1.0.1', 'dev', 'veth0', 'onlink', 'nexthop', 'via', '10.2.0.1', 'dev', 'veth2', 'weight', '3', 'onlink');
    using ha = await Netlink.open({ netns: a });
    using hb = await Netlink.open({ netns: b });
    const [r] = (await ha.listRoutes()).filter((x) => x.dst === '10.9.0.0/24');
    await hb.addRoute(r!);
    expect(view(b)).toEqual(view(a));
    expect((await hb.listRoutes()).filter((x) => x.dst === '10.9.0.0/24')).toEqual([r]);
  });
});
