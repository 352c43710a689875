// Policy-rule requests against bytes captured from `ip rule` (fixtures/rule.ts), and the decoder
// against a captured dump reply.
import { describe, expect, it } from 'vitest';
import { encodeMessage } from '../../lib/core/request.js';
import { native } from '../../lib/native.js';
import { decodeRecords } from '../../lib/records.js';
import { ruleFields, toRoutingRule, type RoutingRuleSpec } from '../../lib/rule/index.js';
import { captured } from '../helpers/nlbytes.js';
import { ruleDumpReply, ruleRequests } from './fixtures/rule.js';

const SEQ = 0x6b1643aa;
const cases: [string, RoutingRuleSpec, boolean?][] = [
  ['fromTable', { priority: 1000, src: '10.1.0.0/16', table: 100 }],
  ['fwmark', { priority: 1100, fwmark: 0x10, fwmask: 0xff, table: 200 }],
  ['selectors', { invert: true, priority: 1200, dst: '10.9.0.0/24', tos: 0x10, iif: 'v0', oif: 'v1', ipProto: 'tcp', sport: [1000, 2000], dport: 80, table: 'main' }],
  ['uidrange', { priority: 1300, uidRange: [100, 200], suppressPrefixLength: 0, protocol: 'static', table: 7 }],
  ['blackhole', { priority: 1400, action: 'blackhole' }],
  ['goto', { priority: 1500, goto: 1600 }],
  ['l3mdev', { priority: 1600, l3mdev: true }],
  ['unreachable', { priority: 1700, action: 'unreachable' }],
  ['prohibit', { priority: 1800, action: 'prohibit' }],
  ['v6', { family: 6, priority: 1900, src: '2001:db8::/32', table: 300 }],
  ['defaultMain', { priority: 5, src: '1.2.3.4' }],
  ['del', { priority: 1000 }, true],
];

describe('ip rule: our bytes equal iproute2\'s', () => {
  it.each(cases)('%s', (name, spec, del) => {
    const fx = ruleRequests[name]!;
    const b = encodeMessage(del ? 'rule.delete' : 'rule.add', 'rule', ruleFields(spec, !!del), SEQ);
    expect(b.toString('hex'), fx.cmd).toBe(captured(fx.hex, SEQ).toString('hex'));
  });
  it('covers every captured command', () => {
    expect(new Set(cases.map((c) => c[0]))).toEqual(new Set(Object.keys(ruleRequests)));
  });
});

describe('ip rule show reply decoding', () => {
  it('reads the default rules as ip prints them', () => {
    const recs = decodeRecords(native.rtDecode(Buffer.from(ruleDumpReply, 'hex'), 'routingRule'), 'routingRule', 'test');
    expect(recs.map((r) => toRoutingRule(r))).toEqual([
      { family: 4, priority: 0, table: 255, action: 'lookup', protocol: 'kernel' },
      { family: 4, priority: 32766, table: 254, action: 'lookup', protocol: 'kernel' },
      { family: 4, priority: 32767, table: 253, action: 'lookup', protocol: 'kernel' },
    ]);
  });
  it('what we encode decodes back to the spec', () => {
    for (const [name, spec, del] of cases) {
      if (del) continue;
      const b = encodeMessage('rule.add', 'rule', ruleFields(spec, false), 1);
      // The request is an RTM_NEWRULE: the event/listing decoder reads it like a kernel reply.
      const [r] = decodeRecords(native.rtDecode(b, 'routingRule'), 'routingRule', 'test');
      const back = toRoutingRule(r!)!;
      // Listings are normalized: a bare address is a /32 prefix.
      const want: RoutingRuleSpec = { ...spec };
      if (spec.src !== undefined && !spec.src.includes('/')) want.src = `${spec.src}/32`;
      expect(back, name).toMatchObject({ ...want, family: spec.family ?? 4, table: typeof spec.table === 'number' ? spec.table : back.table });
    }
  });
});
