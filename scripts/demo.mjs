#!/usr/bin/env node
// npm run demo: builds the container-network walkthrough with netlinkts in throw-away
// namespaces, proves it with packets, prints what the kernel holds, and removes everything.
import { execFileSync } from 'node:child_process';
import { buildWalkthrough, teardownWalkthrough, walkthroughNames, ADDR } from '../dist/demo/walkthrough.js';
import { Netlink } from '../dist/index.js';
import { ping, tcpRequest, tcpServer } from './lib/proof.mjs';

const names = walkthroughNames(`${process.pid}-demo`);
const log = (s) => console.log(`  ${s}`);
let failures = 0;
const check = (what, ok) => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); if (!ok) failures++; };

const cleanup = () => teardownWalkthrough(names);
process.on('SIGINT', () => cleanup().finally(() => process.exit(130)));

try {
  const nat = !process.argv.includes('--no-nat');
  console.log('building the walkthrough with netlinkts (no ip, no iptables):');
  const t0 = performance.now();
  await buildWalkthrough(names, { nat, log });
  console.log(`built in ${(performance.now() - t0).toFixed(1)} ms\n`);

  console.log('what the kernel holds, read back by netlinkts:');
  const host = await Netlink.open({ netns: names.host });
  try {
    for (const l of await host.listLinks()) log(`${l.index}: ${l.name} ${l.kind ?? ''} ${l.up ? 'UP' : 'DOWN'}${l.master ? ` master ${l.master}` : ''}`);
    for (const a of await host.listAddresses({ family: 4 })) log(`addr ${a.cidr} dev ${a.index}`);
    for (const r of await host.listRoutes({ family: 4 })) log(`route ${r.dst} dev ${r.dev}${r.via ? ` via ${r.via}` : ''}`);
    const peer = await host.getVethPeer('veth0');
    log(`veth0's peer: ifindex ${peer.index} in netns id ${peer.netnsId} (= ethtool -S veth0 peer_ifindex)`);
  } finally {
    host.close();
  }
  console.log('\nand by ip (the independent oracle):');
  console.log(execFileSync('ip', ['-n', names.container, '-br', 'addr'], { encoding: 'utf8' }).trimEnd().replace(/^/gm, '  '));
  console.log(execFileSync('ip', ['-n', names.container, 'route'], { encoding: 'utf8' }).trimEnd().replace(/^/gm, '  '));

  console.log('\nproof by packets:');
  check(`container → bridge  ping ${ADDR.bridge}`, ping(names.container, ADDR.bridge));
  check(`host → container    ping ${ADDR.container}`, ping(names.host, ADDR.container));
  if (nat) {
    const outside = tcpServer(names.outside, ADDR.outside, 8080, 'outside');
    await outside.ready;
    const answer = await tcpRequest(names.container, ADDR.outside, 8080).catch((e) => String(e));
    outside.close();
    check(`masquerade: container → outside:8080 seen from ${answer.split(' ')[1]} (want ${ADDR.hostUplink})`, answer === `outside ${ADDR.hostUplink}`);
    const web = tcpServer(names.container, '0.0.0.0', 80, 'container');
    await web.ready;
    const got = await tcpRequest(names.outside, ADDR.hostUplink, 80).catch((e) => String(e));
    web.close();
    check(`DNAT: outside → host ${ADDR.hostUplink}:80 answered by "${got.split(' ')[0]}" (want container)`, got.startsWith('container '));
    console.log('\nnft list ruleset in the host namespace (rendered by nft from our rules):');
    console.log(execFileSync('ip', ['netns', 'exec', names.host, 'nft', 'list', 'ruleset'], { encoding: 'utf8' }).trimEnd().replace(/^/gm, '  '));
  }
} catch (e) {
  failures++;
  console.error('demo failed:', e);
} finally {
  await cleanup();
  const left = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(`nlts-${process.pid}-demo`));
  check('cleanup: no namespace left behind', left.length === 0);
}
if (!failures && !process.argv.includes('--no-network')) await networkPart();
process.exit(failures ? 1 : 0);

// ---- second part: the same walkthrough done by BridgeNetwork (the container network layer) ----
async function networkPart() {
  const { BridgeNetwork } = await import('../dist/index.js');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const tag = `nlts-${process.pid}-demo2`;
  const [host, ctr, out] = [`${tag}-host`, `${tag}-ctr`, `${tag}-out`];
  const stateDir = mkdtempSync(`${tmpdir()}/nlts-demo-`);
  const ip = (...a) => execFileSync('ip', a, { encoding: 'utf8' });
  console.log('\npart 2: the same, by BridgeNetwork (lib/network) in ~10 lines:');
  try {
    for (const n of [host, ctr, out]) ip('netns', 'add', n);
    // the "outside" machine on the host's uplink (set up with ip: it is the test rig, not the subject)
    ip('-n', host, 'link', 'add', 'uplink', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', out);
    ip('-n', host, 'addr', 'add', `${ADDR.hostUplink}/24`, 'dev', 'uplink');
    ip('-n', out, 'addr', 'add', `${ADDR.outside}/24`, 'dev', 'eth0');
    for (const [n, d] of [[host, 'uplink'], [out, 'eth0'], [out, 'lo']]) ip('-n', n, 'link', 'set', d, 'up');

    const t0 = performance.now();
    const net = await BridgeNetwork.open({                     // bridge, gateway, ip_forward, nft table
      name: 'demo', bridge: 'br0', subnet: '172.18.0.0/24', masquerade: true, stateDir, hostNetns: host,
    });
    const res = await net.attach({                             // veth born in the container, IPAM, routes, DNAT
      id: 'web', netns: ctr, ifname: 'eth0', ports: [{ hostPort: 80, containerPort: 80, protocol: 'tcp' }],
    });
    console.log(`  attached in ${(performance.now() - t0).toFixed(1)} ms: ${res.ips.map((i) => i.address).join(', ')} via ${res.ips[0].gateway}`);
    await net.check({ id: 'web', ifname: 'eth0' });           // the kernel holds what attach made
    check('check: kernel state equals the attachment', true);

    const ctrIp = res.ips[0].address.split('/')[0];
    check(`host → container ping ${ctrIp}`, ping(host, ctrIp));
    const outside = tcpServer(out, ADDR.outside, 8080, 'outside');
    await outside.ready;
    const answer = await tcpRequest(ctr, ADDR.outside, 8080).catch((e) => String(e));
    outside.close();
    check(`masquerade: container → outside seen from ${answer.split(' ')[1]} (want ${ADDR.hostUplink})`, answer === `outside ${ADDR.hostUplink}`);
    const web = tcpServer(ctr, '0.0.0.0', 80, 'container');
    await web.ready;
    const got = await tcpRequest(out, ADDR.hostUplink, 80).catch((e) => String(e));
    web.close();
    check(`port mapping: outside → host:80 answered by "${got.split(' ')[0]}"`, got.startsWith('container '));

    await net.detach({ id: 'web', ifname: 'eth0' });          // rules, veth, address: gone
    await net.remove();                                        // bridge, nft table, state
    net.close();
    check('detach + remove: no nft table, no bridge left', !ip('-n', host, 'link').includes('br0') &&
      !execFileSync('ip', ['netns', 'exec', host, 'nft', 'list', 'tables'], { encoding: 'utf8' }).includes('netlinkts'));
  } catch (e) {
    failures++;
    console.error('network part failed:', e);
  } finally {
    for (const n of [host, ctr, out]) { try { ip('netns', 'del', n); } catch { /* gone */ } }
    rmSync(stateDir, { recursive: true, force: true });
  }
}
