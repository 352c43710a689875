// The plain-IPv4 fast paths of route add/delete (lib/route/spec.ts plainV4, Encoder.routeV4)
// must produce exactly what the general path produces for the same route. `family: 4` sends a
// spec down the general path (plainV4 takes only specs without it) with the same meaning.
import { describe, expect, it } from 'vitest';
import { Netlink, NetlinkError } from '../../lib/index.js';
import { ipJson, makeNetns } from '../helpers/ns.js';
import { native } from '../../lib/native.js';
import { Encoder, OPS } from '../../lib/batch/encode.js';
import { plainV4, routeArgs } from '../../lib/route/spec.js';

const plain = [
  { dst: '10.0.0.1', dev: 3 }, { dst: '10.1.2.3/32', dev: 7 }, { dst: '172.16.0.0/12', dev: 1 },
  { dst: '192.168.255.0/24', dev: 0x7fffffff }, { dst: '128.0.0.0/1', dev: 2 }, { dst: '255.255.255.255', dev: 9 },
];
const notPlain: unknown[] = [
  { dst: '10.0.0.1/24', dev: 3 },       // host bits: the general path words the error
  { dst: '0.0.0.0/0', dev: 3 }, { dst: 'default', dev: 3 }, { dst: '2001:db8::/64', dev: 3 },
  { dst: '10.0.0.1', dev: 'veth0' }, { dst: '10.0.0.1', dev: 0 }, { dst: '10.0.0.1', dev: 1.5 },
  { dst: '10.0.0.1', dev: 3, metric: 5 }, { dst: '10.0.0.1', dev: 3, via: '10.0.0.2' },
  { dst: '010.0.0.1', dev: 3 }, { dst: '10.0.0.1/', dev: 3 }, { dst: '10.0.0.1/33', dev: 3 },
];

describe('route fast paths', () => {
  it('plainV4 takes exactly the plain shape', () => {
    for (const s of plain) expect(plainV4(s)).not.toBeNull();
    for (const s of notPlain) expect(plainV4(s as never)).toBeNull();
  });

  it('native routeChangeV4 parses dst as plainV4 does and sends the general path\'s bytes', async () => {
    using h = await Netlink.open();
    for (const s of plain) {
      for (const [change, c] of [['add', 0], ['replace', 1], ['delete', 2]] as const) {
        const general = routeArgs(h, { ...s, family: 4 }, change, 'test');
        expect(native.encodeRouteRequestV4(c, s.dst, s.dev)).toEqual(native.encodeRouteRequest(c, ...general));
      }
    }
    const notPlainDst = ['10.0.0.1/24', '0.0.0.0/0', '10.0.0.1/0', 'default', '2001:db8::/64', '010.0.0.1', '10.0.0.1/',
      '10.0.0.1/33', '10.0.0.1/032', '1.2.3', '1.2.3.4.5', '1.2.3.256', '1..2.3', ' 1.2.3.4', '1.2.3.4 ', '1.2.3.4/1a',
      '１.2.3.4', '', '255.255.255.255/32/', '1.2.3.4/3 ', '1.2.3.4' + '0'.repeat(30)];
    for (const d of notPlainDst) {
      expect(native.encodeRouteRequestV4(0, d, 3)).toBeNull();
      expect(plainV4({ dst: d, dev: 3 })).toBeNull();
    }
  });

  it('gives the general path\'s arguments, request bytes and batch records', async () => {
    using h = await Netlink.open();
    for (const s of plain) {
      for (const change of ['add', 'delete'] as const) {
        const fast = routeArgs(h, s, change, 'test');
        const general = routeArgs(h, { ...s, family: 4 }, change, 'test');
        expect(fast).toEqual(general);
        expect(native.encodeRouteRequest(change === 'add' ? 0 : 2, ...fast)).toEqual(native.encodeRouteRequest(change === 'add' ? 0 : 2, ...general));
        const a = new Encoder();
        const p = plainV4(s)!;
        a.routeV4(change === 'add' ? OPS.routeAdd : OPS.routeDelete, p.value, p.prefix, s.dev);
        const b = new Encoder();
        b.route(change === 'add' ? OPS.routeAdd : OPS.routeDelete, general);
        expect(a.buf.subarray(0, a.size)).toEqual(b.buf.subarray(0, b.size));
        // The batch's queueing path: the addon parses the text and writes the compact record,
        // which must encode to the same request bytes.
        const t = new Encoder();
        expect(t.routeV4Text(change === 'add' ? OPS.routeAdd : OPS.routeDelete, s.dst, s.dev)).toBe(true);
        expect([t.count, t.length]).toEqual([1, 16]);
        expect(native.batchEncode(t.bytes())).toEqual(native.batchEncode(b.bytes()));
      }
      const r = new Encoder();
      r.routeV4Text(OPS.routeReplace, s.dst, s.dev);
      const g = new Encoder();
      g.route(OPS.routeReplace, routeArgs(h, { ...s, family: 4 }, 'replace', 'test'));
      expect(native.batchEncode(r.bytes())).toEqual(native.batchEncode(g.bytes()));
    }
  });

  it('routeV4Text queues nothing for a dst that is not plain, and refuses misuse', () => {
    const notPlainDst = ['10.0.0.1/24', '0.0.0.0/0', 'default', '2001:db8::/64', '010.0.0.1', '10.0.0.1/', '10.0.0.1/33',
      '1.2.3', '1.2.3.256', ' 1.2.3.4', '１.2.3.4', '', '1.2.3.4' + '0'.repeat(30)];
    const e = new Encoder();
    for (const d of notPlainDst) expect(e.routeV4Text(OPS.routeAdd, d, 3)).toBe(false);
    expect(e.routeV4Text(OPS.routeAdd, 5 as unknown as string, 3)).toBe(false);
    expect([e.count, e.length, e.buf.every((x) => x === 0)]).toEqual([0, 0, true]);
    const small = Buffer.alloc(80);
    expect(() => native.batchRouteV4(small, 68, OPS.routeAdd, '10.0.0.1', 3)).toThrow(TypeError); // past the end
    expect(() => native.batchRouteV4(small, 0, OPS.addrAdd, '10.0.0.1', 3)).toThrow(TypeError); // not a route op
    expect(small.every((x) => x === 0)).toBe(true);
  });
});

