// A container runtime's bridge network with BridgeNetwork: IPAM, a veth born in the container,
// a default route via the gateway, masquerade and a published port (host :8080 → container :80),
// then detach and remove. The "host" is a throw-away namespace, so nothing lands in yours.
//
//   node examples/bridge-network.mjs        (as root; iproute2's ping only for the proof)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { BridgeNetwork, createNetns, deleteNetns, Netlink } from 'netlinkts';

const host = `nlts-${process.pid}-bn-host`;
const ctr = `nlts-${process.pid}-bn-ctr`;
const stateDir = mkdtempSync(`${tmpdir()}/nlts-bn-`);            // IPAM + attachment records
await createNetns(host);                                         // ip netns add …
await createNetns(ctr);
let net;
try {
  // bridge nlbr0 (created if missing, MAC pinned, gateway 10.89.0.1, up), ip_forward=1, nft table inet netlinkts
  net = await BridgeNetwork.open({ name: 'nl0', bridge: 'nlbr0', subnet: '10.89.0.0/24', masquerade: true, stateDir, hostNetns: host });
  // veth with the peer born in the container as eth0, address from IPAM, default route, DNAT :8080 → :80
  const res = await net.attach({ id: 'web1', netns: ctr, ifname: 'eth0',
    ports: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] });
  console.log(`attached web1: ${res.ips.map((i) => `${i.address} via ${i.gateway}`).join(', ')}`);
  await net.check({ id: 'web1', ifname: 'eth0' });               // throws naming anything that differs
  console.log('check: the kernel holds what attach made');

  const h = await Netlink.open({ netns: host });                 // ip netns exec host …
  const rules = await h.nft.listRules({ family: 'inet', table: 'netlinkts' });          // nft -a list table inet netlinkts
  const mine = rules.filter((r) => r.comment === 'nl:nl0:web1:eth0');                   // tied to the container by comment
  const dnat = mine.find((r) => typeof r.action === 'object' && 'dnat' in r.action);
  console.log(`${mine.length} rules for web1; in ${dnat.chain}: ${JSON.stringify(dnat.match)} → ${JSON.stringify(dnat.action)}`);
  h.close();
  execFileSync('ip', ['netns', 'exec', ctr, 'ping', '-n', '-c', '1', '-w', '15', res.ips[0].gateway], { stdio: 'ignore' });
  console.log('ping container → gateway: ok');

  await net.detach({ id: 'web1', ifname: 'eth0' });             // rules first, then the veth, then the address
  await net.remove();                                           // bridge, the network's rules, state
  console.log('detached and removed');
} finally {
  net?.close();
  await deleteNetns(ctr);
  await deleteNetns(host);
  rmSync(stateDir, { recursive: true, force: true });
}
