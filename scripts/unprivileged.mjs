#!/usr/bin/env node
// npm run test:unprivileged — runs the test suite as an unprivileged user (uid 65534 when
// started as root, else yourself) inside `unshare -rnm`: a user namespace (where that user has
// CAP_NET_ADMIN over namespaces it creates), a network namespace, and a mount namespace with a
// private tmpfs on /run so `ip netns add` and createNetns can name namespaces there.
// What cannot work without real root is excluded by name, with the reason:
const EXCLUDED = {
  'test/link/tun.test.ts': '/dev/net/tun is 0600 root on this machine: opening it needs real root',
};
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = new URL('..', import.meta.url).pathname;
const asRoot = process.getuid() === 0;
const work = mkdtempSync(join(tmpdir(), 'nlts-unpriv-'));
chmodSync(work, 0o777); // the unprivileged user writes its report here
let dir = repo;
try {
  if (asRoot) {
    // The unprivileged user must be able to read the tree; a checkout under a private home
    // directory may not be, so run from a readable copy (without .git).
    const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'test', '-r', join(repo, 'package.json')]);
    if (probe.status !== 0) {
      dir = join(work, 'repo');
      cpSync(repo, dir, { recursive: true, filter: (src) => !src.includes('/.git') });
    }
  }
  const results = join(work, 'results.json');
  const args = ['node_modules/vitest/vitest.mjs', 'run', '--configLoader', 'runner', '--reporter=default', '--reporter=json',
    `--outputFile.json=${results}`, ...Object.keys(EXCLUDED).flatMap((f) => ['--exclude', f]), ...process.argv.slice(2)];
  const inner = `mount -t tmpfs tmpfs /run && cd "$0" && exec "${process.execPath}" "$@"`;
  const cmd = ['unshare', '-rnm', 'sh', '-c', inner, dir, ...args];
  const full = asRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', 'env', `HOME=${work}`, ...cmd] : cmd;
  for (const [f, why] of Object.entries(EXCLUDED)) console.log(`excluded ${f}: ${why}`);
  console.log(`running as ${asRoot ? 'uid 65534' : `uid ${process.getuid()}`}: ${full.slice(0, 8).join(' ')} …`);
  const r = spawnSync(full[0], full.slice(1), { stdio: 'inherit', env: { ...process.env, HOME: work } });
  if (existsSync(results)) {
    const j = JSON.parse(readFileSync(results, 'utf8'));
    // Failed names first (.ci/run collects the "unprivileged failed: " lines), the count last.
    for (const f of j.testResults) {
      const file = f.name.replace(`${dir}/`, '');
      const bad = f.assertionResults.filter((a) => a.status === 'failed');
      for (const a of bad) console.log(`unprivileged failed: ${file} > ${[...a.ancestorTitles, a.title].join(' > ')}`);
      if (f.status === 'failed' && bad.length === 0) console.log(`unprivileged failed: ${file}: ${(f.message || 'failed').split('\n')[0]}`);
    }
    console.log(`unprivileged tests: ${j.numPassedTests} passed, ${j.numFailedTests} failed, ${j.numPendingTests} skipped`);
  }
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
void execFileSync;
