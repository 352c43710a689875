// Traffic between namespaces for the nft packet tests: a TCP server answering with a fixed text or
// the peer's address, a client with a deadline, and the host/out/ctr topology:
//   ctr [eth0 172.18.0.2/24] ── [ctr0 172.18.0.1/24] host [uplink 10.99.0.1/24] ── [eth0 10.99.0.2/24] out
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach } from 'vitest';
import { inNs, ipCmd, makeNetns } from '../helpers/ns.js';

const started: ChildProcess[] = [];
afterEach(() => {
  for (const p of started.splice(0)) if (p.pid && p.exitCode === null) process.kill(p.pid, 'SIGKILL');
});

const SERVER = `
const net = require('net');
const [host, port, reply] = process.argv.slice(1);
net.createServer((s) => { if (reply === 'hold') s.write('held'); else s.end(reply === 'peer' ? s.remoteAddress : reply); })
  .listen(Number(port), host, () => console.log('ready'));
setTimeout(() => process.exit(0), 20000);`;
const CLIENT = `
const net = require('net');
const [host, port] = process.argv.slice(1);
let got = '';
const s = net.connect(Number(port), host);
s.setTimeout(4000, () => { console.log('TIMEOUT'); process.exit(2); });
s.on('data', (d) => { got += d; });
s.on('end', () => { console.log(got); process.exit(0); });
s.on('error', (e) => { console.log('ERROR ' + e.code); process.exit(1); });`;

// A client that stays connected (for connection limits) until the test ends.
const HOLDER = `
const net = require('net');
const [host, port] = process.argv.slice(1);
const s = net.connect(Number(port), host);
s.on('data', (d) => console.log(String(d)));
s.on('error', (e) => { console.log('ERROR ' + e.code); process.exit(1); });
setTimeout(() => process.exit(0), 20000);`;

/** Opens a TCP connection that stays open; resolves once the server's 'held' arrived (reply 'hold'). */
export function holder(ns: string, host: string, port: number): Promise<void> {
  const p = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', HOLDER, host, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  started.push(p);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('holder got no data')), 30000);
    p.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('held')) { clearTimeout(t); resolve(); } else { clearTimeout(t); reject(new Error(`holder: ${d}`)); } });
    p.on('exit', (c) => reject(new Error(`holder exited ${c}`)));
  });
}

export function server(ns: string, host: string, port: number, reply: string): Promise<void> {
  const p = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', SERVER, host, String(port), reply], { stdio: ['ignore', 'pipe', 'inherit'] });
  started.push(p);
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('server did not start')), 30000);
    p.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('ready')) { clearTimeout(t); resolve(); } });
    p.on('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
}

export function client(ns: string, host: string, port: number): string {
  try {
    return inNs(ns, process.execPath, ['-e', CLIENT, host, String(port)], { timeout: 30000 }).trim();
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? e).trim();
  }
}

export function topology(): { host: string; out: string; ctr: string } {
  const host = makeNetns('nfth');
  const out = makeNetns('nftx');
  const ctr = makeNetns('nftc');
  ipCmd(host, 'link', 'add', 'uplink', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', out);
  ipCmd(host, 'link', 'add', 'ctr0', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ctr);
  ipCmd(host, 'addr', 'add', '10.99.0.1/24', 'dev', 'uplink');
  ipCmd(host, 'addr', 'add', '172.18.0.1/24', 'dev', 'ctr0');
  ipCmd(out, 'addr', 'add', '10.99.0.2/24', 'dev', 'eth0');
  ipCmd(ctr, 'addr', 'add', '172.18.0.2/24', 'dev', 'eth0');
  for (const [ns, dev] of [[host, 'uplink'], [host, 'ctr0'], [out, 'eth0'], [ctr, 'eth0'], [host, 'lo'], [out, 'lo'], [ctr, 'lo']] as const) {
    ipCmd(ns, 'link', 'set', dev, 'up');
  }
  ipCmd(ctr, 'route', 'add', 'default', 'via', '172.18.0.1');
  inNs(host, 'sysctl', ['-qw', 'net.ipv4.conf.all.forwarding=1']);
  return { host, out, ctr };
}

