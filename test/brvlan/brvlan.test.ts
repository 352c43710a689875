// Bridge VLANs against the kernel: listed through netlinkts and `bridge -j vlan show`, added and
// deleted (read back both ways), the same change by `bridge vlan add` in a second namespace, the
// round trip listBridgeVlans → addBridgeVlan, and RTM_NEWVLAN events. Kernels without
// CONFIG_BRIDGE_VLAN_FILTERING refuse `bridge vlan add` (EOPNOTSUPP): found by probing with
// `bridge` itself; the tests that need VLANs then skip with that reason, and the refusal is
// checked instead (typed NetlinkError, nothing changed). The bytes are proven in test/codec.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Netlink, NetlinkError, type BridgeVlan } from '../../lib/index.js';
import { bridgeCmd, bridgeJson, until } from '../helpers/cli.js';
import { ipCmd, makeNetns, removeNetns, uniqueName } from '../helpers/ns.js';

/** br0 with port v0 (peer v1), made by `ip`, all up. */
function setup(ns: string): void {
  ipCmd(ns, 'link', 'add', 'br0', 'type', 'bridge');
  ipCmd(ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
  ipCmd(ns, 'link', 'set', 'v0', 'master', 'br0');
  for (const l of ['br0', 'v0', 'v1']) ipCmd(ns, 'link', 'set', l, 'up');
}

/** Null when `bridge vlan add` works on a bridge port here, else the kernel's refusal. */
function probeBridgeVlan(): string | null {
  const ns = uniqueName('probe');
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    setup(ns);
    execFileSync('bridge', ['-n', ns, 'vlan', 'add', 'dev', 'v0', 'vid', '10'], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e).trim();
  } finally {
    removeNetns(ns);
  }
}
const lacking = probeBridgeVlan();
const why = `kernel lacks bridge VLAN filtering: ${lacking}`;

/** `bridge -j vlan show` as entries in our shape (one per VLAN id or range), in dump order. */
function bridgeView(ns: string, dev?: string): Omit<BridgeVlan, 'index'>[] {
  const links = bridgeJson(ns, 'vlan', 'show', ...(dev ? ['dev', dev] : [])) as { ifname: string; vlans?: { vlan: number; vlanEnd?: number; flags?: string[] }[] }[];
  return links.flatMap((l) => (l.vlans ?? []).map((v) => ({
    dev: l.ifname,
    vid: v.vlanEnd === undefined ? v.vlan : [v.vlan, v.vlanEnd] as [number, number],
    pvid: (v.flags ?? []).includes('PVID'),
    untagged: (v.flags ?? []).includes('Egress Untagged'),
  })));
}
/** Ours, without ifindex and `self` (bridge -j marks neither), ranges expanded as bridge prints them. */
const canon = (vs: BridgeVlan[]) => vs.map(({ index: _i, self: _s, ...rest }) => rest);

