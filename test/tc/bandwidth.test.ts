// Packets: setBandwidth at 1 mbit/s limits TCP transfers between two namespaces in both
// directions (towards the container by the tbf on the host veth, from it through the ifb
// redirect), the kernel's own tbf counters agree, ping crosses the ifb path, and
// clearBandwidth removes everything. Timing is only asserted where physics bounds it: a token
// bucket of B bytes at R bytes/s cannot deliver N bytes in less than (N - B) / R seconds,
// whatever the machine's load; the measured figures are printed.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { ipCmd, ipJson, makeNetns } from '../helpers/ns.js';
import { tcJson } from './util.js';
import { transfer } from './transfer.js';

const RATE = 125000; // 1 mbit/s in bytes/s
const BURST = 16 * 1024;
const SIZE = 384 * 1024;
// The fastest a 1 mbit/s bucket can deliver SIZE bytes (payload alone; headers only add time).
const FLOOR_MS = ((SIZE - 2 * BURST) / RATE) * 1000;

describe('setBandwidth / clearBandwidth with packets', () => {
  it('limits TCP to ~1 mbit/s both ways, ifb carries traffic, clear removes the limit', { timeout: 120000 }, async () => {
    const host = makeNetns('bwh'), ctr = makeNetns('bwc');
    ipCmd(host, 'link', 'add', 'hv0', 'type', 'veth', 'peer', 'name', 'cv0', 'netns', ctr);
    ipCmd(host, 'addr', 'add', '10.77.0.1/24', 'dev', 'hv0');
    ipCmd(ctr, 'addr', 'add', '10.77.0.2/24', 'dev', 'cv0');
    ipCmd(host, 'link', 'set', 'hv0', 'up');
    ipCmd(ctr, 'link', 'set', 'cv0', 'up');
    ipCmd(ctr, 'link', 'set', 'lo', 'up');
    await using h = await Netlink.open({ netns: host });

    await h.setBandwidth('hv0', { ingress: { rate: '1mbit', burst: BURST }, egress: { rate: '1mbit', burst: BURST }, ifb: 'bwifb0' });
    const qs = tcJson<{ kind: string; handle: string; dev: string }[]>(host, 'qdisc', 'show');
    expect(qs.filter((q) => q.kind !== 'noqueue').map((q) => `${q.dev} ${q.kind} ${q.handle}`).sort())
      .toEqual(['bwifb0 tbf 1:', 'hv0 ingress ffff:', 'hv0 tbf 1:']);
    expect(ipJson(host, '-d', 'link', 'show', 'bwifb0')[0]).toMatchObject({ linkinfo: { info_kind: 'ifb' }, operstate: expect.stringMatching(/UNKNOWN|UP/) });

    // Towards the container: the tbf on hv0.
    const down = await transfer(host, ctr, '10.77.0.2', SIZE);
    expect(down.received).toBe(SIZE);
    // From the container: hv0's ingress → u32 match-all → mirred → bwifb0's tbf.
    const up = await transfer(ctr, host, '10.77.0.1', SIZE);
    expect(up.received).toBe(SIZE);
    const kbit = (t: { ms: number }) => ((SIZE * 8) / t.ms).toFixed(0);
    console.log(`setBandwidth 1 mbit/s: towards the container ${kbit(down)} kbit/s (${down.ms.toFixed(0)} ms for ${SIZE} B), ` +
      `from it ${kbit(up)} kbit/s (${up.ms.toFixed(0)} ms); floor ${FLOOR_MS.toFixed(0)} ms`);
    expect(down.ms).toBeGreaterThanOrEqual(FLOOR_MS);
    expect(up.ms).toBeGreaterThanOrEqual(FLOOR_MS);
    // The kernel's own counters: every byte went through the two buckets.
    const tbfHv = (await h.listQdiscs({ dev: 'hv0' })).find((q) => q.kind === 'tbf')!;
    const tbfIfb = (await h.listQdiscs({ dev: 'bwifb0' })).find((q) => q.kind === 'tbf')!;
    expect(tbfHv.stats!.bytes).toBeGreaterThan(SIZE);
    expect(tbfIfb.stats!.bytes).toBeGreaterThan(SIZE);

    // ping through the redirect path: the ifb's counters rise by at least the echo requests.
    const before = tbfIfb.stats!.packets;
    execFileSync('ip', ['netns', 'exec', ctr, 'ping', '-c', '3', '-i', '0.2', '-W', '5', '10.77.0.1'], { stdio: 'ignore' });
    const after = (await h.listQdiscs({ dev: 'bwifb0' })).find((q) => q.kind === 'tbf')!.stats!.packets;
    expect(after - before).toBeGreaterThanOrEqual(3);

    await h.clearBandwidth('hv0');
    expect(tcJson<{ kind: string }[]>(host, 'qdisc', 'show').map((q) => q.kind)).toEqual(['noqueue']);
    expect(ipJson<{ ifname: string }[]>(host, 'link', 'show').map((l) => l.ifname)).not.toContain('bwifb0');
    const free = await transfer(host, ctr, '10.77.0.2', SIZE);
    expect(free.received).toBe(SIZE);
    console.log(`after clearBandwidth: ${kbit(free)} kbit/s (${free.ms.toFixed(0)} ms)`);
    expect(free.ms).toBeLessThan(down.ms);
    // Idempotent: nothing left to clear is not an error.
    await h.clearBandwidth('hv0');
  });

  it('rolls back what it created when a step fails', async () => {
    const ns = makeNetns('bwr');
    ipCmd(ns, 'link', 'add', 'hv0', 'type', 'veth', 'peer', 'name', 'cv0');
    // An ingress qdisc already there: the egress step fails after the root tbf and the ifb exist.
    execFileSync('tc', ['-n', ns, 'qdisc', 'add', 'dev', 'hv0', 'ingress']);
    await using h = await Netlink.open({ netns: ns });
    const linksBefore = ipJson<{ ifname: string }[]>(ns, 'link', 'show').map((l) => l.ifname);
    await expect(h.setBandwidth('hv0', { ingress: { rate: '1mbit' }, egress: { rate: '1mbit' } })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(ipJson<{ ifname: string }[]>(ns, 'link', 'show').map((l) => l.ifname)).toEqual(linksBefore);
    expect(tcJson<{ kind: string; dev: string }[]>(ns, 'qdisc', 'show').filter((q) => q.dev === 'hv0' && q.kind !== 'noqueue').map((q) => q.kind)).toEqual(['ingress']);
  });
});
