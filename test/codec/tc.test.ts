// Codec vectors for tc: the requests netlinkts encodes must be the bytes tc sends for the same
// command (tc.fixtures.txt: captured with strace, incl. kinds and actions this kernel lacks),
// and our decoder must read those bytes back into the options we gave.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Handle } from '../../lib/core/handle.js';
import { native } from '../../lib/native.js';
import { decodeRecords } from '../../lib/records.js';
import {
  Verb, classDeleteRecord, classRecord, encodeRequest, filterDeleteRecord, filterRecord, qdiscDeleteRecord, qdiscRecord,
  toClass, toFilter, toQdisc, type ClassSpec, type FilterSpec, type QdiscSpec,
} from '../../lib/tc/index.js';
import type { TcRecord } from '../../lib/tc/request.js';

function loadVectors(): Map<string, { command: string; bytes: Buffer }> {
  const out = new Map<string, { command: string; bytes: Buffer }>();
  let name = '', command = '', hex = '';
  const flush = () => { if (name) out.set(name, { command, bytes: Buffer.from(hex, 'hex') }); };
  for (const line of readFileSync(new URL('./tc.fixtures.txt', import.meta.url), 'utf8').split('\n')) {
    if (line.startsWith('## ')) { flush(); name = line.slice(3).trim(); command = ''; hex = ''; }
    else if (line.startsWith('@ ')) command = line.slice(2).trim();
    else if (line.startsWith('#') || line.trim() === '') continue;
    else hex += line.replace(/\s+/g, '');
  }
  flush();
  return out;
}
const vectors = loadVectors();
const noHandle = null as unknown as Handle;
// veth0 / veth1 in the capture namespace.
const resolve = (r: string | number) => (typeof r === 'number' ? r : r === 'veth1' ? 2 : 3);
const masked = (b: Buffer) => { const c = Buffer.from(b); c.fill(0, 8, 16); return c; };

type Case = [name: string, build: () => TcRecord];
const q = (spec: QdiscSpec, verb = Verb.ADD): TcRecord => qdiscRecord(noHandle, 'veth0', spec, verb, 'test', resolve);
const c = (spec: ClassSpec, verb = Verb.ADD): TcRecord => classRecord(noHandle, 'veth0', spec, verb, 'test', resolve);
const f = (spec: FilterSpec, verb = Verb.ADD): TcRecord => filterRecord(noHandle, 'veth0', spec, verb, 'test', resolve);
const redirect = { kind: 'mirred', direction: 'egress', action: 'redirect', dev: 'veth1' } as const;

