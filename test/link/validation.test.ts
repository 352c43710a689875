// Bad input for the link API: rejected with TypeError/RangeError before anything is sent,
// and the namespace is unchanged afterwards (checked with ip -j).
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { ipJson, makeNetns } from '../helpers/ns.js';

const badNames: [unknown, typeof TypeError | typeof RangeError][] = [
  ['', RangeError],
  ['sixteen-bytes-xx', RangeError],
  ['a/b', RangeError],
  ['a b', RangeError],
  ['tab\there', RangeError],
  ['nul\0x', RangeError],
  ['colon:0', RangeError],
  ['..', RangeError],
  [42.5, TypeError],
  [null, TypeError],
  [{}, TypeError],
];

describe('link argument validation', () => {
  it.each(badNames)('createVeth rejects name %j', async (name, type) => {
    const ns = makeNetns('val');
    using h = await Netlink.open({ netns: ns });
    const before = ipJson(ns, 'link', 'show');
    await expect(h.createVeth(name as string, 'peer0')).rejects.toBeInstanceOf(type);
    expect(ipJson(ns, 'link', 'show')).toEqual(before);
  });

  it('names the fix in the message', async () => {
    const ns = makeNetns('val');
    using h = await Netlink.open({ netns: ns });
    await expect(h.createVeth('sixteen-bytes-xx', 'p')).rejects.toThrow(/16 bytes; Linux allows at most 15/);
    await expect(h.createVeth('v0', 'p0', { address: '01:00:00:00:00:01' })).rejects.toThrow(/multicast/);
    await expect(h.createVeth('v0', 'p0', { address: 'zz:00:00:00:00:01' })).rejects.toThrow(/six hex bytes/);
    await expect(h.createVeth('v0', 'p0', { mtu: 0 })).rejects.toThrow(RangeError);
    await expect(h.createVeth('v0', 'p0', { mtu: 70000 })).rejects.toThrow(/between 68 and 65535/);
    await expect(h.setLink('lo', { mtu: '1500' as unknown as number })).rejects.toThrow(TypeError);
    await expect(h.getLink(-1)).rejects.toThrow(RangeError);
    await expect(h.getLink(true as unknown as string)).rejects.toThrow(TypeError);
    await expect(h.createLink({ kind: 'macvlan', name: 'm0', parent: 'lo', mode: 'weird' as 'bridge' })).rejects.toThrow(/macvlan mode/);
    await expect(h.createLink({ kind: 'vxlan', name: 'x0', vni: 1 << 24 })).rejects.toThrow(RangeError);
    await expect(h.createLink({ kind: 'vxlan', name: 'x0', vni: 1, remote: '300.1.1.1' })).rejects.toThrow(RangeError);
    await expect(h.createLink({ name: 'k0' } as never)).rejects.toThrow(TypeError);
    expect(ipJson(ns, 'link', 'show').map((l: { ifname: string }) => l.ifname)).toEqual(['lo']);
  });

  it('rejects unknown and malformed namespaces without creating anything', async () => {
    const ns = makeNetns('val');
    using h = await Netlink.open({ netns: ns });
    await expect(h.createVeth('v0', 'p0', { peerNetns: 'nlts-does-not-exist' })).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(h.createVeth('v0', 'p0', { peerNetns: '../etc' })).rejects.toThrow(RangeError);
    await expect(h.createVeth('v0', 'p0', { peerNetns: { pid: -4 } })).rejects.toThrow(RangeError);
    await expect(Netlink.open({ netns: 'a/b' })).rejects.toThrow(RangeError);
    await expect(Netlink.open({ netns: { path: '/etc/hostname' } })).rejects.toMatchObject({ code: 'EINVAL' });
    expect(ipJson(ns, 'link', 'show').map((l: { ifname: string }) => l.ifname)).toEqual(['lo']);
  });
});
