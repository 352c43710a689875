// Issue 8 part 2 by packets between namespaces (topology in traffic.ts): DNAT whose address (and
// port) come from data maps, and ct count limiting concurrent connections.
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { canAdmin } from '../helpers/ns.js';
import { client, holder, server, topology } from './traffic.js';

const M = { family: 'ip' as const, table: 'm' };

describe.skipIf(!canAdmin)('nft issue 8 part 2 by packets', () => {
  it('dnat to tcp dport map @fwd (address . port) and dnat to ip daddr map @d4 carry TCP to the container', async () => {
    const { host, out, ctr } = topology();
    await server(ctr, '172.18.0.2', 80, 'eighty');
    await server(ctr, '172.18.0.2', 9090, 'ninety');
    using h = await Netlink.open({ netns: host });
    const tx = h.nft.transaction();
    tx.addTable({ family: 'ip', name: 'm' });
    tx.addChain({ ...M, name: 'pre', type: 'nat', hook: 'prerouting', priority: 'dstnat', policy: 'accept' });
    tx.addSet({ ...M, name: 'fwd', type: 'inet_service', map: ['ipv4_addr', 'inet_service'], elements: [{ key: 8080, value: ['172.18.0.2', 80] }] });
    tx.addSet({ ...M, name: 'd4', type: 'ipv4_addr', map: 'ipv4_addr', elements: [{ key: '10.99.0.1', value: '172.18.0.2' }] });
    // nft: dnat ip to tcp dport map @fwd
    tx.addRule({ ...M, chain: 'pre', match: { protocol: 'tcp' }, action: { dnat: { addr: { map: { key: 'th dport', set: '@fwd' } }, port: 'map' } } });
    // nft: tcp dport 9090 dnat ip to ip daddr map @d4
    tx.addRule({ ...M, chain: 'pre', match: { protocol: 'tcp', dport: 9090 }, action: { dnat: { addr: { map: { key: 'ip daddr', set: '@d4' } } } } });
    await tx.commit();
    expect(client(out, '10.99.0.1', 8080)).toBe('eighty'); // 8080 → 172.18.0.2:80 from the map's data
    expect(client(out, '10.99.0.1', 9090)).toBe('ninety'); // 10.99.0.1 → 172.18.0.2, port kept
    expect(client(out, '10.99.0.1', 8081)).toMatch(/ERROR|TIMEOUT/); // no element: no DNAT, nothing listens on the host
    // Listed back typed and exact.
    const rules = await h.nft.listRules({ ...M, chain: 'pre' });
    expect(rules.map((r) => ({ match: r.match, action: r.action, unknown: r.unknown }))).toEqual([
      { match: { protocol: 'tcp' }, action: { dnat: { addr: { map: { key: 'th dport', set: '@fwd' } }, port: 'map' } }, unknown: undefined },
      { match: { protocol: 'tcp', dport: 9090 }, action: { dnat: { addr: { map: { key: 'ip daddr', set: '@d4' } } } }, unknown: undefined },
    ]);
  });

  it('ct count over 1: a second concurrent connection is reset, the first stays', async () => {
    const { host, out } = topology();
    await server(host, '10.99.0.1', 7000, 'hold');
    using h = await Netlink.open({ netns: host });
    const tx = h.nft.transaction();
    tx.addTable({ family: 'inet', name: 'cl' });
    tx.addChain({ family: 'inet', table: 'cl', name: 'input', type: 'filter', hook: 'input', priority: 'filter', policy: 'accept' });
    // nft: tcp dport 7000 ct state new ct count over 1 reject with tcp reset
    tx.addRule({ family: 'inet', table: 'cl', chain: 'input', match: { protocol: 'tcp', dport: 7000, ctState: ['new'], ctCount: { over: 1 } }, action: { reject: { with: 'tcp reset' } } });
    await tx.commit();
    await holder(out, '10.99.0.1', 7000); // the first connection: counted, accepted, kept open
    expect(client(out, '10.99.0.1', 7000)).toBe('ERROR ECONNREFUSED');
    const [r] = await h.nft.listRules({ family: 'inet', table: 'cl' });
    expect(r!.match).toEqual({ protocol: 'tcp', dport: 7000, ctState: ['new'], ctCount: { over: 1 } });
  });
});
