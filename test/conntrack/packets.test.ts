// Real flows between namespaces, and the stale-UDP problem CNI portmap and kube-proxy clean up:
//   cli [a0 10.78.0.1/24] ── [b0 10.78.0.2/24 + 10.78.0.3/24] srv
// cli DNATs the "service" 10.78.0.100:5000 to a backend (output hook). A UDP sender keeps one
// flow alive; after the DNAT rule is changed to the other backend the flow stays pinned to the
// old one, until conntrack.delete removes it. Processes are started and stopped by PID; every
// wait polls state (messages received, flows listed), never sleeps.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { canAdmin, ipCmd, makeNetns } from '../helpers/ns.js';
import { canonFlow, conntrackList, ct, haveConntrackCli, waitFor } from './util.js';

const skip = !canAdmin ? 'not root' : !haveConntrackCli ? 'conntrack CLI not installed' : false;

const started: ChildProcess[] = [];
afterEach(() => {
  for (const p of started.splice(0)) if (p.pid && p.exitCode === null) process.kill(p.pid, 'SIGKILL');
});

// Prints one line per datagram received.
const UDP_RECEIVER = `
const s = require('dgram').createSocket('udp4');
s.on('message', (m) => console.log(String(m)));
s.bind(Number(process.argv[2]), process.argv[1], () => console.log('ready'));`;
// Sends a numbered datagram every 10 ms from a fixed source port: one flow, kept alive.
const UDP_SENDER = `
const s = require('dgram').createSocket('udp4');
const [host, port, sport] = process.argv.slice(1);
let n = 0;
s.bind(Number(sport), () => setInterval(() => s.send('m' + n++, Number(port), host), 10));`;
const TCP_SERVER = `
require('net').createServer((c) => c.on('data', (d) => c.write(d))).listen(Number(process.argv[2]), process.argv[1], () => console.log('ready'));`;
// Connects, echoes once, then keeps the connection open until killed.
const TCP_CLIENT = `
const c = require('net').connect(Number(process.argv[2]), process.argv[1], () => c.write('hi'));
c.on('data', () => console.log('echoed'));`;

interface Proc { p: ChildProcess; lines: string[] }

function run(ns: string, script: string, ...args: string[]): Proc {
  const p = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', script, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  started.push(p);
  const lines: string[] = [];
  let rest = '';
  p.stdout!.on('data', (d: Buffer) => {
    const parts = (rest + d.toString()).split('\n');
    rest = parts.pop()!;
    lines.push(...parts);
  });
  return { p, lines };
}

function stop(x: Proc): void {
  if (x.p.pid && x.p.exitCode === null) process.kill(x.p.pid, 'SIGKILL');
}

const received = (x: Proc) => x.lines.filter((l) => l.startsWith('m')).length;

function topology(): { cli: string; srv: string } {
  const cli = makeNetns('ctpc');
  const srv = makeNetns('ctps');
  ipCmd(cli, 'link', 'add', 'a0', 'type', 'veth', 'peer', 'name', 'b0', 'netns', srv);
  ipCmd(cli, 'addr', 'add', '10.78.0.1/24', 'dev', 'a0');
  ipCmd(srv, 'addr', 'add', '10.78.0.2/24', 'dev', 'b0');
  ipCmd(srv, 'addr', 'add', '10.78.0.3/24', 'dev', 'b0');
  for (const [ns, dev] of [[cli, 'a0'], [srv, 'b0'], [cli, 'lo'], [srv, 'lo']] as const) ipCmd(ns, 'link', 'set', dev, 'up');
  // Output-hook DNAT in cli: the service address is rewritten before the packet leaves.
  ct(cli, 'sh', '-c', "nft add table ip svc && nft 'add chain ip svc out { type nat hook output priority -100; }' && " +
    "nft add rule ip svc out ip daddr 10.78.0.100 udp dport 5000 dnat to 10.78.0.2:6000");
  return { cli, srv };
}

function retarget(cli: string, backend: string): void {
  ct(cli, 'sh', '-c', `nft flush chain ip svc out && nft add rule ip svc out ip daddr 10.78.0.100 udp dport 5000 dnat to ${backend}:6000`);
}

