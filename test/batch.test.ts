// handle.batch(): pipelined link/address/route operations, one result each, checked with ip -j.
import { describe, expect, it } from 'vitest';
import { Netlink } from '../lib/index.js';
import { ipJson, makeNetns } from './helpers/ns.js';

const route = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

async function withVeth() {
  const ns = makeNetns('batch');
  const h = await Netlink.open({ netns: ns });
  await h.createVeth('veth0', 'veth1', { up: true });
  return { ns, h };
}

describe('batch', () => {
  for (const ack of ['each', 'last'] as const) {
    it(`adds and deletes 5,000 routes, ack ${ack}, each result in order`, async () => {
      const { ns, h } = await withVeth();
      using _ = h;
      const b = h.batch();
      for (let i = 0; i < 5000; i++) b.addRoute({ dst: route(i), dev: 'veth0' });
      expect(b.length).toBe(5000);
      const res = await b.commit({ ack, perSend: 256 });
      expect(res).toHaveLength(5000);
      expect(res.every((r) => r.ok)).toBe(true);
      expect(ipJson(ns, 'route', 'show', 'dev', 'veth0')).toHaveLength(5000);
      const d = h.batch();
      for (let i = 0; i < 5000; i++) d.deleteRoute({ dst: route(i), dev: 'veth0' });
      expect((await d.commit({ ack })).every((r) => r.ok)).toBe(true);
      expect(ipJson(ns, 'route', 'show', 'dev', 'veth0')).toHaveLength(0);
    });

    it(`one failure does not hide the others (ack ${ack})`, async () => {
      const { ns, h } = await withVeth();
      using _ = h;
      const b = h.batch();
      b.addRoute({ dst: '10.1.0.1', dev: 'veth0' });
      b.addRoute({ dst: '10.1.0.1', dev: 'veth0' }); // EEXIST
      b.addRoute({ dst: '10.1.0.2', dev: 'nosuch0' }); // ENODEV, not sent
      b.addAddress('veth0', '10.9.9.1/24');
      b.deleteAddress('veth0', '10.8.8.8/24'); // EADDRNOTAVAIL
      b.addRoute({ dst: '10.1.0.3', dev: 'veth0' });
      const res = await b.commit({ ack });
      expect(res.map((r) => (r.ok ? 'ok' : (r.error as { code?: string }).code))).toEqual(['ok', 'EEXIST', 'ENODEV', 'ok', 'EADDRNOTAVAIL', 'ok']);
      expect(res[1]).toMatchObject({ ok: false, error: { op: 'batch.commit', errno: 17 } });
      const dsts = ipJson(ns, 'route', 'show', 'dev', 'veth0').map((r: { dst: string }) => r.dst).sort();
      expect(dsts).toEqual(['10.1.0.1', '10.1.0.3', '10.9.9.0/24']);
      expect(ipJson(ns, '-4', 'addr', 'show', 'veth0')[0].addr_info.map((a: { local: string }) => a.local)).toEqual(['10.9.9.1']);
    });
  }

  // A batch spans several 64 KiB encoder chunks (~860 route records each) and is sent one
  // perSend group at a time: fixups, left-out operations and kernel failures keep their
  // indexes across chunk and group boundaries, whichever do not line up.
  for (const ack of ['each', 'last'] as const) {
    it(`keeps results in order across encoder chunks and send groups (ack ${ack})`, async () => {
      const { ns, h } = await withVeth();
      using _ = h;
      const dev = (await h.getLink('veth0')).index;
      const b = h.batch();
      const expected: string[] = [];
      for (let i = 0; i < 3000; i++) {
        if (i === 1500) { b.addRoute({ dst: '10.200.0.1', dev: 'nosuch0' }); expected.push('ENODEV'); } // left out
        if (i === 2100) { b.addRoute({ dst: route(7), dev }); expected.push('EEXIST'); } // the kernel refuses
        // by name (a fixup) now and then, by index otherwise
        b.addRoute({ dst: route(i), dev: i % 997 === 5 ? 'veth0' : dev });
        expected.push('ok');
      }
      const res = await b.commit({ ack, perSend: 100 });
      expect(res.map((r) => (r.ok ? 'ok' : (r.error as { code?: string }).code))).toEqual(expected);
      expect(ipJson(ns, 'route', 'show', 'dev', 'veth0')).toHaveLength(3000);
      const d = h.batch();
      for (let i = 0; i < 3000; i++) d.deleteRoute({ dst: route(i), dev });
      expect((await d.commit({ ack, perSend: 256 })).every((r) => r.ok)).toBe(true);
      expect(ipJson(ns, 'route', 'show', 'dev', 'veth0')).toHaveLength(0);
    });
  }

  it('creates veths (one born in another namespace), enslaves, ups them, and deletes by group', async () => {
    const ns = makeNetns('batch');
    const other = makeNetns('bpeer');
    using h = await Netlink.open({ netns: ns });
    await h.createBridge('br0', { up: true });
    const b = h.batch();
    for (let i = 0; i < 50; i++) {
      b.createVeth(`v${i}`, `p${i}`, { group: 5, ...(i === 0 ? { peerNetns: other } : {}) });
      b.setLink(`v${i}`, { master: 'br0', up: true });
    }
    const res = await b.commit();
    expect(res.filter((r) => !r.ok)).toEqual([]);
    expect(ipJson(ns, 'link', 'show', 'master', 'br0')).toHaveLength(50);
    expect(ipJson(other, 'link', 'show', 'p0')[0].group).toBe('5');
    expect(ipJson(ns, 'link', 'show', 'v7')[0].flags).toContain('UP');
    const del = await h.batch().deleteLinkGroup(5).commit();
    expect(del).toEqual([{ ok: true }]);
    expect(ipJson(ns, 'link', 'show').map((l: { ifname: string }) => l.ifname).sort()).toEqual(['br0', 'lo']);
  });

  it('validates when queuing, and a batch commits once', async () => {
    const { h } = await withVeth();
    using _ = h;
    const b = h.batch();
    expect(() => b.addRoute({ dst: '300.1.1.1/32', dev: 'veth0' })).toThrow(RangeError);
    expect(() => b.createVeth('x'.repeat(16), 'p')).toThrow(RangeError);
    expect(() => b.setLink('veth0', { mtu: 5 })).toThrow(RangeError);
    expect(b.length).toBe(0);
    b.setLinkUp('veth0');
    // Bad commit options are the caller's mistake: the batch stays usable.
    await expect(b.commit({ ack: 'sometimes' as 'each' })).rejects.toThrow(RangeError);
    await expect(b.commit({ perSend: 0 })).rejects.toThrow(RangeError);
    expect(await b.commit()).toEqual([{ ok: true }]);
    await expect(b.commit()).rejects.toThrow(/already committed/);
    expect(() => b.setLinkUp('veth0')).toThrow(/already committed/);
  });
});
