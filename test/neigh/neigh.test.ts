// Neighbours: read back through netlinkts and `ip -j neigh`, the same entries added by `ip neigh`
// in a second namespace, the list → add round trip, flush, and a static neighbour letting a ping
// through links with ARP off.
import { describe, expect, it } from 'vitest';
import { Netlink, type NeighborSpec } from '../../lib/index.js';
import { inNs, ipCmd, ipJson, makeNetns } from '../helpers/ns.js';

const SPECS: [NeighborSpec, string[]][] = [
  [{ dev: 'v0', address: '10.0.0.2', lladdr: '02:00:00:00:00:02' }, ['10.0.0.2', 'lladdr', '02:00:00:00:00:02', 'dev', 'v0']],
  [{ dev: 'v0', address: '10.0.0.3', lladdr: '02:00:00:00:00:03', state: 'stale', router: true }, ['10.0.0.3', 'lladdr', '02:00:00:00:00:03', 'dev', 'v0', 'nud', 'stale', 'router']],
  [{ dev: 'v0', address: '2001:db8::2', lladdr: '02:00:00:00:00:05', state: 'noarp' }, ['2001:db8::2', 'lladdr', '02:00:00:00:00:05', 'dev', 'v0', 'nud', 'noarp']],
  [{ dev: 'v0', address: '10.0.0.7', lladdr: '02:00:00:00:00:07', externLearn: true }, ['10.0.0.7', 'lladdr', '02:00:00:00:00:07', 'dev', 'v0', 'extern_learn']],
  [{ dev: 'v0', address: '10.0.0.9', proxy: true }, ['proxy', '10.0.0.9', 'dev', 'v0']],
];

