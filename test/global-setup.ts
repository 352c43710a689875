// Guards the machine: snapshots the root namespace (links, addresses, routes, nft ruleset,
// forwarding) before the suite and compares after it. Any difference fails the run and leaves
// .ci/root-ns-changed for CI to count as a failure.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';

function run(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return '(unavailable)';
  }
}

function snapshot(): Record<string, unknown> {
  const strip = (s: string) => {
    try {
      return JSON.parse(s, (k, v) => (k === 'stats64' || k === 'stats' || k === 'valid_life_time' || k === 'preferred_life_time' ? undefined : v));
    } catch {
      return s;
    }
  };
  return {
    links: strip(run('ip', ['-j', 'link', 'show'])),
    addresses: strip(run('ip', ['-j', 'addr', 'show'])),
    routes: strip(run('ip', ['-j', 'route', 'show', 'table', 'all'])),
    ruleset: run('nft', ['list', 'ruleset']),
    forwarding: run('cat', ['/proc/sys/net/ipv4/conf/all/forwarding']),
  };
}

let before: Record<string, unknown>;
const marker = new URL('../.ci/root-ns-changed', import.meta.url).pathname;

export function setup(): void {
  rmSync(marker, { force: true });
  before = snapshot();
}

export function teardown(): void {
  const after = snapshot();
  const changed = Object.keys(before).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (changed.length > 0) {
    mkdirSync(new URL('../.ci/', import.meta.url).pathname, { recursive: true });
    writeFileSync(marker, `root namespace changed during the suite: ${changed.join(', ')}\n`);
    throw new Error(`the test suite changed the root network namespace: ${changed.join(', ')}`);
  }
}
