// The README's netavark-style and kube-proxy-style examples run as written and list back typed,
// with nft printing the text shown beside them.
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { canAdmin, makeNetns } from '../helpers/ns.js';
import { nftText } from './util.js';

describe.skipIf(!canAdmin)('README nftables examples', () => {
  it('netavark-style', async () => {
    const ns = makeNetns('nftrd');
    using handle = await Netlink.open({ netns: ns });
    const T = { family: 'inet', table: 'netavark' } as const;
    const tx = handle.nft.transaction();
    tx.addTable({ family: 'inet', name: 'netavark' });
    tx.addChain({ ...T, name: 'PREROUTING', type: 'nat', hook: 'prerouting', priority: 'dstnat', policy: 'accept' });
    tx.addChain({ ...T, name: 'POSTROUTING', type: 'nat', hook: 'postrouting', priority: 'srcnat', policy: 'accept' });
    tx.addChain({ ...T, name: 'HOSTPORT-DNAT' });
    tx.addChain({ ...T, name: 'SETMARK' });
    tx.addRule({ ...T, chain: 'PREROUTING', match: { fibDaddrType: 'local' }, action: { jump: 'HOSTPORT-DNAT' } });
    tx.addRule({ ...T, chain: 'HOSTPORT-DNAT', match: { saddr: '10.88.0.0/16', protocol: 'tcp', dport: 8080 }, action: { jump: 'SETMARK' } });
    tx.addRule({ ...T, chain: 'HOSTPORT-DNAT', match: { protocol: 'tcp', dport: 8080 }, action: { dnat: { addr: '10.88.0.2', port: 80 } } });
    tx.addRule({ ...T, chain: 'SETMARK', statements: [{ setMark: { from: 'mark', or: 0x2000 } }] });
    tx.addRule({ ...T, chain: 'POSTROUTING', match: { mark: { and: 0x2000, value: 0x2000 } }, action: { masquerade: {} } });
    tx.addRule({ ...T, chain: 'POSTROUTING', match: { saddr: '10.88.0.0/16', daddr: { not: '224.0.0.0/4' } }, action: { masquerade: {} } });
    await tx.commit();
    const text = nftText(ns);
    for (const line of ['fib daddr type local jump HOSTPORT-DNAT', 'meta mark & 0x00002000 == 0x00002000 masquerade', 'ip saddr 10.88.0.0/16 ip daddr != 224.0.0.0/4 masquerade',
      'ip saddr 10.88.0.0/16 tcp dport 8080 jump SETMARK', 'tcp dport 8080 dnat ip to 10.88.0.2:80', 'meta mark set meta mark | 0x00002000']) expect(text).toContain(line);
    expect((await handle.nft.listRules()).every((r) => !r.unknown)).toBe(true);
  });

  it('kube-proxy-style', async () => {
    const ns = makeNetns('nftrd');
    using handle = await Netlink.open({ netns: ns });
    const tx = handle.nft.transaction();
    const K = { family: 'ip', table: 'kube-proxy' } as const;
    tx.addTable({ family: 'ip', name: 'kube-proxy' });
    tx.addChain({ ...K, name: 'services' });
    tx.addChain({ ...K, name: 'service-ns1/svc1/tcp/p80' });
    tx.addChain({ ...K, name: 'endpoint-ns1/svc1/10.180.0.1' });
    tx.addChain({ ...K, name: 'reject-chain' });
    tx.addSet({ ...K, name: 'service-ips', type: ['ipv4_addr', 'inet_proto', 'inet_service'], map: 'verdict',
      elements: [{ key: ['172.30.0.41', 'tcp', 80], value: { goto: 'service-ns1/svc1/tcp/p80' } }] });
    tx.addSet({ ...K, name: 'affinity-ns1/svc1', type: 'ipv4_addr', flags: ['dynamic'], timeout: 3 * 3600_000 });
    tx.addRule({ ...K, chain: 'services', action: { vmap: { key: ['ip daddr', 'meta l4proto', 'th dport'], map: '@service-ips' } } });
    tx.addSet({ ...K, name: '__map0', anonymous: true, type: 'integer', map: 'verdict', elements: [{ key: 0, value: { goto: 'endpoint-ns1/svc1/10.180.0.1' } }] });
    tx.addRule({ ...K, chain: 'service-ns1/svc1/tcp/p80', action: { vmap: { key: { numgen: { mod: 1 } }, map: '@__map0' } } });
    tx.addRule({ ...K, chain: 'endpoint-ns1/svc1/10.180.0.1', statements: [{ updateSet: { set: '@affinity-ns1/svc1', key: 'ip saddr' } }] });
    tx.addRule({ ...K, chain: 'endpoint-ns1/svc1/10.180.0.1', match: { protocol: 'tcp' }, action: { dnat: { addr: '10.180.0.1', port: 80 } } });
    tx.addRule({ ...K, chain: 'reject-chain', action: { reject: {} } });
    await tx.commit();
    const text = nftText(ns).replace(/"/g, '');
    for (const line of ['type ipv4_addr . inet_proto . inet_service : verdict', '172.30.0.41 . tcp . 80 : goto service-ns1/svc1/tcp/p80',
      'flags dynamic,timeout', 'timeout 3h', 'ip daddr . meta l4proto . th dport vmap @service-ips', 'numgen random mod 1 vmap { 0 : goto endpoint-ns1/svc1/10.180.0.1 }',
      'update @affinity-ns1/svc1 { ip saddr }', 'meta l4proto tcp dnat to 10.180.0.1:80', 'reject']) expect(text).toContain(line);
    expect((await handle.nft.listRules()).every((r) => !r.unknown)).toBe(true);
    const sets = await handle.nft.listSets();
    expect(sets.find((s) => s.name === 'affinity-ns1/svc1')).toMatchObject({ type: 'ipv4_addr', flags: ['dynamic'], timeout: 10800000 });
  });

  it('values from maps (map-valued DNAT and mark)', async () => {
    const ns = makeNetns('nftrd');
    using handle = await Netlink.open({ netns: ns });
    const tx = handle.nft.transaction();
    const M = { family: 'ip', table: 'hostports' } as const;
    tx.addTable({ family: 'ip', name: 'hostports' });
    tx.addChain({ ...M, name: 'prerouting', type: 'nat', hook: 'prerouting', priority: 'dstnat', policy: 'accept' });
    tx.addSet({ ...M, name: 'ports', type: 'inet_service', map: ['ipv4_addr', 'inet_service'], elements: [{ key: 8080, value: ['10.88.0.2', 80] }] });
    tx.addSet({ ...M, name: 'hosts', type: 'ipv4_addr', map: 'ipv4_addr', elements: [{ key: '192.0.2.10', value: '10.88.0.3' }] });
    tx.addSet({ ...M, name: 'marks', type: 'ipv4_addr', map: 'mark', elements: [{ key: '10.88.0.2', value: 0x10 }] });
    tx.addRule({ ...M, chain: 'prerouting', match: { protocol: 'tcp' }, action: { dnat: { addr: { map: { key: 'th dport', set: '@ports' } }, port: 'map' } } });
    tx.addRule({ ...M, chain: 'prerouting', match: { protocol: 'udp', dport: 53 }, action: { dnat: { addr: { map: { key: 'ip daddr', set: '@hosts' } } } } });
    tx.addRule({ ...M, chain: 'prerouting', statements: [{ setMark: { map: { key: 'ip saddr', set: '@marks' } } }] });
    await tx.commit();
    const text = nftText(ns);
    for (const line of ['type inet_service : ipv4_addr . inet_service', '8080 : 10.88.0.2 . 80', '192.0.2.10 : 10.88.0.3', '10.88.0.2 : 0x00000010',
      'dnat ip to tcp dport map @ports', 'udp dport 53 dnat to ip daddr map @hosts', 'meta mark set ip saddr map @marks']) expect(text).toContain(line);
    expect((await handle.nft.listRules()).every((r) => !r.unknown)).toBe(true);
  });

  it('named objects and monitor', async () => {
    const ns = makeNetns('nftrd');
    using handle = await Netlink.open({ netns: ns });
    const ac = new AbortController();
    const events = handle.nft.monitor({ signal: ac.signal });
    const first = events.next();
    const O = { family: 'inet', table: 'filter' } as const;
    const tx = handle.nft.transaction();
    tx.addTable({ family: 'inet', name: 'filter' });
    tx.addObject({ ...O, name: 'ssh_in', type: 'counter', comment: 'ssh connections' });
    tx.addObject({ ...O, name: 'guest', type: 'quota', bytes: 2 * 1024 ** 3, over: true });
    tx.addObject({ ...O, name: 'ssh_rate', type: 'limit', rate: 10, per: 'minute', burst: 5 });
    tx.addObject({ ...O, name: 'ftp-standard', type: 'ct helper', helper: 'ftp', protocol: 'tcp' });
    tx.addChain({ ...O, name: 'input', type: 'filter', hook: 'input', priority: 'filter', policy: 'accept' });
    tx.addRule({ ...O, chain: 'input', match: { protocol: 'tcp', dport: 22 }, statements: [{ limitRef: 'ssh_rate' }, { counterRef: 'ssh_in' }], action: 'accept' });
    tx.addRule({ ...O, chain: 'input', match: { iifname: 'guest0' }, statements: [{ quotaRef: 'guest' }], action: 'drop' });
    tx.addRule({ ...O, chain: 'input', match: { protocol: 'tcp', dport: 21 }, statements: [{ setCtHelper: 'ftp-standard' }] });
    await tx.commit();
    const text = nftText(ns);
    for (const line of ['counter ssh_in {', 'comment "ssh connections"', 'over 2048 mbytes', 'rate 10/minute', 'type "ftp" protocol tcp',
      'tcp dport 22 limit name "ssh_rate" counter name "ssh_in" accept', 'iifname "guest0" quota name "guest" drop', 'tcp dport 21 ct helper set "ftp-standard"']) expect(text).toContain(line);
    expect(await handle.nft.listObjects({ type: 'counter' })).toMatchObject([{ ...O, name: 'ssh_in', type: 'counter', packets: 0, bytes: 0, use: 1, comment: 'ssh connections' }]);
    expect(await handle.nft.resetObjects({ ...O, type: 'counter', name: 'ssh_in' })).toMatchObject([{ name: 'ssh_in', packets: 0 }]);
    expect((await handle.nft.listRules()).every((r) => !r.unknown)).toBe(true);
    const rules = [];
    for (let r = await first; !r.done; r = await events.next()) {
      if (r.value.type === 'newrule') rules.push(r.value.rule!);
      if (r.value.type === 'newgen') break;
    }
    expect(rules.map((r) => r.statements)).toEqual([[{ limitRef: 'ssh_rate' }, { counterRef: 'ssh_in' }], [{ quotaRef: 'guest' }], [{ setCtHelper: 'ftp-standard' }]]);
    ac.abort();
  });
});
