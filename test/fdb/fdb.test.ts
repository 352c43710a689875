// FDB entries: read back through netlinkts and `bridge -j fdb`, the same entries added by
// `bridge fdb` in a second namespace, the list → add round trip, and vxlan remotes carrying
// traffic between two "hosts".
import { describe, expect, it } from 'vitest';
import { Netlink, type FdbSpec } from '../../lib/index.js';
import { bridgeCmd, bridgeJson, probeIp } from '../helpers/cli.js';
import { inNs, ipCmd, makeNetns } from '../helpers/ns.js';

const SPECS: [FdbSpec, string[]][] = [
  [{ dev: 'v1', lladdr: '02:00:00:00:00:aa', master: true, state: 'static' }, ['add', '02:00:00:00:00:aa', 'dev', 'v1', 'master', 'static']],
  [{ dev: 'v1', lladdr: '02:00:00:00:00:ad', master: true, state: 'permanent' }, ['add', '02:00:00:00:00:ad', 'dev', 'v1', 'master', 'permanent']],
  [{ dev: 'vx0', lladdr: '00:00:00:00:00:00', dst: '10.1.0.2', self: true, state: 'permanent' }, ['append', '00:00:00:00:00:00', 'dev', 'vx0', 'dst', '10.1.0.2', 'self', 'permanent']],
  [{ dev: 'vx0', lladdr: '02:00:00:00:00:ac', dst: '10.1.0.3', vni: 43, port: 4790, self: true, state: 'permanent' },
    ['add', '02:00:00:00:00:ac', 'dev', 'vx0', 'dst', '10.1.0.3', 'vni', '43', 'port', '4790', 'self', 'permanent']],
];

function setup(ns: string): void {
  for (const c of [['link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1'], ['link', 'add', 'br0', 'address', '02:00:00:00:01:00', 'type', 'bridge'],
    ['link', 'set', 'v1', 'address', '02:00:00:00:01:01', 'master', 'br0'], ['link', 'add', 'vx0', 'address', '02:00:00:00:01:02', 'type', 'vxlan', 'id', '42', 'dstport', '4789']]) ipCmd(ns, ...c);
}
/** The entries we add (not the kernel's own permanent/multicast ones), as bridge prints them. */
const view = (ns: string) => (bridgeJson(ns, 'fdb', 'show') as { mac: string; ifname: string; dst?: string }[])
  .filter((e) => e.mac.startsWith('02:00:00:00:00') || e.mac === '00:00:00:00:00:00')
  .sort((x, y) => `${x.mac}${x.ifname}${x.dst}`.localeCompare(`${y.mac}${y.ifname}${y.dst}`));

