// Neighbour and FDB requests against bytes captured from `ip neigh` / `bridge fdb`
// (fixtures/neigh.ts), and our encoding read back by the shared decoder.
import { describe, expect, it } from 'vitest';
import { encodeMessage } from '../../lib/core/request.js';
import { fdbFields, toFdbEntry, type FdbSpec } from '../../lib/fdb/index.js';
import { native } from '../../lib/native.js';
import { neighborFields, toNeighbor, type NeighborSpec } from '../../lib/neigh/index.js';
import { decodeRecords } from '../../lib/records.js';
import { captured } from '../helpers/nlbytes.js';
import { neighRequests } from './fixtures/neigh.js';

const SEQ = 0x6b1645aa;
const IDX: Record<string, number> = { v0: 3, v1: 2, vx0: 5 };
const resolve = (r: string | number) => (typeof r === 'number' ? r : IDX[r]!);

const neigh: [string, string, NeighborSpec][] = [
  ['neighAdd', 'neigh.add', { dev: 'v0', address: '10.0.0.2', lladdr: '02:00:00:00:00:02' }],
  ['neighPerm', 'neigh.add', { dev: 'v0', address: '10.0.0.3', lladdr: '02:00:00:00:00:03', state: 'permanent' }],
  ['neighReplace', 'neigh.replace', { dev: 'v0', address: '10.0.0.2', lladdr: '02:00:00:00:00:04', state: 'stale', router: true }],
  ['neighV6', 'neigh.add', { dev: 'v0', address: '2001:db8::2', lladdr: '02:00:00:00:00:05', state: 'noarp' }],
  ['neighProxy', 'neigh.add', { dev: 'v0', address: '10.0.0.9', proxy: true }],
  ['neighExtern', 'neigh.add', { dev: 'v0', address: '10.0.0.7', lladdr: '02:00:00:00:00:07', externLearn: true }],
  ['neighDel', 'neigh.delete', { dev: 'v0', address: '10.0.0.2' }],
];
const fdb: [string, string, FdbSpec][] = [
  ['fdbMaster', 'fdb.add', { dev: 'v1', lladdr: '02:00:00:00:00:aa', master: true, state: 'static' }],
  ['fdbVlan', 'fdb.add', { dev: 'v1', lladdr: '02:00:00:00:00:ab', master: true, state: 'static', vlan: 5 }],
  ['fdbVxlan', 'fdb.append', { dev: 'vx0', lladdr: '00:00:00:00:00:00', dst: '10.1.0.2', self: true, state: 'permanent' }],
  ['fdbVxlanFull', 'fdb.add', { dev: 'vx0', lladdr: '02:00:00:00:00:ac', dst: '10.1.0.3', vni: 43, port: 4790, self: true, state: 'permanent' }],
  ['fdbReplace', 'fdb.replace', { dev: 'v1', lladdr: '02:00:00:00:00:aa', master: true, state: 'dynamic' }],
  ['fdbDel', 'fdb.delete', { dev: 'v1', lladdr: '02:00:00:00:00:aa', master: true, state: 'permanent' }],
];

describe('ip neigh / bridge fdb: our bytes equal iproute2\'s', () => {
  it.each(neigh)('%s', (name, req, spec) => {
    const b = encodeMessage(req, 'neighReq', neighborFields(spec, req === 'neigh.delete', resolve), SEQ);
    expect(b.toString('hex'), neighRequests[name]!.cmd).toBe(captured(neighRequests[name]!.hex, SEQ).toString('hex'));
  });
  it.each(fdb)('%s', (name, req, spec) => {
    const b = encodeMessage(req, 'neighReq', fdbFields(spec, resolve), SEQ);
    expect(b.toString('hex'), neighRequests[name]!.cmd).toBe(captured(neighRequests[name]!.hex, SEQ).toString('hex'));
  });
  it('covers every captured command', () => {
    expect(new Set([...neigh, ...fdb].map((c) => c[0]))).toEqual(new Set(Object.keys(neighRequests)));
  });
});

describe('the neighbour decoder reads what we encode', () => {
  const names = new Map(Object.entries(IDX).map(([n, i]) => [i, n]));
  const decode = (b: Buffer) => decodeRecords(native.rtDecode(b, 'neigh'), 'neigh', 'test')[0]!;
  it.each(neigh.filter(([, r]) => r !== 'neigh.delete'))('%s', (_n, req, spec) => {
    const r = decode(encodeMessage(req, 'neighReq', neighborFields(spec, false, resolve), 1));
    expect(toNeighbor(r, names)).toMatchObject({ ...spec, state: spec.state ?? 'permanent' });
  });
  it.each(fdb.filter(([, r]) => r !== 'fdb.delete'))('%s', (_n, req, spec) => {
    expect(toFdbEntry(decode(encodeMessage(req, 'neighReq', fdbFields(spec, resolve), 1)), names)).toMatchObject(spec);
  });
});
