// Oracles beyond `ip`: `bridge -j`, and a probe for kernel features this machine may lack.
import { execFileSync } from 'node:child_process';
import { uniqueName } from './ns.js';

/** `bridge -j …` inside a namespace, parsed. */
export function bridgeJson<T = any>(ns: string, ...args: string[]): T {
  const out = execFileSync('bridge', ['-n', ns, '-j', ...args], { encoding: 'utf8' });
  return JSON.parse(out.trim() === '' ? '[]' : out) as T;
}

/** `bridge …` inside a namespace (the differential side); throws on failure. */
export function bridgeCmd(ns: string, ...args: string[]): string {
  return execFileSync('bridge', ['-n', ns, ...args], { encoding: 'utf8' });
}

/**
 * Null when `ip` can run `args` in a throw-away namespace, else the reason (the kernel's
 * message): used to skip kernel tests of features this kernel lacks, saying why.
 */
export function probeIp(...cmds: string[][]): string | null {
  const ns = uniqueName('probe');
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    for (const c of cmds) execFileSync('ip', ['-n', ns, ...c], { stdio: 'pipe' });
    return null;
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e).trim();
  } finally {
    execFileSync('ip', ['netns', 'del', ns]);
  }
}

/** Polls `fn` until it returns true (no fixed sleeps: a generous deadline, then fail). */
export async function until(fn: () => boolean | Promise<boolean>, what: string, ms = 20000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
