// A child that runs as another user (uid 65534 via setpriv) cannot reach a checkout under /root
// (mode 0700) or under a `mktemp -d` folder: it fails with "Cannot find module". Tests that drop
// privileges copy what the child needs into a world-readable temporary folder and run it from
// there, as scripts/unprivileged.mjs does for the whole suite.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../..', import.meta.url));

/** The addon file node-gyp-build loads for this checkout (prebuilds/ or build/Release). */
export function addonPath(): string {
  const load = createRequire(import.meta.url)('node-gyp-build') as { resolve?: (d: string) => string; path: (d: string) => string };
  return (load.resolve ?? load.path)(repo);
}

export interface ReadableCopy {
  /** The folder (mode 0755) holding the copies. */
  dir: string;
  /** Absolute path of each copied file, by its base name. */
  files: Record<string, string>;
  /** Why uid 65534 still cannot read the copies (a private TMPDIR, say), or null when it can. */
  unreadable: string | null;
  remove(): void;
}

/** Copies `paths` (absolute) into a fresh world-readable folder under the system temp dir. */
export function readableCopy(paths: string[]): ReadableCopy {
  const dir = mkdtempSync(join(tmpdir(), 'nlts-readable-'));
  chmodSync(dir, 0o755);
  const files: Record<string, string> = {};
  for (const p of paths) {
    const to = join(dir, basename(p));
    copyFileSync(p, to);
    chmodSync(to, 0o644);
    files[basename(p)] = to;
  }
  let unreadable: string | null = null;
  try {
    for (const f of Object.values(files)) {
      execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'test', '-r', f], { stdio: 'ignore' });
    }
  } catch {
    unreadable = `uid 65534 cannot read files copied to ${dir} (TMPDIR=${tmpdir()} is not reachable by other users)`;
  }
  return { dir, files, unreadable, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
