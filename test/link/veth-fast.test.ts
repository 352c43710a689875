// createVeth without namespaces or `up` takes a short path (native linkCreateIds: the same
// request as createLink, echo on, reading only the two indexes). `up: false` sends a veth down
// the general path with the same meaning: both must leave the same links, return the same
// indexes as `ip -j link` reports, and refuse bad input with the same errors.
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { native } from '../../lib/native.js';
import { vethSpec } from '../../lib/link/index.js';
import { ipJson, makeNetns } from '../helpers/ns.js';

const view = (ns: string, name: string) => {
  const [l] = ipJson(ns, '-d', 'link', 'show', name);
  return { mtu: l.mtu, address: l.address, kind: l.linkinfo?.info_kind, flags: l.flags };
};

describe('createVeth short path', () => {
  it('returns the indexes ip reports and builds what the general path builds', async () => {
    const ns = makeNetns('vethfast');
    using h = await Netlink.open({ netns: ns });
    const opts = { mtu: 1400, address: '02:00:00:00:00:01', peerAddress: '02:00:00:00:00:02' };
    const fast = await h.createVeth('fa', 'fap', opts);
    const general = await h.createVeth('ga', 'gap', { ...opts, address: '02:00:00:00:00:03', peerAddress: '02:00:00:00:00:04', up: false });
    const plain = await h.createVeth('pa', 'pap');
    for (const [r, a, b] of [[fast, 'fa', 'fap'], [general, 'ga', 'gap'], [plain, 'pa', 'pap']] as const) {
      expect(r).toEqual({ index: ipJson(ns, 'link', 'show', a)[0].ifindex, peerIndex: ipJson(ns, 'link', 'show', b)[0].ifindex });
      expect(ipJson(ns, 'link', 'show', a)[0].link).toBe(b);
    }
    const strip = (x: ReturnType<typeof view>) => ({ ...x, address: undefined });
    expect(strip(view(ns, 'fa'))).toEqual(strip(view(ns, 'ga')));
    expect(strip(view(ns, 'fap'))).toEqual(strip(view(ns, 'gap')));
    expect(view(ns, 'fa')).toMatchObject({ mtu: 1400, address: '02:00:00:00:00:01', kind: 'veth' });
    expect(view(ns, 'fap')).toMatchObject({ mtu: 1400, address: '02:00:00:00:00:02', kind: 'veth' });
    // The request: createLink's spec for the same veth, echo on (linkEncodeCreate is the builder both use).
    const self = { name: 'fa', mtu: 1400, address: '02:00:00:00:00:01' }, peer = { name: 'fap', mtu: 1400, address: '02:00:00:00:00:02' };
    expect(native.linkEncodeCreate(vethSpec(self, peer), true, 7))
      .toEqual(native.linkEncodeCreate({ kind: 'veth', settings: { ...self }, peer: { ...peer } }, true, 7));
    // An existing name: the kernel's EEXIST, as from the general path (whose op is createLink's).
    await expect(h.createVeth('fa', 'other')).rejects.toMatchObject({ code: 'EEXIST', op: 'createLink' });
    await expect(h.createVeth('fa', 'other', { up: false })).rejects.toMatchObject({ code: 'EEXIST', op: 'createLink' });
  });

  it('refuses bad input with the general path\'s errors, before sending anything', async () => {
    using h = await Netlink.open();
    const cases: [unknown, unknown, Record<string, unknown>][] = [
      ['x'.repeat(16), 'p', {}], [3, 'p', {}], ['a', undefined, {}], ['a', 'y'.repeat(16), {}], ['a', '', {}],
      ['a', 'p', { mtu: -1 }], ['a', 'p', { address: 'zz' }], ['a', 'p', { peerAddress: '01:02' }], ['a/b', 'p', {}],
    ];
    for (const [name, peer, o] of cases) {
      const fast = await h.createVeth(name as string, peer as string, o).then(() => null, (e: Error) => e);
      const general = await h.createVeth(name as string, peer as string, { ...o, up: false }).then(() => null, (e: Error) => e);
      expect(fast).toBeInstanceOf(Error);
      expect(fast!.constructor).toBe(general!.constructor);
      expect(fast!.message).toBe(general!.message);
    }
  });
});
