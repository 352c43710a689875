// The plain-IPv4 fast paths of route add/delete (lib/route/spec.ts plainV4, Encoder.routeV4)
// must produce exactly what the general path produces for the same route. `family: 4` sends a
// spec down the general path (plainV4 takes only specs without it) with the same meaning.
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
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
      }
    }
  });
});
