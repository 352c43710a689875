// Nexthop objects (ip nexthop) against the kernel: read back through netlinkts and `ip -j`,
// differential against the same ip commands in a second namespace, the round-trip property
// (what listNexthops returns, addNexthop re-creates identically, by `ip -j`), replace/delete,
// kernel refusals, and events.
import { describe, expect, it } from 'vitest';
import { Netlink, type NetlinkEvent, type Nexthop, type NexthopSpec } from '../../lib/index.js';
import { ipCmd, ipJson, makeNetns } from '../helpers/ns.js';

/** lo up (blackhole nexthops use it), veth0 10.1.0.1/24 + 2001:db8::1/64, both ends up. */
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

const specs: NexthopSpec[] = [
  { id: 1, via: '10.1.0.2', dev: 'veth0' },
  { id: 2, via: '10.1.0.3', dev: 'veth0', protocol: 'static' },
  { id: 3, dev: 'veth0' },
  { id: 4, via: '10.2.0.2', dev: 'veth0', onlink: true },
  { id: 5, blackhole: true },
  { id: 6, via: '2001:db8::2', dev: 'veth0' },
  { id: 7, via: '10.1.0.9', fdb: true },
  { id: 10, group: [{ id: 1 }, { id: 2, weight: 5 }] },
  { id: 11, group: [{ id: 1, weight: 256 }, { id: 3 }], groupType: 'mpath' },
  { id: 12, group: [{ id: 1 }, { id: 2 }], groupType: 'resilient', buckets: 32, idleTimer: 10, unbalancedTimer: 20 },
  { id: 13, group: [{ id: 7 }], fdb: true },
];
const ipCommands: string[][] = [
  ['id', '1', 'via', '10.1.0.2', 'dev', 'veth0'],
  ['id', '2', 'via', '10.1.0.3', 'dev', 'veth0', 'proto', 'static'],
  ['id', '3', 'dev', 'veth0'],
  ['id', '4', 'via', '10.2.0.2', 'dev', 'veth0', 'onlink'],
  ['id', '5', 'blackhole'],
  ['id', '6', 'via', '2001:db8::2', 'dev', 'veth0'],
  ['id', '7', 'via', '10.1.0.9', 'fdb'],
  ['id', '10', 'group', '1/2,5'],
  ['id', '11', 'group', '1,256/3', 'type', 'mpath'],
  ['id', '12', 'group', '1/2', 'type', 'resilient', 'buckets', '32', 'idle_timer', '10', 'unbalanced_timer', '20'],
  ['id', '13', 'group', '7', 'fdb'],
];

/** `ip -j nexthop show` without what moves on its own (resilient groups' unbalanced time). */
function nhState(ns: string) {
  return ipJson(ns, 'nexthop', 'show').map((n: any) => {
    if (n.resilient_args) delete n.resilient_args.unbalanced_time;
    return n;
  });
}

/** Members before the groups that use them (kernel order is by id). */
function creationOrder(list: Nexthop[]): Nexthop[] {
  return [...list.filter((n) => !n.group), ...list.filter((n) => n.group)];
}

