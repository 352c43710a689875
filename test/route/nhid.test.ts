// Routes through nexthop objects (ip route add … nhid N) and the macvtap parent fix: a listed
// route carries its nhid (not the object's expanded gateway/legs), and adding the listed route
// in a fresh namespace re-creates the same route, as `ip -j route` shows it.
import { describe, expect, it } from 'vitest';
import { Netlink, type Route } from '../../lib/index.js';
import { ipCmd, ipJson, makeNetns } from '../helpers/ns.js';

/** A namespace with lo up, veth0 (10.1.0.1/24) and nexthops 1, 2 and group 10, made with ip. */
function world(tag: string): string {
  const ns = makeNetns(tag);
  ipCmd(ns, 'link', 'set', 'lo', 'up');
  ipCmd(ns, 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1');
  ipCmd(ns, 'link', 'set', 'veth0', 'up');
  ipCmd(ns, 'link', 'set', 'veth1', 'up');
  ipCmd(ns, 'addr', 'add', '10.1.0.1/24', 'dev', 'veth0');
  ipCmd(ns, 'nexthop', 'add', 'id', '1', 'via', '10.1.0.2', 'dev', 'veth0');
  ipCmd(ns, 'nexthop', 'add', 'id', '2', 'via', '10.1.0.3', 'dev', 'veth0');
  ipCmd(ns, 'nexthop', 'add', 'id', '10', 'group', '1/2,4');
  return ns;
}

/** `ip -j route` without the kernel's own connected route. */
function routes(ns: string) {
  return ipJson(ns, 'route', 'show').filter((r: any) => r.protocol !== 'kernel');
}

describe('routes via nexthop objects (nhid)', () => {
  it('list with nhid, and the listed route re-adds as the same route', async () => {
    const a = world('nha');
    ipCmd(a, 'route', 'add', '10.9.0.0/24', 'nhid', '10');
    ipCmd(a, 'route', 'add', '10.8.0.0/24', 'nhid', '1', 'metric', '5');
    using h = await Netlink.open({ netns: a });
    const listed = (await h.listRoutes()).filter((r) => r.protocol !== 'kernel');
    const byDst = new Map(listed.map((r) => [r.dst, r]));
    const group = byDst.get('10.9.0.0/24')!;
    expect(group.nhid).toBe(10);
    // Not the object's legs: re-adding them would make a plain multipath route.
    expect(group.nexthops).toBeUndefined();
    expect(group.via).toBeUndefined();
    const single = byDst.get('10.8.0.0/24')!;
    expect(single).toMatchObject({ nhid: 1, metric: 5, index: expect.any(Number) });
    expect(single.dev).toBeUndefined();
    // ip sees the same routes with nhid
    expect(routes(a).map((r: any) => [r.dst, r.nhid])).toEqual([['10.8.0.0/24', 1], ['10.9.0.0/24', 10]]);

    const b = world('nhb');
    using hb = await Netlink.open({ netns: b });
    for (const r of listed) await hb.addRoute(r as Route);
    expect(routes(b)).toEqual(routes(a));
  });

  it('rejects nhid together with via/dev/nexthops before sending anything', async () => {
    const a = world('nhx');
    using h = await Netlink.open({ netns: a });
    await expect(h.addRoute({ dst: '10.9.0.0/24', nhid: 1, dev: 'veth0' })).rejects.toThrow(RangeError);
    await expect(h.addRoute({ dst: '10.9.0.0/24', nhid: 1, via: '10.1.0.2' })).rejects.toThrow(/not both/);
    await expect(h.addRoute({ dst: '10.9.0.0/24', nhid: 0 })).rejects.toThrow(RangeError);
    expect(routes(a)).toEqual([]);
  });

  it('a route naming a missing nexthop object fails with the kernel reason', async () => {
    const a = world('nhm');
    using h = await Netlink.open({ netns: a });
    await expect(h.addRoute({ dst: '10.9.0.0/24', nhid: 77 })).rejects.toMatchObject({ code: 'EINVAL', op: 'addRoute' });
  });
});

describe('macvtap', () => {
  it('createLink({ kind: "macvtap", parent }) sends the parent (was EINVAL)', async () => {
    const ns = makeNetns('mvt');
    ipCmd(ns, 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1');
    using h = await Netlink.open({ netns: ns });
    const parent = await h.getLink('veth0');
    const l = await h.createLink({ kind: 'macvtap', name: 'mvt0', parent: 'veth0', mode: 'bridge' });
    expect(l.kind).toBe('macvtap');
    expect(l.link).toBe(parent.index);
    const [j] = ipJson(ns, '-d', 'link', 'show', 'mvt0');
    expect(j.linkinfo.info_kind).toBe('macvtap');
    expect(j.linkinfo.info_data.mode).toBe('bridge');
    expect(j.link).toBe('veth0');
  });
});
