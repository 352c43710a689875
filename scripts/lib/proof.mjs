// Proof by packets, shared by the demo and the tests: ping and tiny TCP servers/clients run
// inside namespaces with `ip netns exec` (these are the oracles, so they use other programs;
// the library itself never starts one). Only addresses inside our own namespaces are used.
import { execFile, execFileSync, spawn } from 'node:child_process';

/**
 * ping from inside `ns`; true once `count` replies came back within `deadlineSec` (ping -w keeps
 * sending once a second until then, so a slow first ARP or a loaded machine does not fail it).
 */
export function ping(ns, addr, { count = 1, deadlineSec = 15 } = {}) {
  try {
    execFileSync('ip', ['netns', 'exec', ns, 'ping', '-n', '-c', String(count), '-w', String(deadlineSec), addr], { stdio: 'ignore', timeout: (deadlineSec + 15) * 1000 });
    return true;
  } catch {
    return false;
  }
}

const SERVER = `
const net = require('net');
const [host, port, reply] = process.argv.slice(1);
const srv = net.createServer((c) => {
  console.log('peer ' + c.remoteAddress);
  c.end(reply + ' ' + c.remoteAddress + '\\n');
});
srv.listen(Number(port), host, () => console.log('ready'));
setTimeout(() => process.exit(0), 60000).unref();
`;

/**
 * A TCP server inside `ns` on host:port answering "<reply> <client address>". Resolves once it
 * listens. close() ends it by PID (only this process).
 */
export function tcpServer(ns, host, port, reply) {
  const proc = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', SERVER, host, String(port), reply], { stdio: ['ignore', 'pipe', 'inherit'] });
  const peers = [];
  let buf = '';
  const ready = new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`server in ${ns} did not start`)), 30000); // a deadline: node starts slowly on a loaded machine
    proc.stdout.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line === 'ready') { clearTimeout(t); resolve(); }
        else if (line.startsWith('peer ')) peers.push(line.slice(5));
      }
    });
    proc.on('exit', (code) => { clearTimeout(t); reject(new Error(`server in ${ns} exited (${code})`)); });
  });
  ready.catch(() => {});
  return {
    ready, peers,
    close() { if (proc.exitCode === null && proc.pid) { try { process.kill(proc.pid); } catch { /* gone */ } } },
  };
}

const CLIENT = `
const net = require('net');
const [host, port] = process.argv.slice(1);
const c = net.connect(Number(port), host);
let out = '';
c.setTimeout(10000, () => { console.error('timeout'); process.exit(2); });
c.on('data', (d) => (out += d));
c.on('end', () => { process.stdout.write(out); process.exit(0); });
c.on('error', (e) => { console.error(e.message); process.exit(1); });
`;

/** Connects from inside `ns` to addr:port; resolves to the server's answer (trimmed). */
export function tcpRequest(ns, addr, port) {
  return new Promise((resolve, reject) => {
    execFile('ip', ['netns', 'exec', ns, process.execPath, '-e', CLIENT, addr, String(port)], { timeout: 30000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`tcp ${addr}:${port} from ${ns}: ${stderr.trim() || err.message}`));
      else resolve(stdout.trim());
    });
  });
}
