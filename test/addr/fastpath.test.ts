// The plain-IPv4 fast path of address add/delete (lib/addr/index.ts plainV4Args → native
// addrChangeV4) must send exactly what the general path (addrArgs → addrAdd/addrDelete) sends,
// and must take only what the general path reads the same way.
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { native } from '../../lib/native.js';
import { addrArgs } from '../../lib/addr/index.js';

const plain = ['10.0.0.1/24', '10.0.0.1', '1.2.3.4/32', '127.0.0.1/8', '127.255.0.9', '0.0.0.0/0', '255.255.255.255/32',
  '192.168.1.77/1', '10.100.0.5/01', '172.16.0.1/16'];
const notPlain = ['010.0.0.1/24', '10.0.0.1/', '10.0.0.1/33', '10.0.0.1/0024', '1.2.3', '1.2.3.4.5', '1.2.3.256', '1..2.3',
  ' 1.2.3.4', '1.2.3.4 ', '1.2.3.4/1a', '１.2.3.4', '', '2001:db8::1/64', '::1', '1.2.3.4/3 ', '1.2.3.4' + '0'.repeat(30)];

describe('address fast path', () => {
  it('native addrChangeV4 encodes what addrArgs + addrAdd/addrDelete encode', async () => {
    using h = await Netlink.open();
    for (const cidr of plain) {
      for (const [change, forDelete] of [[0, false], [1, true]] as const) {
        const a = addrArgs(h, 7, cidr, {}, 'test', forDelete);
        expect(native.encodeAddrRequestV4(change, cidr, 7)).toEqual(native.encodeAddrRequest(change, ...a));
      }
    }
  });

  it('leaves anything else to the general path', () => {
    for (const cidr of notPlain) expect(native.encodeAddrRequestV4(0, cidr, 7)).toBeNull();
  });
});
