// A container on the LAN through macvlan: the container gets its own MAC address on the host's
// NIC, with no bridge and no NAT. Here the "NIC" is one end of a veth whose other end sits in a
// "lan" namespace (a stand-in for the wire and a machine on it), so nothing real is touched.
//
//   node examples/macvlan-container.mjs    (as root; iproute2's ping only for the proof)
import { execFileSync } from 'node:child_process';
import { createNetns, deleteNetns, Netlink } from 'netlinkts';

const [hostNs, lanNs, ctrNs] = ['host', 'lan', 'ctr'].map((t) => `nlts-${process.pid}-${t}`);
const made = [];
const handles = [];
try {
  for (const ns of [hostNs, lanNs, ctrNs]) { await createNetns(ns); made.push(ns); } // ip netns add …
  const [host, lan, ctr] = await Promise.all([hostNs, lanNs, ctrNs].map((netns) => Netlink.open({ netns })));
  handles.push(host, lan, ctr);

  // The host's "NIC" eth0, wired to a LAN machine at 192.168.50.1.
  await host.createVeth('eth0', 'wire0', { peerNetns: lanNs, up: true }); // ip link add eth0 type veth peer name wire0 netns lan
  await lan.addAddress('wire0', '192.168.50.1/24');                      // ip -n lan addr add 192.168.50.1/24 dev wire0
  await lan.setLinkUp('wire0');                                          // ip -n lan link set wire0 up

  // The container's interface: a macvlan on eth0, born inside the container.
  // ip link add mv0 link eth0 type macvlan mode bridge netns ctr
  await host.createLink({ kind: 'macvlan', name: 'mv0', parent: 'eth0', mode: 'bridge', netns: ctrNs });
  await ctr.addAddress('mv0', '192.168.50.10/24');                       // ip -n ctr addr add 192.168.50.10/24 dev mv0
  await ctr.setLinkUp('mv0');                                            // ip -n ctr link set mv0 up
  await ctr.addRoute({ dst: 'default', via: '192.168.50.1' });           // ip -n ctr route add default via 192.168.50.1

  const mv = await ctr.getLink('mv0');                                   // ip -n ctr -d link show mv0
  console.log(`mv0: ${mv.kind} ${mv.address} in the container`);
  execFileSync('ip', ['netns', 'exec', ctrNs, 'ping', '-n', '-c', '1', '-w', '15', '192.168.50.1'], { stdio: 'ignore' });
  console.log('ping container → LAN: ok');
} finally {
  for (const h of handles) h.close();
  for (const ns of made.reverse()) await deleteNetns(ns);              // ip netns delete …
}
