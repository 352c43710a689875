// Named namespaces made natively: checked against iproute2 (`ip netns list`, `ip -n`) and the
// mount table, and the caller's own namespace is shown not to move.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Netlink, NetlinkError, createNetns, deleteNetns, listNetns } from '../../lib/index.js';
import { ipCmd, ipJson, makeNetns, trackNetns, uniqueName } from '../helpers/ns.js';

function ipNetnsList(): string[] {
  const out = execFileSync('ip', ['-j', 'netns', 'list'], { encoding: 'utf8' }).trim();
  return (JSON.parse(out === '' ? '[]' : out) as { name: string }[]).map((n) => n.name);
}

/** Mount entries whose mount point is `path`, from this process's mountinfo. */
function mountsAt(path: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.split(' ')[4] === path);
}

describe('createNetns / deleteNetns / listNetns', () => {
  it('creates a namespace iproute2 sees, holding only lo, and deletes it', async () => {
    const name = uniqueName('add');
    trackNetns(name);
    await createNetns(name);

    expect(ipNetnsList()).toContain(name);
    expect(await listNetns()).toContain(name);
    // The name is an nsfs bind mount, as `ip netns add` makes it.
    const m = mountsAt(`/run/netns/${name}`);
    expect(m.length).toBe(1);
    expect(m[0]).toMatch(/ - nsfs /);

    const links = ipJson<{ ifname: string }[]>(name, 'link', 'show').map((l) => l.ifname);
    expect(links).toEqual(['lo']);
    const h = await Netlink.open({ netns: name });
    try {
      expect((await h.listLinks()).map((l) => l.name)).toEqual(['lo']);
    } finally {
      h.close();
    }

    await deleteNetns(name);
    expect(ipNetnsList()).not.toContain(name);
    expect(await listNetns()).not.toContain(name);
    expect(mountsAt(`/run/netns/${name}`)).toEqual([]);
  });

  it('leaves the calling thread and process in their own namespace', async () => {
    const thread = readlinkSync('/proc/thread-self/ns/net');
    const proc = readlinkSync('/proc/self/ns/net');
    const name = uniqueName('stay');
    trackNetns(name);
    await createNetns(name);
    expect(readlinkSync('/proc/thread-self/ns/net')).toBe(thread);
    expect(readlinkSync('/proc/self/ns/net')).toBe(proc);
    // …and the new namespace really is another one.
    expect(`net:[${statSync(`/run/netns/${name}`).ino}]`).not.toBe(proc);
    await deleteNetns(name);
    expect(readlinkSync('/proc/thread-self/ns/net')).toBe(thread);
  });

  it('refuses an existing name with EEXIST and changes nothing', async () => {
    const name = makeNetns('dup');
    ipCmd(name, 'link', 'set', 'lo', 'up');
    const inode = statSync(`/run/netns/${name}`).ino;
    const before = ipNetnsList();

    const err = await createNetns(name).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err).toMatchObject({ code: 'EEXIST', op: 'createNetns' });

    expect(statSync(`/run/netns/${name}`).ino).toBe(inode); // still the same namespace
    expect(ipJson(name, 'link', 'show', 'lo')[0].flags).toContain('UP');
    // Only this process's namespaces: other test files create and remove theirs meanwhile.
    const mine = (l: string[]) => l.filter((n) => n.startsWith(`nlts-${process.pid}-`)).sort();
    expect(mine(ipNetnsList())).toEqual(mine(before));
    expect(mountsAt(`/run/netns/${name}`).length).toBe(1);
  });

  it('rejects bad names before touching anything', async () => {
    const before = await listNetns();
    for (const bad of ['', '.', '..', 'a/b', '../x', 'a\0b', 'x'.repeat(256)]) {
      await expect(createNetns(bad), JSON.stringify(bad)).rejects.toBeInstanceOf(RangeError);
      await expect(deleteNetns(bad), JSON.stringify(bad)).rejects.toBeInstanceOf(RangeError);
    }
    for (const bad of [undefined, 1, null, {}]) {
      await expect(createNetns(bad as never)).rejects.toBeInstanceOf(TypeError);
    }
    // Other test files create namespaces at the same time, so the machine-wide list may grow;
    // what must not appear is anything these bad names could have made.
    const added = (await listNetns()).filter((n) => !before.includes(n));
    expect(added.filter((n) => n === 'a' || n === 'x' || /^x+$/.test(n) || n.includes('\0'))).toEqual([]);
    expect(existsSync('/run/x')).toBe(false);
  });

  it('accepts a 255-byte name (NAME_MAX)', async () => {
    const name = `${uniqueName('long')}-`.padEnd(255, 'x');
    trackNetns(name);
    await createNetns(name);
    expect(await listNetns()).toContain(name);
    await deleteNetns(name);
  });

  it('deleting a missing name is ENOENT', async () => {
    await expect(deleteNetns(uniqueName('none'))).rejects.toMatchObject({ name: 'NetlinkError', code: 'ENOENT', op: 'deleteNetns' });
  });

  it('parallel creations neither fail nor stack mounts on /run/netns', async () => {
    const dirMounts = mountsAt('/run/netns').length;
    const names = Array.from({ length: 6 }, () => uniqueName('par'));
    names.forEach(trackNetns);
    await Promise.all(names.map((n) => createNetns(n)));
    const listed = ipNetnsList();
    for (const n of names) expect(listed).toContain(n);
    expect(mountsAt('/run/netns').length).toBe(dirMounts);
    await Promise.all(names.map((n) => deleteNetns(n)));
    const after = ipNetnsList();
    for (const n of names) expect(after).not.toContain(n);
  });

  it('a namespace made by createNetns works with ip netns exec and is removable by ip', async () => {
    const name = uniqueName('interop');
    trackNetns(name);
    await createNetns(name);
    const out = execFileSync('ip', ['netns', 'exec', name, 'ip', '-j', 'link', 'show'], { encoding: 'utf8' });
    expect((JSON.parse(out) as { ifname: string }[]).map((l) => l.ifname)).toEqual(['lo']);
    execFileSync('ip', ['netns', 'delete', name]);
    expect(await listNetns()).not.toContain(name);
  });
});
