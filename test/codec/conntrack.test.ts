// Codec vectors for conntrack: the requests netlinkts encodes are the bytes Debian's conntrack
// sends for the same command (captured with strace; conntrack.fixtures.txt has the command and
// the annotations), and our decoder reads the dump conntrack read. Through the real validation
// (encodeFilter/flowRecord) and the native encoder, without sending.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flowRecord } from '../../lib/conntrack/index.js';
import { encodeFilter } from '../../lib/conntrack/filter.js';
import { toFlow } from '../../lib/conntrack/decode.js';
import { native } from '../../lib/native.js';
import { decodeRecords, encodeRecords } from '../../lib/records.js';

function loadVectors(): Map<string, Buffer> {
  const text = readFileSync(new URL('./conntrack.fixtures.txt', import.meta.url), 'utf8');
  const out = new Map<string, Buffer>();
  let name = '';
  let hex = '';
  const flush = () => { if (name) out.set(name, Buffer.from(hex, 'hex')); };
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) { flush(); name = line.slice(3).trim(); hex = ''; }
    else if (line.startsWith('#') || line.startsWith('@') || line.trim() === '') continue;
    else hex += line.replace(/\s+/g, '');
  }
  flush();
  return out;
}

const vectors = loadVectors();
function vector(name: string): Buffer {
  const v = vectors.get(name);
  if (!v) throw new Error(`no vector ${name}`);
  return v;
}

/** nlmsg_seq and nlmsg_pid differ per run. */
function masked(b: Buffer): Buffer {
  const c = Buffer.from(b);
  c.fill(0, 8, 16);
  return c;
}

const K = native.ctConstants;
const dump = (filter: object) => native.ctEncode('dump', encodeFilter(filter, 'test'), 1);

describe('conntrack codec vectors', () => {
  it('every vector is self-consistent (nlmsg_len of the first message)', () => {
    for (const [name, b] of vectors) {
      if (name === 'ct-dump-reply') continue;
      expect(b.readUInt32LE(0), name).toBe(b.length);
    }
  });

  it('dump requests equal conntrack -L, -L -f ipv4, -L -m 5', () => {
    expect(masked(dump({}))).toEqual(masked(vector('ct-list')));
    expect(masked(dump({ family: 'ipv4' }))).toEqual(masked(vector('ct-list-ipv4')));
    expect(masked(dump({ mark: 5 }))).toEqual(masked(vector('ct-list-mark')));
    // Filters the kernel does not take are applied natively: the request stays the plain dump.
    expect(masked(dump({ protocol: 'udp', orig: { dport: 2000 } }))).toEqual(masked(vector('ct-list')));
  });

  it('flush equals conntrack -F; with a family it differs only in nfgenmsg.version', () => {
    expect(masked(native.ctEncode('flush', K.AF_UNSPEC!, 1))).toEqual(masked(vector('ct-flush')));
    const ours = masked(native.ctEncode('flush', K.AF_INET6!, 1));
    const theirs = masked(vector('ct-flush-ipv6'));
    expect(ours[17]).toBe(1); // version 1: the kernel honours nfgen_family only then
    theirs[17] = 1;
    expect(ours).toEqual(theirs);
  });

  it('decodes the dump conntrack read', () => {
    const flows = decodeRecords(native.ctDecode(vector('ct-dump-reply')), 'ctflow', 'test').map(toFlow);
    expect(flows).toHaveLength(2);
    expect(flows[0]).toMatchObject({
      id: 0x491e98c6, family: 'ipv4', protocol: 'udp', mark: 0, zone: 0, timeout: 99, use: 1,
      status: ['CONFIRMED'], statusBits: 8,
      orig: { src: '10.0.0.1', dst: '10.0.0.2', sport: 1000, dport: 2000, protocol: 'udp' },
      reply: { src: '10.0.0.2', dst: '10.0.0.1', sport: 2000, dport: 1000, protocol: 'udp' },
    });
    expect(flows[0]!.nat).toBeUndefined();
    // CTA_SYNPROXY is not decoded: kept raw, never dropped.
    expect(flows[0]!.raw).toEqual([{ type: 24, nested: true, data: Buffer.from('080001000000000008000200000000000800030000000000', 'hex') }]);
    expect(flows[1]).toMatchObject({ id: 0x97bfd317, protocol: 'tcp', state: 'ESTABLISHED', mark: 5, orig: { sport: 1001, dport: 80 } });
  });

  it('delete names the flow by the dumped original tuple + CTA_ID (conntrack -D sends the same tuple)', () => {
    const reply = vector('ct-dump-reply');
    const udpOnly = reply.subarray(0, reply.readUInt32LE(0));
    const ours = native.ctEncode('delete', udpOnly, 1);
    const theirs = vector('ct-delete-udp');
    expect(ours.readUInt32LE(0)).toBe(ours.length);
    expect(ours.subarray(4, 8)).toEqual(theirs.subarray(4, 8)); // type DELETE, flags REQUEST|ACK
    expect(ours.subarray(16, 72)).toEqual(theirs.subarray(16, 72)); // nfgenmsg + CTA_TUPLE_ORIG
    // then CTA_ID (12) with the id from the dump, and nothing else
    expect(ours.subarray(72)).toEqual(Buffer.from('08000c00491e98c6', 'hex'));
    // Both flows of the dump → two deletes, numbered consecutively.
    const both = native.ctEncode('delete', reply, 7);
    expect(both.readUInt32LE(8)).toBe(7);
    expect(both.readUInt32LE(both.readUInt32LE(0) + 8)).toBe(8);
  });

  it('create equals conntrack -I (attribute padding masked)', () => {
    const rec = flowRecord({ protocol: 'udp', orig: { src: '10.0.0.1', dst: '10.0.0.2', sport: 1000, dport: 2000 }, timeout: 100 }, 'test');
    const ours = masked(native.ctEncode('create', encodeRecords([rec], 'ctflow'), 1));
    const theirs = masked(vector('ct-create-udp'));
    // libnetfilter_conntrack leaves the 3 padding bytes after the reply tuple's PROTO_NUM unset.
    theirs.fill(0, 105, 108);
    expect(ours).toEqual(theirs);
  });

  it('decodes what it encodes: a created flow read back through the decoder', () => {
    const rec = flowRecord({ protocol: 'tcp', orig: { src: 'fd00::1', dst: 'fd00::2', sport: 1, dport: 2 }, state: 'SYN_SENT', mark: 9, timeout: 5 }, 'test');
    const msg = Buffer.from(native.ctEncode('create', encodeRecords([rec], 'ctflow'), 1));
    const f = toFlow(decodeRecords(native.ctDecode(msg), 'ctflow', 'test')[0]!);
    expect(f).toMatchObject({ family: 'ipv6', protocol: 'tcp', state: 'SYN_SENT', mark: 9, timeout: 5,
      orig: { src: 'fd00::1', dst: 'fd00::2', sport: 1, dport: 2 }, reply: { src: 'fd00::2', dst: 'fd00::1', sport: 2, dport: 1 } });
  });
});
