// Codec vectors: the requests netlinkts encodes must be the bytes iproute2 sends for the same
// command (captured with strace; see route.fixtures.txt for the command and the annotations),
// and our decoder must read those captured bytes back. Everything goes through the real
// TypeScript validation (routeArgs/addrArgs) and the native encoder, without sending.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addrArgs, addrLifetime } from '../../lib/addr/index.js';
import { encodeOne } from '../../lib/batch/one.js';
import { OPS } from '../../lib/batch/encode.js';
import type { Netlink } from '../../lib/handle.js';
import { native } from '../../lib/native.js';
import { decodeRecords } from '../../lib/records.js';
import { routeArgs, type Change } from '../../lib/route/spec.js';
import type { RouteSpec } from '../../lib/route/types.js';

interface Vector { command: string; bytes: Buffer }

function loadVectors(): Map<string, Vector> {
  const text = readFileSync(new URL('./route.fixtures.txt', import.meta.url), 'utf8');
  const out = new Map<string, Vector>();
  let name = '';
  let command = '';
  let hex = '';
  const flush = () => { if (name) out.set(name, { command, bytes: Buffer.from(hex, 'hex') }); };
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) { flush(); name = line.slice(3).trim(); command = ''; hex = ''; }
    else if (line.startsWith('@ ')) command = line.slice(2).trim();
    else if (line.startsWith('#') || line.trim() === '') continue;
    else hex += line.replace(/\s+/g, '');
  }
  flush();
  return out;
}

const vectors = loadVectors();
// veth0's ifindex in the capture namespace; passing it as a number keeps the handle unused.
const VETH0 = 3;
const noHandle = null as unknown as Netlink;

/** nlmsg_seq and nlmsg_pid differ per run. */
function masked(b: Buffer): Buffer {
  const c = Buffer.from(b);
  c.fill(0, 8, 16);
  return c;
}

function vector(name: string): Vector {
  const v = vectors.get(name);
  if (!v) throw new Error(`no vector ${name}`);
  // The fixture is self-consistent: nlmsg_len is the byte count.
  expect(v.bytes.readUInt32LE(0)).toBe(v.bytes.length);
  return v;
}

function encodeRoute(change: Change, spec: RouteSpec): Buffer {
  const code = change === 'add' ? 0 : change === 'replace' ? 1 : 2;
  return native.encodeRouteRequest(code, ...routeArgs(noHandle, spec, change, 'test'));
}

const routeCases: [string, Change, RouteSpec][] = [
  ['route-add-dev', 'add', { dst: '10.9.0.0/24', dev: VETH0 }],
  ['route-add-via-metric', 'add', { dst: '10.8.0.0/24', via: '10.1.0.2', metric: 100, dev: VETH0 }],
  ['route-add-multipath', 'add', { dst: '10.6.0.0/24', nexthops: [{ via: '10.1.0.2', dev: VETH0, weight: 1 }, { via: '10.1.0.3', dev: VETH0, weight: 2 }] }],
  ['route-add-table-1000', 'add', { dst: '10.7.0.0/24', table: 1000, dev: VETH0 }],
  ['route-add-blackhole', 'add', { dst: '10.5.0.0/24', type: 'blackhole' }],
  ['route-del', 'delete', { dst: '10.9.0.0/24', dev: VETH0 }],
];

describe('route requests match iproute2 byte for byte', () => {
  for (const [name, change, spec] of routeCases) {
    it(`${name}: ${vectors.get(name)?.command}`, () => {
      const v = vector(name);
      expect(masked(encodeRoute(change, spec)).toString('hex')).toBe(masked(v.bytes).toString('hex'));
    });
  }

  it('route replace differs from add only in NLM_F_REPLACE instead of NLM_F_EXCL', () => {
    const add = encodeRoute('add', { dst: '10.9.0.0/24', dev: VETH0 });
    const replace = encodeRoute('replace', { dst: '10.9.0.0/24', dev: VETH0 });
    const k = native.constants;
    // nlmsg_flags sit at offset 6.
    expect(add.readUInt16LE(6)).toBe(0x0605); // REQUEST|ACK|EXCL|CREATE
    expect(replace.readUInt16LE(6)).toBe(0x0505); // REQUEST|ACK|REPLACE|CREATE, as `ip route replace`
    expect(replace.subarray(8).equals(add.subarray(8))).toBe(true);
    expect(k.RT_TABLE_MAIN).toBe(add[20]);
  });

  it('route6-add-default: ip sends an all-zero RTA_DST for a /0, we omit it on purpose', () => {
    // For dst_len 0 the kernel copies (0+7)/8 = 0 bytes of RTA_DST, so the attribute carries
    // nothing; leaving it out saves 20 bytes and is what `ip route add default` (IPv4) does too.
    const v = vector('route6-add-default');
    const ours = encodeRoute('add', { dst: 'default', family: 6, dev: VETH0 });
    const rtaDst = 16 + 12; // after nlmsghdr and rtmsg
    const ipWithout = Buffer.concat([v.bytes.subarray(0, rtaDst), v.bytes.subarray(rtaDst + 20)]);
    ipWithout.writeUInt32LE(ipWithout.length, 0);
    expect(masked(ours).toString('hex')).toBe(masked(ipWithout).toString('hex'));
  });

  it(`addr-add-v4-all (lifetimes travel in a one-op batch record): ${vectors.get('addr-add-v4-all')?.command}`, () => {
    const opts = { broadcast: '10.6.0.255', label: 'veth0:a', noprefixroute: true, validLifetime: 100, preferredLifetime: 50 };
    const ours = encodeOne((e) => e.address(OPS.addrAdd, addrArgs(noHandle, VETH0, '10.6.0.1/24', opts, 'test', false), addrLifetime(opts)!));
    expect(masked(ours).toString('hex')).toBe(masked(vector('addr-add-v4-all').bytes).toString('hex'));
  });

  it('our decoder reads the captured requests back', () => {
    const all = Buffer.concat(routeCases.map(([name]) => vector(name).bytes));
    const recs = decodeRecords(native.decodeRouteMessages(all), 'route', 'test');
    expect(recs.map((r) => `${r.dst ?? ''}/${r.dstLen}`)).toEqual(['10.9.0.0/24', '10.8.0.0/24', '10.6.0.0/24', '10.7.0.0/24', '10.5.0.0/24', '10.9.0.0/24']);
    expect(recs[1]).toMatchObject({ gateway: '10.1.0.2', priority: 100, oif: VETH0, table: 254, scope: 0, protocol: native.constants.RTPROT_BOOT });
    expect(recs[2]!.nexthops).toEqual([
      { ifindex: VETH0, weight: 1, flags: 0, gateway: '10.1.0.2' },
      { ifindex: VETH0, weight: 2, flags: 0, gateway: '10.1.0.3' },
    ]);
    // RTA_TABLE overrides rtm_table (RT_TABLE_UNSPEC in the header).
    expect(recs[3]!.table).toBe(1000);
    expect(recs[4]!.type).toBe(native.constants.RTN_BLACKHOLE);
    expect(recs[5]).toMatchObject({ scope: native.constants.RT_SCOPE_NOWHERE, type: 0, protocol: 0 });
  });
});

