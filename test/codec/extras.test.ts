// Codec vectors for nexthop objects, route extras (nhid, onlink, metrics, realm, append, IPv6
// expires/pref), ip route get keys and address replace/lifetimes: our op records must encode to
// the bytes iproute2 sends (extras.fixtures.txt: commands and capture recipe), through the real
// TypeScript validation and the native batch encoder, without sending; the decoders must read
// the captured requests back.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addrArgs, addrLifetime, type AddAddressOptions } from '../../lib/addr/index.js';
import { OPS } from '../../lib/batch/encode.js';
import { encodeOne } from '../../lib/batch/one.js';
import type { Netlink } from '../../lib/handle.js';
import { native } from '../../lib/native.js';
import { deleteRecord, nexthopRecord, type NexthopSpec } from '../../lib/nexthop/index.js';
import { decodeRecords } from '../../lib/records.js';
import { routeGetArgs } from '../../lib/route/index.js';
import { routeArgs, routeExtras } from '../../lib/route/spec.js';
import type { RouteGetOptions, RouteSpec } from '../../lib/route/types.js';

function loadVectors(): Map<string, { command: string; bytes: Buffer }> {
  const text = readFileSync(new URL('./extras.fixtures.txt', import.meta.url), 'utf8');
  const out = new Map<string, { command: string; bytes: Buffer }>();
  let name = '', command = '', hex = '';
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
const VETH0 = 3; // veth0's ifindex in the capture namespace
const noHandle = null as unknown as Netlink;
const byIndex = (r: string | number) => (r === 'veth0' ? VETH0 : (r as number));

function vector(name: string): Buffer {
  const v = vectors.get(name);
  if (!v) throw new Error(`no vector ${name}`);
  expect(v.bytes.readUInt32LE(0)).toBe(v.bytes.length);
  return v.bytes;
}
function masked(b: Buffer): Buffer {
  const c = Buffer.from(b);
  c.fill(0, 8, 16);
  return c;
}

const nexthopCases: [string, 'add' | 'replace', NexthopSpec][] = [
  ['nh-add-via-dev', 'add', { id: 5, via: '10.1.0.2', dev: 'veth0' }],
  ['nh-add-dev', 'add', { id: 6, dev: 'veth0' }],
  ['nh-add-onlink', 'add', { id: 7, via: '10.2.0.2', dev: 'veth0', onlink: true }],
  ['nh-add-blackhole', 'add', { id: 8, blackhole: true }],
  ['nh-add-blackhole6', 'add', { id: 8, blackhole: true, family: 6 }],
  ['nh-add-v6', 'add', { id: 9, via: '2001:db8::2', dev: 'veth0' }],
  ['nh-add-fdb', 'add', { id: 13, via: '10.1.0.9', fdb: true }],
  ['nh-add-group', 'add', { id: 10, group: [{ id: 1 }, { id: 2 }] }],
  ['nh-add-group-weights', 'add', { id: 11, group: [{ id: 1, weight: 5 }, { id: 2, weight: 256 }] }],
  ['nh-add-group-mpath', 'add', { id: 16, group: [{ id: 1 }, { id: 2 }], groupType: 'mpath' }],
  ['nh-add-group-resilient', 'add', { id: 12, group: [{ id: 1 }, { id: 2 }], groupType: 'resilient', buckets: 32, idleTimer: 10, unbalancedTimer: 20 }],
  ['nh-add-proto', 'add', { id: 17, via: '10.1.0.2', dev: 'veth0', protocol: 'static' }],
  ['nh-replace', 'replace', { id: 1, via: '10.1.0.4', dev: 'veth0' }],
];

const routeCases: [string, number, 'add' | 'replace' | 'delete', RouteSpec][] = [
  ['route-add-nhid', OPS.routeAdd, 'add', { dst: '10.9.0.0/24', nhid: 1 }],
  ['route-add-nhid-metric-table', OPS.routeAdd, 'add', { dst: '10.9.0.0/24', metric: 5, table: 100, nhid: 1 }],
  ['route-add-onlink', OPS.routeAdd, 'add', { dst: '10.9.0.0/24', via: '10.2.0.2', onlink: true, dev: VETH0 }],
  ['route-add-metrics', OPS.routeAdd, 'add', {
    dst: '10.9.0.0/24', via: '10.1.0.2', metric: 5, src: '10.1.0.1', table: 100, realm: 7, dev: VETH0,
    metrics: { mtu: 1400, advmss: 1360, window: 65535, rtt: 10, hoplimit: 64, initcwnd: 10, lock: ['mtu'] },
  }],
  ['route-add-mtu', OPS.routeAdd, 'add', { dst: '10.9.0.0/24', dev: VETH0, metrics: { mtu: 1400 } }],
  ['route-append', OPS.routeAppend, 'add', { dst: '10.9.0.0/24', via: '10.1.0.2', metric: 7, dev: VETH0 }],
  ['route6-add-expires-pref', OPS.routeAdd, 'add', { dst: '2001:db8:1::/64', via: '2001:db8::2', expires: 300, pref: 'high', dev: VETH0 }],
  ['route6-add-pref-low', OPS.routeAdd, 'add', { dst: '2001:db8:2::/64', pref: 'low', dev: VETH0 }],
];

const getCases: [string, string, RouteGetOptions][] = [
  ['route-get-from-mark-uid-oif', '10.1.0.9', { src: '10.1.0.1', mark: 7, uid: 1000, oif: 'veth0' }],
  ['route6-get-from', '2001:db8::9', { src: '2001:db8::1' }],
];

const addrCases: [string, number, string, AddAddressOptions][] = [
  ['addr-add-lifetimes', OPS.addrAdd, '10.2.0.1/24', { validLifetime: 100, preferredLifetime: 50 }],
  ['addr-replace', OPS.addrReplace, '10.1.0.1/24', {}],
  ['addr-replace-lifetimes', OPS.addrReplace, '10.1.0.1/24', { validLifetime: 'forever', preferredLifetime: 0 }],
  ['addr6-add-nodad-lifetimes', OPS.addrAdd, '2001:db8::5/64', { nodad: true, validLifetime: 100, preferredLifetime: 50 }],
];

describe('codec: nexthop objects', () => {
  it.each(nexthopCases)('%s encodes like ip', (name, change, spec) => {
    const rec = nexthopRecord(spec, byIndex);
    const ours = encodeOne((e) => e.nexthop(change === 'add' ? OPS.nexthopAdd : OPS.nexthopReplace, rec));
    expect(masked(ours).toString('hex')).toBe(masked(vector(name)).toString('hex'));
  });

  it('nh-del encodes like ip', () => {
    const ours = encodeOne((e) => e.nexthop(OPS.nexthopDelete, deleteRecord(1)));
    expect(masked(ours).toString('hex')).toBe(masked(vector('nh-del')).toString('hex'));
  });

  it('decodes the captured requests back to their specs', () => {
    const rec = (name: string) => decodeRecords(native.decodeNexthopMessages(vector(name)), 'nexthopObject', 'test')[0];
    expect(rec('nh-add-via-dev')).toMatchObject({ id: 5, family: 2, gateway: '10.1.0.2', oif: VETH0 });
    expect(rec('nh-add-group-weights')).toMatchObject({ id: 11, group: [{ id: 1, weight: 5 }, { id: 2, weight: 256 }] });
    expect(rec('nh-add-group-resilient')).toMatchObject({ id: 12, groupType: 1, buckets: 32, idleTimer: 10, unbalancedTimer: 20 });
    expect(rec('nh-add-blackhole')).toMatchObject({ id: 8, blackhole: 1 });
    expect(rec('nh-add-fdb')).toMatchObject({ id: 13, fdb: 1, gateway: '10.1.0.9' });
    expect(rec('nh-add-onlink')).toMatchObject({ flags: native.constants.RTNH_F_ONLINK });
  });
});

describe('codec: route extras', () => {
  it.each(routeCases)('%s encodes like ip', (name, code, change, spec) => {
    const a = routeArgs(noHandle, spec, change, 'test');
    const ours = encodeOne((e) => e.route(code, a, routeExtras(spec, a)));
    expect(masked(ours).toString('hex')).toBe(masked(vector(name)).toString('hex'));
  });

  it('decodes metrics, realm, nhid and pref from the captured requests', () => {
    const rec = (name: string) => decodeRecords(native.decodeRouteMessages(vector(name)), 'route', 'test')[0];
    expect(rec('route-add-metrics')).toMatchObject({ mtu: 1400, advmss: 1360, window: 65535, rtt: 10, hoplimit: 64, initcwnd: 10, lock: 1 << 2, realm: 7 });
    expect(rec('route-add-nhid')).toMatchObject({ nhId: 1 });
    expect(rec('route6-add-expires-pref')).toMatchObject({ pref: 1, expires: 300 });
  });

  it.each(getCases)('%s encodes like ip (plus NLM_F_ACK)', (name, dst, opts) => {
    const [d, n] = routeGetArgs(dst, opts, byIndex);
    const ours = native.encodeRouteGet(d, n);
    const theirs = masked(vector(name));
    theirs.writeUInt16LE(theirs.readUInt16LE(6) | 4 /* NLM_F_ACK */, 6);
    expect(masked(ours).toString('hex')).toBe(theirs.toString('hex'));
  });
});

describe('codec: address replace and lifetimes', () => {
  it.each(addrCases)('%s encodes like ip', (name, code, cidr, opts) => {
    const a = addrArgs(noHandle, VETH0, cidr, opts, 'test', false);
    const ours = encodeOne((e) => e.address(code, a, addrLifetime(opts)));
    expect(masked(ours).toString('hex')).toBe(masked(vector(name)).toString('hex'));
  });
});