const cases: Case[] = [
  ['tbf-latency', () => q({ kind: 'tbf', handle: '1:', rate: '1mbit', burst: '32kbit', latency: '400ms' })],
  ['tbf-limit-peak', () => q({ kind: 'tbf', handle: '1:', rate: '1mbit', burst: '10kb', limit: 20000, peakrate: '2mbit', mtu: 1600 })],
  ['tbf-replace', () => q({ kind: 'tbf', handle: '1:', rate: '2mbit', burst: '16kb', latency: '50ms' }, Verb.REPLACE)],
  ['tbf-change', () => q({ kind: 'tbf', handle: '1:', rate: '125000bps', burst: 8000, latency: '25ms' }, Verb.CHANGE)],
  ['tbf-rate64', () => q({ kind: 'tbf', handle: '1:', rate: '40gbit', burst: '1mb', latency: '10ms' })],
  ['htb-default', () => q({ kind: 'htb', handle: '1:', default: 0x10 })],
  ['htb-plain', () => q({ kind: 'htb', handle: '2:' })],
  ['htb-class', () => c({ kind: 'htb', parent: '1:', classid: '1:10', rate: '1mbit' })],
  ['htb-class-full', () => c({ kind: 'htb', parent: '1:1', classid: '1:20', rate: '1mbit', ceil: '2mbit', burst: '15k', cburst: '15k', prio: 1, quantum: 1500 })],
  ['htb-class-replace', () => c({ kind: 'htb', parent: '1:', classid: '1:10', rate: '100kbps' }, Verb.REPLACE)],
  ['htb-class-del', () => classDeleteRecord(noHandle, 'veth0', { classid: '1:10' }, 'test', resolve)],
  ['pfifo', () => q({ kind: 'pfifo', handle: '3:', limit: 100 })],
  ['bfifo', () => q({ kind: 'bfifo', parent: '1:10', handle: '4:', limit: 10000 })],
  ['ingress', () => q({ kind: 'ingress' })],
  ['clsact', () => q({ kind: 'clsact' })],
  ['del-root', () => qdiscDeleteRecord(noHandle, 'veth0', { parent: 'root', handle: '1:' }, 'test', resolve)],
  ['del-ingress', () => qdiscDeleteRecord(noHandle, 'veth0', { parent: 'ingress' }, 'test', resolve)],
  ['fq_codel', () => q({ kind: 'fq_codel', limit: 1000, flows: 1024, target: '5ms', interval: '100ms', quantum: 1514, ecn: true })],
  ['netem', () => q({ kind: 'netem', limit: 1000, delay: '100ms', jitter: '10ms', loss: 1 })],
  ['prio', () => q({ kind: 'prio', handle: '1:', bands: 3, priomap: [1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1] })],
  ['sfq', () => q({ kind: 'sfq', limit: 127, perturb: 10, quantum: 1514 })],
  ['fq', () => q({ kind: 'fq', limit: 10000, flowLimit: 100, quantum: 3028, initialQuantum: 15140, maxrate: '1mbit' })],
  ['u32-redirect', () => f({ kind: 'u32', parent: 'ffff:', protocol: 'all', prio: 1, match: 'all', classid: '1:1', actions: [redirect] })],
  ['u32-ip', () => f({ kind: 'u32', parent: '1:', protocol: 'ip', prio: 2, match: { ip: { src: '10.0.0.0/8', dst: '10.1.2.3/32', protocol: 6, dport: 80 } }, classid: '1:10' })],
  ['u32-drop', () => f({ kind: 'u32', parent: 'ffff:', protocol: 'ip', prio: 3, match: { ip: { sport: 53 } }, actions: [{ kind: 'gact', verdict: 'drop' }] })],
  ['u32-pass-mirror', () => f({ kind: 'u32', parent: 'ffff:', protocol: 'ip', prio: 4, handle: 0x80000005, match: { ip: { protocol: 'udp' } }, actions: [{ kind: 'gact', verdict: 'pass' }] })],
  ['u32-mirror-ingress', () => f({ kind: 'u32', parent: 'ffff:', protocol: 'all', prio: 5, match: 'all', actions: [{ kind: 'mirred', direction: 'ingress', action: 'mirror', dev: 'veth1' }] })],
  ['u32-police', () => f({ kind: 'u32', parent: 'ffff:', protocol: 'ip', prio: 6, match: 'all', actions: [{ kind: 'police', rate: '1mbit', burst: '10k', exceed: 'drop' }] })],
  ['u32-replace', () => f({ kind: 'u32', parent: 'ffff:', protocol: 'all', prio: 1, handle: '800::800' as never, match: 'all', classid: '1:1' }, Verb.REPLACE)],
  ['matchall', () => f({ kind: 'matchall', parent: 'ffff:', protocol: 'all', prio: 7, actions: [{ kind: 'gact', verdict: 'drop' }] })],
  ['flower', () => f({ kind: 'flower', parent: 'ffff:', protocol: 'ip', prio: 8, ipProto: 'tcp', dstPort: 80, actions: [{ kind: 'gact', verdict: 'drop' }] })],
  ['bpf', () => f({ kind: 'bpf', parent: 'ffff:', protocol: 'all', prio: 9, bytecode: [[6, 0, 0, 4294967295]], classid: '1:1' })],
  ['filter-del', () => filterDeleteRecord(noHandle, 'veth0', { parent: 'ffff:', protocol: 'all', prio: 1 }, 'test', resolve)],
];

describe('tc requests equal what tc sends', () => {
  it('every captured vector has a case', () => {
    expect(new Set(cases.map(([n]) => n))).toEqual(new Set(vectors.keys()));
  });
  for (const [name, build] of cases) {
    it(`${name}: ${vectors.get(name)?.command}`, () => {
      const v = vectors.get(name)!;
      expect(v.bytes.readUInt32LE(0)).toBe(v.bytes.length);
      expect(masked(encodeRequest(build())).toString('hex')).toBe(masked(v.bytes).toString('hex'));
    });
  }
});

function decodeOne(bytes: Buffer) {
  const [r] = decodeRecords(native.decodeTcMessages(bytes), 'tcobj', 'test') as unknown as TcRecord[];
  return r!;
}