// The hot entry points take the socket as its numeric id (native/napi/socket_wrap.h): a live
// socket's id reaches that socket, anything else is a TypeError and sends nothing.
describe('socket ids of the hot paths', () => {
  it('every NativeSocket has its own live id; stale and forged ids are refused', async () => {
    const a = await Netlink.open();
    const b = await Netlink.open();
    const ia = a.routeSocket('test').id, ib = b.routeSocket('test').id;
    expect(ia).toBeGreaterThan(0);
    expect(ib).toBeGreaterThan(0);
    expect(ia).not.toBe(ib);
    expect(Object.getOwnPropertyDescriptor(a.routeSocket('test'), 'id')).toMatchObject({ writable: false, configurable: false });
    // A live id with a plain dst that is not plain → false, nothing sent; a forged id → TypeError.
    expect(native.routeChangeV4(ia, 0, 'default', 1)).toBe(false);
    for (const bad of [0, ia ^ 0x10000, 0xffffffff, -1, 1.5, '1', null]) {
      expect(() => native.routeChangeV4(bad as number, 0, '10.0.0.1', 1)).toThrow(TypeError);
      expect(() => native.addrChangeV4(bad as number, 0, '10.0.0.1/32', 1)).toThrow(TypeError);
    }
    a.close();
    b.close();
  });
});

// The fast paths settle like the async functions they replaced: success resolves (to
// undefined), a kernel refusal rejects with the general path's NetlinkError, a closed handle
// rejects with its error — never a synchronous throw.
describe('fast path results', () => {
  it('resolves, rejects with NetlinkError, and never throws synchronously', async () => {
    const ns = makeNetns('fastpath');
    const h = await Netlink.open({ netns: ns });
    const { index: dev } = await h.createVeth('veth0', 'veth1', { up: true });
    // Addresses first: deleting a link's last IPv4 address flushes its routes (fib_disable_ip).
    await expect(h.addAddress(dev, '10.8.0.1/24')).resolves.toBeUndefined();
    await expect(h.addAddress(dev, '10.8.0.1/24')).rejects.toMatchObject({ code: 'EEXIST', op: 'addAddress' });
    await expect(h.deleteAddress(dev, '10.8.0.1/24')).resolves.toBeUndefined();
    await expect(h.deleteAddress(dev, '10.8.0.1/24')).rejects.toMatchObject({ code: 'EADDRNOTAVAIL', op: 'deleteAddress' });
    const add = h.addRoute({ dst: '10.7.0.0/24', dev });
    expect(add).toBeInstanceOf(Promise);
    await expect(add).resolves.toBeUndefined();
    expect(ipJson(ns, 'route', 'show', '10.7.0.0/24')).toMatchObject([{ dst: '10.7.0.0/24', dev: 'veth0', scope: 'link' }]);
    const again = h.addRoute({ dst: '10.7.0.0/24', dev });
    await expect(again).rejects.toBeInstanceOf(NetlinkError);
    await expect(again).rejects.toMatchObject({ code: 'EEXIST', op: 'addRoute' });
    await expect(h.deleteRoute({ dst: '10.7.0.0/24', dev })).resolves.toBeUndefined();
    expect(ipJson(ns, 'route', 'show', '10.7.0.0/24')).toEqual([]);
    const gone = h.deleteRoute({ dst: '10.7.0.0/24', dev });
    await expect(gone).rejects.toMatchObject({ code: 'ESRCH', op: 'deleteRoute' });
    // A getter that throws on the caller's object rejects (as from an async function).
    const evil = { dst: '10.9.0.0/24', get dev(): number { throw new Error('boom'); } };
    const p = h.addRoute(evil);
    await expect(p).rejects.toThrow('boom');
    h.close();
    const closed = h.addRoute({ dst: '10.7.0.0/24', dev });
    await expect(closed).rejects.toThrow(/closed/);
    await expect(h.addAddress(dev, '10.8.0.1/24')).rejects.toThrow(/closed/);
  });
});