function setup(ns: string): void {
  ipCmd(ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
}
/** Everything on v0 as ip prints it (nud all: ip hides noarp entries otherwise), cache and proxy. */
const view = (ns: string) => [ipJson(ns, 'neigh', 'show', 'dev', 'v0', 'nud', 'all'), ipJson(ns, 'neigh', 'show', 'proxy')]
  .map((l) => (l as { dst: string }[]).sort((a, b) => a.dst.localeCompare(b.dst)));

describe('neighbours', () => {
  it('added entries read back through listNeighbors and ip -j neigh', async () => {
    const ns = makeNetns('ne');
    setup(ns);
    using h = await Netlink.open({ netns: ns });
    for (const [spec] of SPECS) await h.addNeighbor(spec);
    const listed = [...await h.listNeighbors({ dev: 'v0' }), ...await h.listNeighbors({ proxy: true })];
    for (const [spec] of SPECS) {
      expect(listed.find((n) => n.address === spec.address), spec.address).toMatchObject({ ...spec, state: spec.state ?? (spec.proxy ? 'none' : 'permanent') });
    }
    const ip = ipJson(ns, 'neigh', 'show', 'dev', 'v0', 'nud', 'all') as Record<string, unknown>[];
    expect(ip.find((n) => n.dst === '10.0.0.3')).toMatchObject({ lladdr: '02:00:00:00:00:03', router: null, state: ['STALE'] });
    expect(ip.find((n) => n.dst === '10.0.0.7')).toMatchObject({ extern_learn: null, state: ['PERMANENT'] });
    expect(ipJson(ns, 'neigh', 'show', 'proxy')).toMatchObject([{ dst: '10.0.0.9', dev: 'v0' }]);
    expect((await h.listNeighbors({ family: 6, dev: 'v0' })).map((n) => n.address)).toEqual(['2001:db8::2']);
  });

  it('replace, delete (ENOENT when gone) and flush', async () => {
    const ns = makeNetns('ne');
    setup(ns);
    using h = await Netlink.open({ netns: ns });
    await h.addNeighbor({ dev: 'v0', address: '10.0.0.2', lladdr: '02:00:00:00:00:02' });
    await expect(h.addNeighbor({ dev: 'v0', address: '10.0.0.2', lladdr: '02:00:00:00:00:03' })).rejects.toMatchObject({ code: 'EEXIST' });
    await h.replaceNeighbor({ dev: 'v0', address: '10.0.0.2', lladdr: '02:00:00:00:00:03', state: 'stale' });
    expect(ipJson(ns, 'neigh', 'show', '10.0.0.2', 'dev', 'v0')).toMatchObject([{ lladdr: '02:00:00:00:00:03', state: ['STALE'] }]);
    await h.addNeighbor({ dev: 'v0', address: '10.0.0.4', lladdr: '02:00:00:00:00:04' });
    expect(await h.flushNeighbors({ dev: 'v0' })).toBe(1); // the stale one; permanent entries stay, as ip neigh flush
    expect((ipJson(ns, 'neigh', 'show', 'dev', 'v0') as { dst: string }[]).map((n) => n.dst)).toEqual(['10.0.0.4']);
    await h.deleteNeighbor({ dev: 'v0', address: '10.0.0.4' });
    await expect(h.deleteNeighbor({ dev: 'v0', address: '10.0.0.4' })).rejects.toMatchObject({ code: 'ENOENT', op: 'deleteNeighbor' });
  });

  it('differential: the same entries added by `ip neigh` render identically', async () => {
    const ours = makeNetns('neA');
    const theirs = makeNetns('neB');
    setup(ours);
    setup(theirs);
    using h = await Netlink.open({ netns: ours });
    for (const [spec, args] of SPECS) {
      await h.addNeighbor(spec);
      ipCmd(theirs, 'neigh', 'add', ...args);
    }
    expect(view(ours)).toEqual(view(theirs));
  });

  it('round trip: listed entries re-added into a fresh namespace give the same entries', async () => {
    const a = makeNetns('neA');
    const b = makeNetns('neB');
    setup(a);
    setup(b);
    for (const [, args] of SPECS) ipCmd(a, 'neigh', 'add', ...args);
    using ha = await Netlink.open({ netns: a });
    using hb = await Netlink.open({ netns: b });
    for (const n of [...await ha.listNeighbors({ dev: 'v0' }), ...await ha.listNeighbors({ proxy: true })]) await hb.addNeighbor(n);
    expect(view(b)).toEqual(view(a));
  });
});

describe('a static neighbour, proven by packets', () => {
  it('with ARP off on both ends a ping passes only once each side has a static entry for the other', async () => {
    const a = makeNetns('naA');
    const b = makeNetns('naB');
    ipCmd(a, 'link', 'add', 'a0', 'type', 'veth', 'peer', 'name', 'b0', 'netns', b);
    ipCmd(a, 'addr', 'add', '10.60.0.1/24', 'dev', 'a0');
    ipCmd(b, 'addr', 'add', '10.60.0.2/24', 'dev', 'b0');
    for (const [ns, dev] of [[a, 'a0'], [b, 'b0']] as const) ipCmd(ns, 'link', 'set', dev, 'arp', 'off', 'up');
    const mac = (ns: string, dev: string) => (ipJson(ns, 'link', 'show', dev)[0] as { address: string }).address;
    const ping = (count: number, wait: number) => {
      try {
        inNs(a, 'ping', ['-c', String(count), '-W', String(wait), '-i', '0.2', '10.60.0.2']);
        return true;
      } catch {
        return false;
      }
    };
    // NOARP: the kernel sends to the link's own MAC, which the peer drops.
    expect(ping(2, 1)).toBe(false);
    using ha = await Netlink.open({ netns: a });
    using hb = await Netlink.open({ netns: b });
    await ha.replaceNeighbor({ dev: 'a0', address: '10.60.0.2', lladdr: mac(b, 'b0') });
    await hb.replaceNeighbor({ dev: 'b0', address: '10.60.0.1', lladdr: mac(a, 'a0') });
    expect(ping(5, 5)).toBe(true);
  });
});