describe('address requests match iproute2 byte for byte', () => {
  const cases: [string, 0 | 1, string, object][] = [
    ['addr-add-v4', 0, '10.1.0.1/24', {}],
    ['addr-add-v6-nodad', 0, '2001:db8::1/64', { nodad: true }],
    ['addr-add-v6-flags', 0, '2001:db8::1/64', { nodad: true, mngtmpaddr: true, home: true, noprefixroute: true }],
    ['addr-add-v4-autojoin', 0, '239.1.1.1/32', { autojoin: true }],
    ['addr-add-v4-peer', 0, '10.5.0.1/32', { peer: '10.5.0.2', noprefixroute: true }],
    ['addr-del-v4', 1, '10.1.0.1/24', {}],
  ];
  for (const [name, change, cidr, opts] of cases) {
    it(`${name}: ${vectors.get(name)?.command}`, () => {
      const v = vector(name);
      const ours = native.encodeAddrRequest(change, ...addrArgs(noHandle, VETH0, cidr, opts, 'test', change === 1));
      expect(masked(ours).toString('hex')).toBe(masked(v.bytes).toString('hex'));
    });
  }

  it('our decoder reads the captured requests back', () => {
    const names = [...cases.map(([name]) => name), 'addr-add-v4-all'];
    const all = Buffer.concat(names.map((name) => vector(name).bytes));
    const recs = decodeRecords(native.decodeAddrMessages(all), 'address', 'test');
    expect(recs).toHaveLength(names.length);
    const at = (name: string) => recs[names.indexOf(name)];
    const k = native.constants;
    expect(at('addr-add-v4')).toMatchObject({ index: VETH0, family: k.AF_INET, prefixlen: 24, local: '10.1.0.1', address: '10.1.0.1', flags: 0 });
    expect(at('addr-add-v6-nodad')).toMatchObject({ family: k.AF_INET6, prefixlen: 64, local: '2001:db8::1', flags: k.IFA_F_NODAD });
    expect(at('addr-add-v6-flags')).toMatchObject({ flags: k.IFA_F_NODAD! | k.IFA_F_MANAGETEMPADDR! | k.IFA_F_HOMEADDRESS! | k.IFA_F_NOPREFIXROUTE! });
    expect(at('addr-add-v4-autojoin')).toMatchObject({ local: '239.1.1.1', flags: k.IFA_F_MCAUTOJOIN });
    expect(at('addr-add-v4-peer')).toMatchObject({ local: '10.5.0.1', address: '10.5.0.2', flags: k.IFA_F_NOPREFIXROUTE });
    expect(at('addr-add-v4-all')).toMatchObject({ local: '10.6.0.1', broadcast: '10.6.0.255', label: 'veth0:a', valid: 100, preferred: 50 });
  });

  it('flags above 8 bits travel in IFA_FLAGS, as ip does', () => {
    const b = native.encodeAddrRequest(0, ...addrArgs(noHandle, VETH0, '10.1.0.1/24', { noprefixroute: true }, 'test', false));
    const recs = decodeRecords(native.decodeAddrMessages(b), 'address', 'test');
    expect(recs[0]!.flags).toBe(native.constants.IFA_F_NOPREFIXROUTE);
    expect(b[18]).toBe(0); // ifa_flags itself stays 0
  });
});

describe('malformed kernel messages are reported, never read past', () => {
  it('an rtnexthop whose length overruns RTA_MULTIPATH is a decode error naming the place', () => {
    const b = Buffer.from(vector('route-add-multipath').bytes);
    // First rtnexthop's rtnh_len (offset 16 + 12 + 8 + 4) claims 200 bytes.
    b.writeUInt16LE(200, 16 + 12 + 8 + 4);
    let err: unknown;
    try { native.decodeRouteMessages(b); } catch (e) { err = e; }
    expect(err).toMatchObject({ nlDecode: true });
    expect(String((err as Error).message)).toContain('RTA_MULTIPATH');
  });

  it('an attribute longer than its message is a decode error', () => {
    const b = Buffer.from(vector('addr-add-v4').bytes);
    b.writeUInt16LE(64, 16 + 8); // IFA_LOCAL's nla_len
    expect(() => native.decodeAddrMessages(b)).toThrow(/malformed kernel message: RTM_NEWADDR/);
  });
});
