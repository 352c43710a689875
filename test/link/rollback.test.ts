// Multi-step link operations complete or leave nothing behind.
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { ipCmd, ipJson, makeNetns, tunUnavailable } from '../helpers/ns.js';

const names = (ns: string) => ipJson(ns, 'link', 'show').map((l: { ifname: string }) => l.ifname).sort();

describe('rollback', () => {
  it('a veth whose peer name is taken in the target namespace is not created at all', async () => {
    const ns = makeNetns('rb');
    const other = makeNetns('rbo');
    ipCmd(other, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'x1');
    using h = await Netlink.open({ netns: ns });
    await expect(h.createVeth('v0', 'eth0', { peerNetns: other, up: true })).rejects.toMatchObject({ code: 'EEXIST', op: 'createLink' });
    expect(names(ns)).toEqual(['lo']);
    expect(names(other)).toEqual(['eth0', 'lo', 'x1']);
  });

  it.skipIf(tunUnavailable() !== null)(`a tun whose follow-up settings fail is removed again${tunUnavailable() ? ` (skipped: ${tunUnavailable()})` : ''}`, async () => {
    const ns = makeNetns('rb');
    using h = await Netlink.open({ netns: ns });
    await expect(h.createLink({ kind: 'tap', name: 'tap0', master: 'nosuchbr' })).rejects.toMatchObject({ code: 'ENODEV' });
    expect(names(ns)).toEqual(['lo']);
  });
});
