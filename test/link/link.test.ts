// Links in a fresh namespace: each change read back through netlinkts and through `ip -j`.
import { describe, expect, it } from 'vitest';
import { Netlink, NetlinkError } from '../../lib/index.js';
import { inNs, ipJson, makeNetns } from '../helpers/ns.js';

async function inFreshNs() {
  const ns = makeNetns('link');
  const h = await Netlink.open({ netns: ns });
  return { ns, h };
}

describe('links', () => {
  it('lists only lo in a fresh namespace, like ip link', async () => {
    const { ns, h } = await inFreshNs();
    using _ = h;
    const links = await h.listLinks();
    expect(links.map((l) => l.name)).toEqual(['lo']);
    const [lo] = ipJson(ns, 'link', 'show');
    expect(links[0]!.index).toBe(lo.ifindex);
    expect(links[0]!.flags).toEqual(lo.flags);
    expect(links[0]!.mtu).toBe(lo.mtu);
    expect(links[0]!.operState.toUpperCase()).toBe(lo.operstate);
  });

  it('creates a veth pair, reports the peer index, and ip agrees', async () => {
    const { ns, h } = await inFreshNs();
    using _ = h;
    const { index, peerIndex } = await h.createVeth('veth0', 'veth1', { mtu: 1400, address: '02:00:00:00:00:01' });
    const ip0 = ipJson(ns, '-d', 'link', 'show', 'veth0')[0];
    const ip1 = ipJson(ns, '-d', 'link', 'show', 'veth1')[0];
    expect(index).toBe(ip0.ifindex);
    expect(peerIndex).toBe(ip1.ifindex);
    expect(ip0.linkinfo.info_kind).toBe('veth');
    expect(ip0.mtu).toBe(1400);
    expect(ip1.mtu).toBe(1400);
    expect(ip0.address).toBe('02:00:00:00:00:01');
    const l = await h.getLink('veth0');
    expect(l).toMatchObject({ index, name: 'veth0', kind: 'veth', mtu: 1400, address: '02:00:00:00:00:01', link: peerIndex, linkNetnsId: null });
    expect(await h.getVethPeer('veth0')).toEqual({ index: peerIndex, netnsId: null });
    expect(await h.getVethPeer(peerIndex)).toEqual({ index, netnsId: null });
  });

  it('creates the peer directly inside another namespace', async () => {
    const { ns, h } = await inFreshNs();
    using _ = h;
    const other = makeNetns('peer');
    const { index, peerIndex } = await h.createVeth('host0', 'eth0', { peerNetns: other, up: true });
    const peerSeen = ipJson(other, '-d', 'link', 'show', 'eth0')[0];
    expect(peerSeen.ifindex).toBe(peerIndex);
    expect(ipJson(ns, 'link', 'show', 'host0')[0].ifindex).toBe(index);
    const peer = await h.getVethPeer('host0');
    expect(peer.index).toBe(peerIndex);
    // The netns id is how this namespace names the other one: same as `ip link` link_netnsid.
    expect(peer.netnsId).toBe(ipJson(ns, 'link', 'show', 'host0')[0].link_netnsid);
    expect(peer.netnsId).not.toBeNull();
    // ethtool -S's peer_ifindex is the oracle the walkthrough names.
    const stats = inNs(ns, 'ethtool', ['-S', 'host0']);
    expect(Number(/peer_ifindex:\s*(\d+)/.exec(stats)?.[1])).toBe(peer.index);
    expect(peerSeen.flags).toContain('UP');
    expect((await h.getLink('host0')).up).toBe(true);
  });

  it('sets up/down, mtu, address, alias, txqlen, name in one place and ip sees each', async () => {
    const { ns, h } = await inFreshNs();
    using _ = h;
    await h.createVeth('a0', 'b0');
    await h.setLink('a0', { mtu: 1300, address: '02:aa:bb:cc:dd:ee', alias: 'uplink', txqlen: 500 });
    let j = ipJson(ns, 'link', 'show', 'a0')[0];
    expect(j).toMatchObject({ mtu: 1300, address: '02:aa:bb:cc:dd:ee', ifalias: 'uplink', txqlen: 500 });
    await h.setLinkUp('a0');
    await h.setLinkUp('b0');
    j = ipJson(ns, 'link', 'show', 'a0')[0];
    expect(j.flags).toContain('UP');
    expect((await h.getLink('a0')).up).toBe(true);
    await h.setLinkDown('a0');
    expect(ipJson(ns, 'link', 'show', 'a0')[0].flags).not.toContain('UP');
    await h.setLink('a0', { name: 'renamed0' });
    expect(ipJson(ns, 'link', 'show', 'renamed0')[0].ifname).toBe('renamed0');
    await expect(h.getLink('a0')).rejects.toMatchObject({ code: 'ENODEV', op: 'getLink' });
  });

  it('bridges: create, enslave (brctl addif), filter by master, release, delete', async () => {
    const { ns, h } = await inFreshNs();
    using _ = h;
    const br = await h.createBridge('br0', { up: true });
    expect(br).toMatchObject({ name: 'br0', kind: 'bridge', up: true });
    await h.createVeth('p0', 'q0');
    await h.createVeth('p1', 'q1');
    await h.setLinkMaster('p0', 'br0');
    await h.setLinkMaster('p1', br.index);
    const ports = await h.listLinks({ master: 'br0' });
    expect(ports.map((l) => l.name).sort()).toEqual(['p0', 'p1']);
    const ipPorts = ipJson(ns, 'link', 'show', 'master', 'br0').map((l: any) => l.ifname).sort();
    expect(ipPorts).toEqual(['p0', 'p1']);
    expect((await h.getLink('p0')).master).toBe(br.index);
    await h.setLinkMaster('p0', null);
    expect(ipJson(ns, 'link', 'show', 'p0')[0].master).toBeUndefined();
    const bridges = await h.listLinks({ kind: 'bridge' });
    expect(bridges.map((l) => l.name)).toEqual(['br0']);
    await h.deleteLink('br0');
    expect(ipJson(ns, 'link', 'show').map((l: any) => l.ifname)).not.toContain('br0');
  });

  it('creates a bridge with STP on, and ip -d shows stp_state 1', async () => {
    const { ns, h } = await inFreshNs();
    using _ = h;
    const br = await h.createBridge('br1', { stp: true });
    expect(br.info?.stpState).toBe(1);
    expect(ipJson(ns, '-d', 'link', 'show', 'br1')[0].linkinfo.info_data.stp_state).toBe(1);
  });

  it('moves a link into another namespace', async () => {
    const { ns, h } = await inFreshNs();
    using _ = h;
    const other = makeNetns('dst');
    await h.createVeth('m0', 'm1');
    await h.moveLink('m1', other);
    expect(ipJson(ns, 'link', 'show').map((l: any) => l.ifname)).not.toContain('m1');
    expect(ipJson(other, 'link', 'show', 'm1')[0].ifname).toBe('m1');
    const peer = await h.getVethPeer('m0');
    expect(peer.netnsId).not.toBeNull();
  });

  it('macvlan on a veth, and vxlan', async () => {
    const { ns, h } = await inFreshNs();
    using _ = h;
    await h.createVeth('under0', 'under1');
    const mv = await h.createLink({ kind: 'macvlan', name: 'mv0', parent: 'under0', mode: 'bridge' });
    expect(mv.kind).toBe('macvlan');
    const j = ipJson(ns, '-d', 'link', 'show', 'mv0')[0];
    expect(j.linkinfo.info_kind).toBe('macvlan');
    expect(j.linkinfo.info_data.mode).toBe('bridge');
    const vx = await h.createLink({ kind: 'vxlan', name: 'vx0', vni: 42, remote: '10.0.0.2', port: 4789, dev: 'under0' });
    expect(vx.info).toMatchObject({ vni: 42, port: 4789, remote: '10.0.0.2' });
    const jv = ipJson(ns, '-d', 'link', 'show', 'vx0')[0];
    expect(jv.linkinfo.info_data).toMatchObject({ id: 42, remote: '10.0.0.2', port: 4789 });
  });

  it('deletes a whole interface group with one request', async () => {
    const { ns, h } = await inFreshNs();
    using _ = h;
    for (let i = 0; i < 5; i++) {
      await h.createVeth(`g${i}`, `gp${i}`);
      await h.setLink(`g${i}`, { group: 7 });
    }
    await h.deleteLinkGroup(7);
    expect(ipJson(ns, 'link', 'show').map((l: any) => l.ifname)).toEqual(['lo']);
  });

  it('reports kernel refusals as NetlinkError with code, op and extack', async () => {
    const { ns, h } = await inFreshNs();
    using _ = h;
    await h.createVeth('dup0', 'dup1');
    const err = await h.createVeth('dup0', 'other1').catch((e) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err).toMatchObject({ code: 'EEXIST', errno: 17, op: 'createLink' });
    // Nothing half-built: the would-be peer does not exist.
    expect(ipJson(ns, 'link', 'show').map((l: any) => l.ifname).sort()).toEqual(['dup0', 'dup1', 'lo']);
    await expect(h.deleteLink('nope0')).rejects.toMatchObject({ code: 'ENODEV', op: 'deleteLink' });
    // A kernel-side range check comes back with the kernel's own words (extack).
    await h.createBridge('br8');
    await h.createBridge('br9');
    const loop = await h.setLinkMaster('br9', 'br8').catch((e) => e);
    expect(loop).toMatchObject({ code: 'ELOOP', op: 'setLink', extack: 'Can not enslave a bridge to a bridge' });
    expect(loop.message).toContain('Can not enslave a bridge to a bridge');
    const bad = await h.createLink({ kind: 'no-such-kind', name: 'x0' } as any).catch((e) => e);
    expect(bad).toBeInstanceOf(NetlinkError);
    expect(bad.code).toBe('EOPNOTSUPP');
    expect(bad.extack ?? bad.message).toBeTruthy();
  });

  it('uses a closed handle → EBADF, and close is idempotent', async () => {
    const { h } = await inFreshNs();
    h.close();
    h.close();
    await expect(h.listLinks()).rejects.toMatchObject({ code: 'EBADF' });
  });
});
