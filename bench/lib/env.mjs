// What the results were measured on: recorded with every run so numbers stay comparable.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

function firstLine(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0].trim();
  } catch {
    return null;
  }
}

function cpuModel() {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch { /* fall through */ }
  return os.cpus()[0]?.model ?? 'unknown';
}

export function environment(root) {
  return {
    date: new Date().toISOString(),
    kernel: os.release(),
    cpu: cpuModel(),
    cpus: os.cpus().length,
    memoryMiB: Math.round(os.totalmem() / 2 ** 20),
    node: process.version,
    // Other work on the machine shows up as noise: note how busy it was when the run started.
    loadavg: os.loadavg().map((x) => Number(x.toFixed(2))),
    iproute2: firstLine('ip', ['-V']),
    nft: firstLine('nft', ['-v']),
    cc: firstLine('cc', ['--version']),
    commit: firstLine('git', ['-C', root, 'rev-parse', '--short', 'HEAD']),
  };
}
