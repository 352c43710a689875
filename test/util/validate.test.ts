// The one-pass IPv4 parser of validate.ip() accepts exactly what net.isIPv4 accepts (it replaced
// isIPv4 + split + map on the bulk paths), and reads the same bytes. Its IPv6 parser (which keeps
// node:net out of the CNI plugin's process) accepts exactly what net.isIPv6 accepts, zones aside,
// with the bytes the WHATWG URL parser's canonical text gives.
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

describe('validate.ip IPv6', () => {
  const tricky6 = [
    '::', '::1', '1::', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8:9', '1::2::3',
    'fe80::1%eth0', '::ffff:1.2.3.4', '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:7:1.2.3.4', '::1.2.3', '12345::', 'g::1',
    ':1::', ':::', '1:', '::1:', ':1', '1:2:3:4:5:6:7', '::ffff:01.2.3.4', '1.2.3.4::', '::0:0:0:0:0:0:0',
    '::0:0:0:0:0:0:0:0', 'ABCD:ef01:2345:6789:abcd:ef01:2345:6789', '1::1.2.3.4', 'fd00:89::', '0::0',
  ];
  it('accepts exactly what net.isIPv6 accepts (no zones), with the canonical bytes', () => {
    // Deterministic pseudo-random addresses: random groups, a random '::' run, sometimes a dotted
    // tail, sometimes one character inserted or dropped.
    let seed = 7;
    const r = (n: number): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % n; };
    const random: string[] = [];
    for (let i = 0; i < 20000; i++) {
      const g = Array.from({ length: 8 }, () => (r(3) ? r(65536).toString(16) : '0'));
      const a = r(9), b = a + r(9 - a);
      let t = r(2) && b > a ? `${g.slice(0, a).join(':')}::${g.slice(b).join(':')}` : g.join(':');
      if (r(4) === 0) t = t.replace(/[0-9a-f]+$/, `${r(256)}.${r(256)}.${r(256)}.${r(256)}`);
      if (r(3) === 0) { const p = r(t.length + 1); t = r(2) ? t.slice(0, p) + '0123456789abcdefg:.'[r(19)] + t.slice(p) : t.slice(0, p) + t.slice(p + 1); }
      random.push(t);
    }
    for (const s of [...tricky6, ...random]) {
      let got: ReturnType<typeof v.ip> | null = null;
      try { got = v.ip(s); } catch { /* refused */ }
      const want = isIPv6(s) && !s.includes('%');
      expect(got !== null && got.family === 6, JSON.stringify(s)).toBe(want);
      if (want) {
        const canonical = new URL(`http://[${s}]/`).hostname.slice(1, -1);
        expect(got!.bytes.toString('hex'), s).toBe(v.ip(canonical).bytes.toString('hex'));
      }
    }
    expect(v.ip('::ffff:1.2.3.4').bytes.toString('hex')).toBe('00000000000000000000ffff01020304');
    expect(v.ip('fd00:89::2').bytes.toString('hex')).toBe('fd000089000000000000000000000002');
  });
});