describe('bridge VLANs', () => {
  it('listBridgeVlans agrees with `bridge -j vlan show`, whole and per dev', async () => {
    const ns = makeNetns('bv');
    setup(ns);
    using h = await Netlink.open({ netns: ns });
    // With VLAN filtering compiled in every port starts with the default PVID 1; without, no VLANs.
    expect(canon(await h.listBridgeVlans())).toEqual(bridgeView(ns));
    expect(canon(await h.listBridgeVlans({ dev: 'v0' }))).toEqual(bridgeView(ns, 'v0'));
    expect(await h.listBridgeVlans({ dev: 'v1' })).toEqual([]); // not a bridge port
  });

  it.skipIf(lacking === null)(`refused where the kernel lacks VLAN filtering: typed EOPNOTSUPP, nothing changed (${lacking})`, async () => {
    const ns = makeNetns('bv');
    setup(ns);
    using h = await Netlink.open({ netns: ns });
    const before = bridgeView(ns);
    for (const [ref, spec] of [['v0', { vid: 10, pvid: true, untagged: true }], ['v0', { vid: [20, 30] }], ['br0', { vid: 5, self: true }]] as const) {
      const e = await h.addBridgeVlan(ref, spec as never).catch((x) => x);
      expect(e).toBeInstanceOf(NetlinkError);
      expect(e).toMatchObject({ code: 'EOPNOTSUPP', errno: 95, op: 'addBridgeVlan' });
    }
    // The kernel answers deletions with success (br_vlan_info ignores the stub's result), as it does `bridge vlan del`.
    await h.deleteBridgeVlan('v0', { vid: 10 });
    bridgeCmd(ns, 'vlan', 'del', 'dev', 'v0', 'vid', '10');
    expect(bridgeView(ns)).toEqual(before);
    expect(await h.listBridgeVlans()).toEqual([]);
  });

  it.skipIf(lacking !== null)(`add, read back both ways, delete (skipped: ${why})`, async () => {
    const ns = makeNetns('bv');
    setup(ns);
    using h = await Netlink.open({ netns: ns });
    await h.addBridgeVlan('v0', { vid: 10, pvid: true, untagged: true });
    await h.addBridgeVlan('v0', { range: [20, 22] });
    await h.addBridgeVlan('br0', { vid: 5, self: true });
    const mine = await h.listBridgeVlans({ dev: 'v0' });
    expect(mine).toEqual(expect.arrayContaining([
      expect.objectContaining({ dev: 'v0', vid: 10, pvid: true, untagged: true }),
      expect.objectContaining({ vid: 20 }), expect.objectContaining({ vid: 21 }), expect.objectContaining({ vid: 22 }),
    ]));
    expect(await h.listBridgeVlans({ dev: 'br0' })).toEqual(expect.arrayContaining([expect.objectContaining({ dev: 'br0', vid: 5, self: true })]));
    expect(canon(await h.listBridgeVlans())).toEqual(bridgeView(ns));
    await h.deleteBridgeVlan('v0', { vid: [20, 22] });
    await h.deleteBridgeVlan('v0', { vid: 10 });
    expect((await h.listBridgeVlans({ dev: 'v0' })).some((v) => v.vid === 10 || v.vid === 21)).toBe(false);
    expect(canon(await h.listBridgeVlans())).toEqual(bridgeView(ns));
  });

  it.skipIf(lacking !== null)(`differential: the same VLANs by \`bridge vlan add\` render identically (skipped: ${why})`, async () => {
    const ours = makeNetns('bvA');
    const theirs = makeNetns('bvB');
    setup(ours);
    setup(theirs);
    using h = await Netlink.open({ netns: ours });
    await h.addBridgeVlan('v0', { vid: 10, pvid: true, untagged: true });
    await h.addBridgeVlan('v0', { vid: [20, 30], untagged: true });
    await h.addBridgeVlan('br0', { vid: 5, self: true });
    bridgeCmd(theirs, 'vlan', 'add', 'dev', 'v0', 'vid', '10', 'pvid', 'untagged');
    bridgeCmd(theirs, 'vlan', 'add', 'dev', 'v0', 'vid', '20-30', 'untagged');
    bridgeCmd(theirs, 'vlan', 'add', 'dev', 'br0', 'vid', '5', 'self');
    expect(bridgeView(ours)).toEqual(bridgeView(theirs));
  });

  it.skipIf(lacking !== null)(`round trip: listBridgeVlans → addBridgeVlan in a fresh namespace re-creates them (skipped: ${why})`, async () => {
    const a = makeNetns('bvA');
    const b = makeNetns('bvB');
    setup(a);
    setup(b);
    bridgeCmd(a, 'vlan', 'add', 'dev', 'v0', 'vid', '10', 'pvid', 'untagged');
    bridgeCmd(a, 'vlan', 'add', 'dev', 'v0', 'vid', '20-23');
    bridgeCmd(a, 'vlan', 'add', 'dev', 'br0', 'vid', '5', 'self');
    using ha = await Netlink.open({ netns: a });
    using hb = await Netlink.open({ netns: b });
    // The default PVID 1 exists on both sides already; adding it again is harmless.
    for (const v of await ha.listBridgeVlans()) await hb.addBridgeVlan(v.dev, v);
    expect(bridgeView(b)).toEqual(bridgeView(a));
    expect(canon(await hb.listBridgeVlans())).toEqual(canon(await ha.listBridgeVlans()));
  });
});

describe('bridge VLAN events', () => {
  it('monitor([\'bridgeVlan\']) subscribes to RTNLGRP_BRVLAN and ends on abort', async () => {
    const ns = makeNetns('bve');
    setup(ns);
    using h = await Netlink.open({ netns: ns });
    const ac = new AbortController();
    const seen: string[] = [];
    const run = (async () => { for await (const ev of h.monitor(['bridgeVlan'], { signal: ac.signal })) seen.push(ev.type); })();
    ac.abort();
    await run.catch((e) => { if ((e as Error).name !== 'AbortError') throw e; });
    expect(seen.filter((t) => t !== 'newvlan' && t !== 'delvlan')).toEqual([]);
  });

  it.skipIf(lacking !== null)(`newvlan/delvlan for add and delete (skipped: ${why}; such a kernel sends no RTM_NEWVLAN)`, async () => {
    const ns = makeNetns('bve');
    setup(ns);
    using h = await Netlink.open({ netns: ns });
    const ac = new AbortController();
    const events: { type: string; vlans: BridgeVlan[] }[] = [];
    const it = h.monitor(['bridgeVlan'], { signal: ac.signal });
    const run = (async () => { for await (const ev of it) events.push({ type: ev.type, vlans: ev.bridgeVlans ?? [] }); })();
    // The subscription is live once the first event of a change made after it arrives: repeat the change until then.
    await until(async () => {
      await h.addBridgeVlan('v0', { vid: 42 }).catch(() => {});
      return events.some((e) => e.type === 'newvlan' && e.vlans.some((v) => v.dev === 'v0' && v.vid === 42));
    }, 'newvlan for vid 42');
    await h.deleteBridgeVlan('v0', { vid: 42 });
    await until(() => events.some((e) => e.type === 'delvlan' && e.vlans.some((v) => v.vid === 42)), 'delvlan for vid 42');
    ac.abort();
    await run.catch(() => {});
  });
});