describe('nexthop objects', () => {
  it('add: read back by netlinkts and by ip -j; differential with the same ip commands', async () => {
    const a = world('nha');
    using h = await Netlink.open({ netns: a });
    for (const s of specs) await h.addNexthop(s);
    const listed = await h.listNexthops();
    const byId = new Map(listed.map((n) => [n.id, n]));
    expect(listed.map((n) => n.id)).toEqual(specs.map((s) => s.id));
    expect(byId.get(1)).toMatchObject({ family: 4, via: '10.1.0.2', dev: 'veth0', index: expect.any(Number) });
    expect(byId.get(2)!.protocol).toBe('static');
    expect(byId.get(4)).toMatchObject({ onlink: true, flags: ['onlink'] });
    expect(byId.get(5)).toMatchObject({ blackhole: true });
    expect(byId.get(6)).toMatchObject({ family: 6, via: '2001:db8::2' });
    expect(byId.get(7)).toMatchObject({ fdb: true, via: '10.1.0.9' });
    expect(byId.get(10)).toMatchObject({ group: [{ id: 1, weight: 1 }, { id: 2, weight: 5 }], groupType: 'mpath' });
    expect(byId.get(11)!.group).toEqual([{ id: 1, weight: 256 }, { id: 3, weight: 1 }]);
    expect(byId.get(12)).toMatchObject({ groupType: 'resilient', buckets: 32, idleTimer: 10, unbalancedTimer: 20 });
    expect(byId.get(13)).toMatchObject({ fdb: true, group: [{ id: 7, weight: 1 }] });
    expect(await h.getNexthop(10)).toEqual(byId.get(10));
    expect((await h.listNexthops({ groups: true })).map((n) => n.id)).toEqual([10, 11, 12, 13]);
    expect((await h.listNexthops({ fdb: true })).map((n) => n.id)).toEqual([7, 13]);
    expect((await h.listNexthops({ dev: 'veth0' })).map((n) => n.id)).toEqual([1, 2, 3, 4, 6]);

    // ip sees what we listed
    const ip = new Map(nhState(a).map((n: any) => [n.id, n]));
    expect(ip.get(1)).toMatchObject({ gateway: '10.1.0.2', dev: 'veth0' });
    expect(ip.get(10).group).toEqual([{ id: 1 }, { id: 2, weight: 5 }]);
    expect(ip.get(5)).toHaveProperty('blackhole'); // ip -j prints it as a null-valued key

    // differential: the same objects made by ip
    const b = world('nhb');
    for (const c of ipCommands) ipCmd(b, 'nexthop', 'add', ...c);
    expect(nhState(a)).toEqual(nhState(b));
  });

  it('round trip: listed nexthops re-add identically in a fresh namespace', async () => {
    const a = world('nhr');
    for (const c of ipCommands) ipCmd(a, 'nexthop', 'add', ...c);
    using ha = await Netlink.open({ netns: a });
    const listed = await ha.listNexthops();
    const b = world('nhs');
    using hb = await Netlink.open({ netns: b });
    for (const n of creationOrder(listed)) await hb.addNexthop(n);
    expect(nhState(b)).toEqual(nhState(a));
    expect(await hb.listNexthops()).toEqual(listed);
  });

  it('replace changes the object in place; delete removes it (and routes using it)', async () => {
    const a = world('nhd');
    using h = await Netlink.open({ netns: a });
    await h.addNexthop({ id: 1, via: '10.1.0.2', dev: 'veth0' });
    await h.addRoute({ dst: '10.9.0.0/24', nhid: 1 });
    await h.replaceNexthop({ id: 1, via: '10.1.0.4', dev: 'veth0' });
    expect(nhState(a)).toMatchObject([{ id: 1, gateway: '10.1.0.4' }]);
    expect(ipJson(a, 'route', 'get', '10.9.0.1')[0].gateway).toBe('10.1.0.4');
    await h.replaceNexthop({ id: 2, blackhole: true }); // replace creates too
    await h.deleteNexthop(1);
    expect(nhState(a).map((n: any) => n.id)).toEqual([2]);
    expect(ipJson(a, 'route', 'show', '10.9.0.0/24')).toEqual([]);
    await expect(h.deleteNexthop(1)).rejects.toMatchObject({ code: 'ENOENT', op: 'deleteNexthop' });
    await expect(h.getNexthop(1)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('kernel refusals carry the kernel reason', async () => {
    const a = world('nhe');
    using h = await Netlink.open({ netns: a });
    await h.addNexthop({ id: 1, via: '10.1.0.2', dev: 'veth0' });
    await expect(h.addNexthop({ id: 1, via: '10.1.0.3', dev: 'veth0' })).rejects.toMatchObject({ code: 'EEXIST' });
    // a group member that does not exist
    await expect(h.addNexthop({ id: 10, group: [{ id: 1 }, { id: 99 }] })).rejects.toMatchObject({ code: 'EINVAL', extack: expect.stringMatching(/nexthop id/i) });
    // resilient without buckets
    await expect(h.addNexthop({ id: 11, group: [{ id: 1 }], groupType: 'resilient' })).rejects.toMatchObject({ code: 'EINVAL' });
    // the gateway is not reachable over veth0 without onlink
    await expect(h.addNexthop({ id: 12, via: '10.99.0.1', dev: 'veth0' })).rejects.toMatchObject({ code: 'ENETUNREACH' });
    expect(nhState(a).map((n: any) => n.id)).toEqual([1]);
  });

  it('monitor(["nexthop"]) streams newnexthop and delnexthop', async () => {
    const a = world('nhm');
    using h = await Netlink.open({ netns: a });
    const ac = new AbortController();
    const seen: NetlinkEvent[] = [];
    const done = (async () => {
      for await (const ev of h.monitor(['nexthop'], { signal: ac.signal })) {
        seen.push(ev);
        if (ev.type === 'delnexthop' && ev.nexthop?.id === 42) break;
      }
    })();
    ipCmd(a, 'nexthop', 'add', 'id', '42', 'via', '10.1.0.2', 'dev', 'veth0');
    await h.addNexthop({ id: 43, group: [{ id: 42 }] });
    await h.deleteNexthop(42);
    const timer = setTimeout(() => ac.abort(), 10000);
    await done;
    clearTimeout(timer);
    const types = seen.map((e) => `${e.type}:${e.nexthop?.id}`);
    expect(types).toContain('newnexthop:42');
    expect(types).toContain('newnexthop:43');
    expect(types).toContain('delnexthop:42');
    expect(seen.find((e) => e.type === 'newnexthop' && e.nexthop?.id === 42)!.nexthop).toMatchObject({ via: '10.1.0.2', index: expect.any(Number) });
  });
});
