// CNI 1.1.0 STATUS (codes 50/51), the error codes a plain ADD rarely shows (5 I/O, 11 try again
// later), CNI_ARGS as libcni reads it, and the commands that must not build a network (DEL, GC,
// CHECK, STATUS on a host namespace where nothing exists). Every condition is made for real in
// a throw-away host namespace: a held flock, a state path through a regular file, a dropped
// capability, an install without its native addon, a deleted nft table, a bridge set down.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { canAdmin, inNs, ipCmd, ipJson, makeNetns } from '../helpers/ns.js';
import { nftText } from '../nft/util.js';
import { stateDir } from '../network/topo.js';
import { OURS, bridgeConf, runPlugin, type CniEnv } from './run.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ns = (name: string): string => `/run/netns/${name}`;
const v11 = (dir: string, o: Record<string, unknown> = {}, ipam: Record<string, unknown> = {}) => bridgeConf(dir, { cniVersion: '1.1.0', ...o }, ipam);
const status = (host: string, conf: object, e: Partial<CniEnv> = {}) => runPlugin(OURS, host, { command: 'STATUS', ...e }, conf);
const cleanups: (() => void)[] = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

/** What a runtime reads back: nothing built in the host namespace. */
function nothingBuilt(host: string): void {
  expect(ipJson(host, 'link', 'show').map((l: { ifname: string }) => l.ifname)).toEqual(['lo']);
  expect(nftText(host)).not.toContain('netlinkts');
}

