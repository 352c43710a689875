// Test namespaces: unique names (nlts-<pid>-<n>), created with iproute2 (independent of the code
// under test) and always removed, even when the test fails.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { afterEach } from 'vitest';

let counter = 0;
const created = new Set<string>();

/** A fresh, unique namespace name (not created). */
export function uniqueName(tag = 'ns'): string {
  return `nlts-${process.pid}-${tag}${++counter}`;
}

/** Creates a namespace with `ip netns add`, registered for removal after the current test. */
export function makeNetns(tag = 'ns'): string {
  const name = uniqueName(tag);
  execFileSync('ip', ['netns', 'add', name]);
  created.add(name);
  return name;
}

/** Registers a namespace created by other means for cleanup. */
export function trackNetns(name: string): void {
  created.add(name);
}

export function removeNetns(name: string): void {
  try {
    execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' });
  } catch {
    /* already gone */
  }
  created.delete(name);
}

afterEach(() => {
  for (const name of [...created]) removeNetns(name);
});

/** Runs a command inside a namespace; returns stdout. */
export function inNs(ns: string, cmd: string, args: string[], opts: { timeout?: number } = {}): string {
  return execFileSync('ip', ['netns', 'exec', ns, cmd, ...args], { encoding: 'utf8', timeout: opts.timeout ?? 20000 });
}

/** `ip -j …` inside a namespace, parsed. */
export function ipJson<T = any>(ns: string, ...args: string[]): T {
  const out = execFileSync('ip', ['-n', ns, '-j', ...args], { encoding: 'utf8' });
  return JSON.parse(out.trim() === '' ? '[]' : out) as T;
}

/** `ip …` inside a namespace (for the differential side), throws on failure. */
export function ipCmd(ns: string, ...args: string[]): string {
  return execFileSync('ip', ['-n', ns, ...args], { encoding: 'utf8' });
}

/** Root in the current user namespace: enough for everything inside namespaces we create. */
export const canAdmin = process.getuid?.() === 0;

/** Real root: uid 0 in the initial user namespace (not root mapped inside `unshare -r`). */
export const isRoot = process.getuid?.() === 0 && (() => {
  try {
    return readFileSync('/proc/self/uid_map', 'utf8').trim().split(/\s+/).join(' ') === '0 0 4294967295';
  } catch {
    return false;
  }
})();

/** Why /dev/net/tun cannot be used here, or null. */
export function tunUnavailable(): string | null {
  try {
    accessSync('/dev/net/tun', constants.R_OK | constants.W_OK);
    return null;
  } catch (e) {
    return `/dev/net/tun: ${(e as NodeJS.ErrnoException).code}`;
  }
}

/**
 * Waits (polling, 30 s deadline) until each named link is operationally UP and holds its IPv6
 * link-local address: the kernel brings carrier up on its own clock after `up` (linkwatch may
 * delay it by a second, longer on a loaded machine) and then adds fe80:: addresses and their
 * routes. Tests that compare a namespace's state before and after must start from that state.
 */
export async function waitLinkLocal(ns: string, devs: string[]): Promise<void> {
  const deadline = Date.now() + 30000;
  for (;;) {
    const links = ipJson(ns, 'addr', 'show') as { ifname: string; operstate: string; addr_info: { family: string; scope: string }[] }[];
    const ready = devs.filter((d) => links.some((l) => l.ifname === d && l.operstate === 'UP'
      && l.addr_info.some((a) => a.family === 'inet6' && a.scope === 'link')));
    if (ready.length === devs.length) return;
    if (Date.now() > deadline) throw new Error(`${ns}: ${devs.filter((d) => !ready.includes(d)).join(', ')} not UP with a link-local address after 30 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
