// Byte vectors for interval concatenations (issue 8 part 2): the NEWSET and NEWSETELEM messages
// `nft add set … { type ipv4_addr . inet_service; flags interval; }` / `nft add element …` send
// equal what our set encoder builds (seq and port id masked; the set id nft picks copied), and
// the set lists back typed, elements as nft prints them.
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { native } from '../../lib/native.js';
import { encodeRecords } from '../../lib/records.js';
import { FAMILIES } from '../../lib/nft/consts.js';
import { encodeElements, layoutOf, setAttrs } from '../../lib/nft/sets.js';
import type { SetSpec } from '../../lib/nft/types.js';
import { canAdmin, makeNetns } from '../helpers/ns.js';
import { hasStrace } from './bytevec.js';
import { captureNft, messages, nftApply, nftText, normalized } from './util.js';

const NLM_F_ACK = 4;
const MSG = (n: number) => (10 << 8) | n; // NFNL_SUBSYS_NFTABLES << 8 | NFT_MSG_*
const NEWSET = MSG(9), NEWSETELEM = MSG(12);
const NFTA_SET_ID = 10, NFTA_SET_ELEM_LIST_SET_ID = 4;

/** The u32 attribute `type` at the top level of a nfnetlink message (after the 4-byte nfgenmsg). */
function topU32(msg: Buffer, type: number): number | undefined {
  for (let p = 20; p + 4 <= msg.length;) {
    const len = msg.readUInt16LE(p), t = msg.readUInt16LE(p + 2) & 0x3fff;
    if (len < 4) return undefined;
    if (t === type && len === 8) return msg.readUInt32BE(p + 4);
    p += (len + 3) & ~3;
  }
  return undefined;
}
const ours = (op: Record<string, unknown>): string => {
  const m = messages(native.nftEncode(encodeRecords([op], 'nftop'), -1, 1))[1]!;
  m.writeUInt16LE(m.readUInt16LE(6) & ~NLM_F_ACK, 6);
  return normalized(m).toString('hex');
};

describe.skipIf(!canAdmin || !hasStrace)('nft byte vectors: interval concatenations', () => {
  it('NEWSET and NEWSETELEM of ipv4_addr . inet_service with flags interval', async () => {
    const ns = makeNetns('nftk');
    nftApply(ns, 'table ip t { }');
    const spec: SetSpec = { family: 'ip', table: 't', name: 's', type: ['ipv4_addr', 'inet_service'], flags: ['interval'] };
    const layout = layoutOf(spec);

    const setMsg = messages(captureNft(ns, ['add', 'set', 'ip', 't', 's', '{ type ipv4_addr . inet_service; flags interval; }'])).find((m) => m.readUInt16LE(4) === NEWSET)!;
    const a = setAttrs(spec, layout, 0);
    expect(ours({ kind: 'newset', family: FAMILIES.ip, table: 't', name: 's', flags: a.flags, keyType: a.keyType, keyLen: a.keyLen, id: topU32(setMsg, NFTA_SET_ID), userdata: a.userdata, ...(a.raw.length ? { raw: a.raw } : {}) }))
      .toBe(normalized(setMsg).toString('hex'));

    const elements = ['10.0.0.0/8', '80-90'];
    const elMsg = messages(captureNft(ns, ['add', 'element', 'ip', 't', 's', '{ 10.0.0.0/8 . 80-90 }'])).find((m) => m.readUInt16LE(4) === NEWSETELEM)!;
    const setId = topU32(elMsg, NFTA_SET_ELEM_LIST_SET_ID);
    expect(ours({ kind: 'newelems', family: FAMILIES.ip, table: 't', set: 's', ...(setId !== undefined ? { setId } : {}), elems: encodeElements(layout, [elements]) }))
      .toBe(normalized(elMsg).toString('hex'));

    using h = await Netlink.open({ netns: ns });
    const [set] = await h.nft.listSets();
    expect(set).toMatchObject({ type: ['ipv4_addr', 'inet_service'], interval: true, elements: [['10.0.0.0/8', '80-90']] });
    expect(nftText(ns)).toContain('elements = { 10.0.0.0/8 . 80-90 }');
  });
});
