// createNetns paths that need their own mount namespace to test safely: a run directory that
// is not a mount point yet, a step failing half-way, and the unprivileged setup (user + net +
// mount namespace as `nobody`). Each runs test/netns/fixtures/netns-child.cjs under unshare(1),
// so every mount it makes dies with the child.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isRoot, uniqueName } from '../helpers/ns.js';
import { addonPath, readableCopy, type ReadableCopy } from '../helpers/readable.js';

const child = fileURLToPath(new URL('./fixtures/netns-child.cjs', import.meta.url));
const { ENOSPC, EACCES } = constants.errno;

interface ChildReport {
  uid: number; callerNet: string; callerNetAfter: string;
  created?: boolean; createError?: { errno: number; where: string };
  dirMounts: string[]; fileMounts: string[]; entries: string[];
  nsNet?: string; linkDumpBytes?: number; forwardingInNs?: string; forwardingHere?: string;
  tap?: boolean; tapError?: { errno: number; where: string };
  entriesAfterDelete?: string[]; fileMountsAfterDelete?: string[];
}

function runChild(argv: string[], env: NodeJS.ProcessEnv = process.env, cwd?: string): ChildReport {
  return JSON.parse(execFileSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 20000, env, cwd })) as ChildReport;
}

function ourMountsUnder(prefix: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => (l.split(' ')[4] ?? '').startsWith(prefix));
}

/** Can `nobody` make a user namespace here (unprivileged userns allowed, setpriv present)? */
function nobodyCanUnshare(): boolean {
  if (!isRoot) return false;
  try {
    execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'unshare', '-rnm', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!isRoot)('createNetns in isolated mount namespaces (needs root)', () => {
  it('first turns a plain run directory into a shared mount point, as ip netns add does', () => {
    const tmp = mkdtempSync('/tmp/nlts-run-');
    try {
      const dir = `${tmp}/netns`;
      const r = runChild(['unshare', '-m', '--propagation', 'private', process.execPath, child, dir, uniqueName('plain')]);
      expect(r.createError).toBeUndefined();
      expect(r.created).toBe(true);
      expect(r.dirMounts).toHaveLength(1);
      expect(r.dirMounts[0]).toMatch(/ shared:\d+ /);
      expect(r.fileMounts).toHaveLength(1);
      expect(r.fileMounts[0]).toMatch(/ - nsfs /);
      expect(r.nsNet).not.toBe(r.callerNet);
      expect(r.callerNetAfter).toBe(r.callerNet);
      expect(r.linkDumpBytes).toBeGreaterThan(0);
      expect(r.forwardingInNs).toBe('1');
      expect(r.forwardingHere).toBe(readFileSync('/proc/sys/net/ipv4/ip_forward', 'utf8').trim());
      expect(r.tap).toBe(true);
      expect(r.entriesAfterDelete).toEqual([]);
      expect(r.fileMountsAfterDelete).toEqual([]);
      expect(ourMountsUnder(tmp)).toEqual([]); // nothing reached our mount namespace
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('removes what it made when a later step fails, and names the step', () => {
    // user.max_net_namespaces = 0 inside a throwaway user namespace makes unshare(CLONE_NEWNET)
    // fail with ENOSPC after the namespace file already exists. The host's limit is untouched.
    const tmp = mkdtempSync('/tmp/nlts-run-');
    try {
      const dir = `${tmp}/netns`;
      const script = 'echo 0 > /proc/sys/user/max_net_namespaces && exec "$0" "$@"';
      const r = runChild(['unshare', '-Urm', 'sh', '-c', script, process.execPath, child, dir, uniqueName('fail')]);
      expect(r.created).toBeUndefined();
      expect(r.createError).toEqual({ errno: ENOSPC, where: 'unshare(CLONE_NEWNET)' });
      expect(r.entries).toEqual([]);
      expect(r.fileMounts).toEqual([]);
      expect(r.callerNetAfter).toBe(r.callerNet);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });
});

// nobody runs the child from a world-readable copy (with the addon beside it): the checkout
// itself may sit under /root or a 0700 temp folder that nobody cannot enter.
const canUnshare = nobodyCanUnshare();
const copy: ReadableCopy | null = canUnshare ? readableCopy([child, addonPath()]) : null;
const skipWhy = !canUnshare
  ? 'needs root to drop to nobody, and unprivileged user namespaces'
  : copy!.unreadable;
if (copy?.unreadable) copy.remove();

describe.skipIf(skipWhy !== null)(`unprivileged: nobody in \`unshare -rnm\`${skipWhy ? ` (skipped: ${skipWhy})` : ''}`, () => {
  const nobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', 'unshare', '-rnm'];
  const childCopy = copy?.files['netns-child.cjs'] ?? '';
  const env = { ...process.env, NLTS_ADDON: copy ? Object.values(copy.files).find((f) => f.endsWith('.node')) : '' };
  const run = (argv: string[]) => runChild(argv, env, copy?.dir);
  afterAll(() => copy?.remove());

  it('cannot create under the host\'s /run/netns (not writable): EACCES naming the step', () => {
    const name = uniqueName('unpriv');
    const r = run([...nobody, process.execPath, childCopy, '/run/netns', name]);
    expect(r.createError).toEqual({ errno: EACCES, where: `create /run/netns/${name}` });
    expect(r.entries).not.toContain(name);
  });

  it('works with a tmpfs on /run: create, netlink, sysctl, delete', () => {
    const script = 'mount -t tmpfs tmpfs /run && exec "$0" "$@"';
    const r = run([...nobody, 'sh', '-c', script, process.execPath, childCopy, '/run/netns', uniqueName('unpriv')]);
    expect(r.createError).toBeUndefined();
    expect(r.created).toBe(true);
    expect(r.dirMounts.at(-1)).toMatch(/ shared:\d+ - tmpfs /);
    expect(r.fileMounts[0]).toMatch(/ - nsfs /);
    expect(r.callerNetAfter).toBe(r.callerNet);
    expect(r.linkDumpBytes).toBeGreaterThan(0);
    expect(r.forwardingInNs).toBe('1');
    expect(r.forwardingHere).toBe('0'); // the user namespace's own (fresh) network namespace
    // tun needs /dev/net/tun openable by the user: a 0600 root node (as here) gives EACCES;
    // with a 0666 node TUNSETIFF works, CAP_NET_ADMIN over the namespace being enough.
    if (r.tap !== true) expect(r.tapError?.errno).toBe(EACCES);
    expect(r.entriesAfterDelete).toEqual([]);
  });
});
