// The container-network walkthrough end to end: built by netlinkts alone, proven with packets,
// and the kernel state read back by netlinkts and by ip -j / ethtool / nft -j.
import { afterEach, describe, expect, it } from 'vitest';
import { ADDR, buildWalkthrough, teardownWalkthrough, walkthroughNames, type WalkthroughNames } from '../lib/demo/walkthrough.js';
import { Netlink, listNetns } from '../lib/index.js';
// @ts-expect-error — plain ESM helper shared with the demo
import { ping, tcpRequest, tcpServer } from '../scripts/lib/proof.mjs';
import { inNs, ipJson } from './helpers/ns.js';

let n: WalkthroughNames | null = null;
let counter = 0;
afterEach(async () => {
  if (n) await teardownWalkthrough(n);
  n = null;
});

describe('walkthrough', () => {
  it('first half: netns, veth across, bridge port, addresses, default dev, forwarding — ping both ways', async () => {
    n = walkthroughNames(`${process.pid}-w${++counter}`);
    await buildWalkthrough(n, { nat: false });
    using host = await Netlink.open({ netns: n.host });
    using ctr = await Netlink.open({ netns: n.container });

    // The veth's peer, three ways: netlinkts, ethtool -S (peer_ifindex), ip -j in the container.
    const peer = await host.getVethPeer('veth0');
    const ethtool = inNs(n.host, 'ethtool', ['-S', 'veth0']);
    expect(Number(/peer_ifindex:\s*(\d+)/.exec(ethtool)?.[1])).toBe(peer.index);
    expect(ipJson(n.container, 'link', 'show', 'eth0')[0].ifindex).toBe(peer.index);
    expect(peer.netnsId).toBe(ipJson(n.host, 'link', 'show', 'veth0')[0].link_netnsid);

    // Bridge port, as brctl show / ip link show master br0 see it.
    const br0 = await host.getLink('br0');
    expect((await host.listLinks({ master: 'br0' })).map((l) => l.name)).toEqual(['veth0']);
    expect(ipJson(n.host, 'link', 'show', 'master', 'br0').map((l: { ifname: string }) => l.ifname)).toEqual(['veth0']);
    expect((await host.getLink('veth0')).master).toBe(br0.index);

    // Addresses and routes, read back both ways.
    const addrs = await ctr.listAddresses({ link: 'eth0', family: 4 });
    expect(addrs.map((a) => a.cidr)).toEqual([`${ADDR.container}/24`]);
    expect(ipJson(n.container, '-4', 'addr', 'show', 'eth0')[0].addr_info[0]).toMatchObject({ local: ADDR.container, prefixlen: 24 });
    const def = (await ctr.listRoutes({ family: 4 })).find((r) => r.dst === 'default');
    expect(def).toMatchObject({ dst: 'default', dev: 'eth0' });
    expect(ipJson(n.container, 'route', 'show', 'default')[0]).toMatchObject({ dst: 'default', dev: 'eth0' });
    expect(ipJson(n.host, 'route', 'show', ADDR.subnet)[0]).toMatchObject({ dst: ADDR.subnet, dev: 'br0' });
    expect(await host.getSysctl('net.ipv4.conf.all.forwarding')).toBe('1');
    expect(inNs(n.host, 'sysctl', ['-n', 'net.ipv4.conf.all.forwarding']).trim()).toBe('1');

    // Packets both ways, and across the host to the outside (plain routing, no NAT yet).
    expect(ping(n.container, ADDR.bridge)).toBe(true);
    expect(ping(n.host, ADDR.container)).toBe(true);

    // Cleanup leaves nothing.
    await teardownWalkthrough(n);
    const left = (await listNetns()).filter((x) => x.startsWith(`nlts-${process.pid}-w${counter}`));
    expect(left).toEqual([]);
    n = null;
  });

  it('second half: MASQUERADE seen by an outside host, DNAT :80 answered by the container', async () => {
    n = walkthroughNames(`${process.pid}-w${++counter}`);
    await buildWalkthrough(n, { nat: true });

    const outside = tcpServer(n.outside, ADDR.outside, 8080, 'outside');
    try {
      await outside.ready;
      const answer = await tcpRequest(n.container, ADDR.outside, 8080);
      // The outside host sees the host's uplink address, not 172.18.0.2: masqueraded.
      expect(answer).toBe(`outside ${ADDR.hostUplink}`);
    } finally {
      outside.close();
    }

    const web = tcpServer(n.container, '0.0.0.0', 80, 'container');
    try {
      await web.ready;
      const got = await tcpRequest(n.outside, ADDR.hostUplink, 80);
      expect(got).toBe(`container ${ADDR.outside}`);
    } finally {
      web.close();
    }

    // nft's own rendering of what we wrote.
    const rules = JSON.parse(inNs(n.host, 'nft', ['-j', 'list', 'ruleset'])).nftables.filter((x: { rule?: unknown }) => x.rule);
    expect(rules.length).toBeGreaterThanOrEqual(2);
    const text = inNs(n.host, 'nft', ['list', 'ruleset']);
    expect(text).toMatch(/ip saddr 172\.18\.0\.0\/24 oifname "uplink0".*masquerade/);
    expect(text).toMatch(/tcp dport 80 .*dnat to 172\.18\.0\.2:80/);
  });
});
