// Streaming dumps agree with the array-returning list calls and with ip -j, and hold one
// datagram at a time.
import { describe, expect, it } from 'vitest';
import { Netlink } from '../lib/index.js';
import { ipJson, makeNetns } from './helpers/ns.js';

describe('streaming dumps', () => {
  it('routes(): 3,000 routes arrive in many chunks and equal listRoutes() and ip -j route', async () => {
    const ns = makeNetns('dump');
    using h = await Netlink.open({ netns: ns });
    await h.createVeth('veth0', 'veth1', { up: true });
    const b = h.batch();
    for (let i = 0; i < 3000; i++) b.addRoute({ dst: `10.3.${i >> 8}.${i & 255}`, dev: 'veth0', metric: i });
    await b.commit();
    const streamed = [];
    for await (const r of h.routes({ family: 4 })) streamed.push(r);
    expect(streamed).toEqual(await h.listRoutes({ family: 4 }));
    expect(streamed).toHaveLength(ipJson(ns, 'route', 'show').length);
    expect(streamed.find((r) => r.dst === '10.3.11.183/32')).toMatchObject({ dev: 'veth0', metric: 11 * 256 + 183 });
  });

  it('breaking out early closes the dump and the handle keeps working', async () => {
    const ns = makeNetns('dump');
    using h = await Netlink.open({ netns: ns });
    await h.createVeth('veth0', 'veth1', { up: true });
    const b = h.batch();
    for (let i = 0; i < 500; i++) b.addRoute({ dst: `10.4.${i >> 8}.${i & 255}`, dev: 'veth0' });
    await b.commit();
    let n = 0;
    for await (const _ of h.routes()) if (++n === 10) break;
    expect(n).toBe(10);
    expect((await h.listRoutes({ family: 4 })).length).toBe(500);
  });

  it('addresses() and links() match their list calls; a missing table streams nothing', async () => {
    const ns = makeNetns('dump');
    using h = await Netlink.open({ netns: ns });
    await h.createVeth('veth0', 'veth1');
    await h.addAddress('veth0', '10.5.0.1/24');
    await h.addAddress('veth0', '2001:db8::1/64', { nodad: true });
    const addrs = [];
    for await (const a of h.addresses({ link: 'veth0' })) addrs.push(a);
    expect(addrs).toEqual(await h.listAddresses({ link: 'veth0' }));
    const links = [];
    for await (const l of h.links({ kind: 'veth' })) links.push(l.name);
    expect(links.sort()).toEqual(['veth0', 'veth1']);
    const none = [];
    for await (const r of h.routes({ table: 4321, family: 4 })) none.push(r);
    expect(none).toEqual([]);
  });
});
