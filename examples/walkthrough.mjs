// The container-network walkthrough: a "host" with a bridge, a "container" wired to it by a veth,
// addresses, a default route, forwarding, MASQUERADE and a :80 port mapping — every step done by
// netlinkts. The host is a throw-away namespace here too, so running this changes nothing on the
// machine; in real use the host is `await Netlink.open()` (the namespace you run in).
//
//   node examples/walkthrough.mjs          (as root; iproute2's ping only for the proof at the end)
import { execFileSync } from 'node:child_process';
import { createNetns, deleteNetns, Netlink } from 'netlinkts';

const hostNs = `nlts-${process.pid}-host`; // unique names: runs never collide
const ctrNs = `nlts-${process.pid}-ctr`;
await createNetns(hostNs);                                           // a throw-away "host"
try {
  // --- the README's walkthrough ---
  await createNetns(ctrNs);                                          // ip netns add ctr
  const host = await Netlink.open({ netns: hostNs });                // the host (Netlink.open() for yours)
  await host.createBridge('br0', { up: true });                      // ip link add br0 type bridge; ip link set br0 up
  await host.createVeth('veth0', 'eth0', { peerNetns: ctrNs });      // ip link add veth0 type veth peer name eth0 netns ctr
  await host.setLink('veth0', { master: 'br0', up: true });          // ip link set veth0 master br0 up
  await host.addAddress('br0', '172.18.0.1/24');                     // ip addr add 172.18.0.1/24 dev br0
  const ctr = await Netlink.open({ netns: ctrNs });                  // ip netns exec ctr …
  await ctr.addAddress('eth0', '172.18.0.2/24');                     // ip addr add 172.18.0.2/24 dev eth0
  await ctr.setLinkUp('eth0');                                       // ip link set eth0 up
  await ctr.addRoute({ dst: 'default', dev: 'eth0' });               // ip route add default dev eth0
  await host.setSysctl('net.ipv4.conf.all.forwarding', 1);           // sysctl -w net.ipv4.conf.all.forwarding=1
  await host.setSysctl('net.ipv4.conf.br0.proxy_arp', 1);            // sysctl -w net.ipv4.conf.br0.proxy_arp=1 (for "default dev eth0")
  await host.nft.masquerade({ source: '172.18.0.0/24', outInterface: 'eth0' });  // iptables -t nat -A POSTROUTING -s … -o eth0 -j MASQUERADE
  await host.nft.portForward({ protocol: 'tcp', port: 80, to: '172.18.0.2:80' }); // iptables -t nat -A PREROUTING -p tcp --dport 80 -j DNAT --to 172.18.0.2:80
  console.log('veth peer:', await host.getVethPeer('veth0'));        // ethtool -S veth0 → peer_ifindex
  // --- end ---

  console.log('container routes:', (await ctr.listRoutes({ family: 4 })).map((r) => `${r.dst} dev ${r.dev}`).join(', '));
  for (const r of await host.nft.listRules()) console.log(`host nft: ${r.table} ${r.chain}: ${JSON.stringify(r.match)} → ${JSON.stringify(r.action)}`); // nft list ruleset
  // The proof, with the standard tool: the container reaches the bridge.
  execFileSync('ip', ['netns', 'exec', ctrNs, 'ping', '-n', '-c', '1', '-w', '15', '172.18.0.1'], { stdio: 'ignore' });
  console.log('ping container → bridge: ok');
  host.close();
  ctr.close();
} finally {
  await deleteNetns(ctrNs).catch(() => {});                          // ip netns delete ctr
  await deleteNetns(hostNs);
}
