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
process.exit(failures ? 1 : 0);
