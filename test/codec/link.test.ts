// The link codec against bytes captured from iproute2 and the kernel (test/codec/fixtures/link.ts).
import { describe, expect, it } from 'vitest';
import { decodeLinks } from '../../lib/link/decode.js';
import { native } from '../../lib/native.js';
import { requests, vethReply } from './fixtures/link.js';

const NLA_F_NESTED = 0x8000;

/** Copies `hex` with the seq masked to `seq`. */
function withSeq(hex: string, seq: number): Buffer {
  const b = Buffer.from(hex, 'hex');
  b.writeUInt32LE(seq, 8);
  return b;
}

/**
 * Clears NLA_F_NESTED on every nested attribute we know is a nest, so our bytes compare with
 * iproute2's. We set the flag on purpose: it is the modern encoding (the kernel's strict
 * validation requires it for new nested attributes); iproute2 omits it for old ones.
 */
function clearNestedFlags(b: Buffer, start: number, end: number): void {
  let p = start;
  while (p + 4 <= end) {
    const len = b.readUInt16LE(p);
    const type = b.readUInt16LE(p + 2);
    if (len < 4) return;
    if (type & NLA_F_NESTED) {
      b.writeUInt16LE(type & ~NLA_F_NESTED, p + 2);
      // VETH_INFO_PEER carries an ifinfomsg (16 bytes) before its attributes.
      const inner = (type & ~NLA_F_NESTED) === 1 && len > 20 && b.readUInt16LE(p + 4) === 0 && b.readUInt16LE(p + 6) === 0 ? 16 : 0;
      clearNestedFlags(b, p + 4 + inner, p + len);
    }
    p += (len + 3) & ~3;
  }
}

function ours(b: Buffer): string {
  const c = Buffer.from(b);
  clearNestedFlags(c, 32, c.length);
  return c.toString('hex');
}

describe('link request encoding matches iproute2 byte for byte', () => {
  const SEQ = 0x6b0a6fde;
  it('ip link add veth0 type veth peer name veth1', () => {
    const b = native.linkEncodeCreate({ kind: 'veth', settings: { name: 'veth0' }, peer: { name: 'veth1' } }, false, SEQ);
    expect(ours(b)).toBe(withSeq(requests.vethCreate!.hex, SEQ).toString('hex'));
  });
  it('ip link add br0 type bridge', () => {
    const b = native.linkEncodeCreate({ kind: 'bridge', settings: { name: 'br0' } }, false, SEQ);
    expect(ours(b)).toBe(withSeq(requests.bridgeCreate!.hex, SEQ).toString('hex'));
  });
  it('ip link set veth0 mtu 1400 up (by ifindex, as ip resolves it)', () => {
    const b = native.linkEncodeSet(3, { mtu: 1400, up: true }, SEQ);
    expect(ours(b)).toBe(withSeq(requests.setMtuUp!.hex, SEQ).toString('hex'));
  });
  it('ip link set veth0 master br0', () => {
    const b = native.linkEncodeSet(3, { master: 4 }, SEQ);
    expect(ours(b)).toBe(withSeq(requests.setMaster!.hex, SEQ).toString('hex'));
  });
  it('ip link del veth0', () => {
    expect(ours(native.linkEncodeDelete(3, SEQ))).toBe(withSeq(requests.delete!.hex, SEQ).toString('hex'));
  });
  it('by name, we let the kernel resolve IFLA_IFNAME instead of a lookup first (one request, not two)', () => {
    const b = native.linkEncodeDelete('veth0', SEQ);
    // ifinfomsg index 0, then IFLA_IFNAME "veth0"
    expect(b.readInt32LE(16 + 4)).toBe(0);
    expect(b.readUInt16LE(34)).toBe(3 /* IFLA_IFNAME */);
    expect(b.toString('latin1', 36, 41)).toBe('veth0');
  });
  it('sets NLA_F_NESTED on nests and NLM_F_ECHO when asked', () => {
    const b = native.linkEncodeCreate({ kind: 'bridge', settings: { name: 'br0' } }, true, 1);
    expect(b.readUInt16LE(6) & 0x8).toBe(0x8); // NLM_F_ECHO
    expect(b.readUInt16LE(32 + 8 + 2) & NLA_F_NESTED).toBe(NLA_F_NESTED); // IFLA_LINKINFO after IFLA_IFNAME
  });
});

describe('link reply decoding', () => {
  const reply = Buffer.from(vethReply.hex, 'hex');
  it('decodes a captured RTM_NEWLINK into the public Link shape', () => {
    const [l] = decodeLinks(native.linkDecode(reply), 'test');
    expect(l).toMatchObject({
      index: 3, name: 'veth0', kind: 'veth', mtu: 1400, address: '02:00:00:00:00:01', broadcast: 'ff:ff:ff:ff:ff:ff',
      alias: 'uplink', master: 4, link: 2, linkNetnsId: null, slaveKind: 'bridge', up: false, operState: 'down',
      flags: ['BROADCAST', 'MULTICAST'], txqlen: 1000, type: 1,
    });
    expect(l!.stats).toMatchObject({ rxPackets: 0, txPackets: 0 });
    // Attributes we do not decode are kept raw, never dropped.
    expect(l!.raw.length).toBeGreaterThan(5);
    for (const r of l!.raw) expect(Buffer.isBuffer(r.data)).toBe(true);
  });
  it('every truncation of the reply decodes or fails with a DecodeError, never crashes', () => {
    for (let n = 0; n <= reply.length; n += 1) {
      const cut = Buffer.from(reply.subarray(0, n));
      // Keep nlmsg_len consistent with the cut so the message itself is walked, not skipped.
      if (n >= 16) cut.writeUInt32LE(n, 0);
      try {
        native.linkDecode(cut);
      } catch (e) {
        expect((e as { nlDecode?: boolean }).nlDecode).toBe(true);
      }
    }
  });
  it('a stats64 attribute shorter or longer than the struct decodes leniently', () => {
    // rtnl_link_stats64 grew over the years (192 → 200+ bytes); older/newer kernels differ.
    let p = 32;
    while (p + 4 <= reply.length && reply.readUInt16LE(p + 2) !== 23 /* IFLA_STATS64 */) p += (reply.readUInt16LE(p) + 3) & ~3;
    expect(p + 4).toBeLessThan(reply.length);
    const len = reply.readUInt16LE(p);
    const payload = reply.subarray(p + 4, p + len);
    for (const size of [64, payload.length + 16]) {
      const attr = Buffer.alloc(4 + size);
      attr.writeUInt16LE(4 + size, 0);
      attr.writeUInt16LE(23, 2);
      payload.copy(attr, 4, 0, Math.min(size, payload.length));
      const msg = Buffer.concat([reply.subarray(0, p), attr, reply.subarray(p + ((len + 3) & ~3))]);
      msg.writeUInt32LE(msg.length, 0);
      const [l] = decodeLinks(native.linkDecode(msg), 'test');
      expect(l!.name).toBe('veth0');
      expect(l!.stats).toMatchObject({ rxPackets: 0, txPackets: 0, collisions: 0 });
    }
  });
});