describe('fdb entries', () => {
  it('added entries read back through listFdb and bridge -j fdb', async () => {
    const ns = makeNetns('fd');
    setup(ns);
    using h = await Netlink.open({ netns: ns });
    for (const [spec, args] of SPECS) await (args[0] === 'append' ? h.appendFdbEntry(spec) : h.addFdbEntry(spec));
    const listed = await h.listFdb();
    for (const [spec] of SPECS) expect(listed.find((e) => e.lladdr === spec.lladdr && e.dev === spec.dev), spec.lladdr).toMatchObject(spec);
    const br = view(ns) as Record<string, unknown>[];
    expect(br.find((e) => e.mac === '02:00:00:00:00:aa')).toMatchObject({ ifname: 'v1', master: 'br0', state: 'static' });
    expect(br.find((e) => e.mac === '02:00:00:00:00:ac')).toMatchObject({ ifname: 'vx0', dst: '10.1.0.3', vni: 43, port: 4790, flags: ['self'], state: 'permanent' });
    expect((await h.listFdb({ dev: 'vx0' })).every((e) => e.dev === 'vx0')).toBe(true);
    expect((await h.listFdb({ master: 'br0' })).some((e) => e.lladdr === '02:00:00:00:00:aa')).toBe(true);
  });

  it('replace and delete (ENOENT when gone)', async () => {
    const ns = makeNetns('fd');
    setup(ns);
    using h = await Netlink.open({ netns: ns });
    await h.addFdbEntry({ dev: 'v1', lladdr: '02:00:00:00:00:aa', master: true, state: 'static' });
    // (A dynamic entry needs the port learning or forwarding: EPERM on this down port.)
    await expect(h.replaceFdbEntry({ dev: 'v1', lladdr: '02:00:00:00:00:aa', master: true, state: 'dynamic' })).rejects.toMatchObject({ code: 'EPERM' });
    await h.replaceFdbEntry({ dev: 'v1', lladdr: '02:00:00:00:00:aa', master: true, state: 'permanent' });
    expect(view(ns)).toMatchObject([{ mac: '02:00:00:00:00:aa', ifname: 'v1', state: 'permanent' }]);
    await h.deleteFdbEntry({ dev: 'v1', lladdr: '02:00:00:00:00:aa', master: true });
    expect(view(ns)).toEqual([]);
    await expect(h.deleteFdbEntry({ dev: 'v1', lladdr: '02:00:00:00:00:aa', master: true })).rejects.toMatchObject({ code: 'ENOENT', op: 'deleteFdbEntry' });
  });

  it('differential: the same entries added by `bridge fdb` render identically', async () => {
    const ours = makeNetns('fdA');
    const theirs = makeNetns('fdB');
    setup(ours);
    setup(theirs);
    using h = await Netlink.open({ netns: ours });
    for (const [spec, args] of SPECS) {
      await (args[0] === 'append' ? h.appendFdbEntry(spec) : h.addFdbEntry(spec));
      bridgeCmd(theirs, 'fdb', ...args);
    }
    expect(view(ours)).toEqual(view(theirs));
  });

  it('round trip: listed entries re-added into a fresh namespace give the same entries', async () => {
    const a = makeNetns('fdA');
    const b = makeNetns('fdB');
    setup(a);
    setup(b);
    for (const [, args] of SPECS) bridgeCmd(a, 'fdb', ...args);
    using ha = await Netlink.open({ netns: a });
    using hb = await Netlink.open({ netns: b });
    for (const e of await ha.listFdb()) {
      if (!(e.lladdr.startsWith('02:00:00:00:00') || e.lladdr === '00:00:00:00:00:00')) continue;
      await hb.appendFdbEntry(e);
    }
    expect(view(b)).toEqual(view(a));
  });

  const vlanLacking = probeIp(['link', 'add', 'br0', 'type', 'bridge', 'vlan_filtering', '1']);
  it.skipIf(vlanLacking !== null)(`an entry on a VLAN (skipped: kernel lacks CONFIG_BRIDGE_VLAN_FILTERING: ${vlanLacking})`, async () => {
    const ns = makeNetns('fd');
    setup(ns);
    using h = await Netlink.open({ netns: ns });
    await h.addFdbEntry({ dev: 'v1', lladdr: '02:00:00:00:00:ab', master: true, state: 'static', vlan: 5 });
    expect(view(ns)).toMatchObject([{ mac: '02:00:00:00:00:ab', vlan: 5 }]);
  });
});

describe('vxlan FDB entries, proven by packets', () => {
  // Two hosts joined by an underlay veth, each with vxlan vni 42 and no remote or group: the
  // overlay only works once each side has an FDB entry naming the other as its remote.
  it('a ping over the overlay passes once both sides have the all-zeros remote entry', async () => {
    const h1 = makeNetns('vxA');
    const h2 = makeNetns('vxB');
    ipCmd(h1, 'link', 'add', 'u0', 'type', 'veth', 'peer', 'name', 'u0', 'netns', h2);
    for (const [ns, i] of [[h1, 1], [h2, 2]] as const) {
      ipCmd(ns, 'addr', 'add', `192.168.50.${i}/24`, 'dev', 'u0');
      ipCmd(ns, 'link', 'set', 'u0', 'up');
      ipCmd(ns, 'link', 'add', 'vx0', 'type', 'vxlan', 'id', '42', 'dstport', '4789', 'local', `192.168.50.${i}`, 'nolearning');
      ipCmd(ns, 'addr', 'add', `10.50.0.${i}/24`, 'dev', 'vx0');
      ipCmd(ns, 'link', 'set', 'vx0', 'up');
    }
    const ping = (count: number, wait: number) => {
      try {
        inNs(h1, 'ping', ['-c', String(count), '-W', String(wait), '-i', '0.2', '10.50.0.2']);
        return true;
      } catch {
        return false;
      }
    };
    expect(ping(2, 1)).toBe(false); // no remote: the vxlan has nowhere to send
    using a = await Netlink.open({ netns: h1 });
    using b = await Netlink.open({ netns: h2 });
    await a.appendFdbEntry({ dev: 'vx0', lladdr: '00:00:00:00:00:00', dst: '192.168.50.2', self: true, state: 'permanent' });
    await b.appendFdbEntry({ dev: 'vx0', lladdr: '00:00:00:00:00:00', dst: '192.168.50.1', self: true, state: 'permanent' });
    expect(ping(5, 5)).toBe(true);
    // The traffic went through the vxlan: its counters moved.
    expect(Number(inNs(h1, 'cat', ['/sys/class/net/vx0/statistics/tx_packets']).trim())).toBeGreaterThan(0);
  });
});
