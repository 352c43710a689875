// Bridge options on an existing bridge against the kernel: setBridge read back through getBridge
// and `ip -j -d link show`, the same change by `ip link set … type bridge …` in a second namespace,
// the round trips getLink → linkSpecFromLink → createLink and getBridge → setBridge, and the
// refusals (vlan_filtering on a kernel without it, a link that is no bridge) as typed errors.
import { describe, expect, it } from 'vitest';
import { Netlink, NetlinkError, linkSpecFromLink } from '../../lib/index.js';
import { probeIp } from '../helpers/cli.js';
import { ipCmd, ipJson, makeNetns } from '../helpers/ns.js';

/** The bridge's info_data as `ip -j -d link show` prints it, without timers and MAC-derived ids. */
function infoData(ns: string, dev = 'br0'): Record<string, unknown> {
  const d = { ...(ipJson(ns, '-d', 'link', 'show', dev)[0] as any).linkinfo.info_data };
  for (const k of ['hello_timer', 'tcn_timer', 'topology_change_timer', 'gc_timer', 'bridge_id', 'root_id']) delete d[k];
  return d;
}

const vlanFilteringLacking = probeIp(['link', 'add', 'br0', 'type', 'bridge'], ['link', 'set', 'br0', 'type', 'bridge', 'vlan_filtering', '1']);

describe('bridge options on an existing bridge', () => {
  it('setBridge reads back through getBridge and ip -j -d link show; only what is given changes', async () => {
    const ns = makeNetns('bo');
    ipCmd(ns, 'link', 'add', 'br0', 'type', 'bridge');
    using h = await Netlink.open({ netns: ns });
    await h.setBridge('br0', { stp: true, forwardDelay: 500, ageingTime: 1000, mcastSnooping: false });
    expect(await h.getBridge('br0')).toMatchObject({ stp: true, forwardDelay: 500, ageingTime: 1000, mcastSnooping: false });
    expect(infoData(ns)).toMatchObject({ stp_state: 1, forward_delay: 500, ageing_time: 1000, mcast_snooping: 0 });
    await h.setBridge('br0', { ageingTime: 2000 });
    expect(await h.getBridge('br0')).toMatchObject({ stp: true, forwardDelay: 500, ageingTime: 2000, mcastSnooping: false });
    expect((await h.getLink('br0')).info).toMatchObject({ stpState: 1, ageingTime: 2000 });
  });

  it('differential: the same change by `ip link set … type bridge` renders identically', async () => {
    const ours = makeNetns('boA');
    const theirs = makeNetns('boB');
    for (const ns of [ours, theirs]) ipCmd(ns, 'link', 'add', 'br0', 'type', 'bridge');
    using h = await Netlink.open({ netns: ours });
    await h.setBridge('br0', { forwardDelay: 700, ageingTime: 1200, stp: true, mcastSnooping: false });
    ipCmd(theirs, 'link', 'set', 'br0', 'type', 'bridge', 'forward_delay', '700', 'ageing_time', '1200', 'stp_state', '1', 'mcast_snooping', '0');
    expect(infoData(ours)).toEqual(infoData(theirs));
  });

  it('round trip: a listed bridge re-creates in a fresh namespace (createLink), and its options set back (setBridge)', async () => {
    const a = makeNetns('boA');
    const b = makeNetns('boB');
    const c = makeNetns('boC');
    ipCmd(a, 'link', 'add', 'br0', 'type', 'bridge', 'forward_delay', '800', 'ageing_time', '900', 'stp_state', '1', 'mcast_snooping', '0');
    ipCmd(c, 'link', 'add', 'br0', 'type', 'bridge');
    using ha = await Netlink.open({ netns: a });
    using hb = await Netlink.open({ netns: b });
    using hc = await Netlink.open({ netns: c });
    const spec = linkSpecFromLink(await ha.getLink('br0'));
    expect(spec).toMatchObject({ kind: 'bridge', name: 'br0', stp: true, forwardDelay: 800, ageingTime: 900, mcastSnooping: false });
    await hb.createLink(spec!);
    expect(infoData(b)).toEqual(infoData(a));
    // getBridge → setBridge: vlanFiltering as listed is sent only where the kernel has VLAN filtering.
    const { vlanFiltering, ...opts } = await ha.getBridge('br0');
    await hc.setBridge('br0', vlanFilteringLacking === null ? { ...opts, vlanFiltering } : opts);
    expect(infoData(c)).toEqual(infoData(a));
    expect(await hc.getBridge('br0')).toEqual(await ha.getBridge('br0'));
  });

  it.skipIf(vlanFilteringLacking === null)(`vlanFiltering where the kernel lacks it: typed EOPNOTSUPP, nothing changed (${vlanFilteringLacking})`, async () => {
    const ns = makeNetns('bo');
    ipCmd(ns, 'link', 'add', 'br0', 'type', 'bridge');
    using h = await Netlink.open({ netns: ns });
    const before = infoData(ns);
    for (const vlanFiltering of [true, false]) {
      const e = await h.setBridge('br0', { vlanFiltering }).catch((x) => x);
      expect(e).toBeInstanceOf(NetlinkError);
      expect(e).toMatchObject({ code: 'EOPNOTSUPP', op: 'setBridge' });
    }
    expect(infoData(ns)).toEqual(before);
  });

  it.skipIf(vlanFilteringLacking !== null)(`vlanFiltering and vlanDefaultPvid read back (skipped: kernel lacks bridge VLAN filtering: ${vlanFilteringLacking})`, async () => {
    const ns = makeNetns('bo');
    ipCmd(ns, 'link', 'add', 'br0', 'type', 'bridge');
    using h = await Netlink.open({ netns: ns });
    await h.setBridge('br0', { vlanFiltering: true, vlanDefaultPvid: 7 });
    expect(await h.getBridge('br0')).toMatchObject({ vlanFiltering: true, vlanDefaultPvid: 7 });
    expect(infoData(ns)).toMatchObject({ vlan_filtering: 1, vlan_default_pvid: 7 });
  });

  it('a link that is no bridge: setBridge EOPNOTSUPP from the kernel, getBridge EINVAL naming it', async () => {
    const ns = makeNetns('bo');
    ipCmd(ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    using h = await Netlink.open({ netns: ns });
    await expect(h.setBridge('v0', { stp: true })).rejects.toMatchObject({ code: 'EOPNOTSUPP', op: 'setBridge' });
    await expect(h.getBridge('v0')).rejects.toMatchObject({ code: 'EINVAL', message: /v0 is not a bridge \(kind veth\)/ });
    await expect(h.setBridge('nosuch0', { stp: true })).rejects.toMatchObject({ code: 'ENODEV' });
  });
});
