// The container-network walkthrough, every step done by netlinkts (no `ip`, no `iptables`):
// a "host" namespace with a bridge, a "container" namespace wired to it by a veth, an "outside"
// namespace behind the host's uplink; addresses, routes, forwarding, MASQUERADE and a DNAT port
// mapping. Everything lives in throw-away namespaces; the caller's namespace is never touched.
import { createNetns, deleteNetns } from '../netns/index.js';
import { Netlink } from '../handle.js';
import { setSysctl } from '../sysctl/index.js';

export interface WalkthroughNames {
  host: string; // plays the host (never the real root namespace)
  container: string;
  outside: string; // a machine on the host's uplink
}

export interface WalkthroughOptions {
  /** Also set up MASQUERADE and the :80 → container DNAT (the walkthrough's second half). */
  nat?: boolean;
  log?: (line: string) => void;
}

export const ADDR = {
  bridge: '172.18.0.1', container: '172.18.0.2', subnet: '172.18.0.0/24',
  hostUplink: '10.200.0.1', outside: '10.200.0.2', uplinkNet: '10.200.0.0/24',
} as const;

export function walkthroughNames(tag = `${process.pid}`): WalkthroughNames {
  return { host: `nlts-${tag}-host`, container: `nlts-${tag}-ctr`, outside: `nlts-${tag}-out` };
}

/** Builds the walkthrough. On failure everything created so far is removed before rethrowing. */
export async function buildWalkthrough(n: WalkthroughNames, opts: WalkthroughOptions = {}): Promise<void> {
  const log = opts.log ?? (() => {});
  const made: string[] = [];
  try {
    for (const ns of [n.host, n.container, n.outside]) {
      await createNetns(ns); // ip netns add NS
      made.push(ns);
    }
    log(`namespaces: ${n.host} (host), ${n.container} (container), ${n.outside} (outside)`);
    await using host = await Netlink.open({ netns: n.host });
    await using ctr = await Netlink.open({ netns: n.container });
    await using out = await Netlink.open({ netns: n.outside });

    // brctl addbr br0; ip link set br0 up
    await host.createBridge('br0', { up: true });
    // ip link add veth0 type veth peer name eth0 netns CONTAINER  (peer born inside the container)
    const veth = await host.createVeth('veth0', 'eth0', { peerNetns: n.container });
    // brctl addif br0 veth0; ip link set veth0 up
    await host.setLink('veth0', { master: 'br0', up: true });
    const peer = await host.getVethPeer('veth0');
    log(`veth0 (ifindex ${veth.index}) ↔ eth0 (ifindex ${peer.index} in netns id ${peer.netnsId})`);

    // ip addr add 172.18.0.1/24 dev br0
    await host.addAddress('br0', `${ADDR.bridge}/24`);
    // container: ip addr add 172.18.0.2/24 dev eth0; ip link set lo up; ip link set eth0 up
    await ctr.addAddress('eth0', `${ADDR.container}/24`);
    await ctr.setLinkUp('lo');
    await ctr.setLinkUp('eth0');
    // container: ip route add default dev eth0 — on-link default; the host answers ARP for
    // off-subnet destinations because proxy_arp is on for br0 (set below).
    await ctr.addRoute({ dst: 'default', dev: 'eth0' });
    // host: route add -net 172.18.0.0/24 dev br0 — the address already made the kernel's
    // prefix route; replaceRoute states it explicitly and idempotently.
    await host.replaceRoute({ dst: ADDR.subnet, dev: 'br0', scope: 'link', src: ADDR.bridge, protocol: 'kernel' });

    // The uplink: host uplink0 ↔ outside eth0, 10.200.0.0/24.
    await host.createVeth('uplink0', 'eth0', { peerNetns: n.outside });
    await host.addAddress('uplink0', `${ADDR.hostUplink}/24`);
    await host.setLinkUp('uplink0');
    await out.addAddress('eth0', `${ADDR.outside}/24`);
    await out.setLinkUp('lo');
    await out.setLinkUp('eth0');
    log('addresses and routes set');

    // sysctl -w net.ipv4.conf.all.forwarding=1 (inside the host namespace)
    await setSysctl('net.ipv4.conf.all.forwarding', 1, { netns: n.host });
    // sysctl -w net.ipv4.conf.br0.proxy_arp=1: the container's `default dev eth0` needs it.
    await host.setSysctl('net.ipv4.conf.br0.proxy_arp', 1);
    log('forwarding and proxy_arp on in host');

    if (opts.nat) {
      const nft = host.nft;
      // iptables -t nat -A POSTROUTING -s 172.18.0.0/24 -o uplink0 -j MASQUERADE
      await nft.masquerade({ source: ADDR.subnet, outInterface: 'uplink0' });
      // iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to 172.18.0.2:80
      await nft.portForward({ protocol: 'tcp', port: 80, to: `${ADDR.container}:80`, inInterface: 'uplink0' });
      log('nftables: masquerade 172.18.0.0/24 out uplink0; tcp :80 → 172.18.0.2:80');
    }
  } catch (e) {
    for (const ns of made.reverse()) await deleteNetns(ns).catch(() => {});
    throw e;
  }
}

/** Removes the walkthrough's namespaces (and with them every link, route and rule inside). */
export async function teardownWalkthrough(n: WalkthroughNames): Promise<void> {
  for (const ns of [n.outside, n.container, n.host]) await deleteNetns(ns).catch(() => {});
}
