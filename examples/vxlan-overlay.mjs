// A VXLAN overlay between two "hosts": each host namespace has an underlay address
// (10.0.0.1, 10.0.0.2 on a veth "wire") and a vxlan device (VNI 42, UDP 4789) carrying the
// overlay subnet 192.168.100.0/24 across it — what overlay container networks do between machines.
//
//   node examples/vxlan-overlay.mjs        (as root; iproute2's ping only for the proof)
import { execFileSync } from 'node:child_process';
import { createNetns, deleteNetns, Netlink } from 'netlinkts';

const hosts = [
  { ns: `nlts-${process.pid}-a`, underlay: '10.0.0.1', overlay: '192.168.100.1' },
  { ns: `nlts-${process.pid}-b`, underlay: '10.0.0.2', overlay: '192.168.100.2' },
];
const made = [];
const handles = [];
try {
  for (const h of hosts) { await createNetns(h.ns); made.push(h.ns); }   // ip netns add a; ip netns add b
  handles.push(...await Promise.all(hosts.map((h) => Netlink.open({ netns: h.ns }))));
  const a = handles[0];
  // The underlay: a veth between the two hosts.
  await a.createVeth('eth0', 'eth0', { peerNetns: hosts[1].ns });          // ip -n a link add eth0 type veth peer name eth0 netns b
  for (const [i, h] of hosts.entries()) {
    const other = hosts[1 - i];
    const nl = handles[i];
    await nl.addAddress('eth0', `${h.underlay}/24`);                       // ip addr add 10.0.0.1/24 dev eth0
    await nl.setLinkUp('eth0');                                            // ip link set eth0 up
    // ip link add vxlan42 type vxlan id 42 local 10.0.0.1 remote 10.0.0.2 dstport 4789 dev eth0
    await nl.createLink({ kind: 'vxlan', name: 'vxlan42', vni: 42, local: h.underlay, remote: other.underlay, port: 4789, dev: 'eth0' });
    await nl.addAddress('vxlan42', `${h.overlay}/24`);                     // ip addr add 192.168.100.1/24 dev vxlan42
    await nl.setLinkUp('vxlan42');                                         // ip link set vxlan42 up
    const vx = await nl.getLink('vxlan42');
    console.log(`${h.ns}: vxlan42 (${vx.kind}, mtu ${vx.mtu}) ${h.overlay} over ${h.underlay}`);
  }
  // The proof: the overlay address of host b answers from host a, carried in VXLAN.
  execFileSync('ip', ['netns', 'exec', hosts[0].ns, 'ping', '-n', '-c', '1', '-w', '15', hosts[1].overlay], { stdio: 'ignore' });
  console.log('ping a → b over the overlay: ok');
} finally {
  for (const h of handles) h.close();
  for (const ns of made.reverse()) await deleteNetns(ns);                // ip netns delete …
}
