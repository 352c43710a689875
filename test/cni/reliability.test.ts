// The plugin under a runtime's conditions: many ADDs at once in separate processes (the IPAM
// lock), and a plugin killed with SIGKILL at each step of an ADD (NETLINKTS_FAULT) — the following
// DEL or GC must leave nothing: no veth, no rule, no address reserved, no record.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canAdmin, ipJson, makeNetns, removeNetns } from '../helpers/ns.js';
import { nftText } from '../nft/util.js';
import { stateDir } from '../network/topo.js';
// @ts-expect-error plain ESM helper shared with the demo
import { ping } from '../../scripts/lib/proof.mjs';
import { OURS, bridgeConf, runPlugin } from './run.js';

function runAsync(hostNs: string, env: Record<string, string>, conf: object): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const p = spawn('ip', ['netns', 'exec', hostNs, OURS], { env: { PATH: process.env.PATH!, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stdout += d)); // in the assertion message when something fails
    p.on('close', (status) => resolve({ status, stdout }));
    p.stdin.end(JSON.stringify(conf));
  });
}

function leftovers(host: string, dir: string): { veths: string[]; rules: string[]; ips: string[]; records: string[] } {
  let files: string[] = [];
  let records: string[] = [];
  try { files = readdirSync(`${dir}/cnitest`); } catch { /* none */ }
  try { records = readdirSync(`${dir}/cnitest/attachments`); } catch { /* none */ }
  let veths: string[] = [];
  try { veths = ipJson(host, 'link', 'show', 'type', 'veth').map((l: { ifname: string }) => l.ifname).filter((n: string) => n !== 'uplink'); } catch { /* none */ }
  return {
    veths,
    rules: nftText(host).split('\n').filter((l) => /comment "nl:cnitest:/.test(l)).map((l) => l.trim()),
    ips: files.filter((f) => /^\d+\.\d+\.\d+\.\d+$/.test(f)),
    records,
  };
}
const NOTHING = { veths: [], rules: [], ips: [], records: [] };

describe.skipIf(!canAdmin)('netlinkts-cni reliability', () => {
  it('50 concurrent ADDs in separate processes: 50 distinct addresses, all reachable; 50 concurrent DELs leave nothing', async () => {
    const host = makeNetns('h');
    const dir = stateDir();
    const conf = bridgeConf(dir, { runtimeConfig: { portMappings: [] } });
    const ctrs = Array.from({ length: 50 }, () => makeNetns('c'));
    const env = (i: number, command: string) => ({ CNI_COMMAND: command, CNI_CONTAINERID: `p${i}`, CNI_NETNS: `/run/netns/${ctrs[i]}`, CNI_IFNAME: 'eth0' });
    const adds = await Promise.all(ctrs.map((_, i) => runAsync(host, env(i, 'ADD'), { ...conf, runtimeConfig: { portMappings: [{ hostPort: 10000 + i, containerPort: 80, protocol: 'tcp' }] } })));
    for (const a of adds) expect(a.status, a.stdout).toBe(0);
    const ips = adds.map((a) => JSON.parse(a.stdout.split('\n')[0]!).ips[0].address.split('/')[0]);
    expect(new Set(ips).size).toBe(50);
    expect(readdirSync(`${dir}/cnitest`).filter((f) => f.startsWith('10.')).length).toBe(50);
    for (const ip of ips) expect(ping(host, ip, { timeoutSec: 3 }), ip).toBe(true);
    expect(nftText(host).split('\n').filter((l) => l.includes('dnat ip to')).length).toBe(50);
    const dels = await Promise.all(ctrs.map((_, i) => runAsync(host, env(i, 'DEL'), conf)));
    for (const d of dels) expect(d.status, d.stdout).toBe(0);
    expect(leftovers(host, dir)).toEqual(NOTHING);
  }, 600_000);

  const STEPS = ['reserved', 'veth', 'bridge-port', 'container', 'firewall'];
  for (const step of STEPS) {
    for (const cleanup of ['DEL', 'GC'] as const) {
      it(`killed at "${step}" during ADD: ${cleanup} leaves nothing`, () => {
        const host = makeNetns('h');
        const ctr = makeNetns('c');
        const dir = stateDir();
        const conf = bridgeConf(dir, { cniVersion: '1.1.0', runtimeConfig: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] } });
        const env = { containerId: 'k1', netns: `/run/netns/${ctr}`, ifname: 'eth0' };
        const add = runPlugin(OURS, host, { command: 'ADD', ...env, extra: { NETLINKTS_FAULT: step } }, conf);
        expect(add.status).toBe(-1); // killed by SIGKILL: no exit status
        const left = leftovers(host, dir);
        expect(left.records.length + left.ips.length).toBeGreaterThan(0); // it did leave something behind
        const r = cleanup === 'DEL'
          ? runPlugin(OURS, host, { command: 'DEL', ...env }, conf)
          : runPlugin(OURS, host, { command: 'GC' }, { ...conf, 'cni.dev/valid-attachments': [] });
        expect([r.status, r.stdout]).toEqual([0, '']);
        expect(leftovers(host, dir)).toEqual(NOTHING);
        expect(ipJson(ctr, 'link', 'show').map((l: { ifname: string }) => l.ifname)).toEqual(['lo']);
      });
    }
  }

  it('killed between removing rules and links during DEL: the next DEL finishes', () => {
    const host = makeNetns('h');
    const ctr = makeNetns('c');
    const dir = stateDir();
    const conf = bridgeConf(dir, { runtimeConfig: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] } });
    const env = { containerId: 'k2', netns: `/run/netns/${ctr}`, ifname: 'eth0' };
    expect(runPlugin(OURS, host, { command: 'ADD', ...env }, conf).status).toBe(0);
    expect(runPlugin(OURS, host, { command: 'DEL', ...env, extra: { NETLINKTS_FAULT: 'detach-rules' } }, conf).status).toBe(-1);
    expect(leftovers(host, dir).rules).toEqual([]);
    expect(runPlugin(OURS, host, { command: 'DEL', ...env }, conf).status).toBe(0);
    expect(leftovers(host, dir)).toEqual(NOTHING);
  });

  it('after the host namespace is torn down entirely, GC on a fresh one leaves no state file', () => {
    const host = makeNetns('h');
    const dir = stateDir();
    const conf = bridgeConf(dir, { cniVersion: '1.1.0' });
    for (let i = 0; i < 3; i++) {
      const c = makeNetns('c');
      expect(runPlugin(OURS, host, { command: 'ADD', containerId: `t${i}`, netns: `/run/netns/${c}`, ifname: 'eth0' }, conf).status).toBe(0);
    }
    removeNetns(host);
    const fresh = makeNetns('h');
    expect(runPlugin(OURS, fresh, { command: 'GC' }, { ...conf, 'cni.dev/valid-attachments': [] }).status).toBe(0);
    expect(leftovers(fresh, dir)).toEqual(NOTHING);
  });
});
