// The one-pass IPv4 parser of validate.ip() accepts exactly what net.isIPv4 accepts (it replaced
// isIPv4 + split + map on the bulk paths), and reads the same bytes.
import { isIPv4, isIPv6 } from 'node:net';
import { describe, expect, it } from 'vitest';
import * as v from '../../lib/util/validate.js';

const tricky = [
  '1.2.3.4', '0.0.0.0', '255.255.255.255', '256.1.1.1', '01.2.3.4', '1.2.3.04', '0.0.0.00', '1.2.3', '1.2.3.4.',
  '.1.2.3.4', '1..2.3', '1.2.3.4 ', ' 1.2.3.4', '1.2.3.-4', '+1.2.3.4', 'a.b.c.d', '1.2.3.400', '999.1.1.1', '',
  '1.2.3.4/24', '１.2.3.4', '::ffff:1.2.3.4', '1.2.3.4.5', '10.0.0.255', '199.249.250.251',
];

describe('validate.ip IPv4', () => {
  it('accepts exactly what net.isIPv4 accepts, with the same bytes', () => {
    const random: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const parts: string[] = [];
      const n = 1 + ((i * 7) % 5);
      for (let k = 0; k < n; k++) {
        const r = (i * 31 + k * 17) % 10;
        parts.push(r < 4 ? String((i * 13 + k * 101) % 300) : r < 6 ? `0${(i + k) % 30}` : r < 7 ? '' : String((i + k) % 10));
      }
      random.push(parts.join('.'));
    }
    for (const s of [...tricky, ...random]) {
      let ok = true;
      let bytes: Buffer | undefined;
      try { const a = v.ip(s); bytes = a.bytes; } catch { ok = false; }
      expect(ok, JSON.stringify(s)).toBe(isIPv4(s) || (isIPv6(s) && !s.includes('%')));
      if (ok && isIPv4(s)) expect([...bytes!], s).toEqual(s.split('.').map(Number));
    }
  });

  it('cidr() keeps its shape: family, bytes, text, prefix', () => {
    expect(v.cidr('10.1.2.3/24')).toEqual({ family: 4, bytes: Buffer.from([10, 1, 2, 3]), text: '10.1.2.3', prefix: 24 });
    expect(v.cidr('10.1.2.3')).toEqual({ family: 4, bytes: Buffer.from([10, 1, 2, 3]), text: '10.1.2.3', prefix: 32 });
    expect(Object.keys(v.cidr('fd00::1/64'))).toEqual(['family', 'bytes', 'text', 'prefix']);
  });
});
