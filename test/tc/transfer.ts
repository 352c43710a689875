// A TCP transfer between two namespaces, timed from connect to the receiver's acknowledgement
// of the last byte (the receiver counts what arrived and answers with the count).
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

const SERVER = `
const net = require('net');
const srv = net.createServer((s) => {
  let n = 0;
  s.on('data', (d) => { n += d.length; });
  s.on('end', () => { s.end(String(n)); srv.close(); });
});
srv.listen(Number(process.argv[1]), '0.0.0.0', () => console.log('ready'));
`;
const CLIENT = `
const net = require('net');
const [addr, port, size] = process.argv.slice(1);
const t0 = process.hrtime.bigint();
const s = net.connect(Number(port), addr, () => s.end(Buffer.alloc(Number(size), 0x5a)));
let reply = '';
s.on('data', (d) => { reply += d; });
s.on('close', () => console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - t0) / 1e6, received: Number(reply) })));
`;

/** Sends `size` bytes from namespace `from` to `addr`:`port` in namespace `to`. */
export async function transfer(from: string, to: string, addr: string, size: number, port = 5201): Promise<{ ms: number; received: number }> {
  const server = spawn('ip', ['netns', 'exec', to, process.execPath, '-e', SERVER, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    // Wait for the listening socket (state, not time).
    await new Promise<void>((resolve, reject) => {
      server.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('ready')) resolve(); });
      server.on('exit', (code) => reject(new Error(`transfer server exited early (${code})`)));
    });
    const { stdout } = await run('ip', ['netns', 'exec', from, process.execPath, '-e', CLIENT, addr, String(port), String(size)], { timeout: 60000 });
    return JSON.parse(stdout) as { ms: number; received: number };
  } finally {
    if (server.exitCode === null) server.kill();
  }
}
