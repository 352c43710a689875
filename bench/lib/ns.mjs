// Benchmark namespaces: unique names nlts-<pid>-b<n>, one per trial, always removed (finally,
// signals and process exit all come through deleteAllNs). Nothing here touches the caller's
// own namespace: every command is `ip -n NS …` or `ip netns exec NS …`.
import { execFileSync } from 'node:child_process';

const live = new Set();
let counter = 0;

export function createNs() {
  const name = `nlts-${process.pid}-b${++counter}`;
  execFileSync('ip', ['netns', 'add', name], { stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(name);
  return name;
}

export function deleteNs(name) {
  try {
    execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  } catch {
    /* already gone */
  }
  live.delete(name);
}

export function deleteAllNs() {
  for (const name of [...live]) deleteNs(name);
}

/**
 * Runs setup steps inside `ns`: ['ip', …argv] → ip -n NS argv; ['ip-batch', …lines] →
 * ip -n NS -batch -; ['nft', …commands] → ip netns exec NS nft -f -.
 */
export function runSetup(ns, steps) {
  const opts = { stdio: ['pipe', 'ignore', 'pipe'], maxBuffer: 64 << 20 };
  for (const [tool, ...rest] of steps) {
    if (tool === 'ip') execFileSync('ip', ['-n', ns, ...rest], opts);
    else if (tool === 'ip-batch') execFileSync('ip', ['-n', ns, '-batch', '-'], { ...opts, input: `${rest.join('\n')}\n` });
    else if (tool === 'nft') execFileSync('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], { ...opts, input: `${rest.join('\n')}\n` });
    else throw new Error(`unknown setup tool ${tool}`);
  }
}
