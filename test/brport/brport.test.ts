// Bridge ports: settings read back through netlinkts and `bridge -j -d link`, the same change by
// `bridge link set` in a second namespace, the round trip getBridgePort → setBridgePort, bridge
// options on create, and hairpin proven by packets.
import { describe, expect, it } from 'vitest';
import { Netlink, NetlinkError } from '../../lib/index.js';
import { bridgeCmd, bridgeJson, probeIp, until } from '../helpers/cli.js';
import { inNs, ipCmd, ipJson, makeNetns } from '../helpers/ns.js';

/** br0 with port v0 (peer v1), made by `ip`; both up when asked. */
function setup(ns: string, up = false): void {
  ipCmd(ns, 'link', 'add', 'br0', 'type', 'bridge');
  ipCmd(ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
  ipCmd(ns, 'link', 'set', 'v0', 'master', 'br0');
  if (up) for (const l of ['br0', 'v0', 'v1']) ipCmd(ns, 'link', 'set', l, 'up');
}

/** The port as `bridge -j -d link show` prints it, without per-namespace numbers. */
function bridgeView(ns: string, dev = 'v0') {
  const [p] = bridgeJson(ns, '-d', 'link', 'show', 'dev', dev) as Record<string, unknown>[];
  const { ifindex: _i, flags: _f, ...rest } = p!;
  return rest;
}

const OPTS = { hairpin: true, isolated: true, learning: false, flood: false, mcastFlood: false, bcastFlood: false,
  neighSuppress: true, guard: true, fastLeave: true, cost: 7, priority: 3 } as const;
const CLI = ['hairpin', 'on', 'isolated', 'on', 'learning', 'off', 'flood', 'off', 'mcast_flood', 'off', 'bcast_flood', 'off',
  'neigh_suppress', 'on', 'guard', 'on', 'fastleave', 'on', 'cost', '7', 'priority', '3'];

describe('bridge ports', () => {
  it('setBridgePort reads back through getBridgePort and bridge -j', async () => {
    const ns = makeNetns('bp');
    setup(ns);
    using h = await Netlink.open({ netns: ns });
    await h.setBridgePort('v0', OPTS);
    const p = await h.getBridgePort('v0');
    expect(p).toMatchObject({ ...OPTS, name: 'v0', state: 'disabled', master: (ipJson(ns, 'link', 'show', 'br0')[0] as { ifindex: number }).ifindex });
    expect(bridgeView(ns)).toMatchObject({ hairpin: true, isolated: true, learning: false, flood: false, mcast_flood: false,
      bcast_flood: false, neigh_suppress: true, guard: true, fastleave: true, cost: 7, priority: 3 });
    // Only what is given changes.
    await h.setBridgePort('v0', { hairpin: false });
    expect(await h.getBridgePort('v0')).toMatchObject({ ...OPTS, hairpin: false });
  });

  it('state needs the port up (ENETDOWN), then sets it', async () => {
    const ns = makeNetns('bp');
    setup(ns);
    using h = await Netlink.open({ netns: ns });
    await expect(h.setBridgePort('v0', { state: 'forwarding' })).rejects.toMatchObject({ code: 'ENETDOWN' });
    for (const l of ['br0', 'v0', 'v1']) ipCmd(ns, 'link', 'set', l, 'up');
    // The bridge moves the port to forwarding on its own once the carrier is up: wait for that.
    await until(async () => (await h.getBridgePort('v0')).state === 'forwarding', 'v0 forwarding');
    // Without STP the kernel re-runs port selection at once (a designated port goes back to
    // forwarding), so 'disabled' is the state that sticks here.
    await h.setBridgePort('v0', { state: 'disabled' });
    expect((await h.getBridgePort('v0')).state).toBe('disabled');
    expect(bridgeView(ns).state).toBe('disabled');
  });

  it('a link that is no bridge port: ENOTCONN naming it', async () => {
    const ns = makeNetns('bp');
    setup(ns);
    using h = await Netlink.open({ netns: ns });
    const e = await h.getBridgePort('v1').catch((x) => x);
    expect(e).toBeInstanceOf(NetlinkError);
    expect(e).toMatchObject({ code: 'ENOTCONN', message: /v1 is not a bridge port/ });
  });

  it('differential: the same change by `bridge link set` renders identically', async () => {
    const ours = makeNetns('bpA');
    const theirs = makeNetns('bpB');
    setup(ours, true);
    setup(theirs, true);
    using h = await Netlink.open({ netns: ours });
    await h.setBridgePort('v0', { ...OPTS, state: 'learning' });
    bridgeCmd(theirs, 'link', 'set', 'dev', 'v0', ...CLI, 'state', '2');
    expect(bridgeView(ours)).toEqual(bridgeView(theirs));
  });

  it('round trip: getBridgePort → setBridgePort in a fresh namespace re-creates the port', async () => {
    const a = makeNetns('bpA');
    const b = makeNetns('bpB');
    setup(a, true);
    setup(b, true);
    using ha = await Netlink.open({ netns: a });
    using hb = await Netlink.open({ netns: b });
    bridgeCmd(a, 'link', 'set', 'dev', 'v0', ...CLI, 'state', '4');
    const listed = await ha.getBridgePort('v0');
    await hb.setBridgePort('v0', listed);
    expect(bridgeView(b)).toEqual(bridgeView(a));
    expect(await hb.getBridgePort('v0')).toEqual({ ...listed, index: expect.any(Number), master: expect.any(Number), raw: expect.anything() });
  });
});

const vlanFilteringLacking = probeIp(['link', 'add', 'br0', 'type', 'bridge', 'vlan_filtering', '1']);

describe('bridge options on create', () => {
  it('forwardDelay, ageingTime, stp, mcastSnooping read back through getLink and ip -j -d', async () => {
    const ns = makeNetns('bo');
    using h = await Netlink.open({ netns: ns });
    const l = await h.createLink({ kind: 'bridge', name: 'br0', forwardDelay: 500, ageingTime: 1000, stp: true, mcastSnooping: false });
    expect(l.info).toMatchObject({ forwardDelay: 500, ageingTime: 1000, stpState: 1, mcastSnooping: 0 });
    const d = (ipJson(ns, '-d', 'link', 'show', 'br0')[0] as any).linkinfo.info_data;
    expect(d).toMatchObject({ forward_delay: 500, ageing_time: 1000, stp_state: 1, mcast_snooping: 0 });
  });

  it.skipIf(vlanFilteringLacking !== null)(`vlanFiltering and vlanDefaultPvid (skipped: kernel lacks CONFIG_BRIDGE_VLAN_FILTERING: ${vlanFilteringLacking})`, async () => {
    const ns = makeNetns('bo');
    using h = await Netlink.open({ netns: ns });
    const l = await h.createLink({ kind: 'bridge', name: 'br0', vlanFiltering: true, vlanDefaultPvid: 5 });
    expect(l.info).toMatchObject({ vlanFiltering: 1, vlanDefaultPvid: 5 });
  });
});

describe('hairpin, proven by packets', () => {
  // Two "containers" c1, c2 with VEPA macvlans on one uplink (host side of a veth): VEPA sends
  // even c1→c2 traffic out of the uplink, so it only arrives if the bridge port reflects it.
  it('VEPA neighbours reach each other only once the port is in hairpin mode', async () => {
    const sw = makeNetns('hpSw');
    const host = makeNetns('hpH');
    const c1 = makeNetns('hpC');
    const c2 = makeNetns('hpC');
    ipCmd(sw, 'link', 'add', 'br0', 'type', 'bridge');
    ipCmd(sw, 'link', 'add', 'p0', 'type', 'veth', 'peer', 'name', 'up0', 'netns', host);
    ipCmd(sw, 'link', 'set', 'p0', 'master', 'br0');
    ipCmd(sw, 'link', 'set', 'br0', 'up');
    ipCmd(sw, 'link', 'set', 'p0', 'up');
    ipCmd(host, 'link', 'set', 'up0', 'up');
    for (const [c, i] of [[c1, 1], [c2, 2]] as const) {
      ipCmd(host, 'link', 'add', `mv${i}`, 'link', 'up0', 'type', 'macvlan', 'mode', 'vepa');
      ipCmd(host, 'link', 'set', `mv${i}`, 'netns', c);
      ipCmd(c, 'addr', 'add', `10.77.0.${i}/24`, 'dev', `mv${i}`);
      ipCmd(c, 'link', 'set', `mv${i}`, 'up');
    }
    const ping = (count: number, wait: number) => {
      try {
        inNs(c1, 'ping', ['-c', String(count), '-W', String(wait), '-i', '0.2', '10.77.0.2']);
        return true;
      } catch {
        return false;
      }
    };
    using h = await Netlink.open({ netns: sw });
    expect((await h.getBridgePort('p0')).hairpin).toBe(false);
    // Without hairpin the bridge drops frames addressed back out of their own port.
    expect(ping(2, 1)).toBe(false);
    await h.setBridgePort('p0', { hairpin: true });
    expect(ping(5, 5)).toBe(true);
  });
});