describe.skipIf(!canAdmin)('netlinkts-cni: STATUS, codes 5 and 11, CNI_ARGS, commands that build nothing', { timeout: 120_000 }, () => {
  it('STATUS on a fresh host namespace: ready (0, no output) and nothing created', () => {
    const host = makeNetns('h');
    const r = status(host, v11(stateDir()));
    expect([r.status, r.stdout]).toEqual([0, '']);
    nothingBuilt(host);
  });

  it('STATUS 50: the address range is exhausted (and ADD says so with 50 too); a DEL makes it ready again', () => {
    const host = makeNetns('h');
    const conf = v11(stateDir(), {}, { ranges: [[{ subnet: '10.88.0.0/29', rangeStart: '10.88.0.2', rangeEnd: '10.88.0.3' }]] });
    const ctrs = [makeNetns('c'), makeNetns('c'), makeNetns('c')];
    for (const i of [0, 1]) expect(runPlugin(OURS, host, { command: 'ADD', containerId: `x${i}`, netns: ns(ctrs[i]!), ifname: 'eth0' }, conf).status).toBe(0);
    const r = status(host, conf);
    expect(r.status).toBe(1);
    expect(r.json).toMatchObject({ cniVersion: '1.1.0', code: 50, details: expect.stringContaining('no free address left in 10.88.0.0/29 (2 of 2 reserved)') });
    const add = runPlugin(OURS, host, { command: 'ADD', containerId: 'x2', netns: ns(ctrs[2]!), ifname: 'eth0' }, conf);
    expect(add.json).toMatchObject({ code: 50, msg: expect.stringContaining('no free address') });
    expect(runPlugin(OURS, host, { command: 'DEL', containerId: 'x0', ifname: 'eth0' }, conf).status).toBe(0);
    expect(status(host, conf).status).toBe(0);
  });

  it('STATUS 50: the state directory cannot be written (its path runs through a regular file); ADD fails with 5 (I/O)', () => {
    const host = makeNetns('h');
    const ctr = makeNetns('c');
    const dir = stateDir();
    writeFileSync(join(dir, 'file'), '');
    const conf = v11(join(dir, 'file', 'sub'));
    const r = status(host, conf);
    expect(r.json).toMatchObject({ code: 50, details: expect.stringMatching(/state directory .* is not writable \(.*ENOTDIR/) });
    const add = runPlugin(OURS, host, { command: 'ADD', containerId: 'c1', netns: ns(ctr), ifname: 'eth0' }, conf);
    expect(add.json).toMatchObject({ code: 5, details: 'ENOTDIR' });
    expect(ipJson(host, 'link', 'show', 'master', 'cni0')).toEqual([]);
  });

  it('STATUS 50: no CAP_NET_ADMIN (setpriv drops it from the bounding set)', () => {
    const host = makeNetns('h');
    const r = status(host, v11(stateDir()), { wrap: ['setpriv', '--bounding-set', '-net_admin', '--'] });
    expect(r.status).toBe(1);
    expect(r.json).toMatchObject({ code: 50, details: expect.stringContaining('no CAP_NET_ADMIN in the host namespace (EPERM') });
  });

  it('STATUS 50 (and every command): an install whose native addon is missing answers with a CNI error', () => {
    const host = makeNetns('h');
    const pkg = mkdtempSync(join(tmpdir(), 'nlts-cni-noaddon-'));
    cleanups.push(() => rmSync(pkg, { recursive: true, force: true }));
    mkdirSync(join(pkg, 'bin'));
    mkdirSync(join(pkg, 'dist'));
    for (const f of ['bin/netlinkts-cni.js', 'bin/package.json', 'dist/netlinkts-cni.cjs']) copyFileSync(join(ROOT, f), join(pkg, f));
    copyFileSync(join(ROOT, 'package.json'), join(pkg, 'package.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
    const plugin = join(pkg, 'bin/netlinkts-cni.js');
    const conf = v11(stateDir());
    for (const command of ['STATUS', 'ADD']) {
      const r = runPlugin(plugin, host, { command, containerId: 'c1', netns: '/proc/self/ns/net', ifname: 'eth0' }, conf);
      expect(r.status).toBe(1);
      expect(r.json).toMatchObject({ cniVersion: '1.1.0', code: 50, msg: expect.stringContaining('native addon'), details: expect.stringContaining('No native build') });
    }
    expect(runPlugin(plugin, host, { command: 'VERSION' }, '').status).toBe(0);
  });

  it('STATUS 51: with a container attached, its nft table deleted, the bridge down, forwarding off', () => {
    const host = makeNetns('h');
    const ctr = makeNetns('c');
    const conf = v11(stateDir(), { runtimeConfig: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] } });
    expect(runPlugin(OURS, host, { command: 'ADD', containerId: 'c1', netns: ns(ctr), ifname: 'eth0' }, conf).status).toBe(0);
    expect(status(host, conf).status).toBe(0);

    inNs(host, 'nft', ['delete', 'table', 'inet', 'netlinkts']);
    let r = status(host, conf);
    expect(r.json).toMatchObject({ code: 51, details: 'nft table inet netlinkts is missing' });
    // STATUS repairs nothing (it is informational); a new ADD rebuilds the network's own chains.
    expect(nftText(host)).not.toContain('netlinkts');

    ipCmd(host, 'link', 'set', 'cni0', 'down');
    inNs(host, 'sysctl', ['-qw', 'net.ipv4.ip_forward=0']);
    r = status(host, conf);
    expect(r.json.code).toBe(51);
    expect(r.json.details.split('; ')).toEqual(['bridge cni0 is down', 'nft table inet netlinkts is missing', 'net.ipv4.ip_forward is 0']);

    // DEL of the last container: nothing depends on the network any more → ready.
    expect(runPlugin(OURS, host, { command: 'DEL', containerId: 'c1', ifname: 'eth0' }, conf).status).toBe(0);
    expect(status(host, conf).status).toBe(0);
  });

  it('STATUS 51 names the missing port rules of one container', () => {
    const host = makeNetns('h');
    const ctr = makeNetns('c');
    const conf = v11(stateDir(), { runtimeConfig: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] } });
    expect(runPlugin(OURS, host, { command: 'ADD', containerId: 'c1', netns: ns(ctr), ifname: 'eth0' }, conf).status).toBe(0);
    inNs(host, 'nft', ['flush', 'chain', 'inet', 'netlinkts', 'hostports']);
    expect(status(host, conf).json).toMatchObject({ code: 51, details: 'port mapping rules of c1 eth0 are missing' });
  });

  it('code 11: another process holds the state lock past NETLINKTS_CNI_LOCK_TIMEOUT_MS; nothing leaks', async () => {
    const host = makeNetns('h');
    const ctr = makeNetns('c');
    const dir = stateDir();
    mkdirSync(join(dir, 'cnitest'));
    // flock(1) holds <dataDir>/<name>/lock (the file host-local locks too) until killed.
    // Its own process group: flock and its sleeping child (which inherits the lock) end together.
    const holder = spawn('flock', [join(dir, 'cnitest', 'lock'), '-c', 'echo held; exec sleep 600'], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
    cleanups.push(() => { try { process.kill(-holder.pid!, 'SIGKILL'); } catch { /* gone */ } });
    await new Promise<void>((resolve, reject) => {
      holder.stdout.on('data', (b: Buffer) => { if (b.toString().includes('held')) resolve(); });
      holder.on('exit', (c) => reject(new Error(`flock exited ${c}`)));
    });
    const r = runPlugin(OURS, host, { command: 'ADD', containerId: 'c1', netns: ns(ctr), ifname: 'eth0', extra: { NETLINKTS_CNI_LOCK_TIMEOUT_MS: '300' } }, bridgeConf(dir));
    expect(r.status).toBe(1);
    expect(r.json).toMatchObject({ code: 11, msg: expect.stringContaining('waiting for the lock'), details: 'ETIMEDOUT' });
    expect(ipJson(host, 'link', 'show', 'master', 'cni0')).toEqual([]);
    expect(ipJson(ctr, 'link', 'show').map((l: { ifname: string }) => l.ifname)).toEqual(['lo']);
  });

  it('CNI_ARGS as libcni reads it: unknown keys need IgnoreUnknown, pairs need exactly one "="', () => {
    const host = makeNetns('h');
    const ctr = makeNetns('c');
    const conf = bridgeConf(stateDir());
    const add = (args: string, id = 'a1') => runPlugin(OURS, host, { command: 'ADD', containerId: id, netns: ns(ctr), ifname: 'eth0', args }, conf);
    expect(add('K8S_POD_NAME=web').json).toMatchObject({ code: 4, msg: expect.stringContaining('unknown args "K8S_POD_NAME=web"') });
    expect(add('IP=10.88.0.9=1').json).toMatchObject({ code: 4, msg: 'CNI_ARGS: invalid pair "IP=10.88.0.9=1"' });
    expect(add('IgnoreUnknown=maybe;IP=10.88.0.9').json).toMatchObject({ code: 4 });
    expect(add('IgnoreUnknown=0;FOO=1').json).toMatchObject({ code: 4 });
    const ok = add('K8S_POD_NAME=web;IgnoreUnknown=true;IP=10.88.0.9;MAC=02:00:00:00:00:09');
    expect(ok.status).toBe(0);
    expect(ok.json.ips[0].address).toBe('10.88.0.9/24');
    expect(ipJson(ctr, 'link', 'show', 'eth0')[0].address).toBe('02:00:00:00:00:09');
  });

  it('DEL, CHECK and GC on a host namespace where the network does not exist build nothing', () => {
    const host = makeNetns('h');
    const dir = stateDir();
    const conf = v11(dir);
    expect(runPlugin(OURS, host, { command: 'DEL', containerId: 'c1', ifname: 'eth0' }, conf).status).toBe(0);
    expect(runPlugin(OURS, host, { command: 'GC' }, { ...conf, 'cni.dev/valid-attachments': [] }).status).toBe(0);
    const check = runPlugin(OURS, host, { command: 'CHECK', containerId: 'c1', netns: '/proc/self/ns/net', ifname: 'eth0' }, { ...conf, prevResult: {} });
    expect(check.json).toMatchObject({ code: 3 });
    nothingBuilt(host);
    // GC without the list of valid attachments would remove them all: refused.
    expect(runPlugin(OURS, host, { command: 'GC' }, conf).json).toMatchObject({ code: 7, msg: expect.stringContaining('cni.dev/valid-attachments') });
  });
});
