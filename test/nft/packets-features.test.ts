// Issue 8's rules proven by packets between namespaces (topology in traffic.ts): netavark-style
// fib-local DNAT with the 0x2000 hairpin mark and masquerade, reject, limit.
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { canAdmin, inNs } from '../helpers/ns.js';
import { client, server, topology } from './traffic.js';

const T = { family: 'inet' as const, table: 'nv' };

async function netavarkStyle(h: Netlink, hairpinMasquerade: boolean): Promise<void> {
  const tx = h.nft.transaction();
  tx.addTable({ family: 'inet', name: 'nv' });
  tx.addChain({ ...T, name: 'PREROUTING', type: 'nat', hook: 'prerouting', priority: 'dstnat', policy: 'accept' });
  tx.addChain({ ...T, name: 'POSTROUTING', type: 'nat', hook: 'postrouting', priority: 'srcnat', policy: 'accept' });
  tx.addChain({ ...T, name: 'HOSTPORT-DNAT' });
  tx.addChain({ ...T, name: 'SETMARK' });
  // fib daddr type local jump HOSTPORT-DNAT
  tx.addRule({ ...T, chain: 'PREROUTING', match: { fibDaddrType: 'local' }, action: { jump: 'HOSTPORT-DNAT' } });
  // ip saddr 172.18.0.0/24 tcp dport 8080 jump SETMARK; tcp dport 8080 dnat ip to 172.18.0.2:80
  tx.addRule({ ...T, chain: 'HOSTPORT-DNAT', match: { saddr: '172.18.0.0/24', protocol: 'tcp', dport: 8080 }, action: { jump: 'SETMARK' } });
  tx.addRule({ ...T, chain: 'HOSTPORT-DNAT', match: { protocol: 'tcp', dport: 8080 }, action: { dnat: { addr: '172.18.0.2', port: 80 } } });
  // meta mark set meta mark | 0x2000
  tx.addRule({ ...T, chain: 'SETMARK', statements: [{ setMark: { from: 'mark', or: 0x2000 } }] });
  // meta mark & 0x2000 == 0x2000 meta mark set meta mark & 0xffffdfff masquerade
  if (hairpinMasquerade) {
    tx.addRule({ ...T, chain: 'POSTROUTING', match: { mark: { and: 0x2000, value: 0x2000 } }, statements: [{ setMark: { from: 'mark', and: 0xffffdfff } }], action: { masquerade: {} } });
  }
  await tx.commit();
}

describe.skipIf(!canAdmin)('nft issue 8 rules by packets', () => {
  it('fib daddr type local DNAT: a client outside reaches the container through the host address', async () => {
    const { host, out, ctr } = topology();
    await server(ctr, '172.18.0.2', 80, 'peer');
    using h = await Netlink.open({ netns: host });
    await netavarkStyle(h, false);
    // The container sees the real client (no masquerade for outside traffic).
    expect(client(out, '10.99.0.1', 8080)).toBe('10.99.0.2');
    // Traffic to an address that is not local to the host is not DNATed.
    expect(client(out, '10.99.0.9', 8080)).toMatch(/TIMEOUT|ERROR/);
  });

  it('hairpin: the container reaches itself via the host port only with the 0x2000 mark masquerade', async () => {
    const { host, ctr } = topology();
    await server(ctr, '172.18.0.2', 80, 'peer');
    using h = await Netlink.open({ netns: host });
    await netavarkStyle(h, false);
    // Without masquerade the answer comes straight from 172.18.0.2 and the client refuses it.
    expect(client(ctr, '10.99.0.1', 8080)).toMatch(/TIMEOUT|ERROR/);
    await h.nft.deleteTable({ family: 'inet', name: 'nv' });
    await netavarkStyle(h, true);
    // Marked by SETMARK, masqueraded in POSTROUTING: the server sees the host's ctr0 address.
    expect(client(ctr, '10.99.0.1', 8080)).toBe('172.18.0.1');
    // The listing reads the rules back exactly (typed, nothing unknown).
    const rules = await h.nft.listRules({ family: 'inet', table: 'nv' });
    expect(rules.every((r) => r.unknown === undefined)).toBe(true);
    expect(rules.find((r) => r.chain === 'POSTROUTING')).toMatchObject({ match: { mark: { and: 0x2000, value: 0x2000 } }, statements: [{ setMark: { from: 'mark', and: 0xffffdfff } }], action: { masquerade: {} } });
  });

  it('reject with tcp reset: the client is refused at once instead of timing out', async () => {
    const { host, out } = topology();
    using h = await Netlink.open({ netns: host });
    const tx = h.nft.transaction();
    tx.addTable({ family: 'inet', name: 'fw' });
    tx.addChain({ family: 'inet', table: 'fw', name: 'input', type: 'filter', hook: 'input', priority: 'filter', policy: 'accept' });
    tx.addRule({ family: 'inet', table: 'fw', chain: 'input', match: { protocol: 'tcp', dport: 9 }, action: { reject: { with: 'tcp reset' } } });
    tx.addRule({ family: 'inet', table: 'fw', chain: 'input', match: { protocol: 'tcp', dport: 10 }, action: 'drop' });
    await tx.commit();
    expect(client(out, '10.99.0.1', 9)).toBe('ERROR ECONNREFUSED');
    expect(client(out, '10.99.0.1', 10)).toBe('TIMEOUT');
  });

  it('limit rate 1/minute burst 2 packets: two of five pings pass', async () => {
    const { host, out } = topology();
    using h = await Netlink.open({ netns: host });
    const tx = h.nft.transaction();
    tx.addTable({ family: 'ip', name: 'fw' });
    tx.addChain({ family: 'ip', table: 'fw', name: 'input', type: 'filter', hook: 'input', priority: 'filter', policy: 'accept' });
    tx.addRule({ family: 'ip', table: 'fw', chain: 'input', match: { protocol: 'icmp' }, statements: [{ limit: { rate: 1, per: 'minute', burst: 2 } }], action: 'accept' });
    tx.addRule({ family: 'ip', table: 'fw', chain: 'input', match: { protocol: 'icmp' }, counter: true, action: 'drop' });
    await tx.commit();
    let text = '';
    try { text = inNs(out, 'ping', ['-n', '-c', '5', '-i', '0.2', '-W', '1', '10.99.0.1'], { timeout: 20000 }); } catch (e) { text = String((e as { stdout?: string }).stdout ?? ''); }
    expect(text).toMatch(/5 packets transmitted, 2 received/);
    const [, dropped] = await h.nft.listRules({ family: 'ip', table: 'fw', chain: 'input' });
    expect(dropped!.packets).toBe(3);
  });
});
