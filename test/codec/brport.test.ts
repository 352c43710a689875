// Bridge-port and bridge-option requests against bytes captured from iproute2 (fixtures/brport.ts).
import { describe, expect, it } from 'vitest';
import { bridgePortFields } from '../../lib/brport/index.js';
import { encodeMessage } from '../../lib/core/request.js';
import { native } from '../../lib/native.js';
import { bridgeCreate, brportRequests } from './fixtures/brport.js';
import { captured, clearNested } from '../helpers/nlbytes.js';

const SEQ = 0x6b163d44;
const ours = (b: Buffer) => clearNested(Buffer.from(b), 32).toString('hex');

describe('bridge link set: our bytes equal `bridge`\'s', () => {
  it('bridge link set dev v0 hairpin on', () => {
    const b = encodeMessage('brport.set', 'brportReq', bridgePortFields(4, { hairpin: true }), SEQ);
    // `bridge` sets NLA_F_NESTED on IFLA_PROTINFO itself: compared without clearing.
    expect(b.toString('hex')).toBe(captured(brportRequests.hairpin, SEQ).toString('hex'));
  });
  it('every switch plus cost and priority, in bridge/link.c\'s order', () => {
    const b = encodeMessage('brport.set', 'brportReq', bridgePortFields(4, {
      isolated: true, learning: false, flood: false, mcastFlood: false, bcastFlood: false, neighSuppress: true,
      guard: true, fastLeave: true, rootBlock: true, cost: 7, priority: 3, hairpin: true,
    }), SEQ);
    expect(b.toString('hex')).toBe(captured(brportRequests.all, SEQ).toString('hex'));
  });
});

describe('ip link add type bridge with options: our bytes equal `ip`\'s', () => {
  it('forward_delay ageing_time stp_state mcast_snooping', () => {
    const b = native.linkEncodeCreate({ kind: 'bridge', settings: { name: 'br0' }, forwardDelay: 500, ageingTime: 1000, stpState: 1, mcastSnooping: 0 }, false, SEQ);
    expect(ours(b)).toBe(captured(bridgeCreate.options, SEQ).toString('hex'));
  });
  it('vlan_filtering 0 vlan_default_pvid 5 (refused by this kernel: bytes only)', () => {
    const b = native.linkEncodeCreate({ kind: 'bridge', settings: { name: 'br0' }, forwardDelay: 500, ageingTime: 1000, stpState: 1,
      vlanFiltering: 0, vlanDefaultPvid: 5, mcastSnooping: 0 }, false, SEQ);
    expect(ours(b)).toBe(captured(bridgeCreate.vlanOptions, SEQ).toString('hex'));
  });
});