describe.skipIf(skip)('conntrack with real traffic', () => {
  it('lists UDP-through-DNAT and TCP flows as conntrack -L does', async () => {
    const { cli, srv } = topology();
    const h = await Netlink.open({ netns: cli });
    try {
      const rx = run(srv, UDP_RECEIVER, '10.78.0.2', '6000');
      const tcpd = run(srv, TCP_SERVER, '10.78.0.2', '7000');
      await waitFor('servers', () => rx.lines.includes('ready') && tcpd.lines.includes('ready'));
      run(cli, UDP_SENDER, '10.78.0.100', '5000', '40000');
      const tc = run(cli, TCP_CLIENT, '10.78.0.2', '7000');
      await waitFor('udp datagrams and the tcp echo', () => received(rx) > 0 && tc.lines.includes('echoed'));
      const udp = await waitFor('the UDP flow', async () => (await h.conntrack.list({ protocol: 'udp', orig: { sport: 40000 } }))[0]);
      expect(udp.orig).toMatchObject({ src: '10.78.0.1', dst: '10.78.0.100', sport: 40000, dport: 5000 });
      expect(udp.reply).toMatchObject({ src: '10.78.0.2', dst: '10.78.0.1', sport: 6000, dport: 40000 });
      expect(udp.nat).toEqual({ dst: { address: '10.78.0.2', port: 6000 } });
      expect(udp.status).toEqual(expect.arrayContaining(['DST_NAT', 'CONFIRMED']));
      const tcp = await waitFor('the TCP flow established', async () =>
        (await h.conntrack.list({ protocol: 'tcp', orig: { dport: 7000 } })).find((f) => f.state === 'ESTABLISHED'));
      expect(tcp.reply).toMatchObject({ src: '10.78.0.2', sport: 7000 });
      // The two views of the same table agree (timeouts tick, so compare without them).
      const ours = (await h.conntrack.list()).map(canonFlow).sort((a, b) => a.id - b.id);
      expect(ours.map((f) => f.id)).toEqual(conntrackList(cli).map((f) => f.id));
      expect(ours).toEqual(conntrackList(cli));
    } finally {
      h.close();
    }
  });

  it('a UDP flow stays pinned to the old DNAT target until conntrack.delete removes it', async () => {
    const { cli, srv } = topology();
    const h = await Netlink.open({ netns: cli });
    try {
      const old = run(srv, UDP_RECEIVER, '10.78.0.2', '6000');
      const neu = run(srv, UDP_RECEIVER, '10.78.0.3', '6000');
      await waitFor('receivers', () => old.lines.includes('ready') && neu.lines.includes('ready'));
      const tx = run(cli, UDP_SENDER, '10.78.0.100', '5000', '40001');
      await waitFor('traffic at the old target', () => received(old) > 0);
      retarget(cli, '10.78.0.3');
      // The rule changed, but the flow's NAT binding did not: traffic keeps going to .2.
      const atChange = received(old);
      await waitFor('more traffic at the old target after the change', () => received(old) >= atChange + 20);
      expect(received(neu)).toBe(0);
      const pinned = await h.conntrack.list({ protocol: 'udp', orig: { dst: '10.78.0.100', dport: 5000 } });
      expect(pinned.map((f) => f.reply.src)).toEqual(['10.78.0.2']);
      // What CNI portmap / kube-proxy do: delete the stale flow; the next packet is NEW again.
      expect(await h.conntrack.delete({ protocol: 'udp', orig: { dst: '10.78.0.100', dport: 5000 } })).toBe(1);
      await waitFor('traffic at the new target', () => received(neu) > 0);
      const moved = await waitFor('the new flow', async () =>
        (await h.conntrack.list({ protocol: 'udp', orig: { dport: 5000 } })).find((f) => f.reply.src === '10.78.0.3'));
      expect(moved.nat).toEqual({ dst: { address: '10.78.0.3', port: 6000 } });
      stop(tx);
    } finally {
      h.close();
    }
  });
});