describe('tc decoder reads the captured requests back', () => {
  it('tbf: rate, burst, limit, peakrate, mtu', () => {
    expect(toQdisc(decodeOne(vectors.get('tbf-latency')!.bytes))).toMatchObject({ kind: 'tbf', handle: '1:', parent: 'root', index: 3, rate: 125000, burst: 4096, limit: 54096 });
    expect(toQdisc(decodeOne(vectors.get('tbf-limit-peak')!.bytes))).toMatchObject({ rate: 125000, burst: 10240, limit: 20000, peakrate: 250000, mtu: 1600 });
    expect(toQdisc(decodeOne(vectors.get('tbf-rate64')!.bytes))).toMatchObject({ rate: 5e9 });
  });
  it('htb qdisc and class', () => {
    expect(toQdisc(decodeOne(vectors.get('htb-default')!.bytes))).toMatchObject({ kind: 'htb', default: 0x10, r2q: 10 });
    expect(toClass(decodeOne(vectors.get('htb-class-full')!.bytes))).toMatchObject({ classid: '1:20', parent: '1:1', rate: 125000, ceil: 250000, burst: 15360, cburst: 15360, prio: 1, quantum: 1500 });
  });
  it('kinds this kernel lacks', () => {
    expect(toQdisc(decodeOne(vectors.get('fq_codel')!.bytes))).toMatchObject({ limit: 1000, flows: 1024, target: 5000, interval: 100000, quantum: 1514, ecn: true });
    expect(toQdisc(decodeOne(vectors.get('netem')!.bytes))).toMatchObject({ delay: 100000, jitter: 10000, limit: 1000, loss: 1 });
    expect(toQdisc(decodeOne(vectors.get('prio')!.bytes))).toMatchObject({ bands: 3, priomap: [1, 2, 2, 2, 1, 2, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1] });
    expect(toQdisc(decodeOne(vectors.get('sfq')!.bytes))).toMatchObject({ limit: 127, perturb: 10, quantum: 1514 });
    expect(toQdisc(decodeOne(vectors.get('fq')!.bytes))).toMatchObject({ limit: 10000, flowLimit: 100, quantum: 3028, initialQuantum: 15140, maxrate: 125000 });
  });
  it('filters and actions', () => {
    expect(toFilter(decodeOne(vectors.get('u32-redirect')!.bytes))).toMatchObject({
      kind: 'u32', parent: 'ffff:', prio: 1, protocol: 'all', classid: '1:1', keys: [{ val: 0, mask: 0, off: 0 }],
      actions: [{ kind: 'mirred', direction: 'egress', action: 'redirect', dev: 2 }],
    });
    expect(toFilter(decodeOne(vectors.get('u32-ip')!.bytes))).toMatchObject({
      protocol: 'ip', keys: [{ val: 0x0a000000, mask: 0xff000000, off: 12 }, { val: 0x0a010203, mask: 0xffffffff, off: 16 }, { val: 0x60000, mask: 0xff0000, off: 8 }, { val: 80, mask: 0xffff, off: 20 }],
    });
    expect(toFilter(decodeOne(vectors.get('u32-police')!.bytes))).toMatchObject({ actions: [{ kind: 'police', rate: 125000, burst: 10240, exceed: 'drop' }] });
    expect(toFilter(decodeOne(vectors.get('matchall')!.bytes))).toMatchObject({ kind: 'matchall', actions: [{ kind: 'gact', verdict: 'drop' }] });
    expect(toFilter(decodeOne(vectors.get('flower')!.bytes))).toMatchObject({ ipProto: 6, dstPort: 80 });
    expect(toFilter(decodeOne(vectors.get('bpf')!.bytes))).toMatchObject({ classid: '1:1', bytecode: [[6, 0, 0, 4294967295]] });
  });
  it('a re-encoded decoded request is the same request (round trip through the record)', () => {
    for (const name of ['tbf-latency', 'htb-default', 'pfifo', 'u32-ip', 'u32-redirect']) {
      const bytes = vectors.get(name)!.bytes;
      const r = decodeOne(bytes);
      const back = encodeRequest({ ...r, verb: Verb.ADD });
      const mask = (b: Buffer) => masked(b).subarray(0, 36).toString('hex');
      expect(mask(back)).toBe(mask(bytes));
    }
  });
});
