// Differential: the same ruleset written by netlinkts in one namespace and by `nft -f` in
// another must list identically (nft -j list ruleset, handles ignored).
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import type { NftRuleSpec } from '../../lib/index.js';
import { canAdmin, makeNetns } from '../helpers/ns.js';
import { nftApply, nftJson, nftText } from './util.js';

const HEAD = `
table ip nat {
  chain postrouting { type nat hook postrouting priority srcnat; policy accept; }
  chain prerouting { type nat hook prerouting priority dstnat; policy accept; }
  chain other { }
  chain leaf { }
}
`;

type Case = { nft: string; rule: Omit<NftRuleSpec, 'family' | 'table'> };
const cases: Case[] = [
  { nft: 'add rule ip nat postrouting ip saddr 172.18.0.0/24 oifname "eth0" masquerade',
    rule: { chain: 'postrouting', match: { saddr: '172.18.0.0/24', oifname: 'eth0' }, action: { masquerade: {} } } },
  { nft: 'add rule ip nat postrouting ip saddr 172.18.0.0/24 oifname "eth0" counter masquerade comment "ctr"',
    rule: { chain: 'postrouting', match: { saddr: '172.18.0.0/24', oifname: 'eth0' }, counter: true, action: { masquerade: {} }, comment: 'ctr' } },
  { nft: 'add rule ip nat prerouting tcp dport 80 dnat to 172.18.0.2:80',
    rule: { chain: 'prerouting', match: { protocol: 'tcp', dport: 80 }, action: { dnat: { addr: '172.18.0.2', port: 80 } } } },
  { nft: 'add rule ip nat prerouting iifname "eth*" udp dport 53 dnat to 172.18.0.2:5353',
    rule: { chain: 'prerouting', match: { iifname: 'eth*', protocol: 'udp', dport: 53 }, action: { dnat: { addr: '172.18.0.2', port: 5353 } } } },
  { nft: 'add rule ip nat postrouting ip saddr 10.0.0.0/20 ip daddr 10.1.2.3 snat to 1.2.3.4',
    rule: { chain: 'postrouting', match: { saddr: '10.0.0.0/20', daddr: '10.1.2.3' }, action: { snat: { addr: '1.2.3.4' } } } },
  { nft: 'add rule ip nat postrouting ip saddr 10.0.0.0/8 tcp sport 100-200 snat to 1.2.3.4-1.2.3.9:100-200',
    rule: { chain: 'postrouting', match: { saddr: '10.0.0.0/8', protocol: 'tcp', sport: [100, 200] }, action: { snat: { addr: ['1.2.3.4', '1.2.3.9'], port: [100, 200] } } } },
  { nft: 'add rule ip nat postrouting oifname "veth0" masquerade random,fully-random,persistent',
    rule: { chain: 'postrouting', match: { oifname: 'veth0' }, action: { masquerade: { random: true, fullyRandom: true, persistent: true } } } },
  { nft: 'add rule ip nat postrouting meta l4proto tcp masquerade to :1000-2000',
    rule: { chain: 'postrouting', match: { protocol: 'tcp' }, action: { masquerade: { port: [1000, 2000] } } } },
  { nft: 'add rule ip nat prerouting tcp dport 8080 redirect to :80',
    rule: { chain: 'prerouting', match: { protocol: 'tcp', dport: 8080 }, action: { redirect: { port: 80 } } } },
  { nft: 'add rule ip nat prerouting ct state established,related accept',
    rule: { chain: 'prerouting', match: { ctState: ['established', 'related'] }, action: 'accept' } },
  { nft: 'add rule ip nat prerouting meta mark 0x10 counter jump other',
    rule: { chain: 'prerouting', match: { mark: 16 }, counter: true, action: { jump: 'other' } } },
  { nft: 'add rule ip nat other tcp dport 1000-2000 goto leaf',
    rule: { chain: 'other', match: { protocol: 'tcp', dport: [1000, 2000] }, action: { goto: 'leaf' } } },
  { nft: 'add rule ip nat leaf ip daddr 192.168.0.1 drop comment "no"',
    rule: { chain: 'leaf', match: { daddr: '192.168.0.1' }, action: 'drop', comment: 'no' } },
  { nft: 'add rule ip nat leaf return',
    rule: { chain: 'leaf', action: 'return' } },
];

describe.skipIf(!canAdmin)('nft rendering equals nft(8)', () => {
  it('ip nat: masquerade, dnat, snat, redirect, ct state, mark, verdicts, comments', async () => {
    const ours = makeNetns('nfto');
    const theirs = makeNetns('nftt');
    nftApply(theirs, HEAD + cases.map((c) => c.nft).join('\n') + '\n');

    using h = await Netlink.open({ netns: ours });
    const tx = h.nft.transaction();
    tx.addTable({ family: 'ip', name: 'nat' });
    tx.addChain({ family: 'ip', table: 'nat', name: 'postrouting', type: 'nat', hook: 'postrouting', priority: 'srcnat', policy: 'accept' });
    tx.addChain({ family: 'ip', table: 'nat', name: 'prerouting', type: 'nat', hook: 'prerouting', priority: -100, policy: 'accept' });
    tx.addChain({ family: 'ip', table: 'nat', name: 'other' });
    tx.addChain({ family: 'ip', table: 'nat', name: 'leaf' });
    for (const c of cases) tx.addRule({ family: 'ip', table: 'nat', ...c.rule });
    await tx.commit();

    expect(nftJson(ours)).toEqual(nftJson(theirs));
    expect(nftText(ours).replace(/# handle \d+/g, '')).toEqual(nftText(theirs).replace(/# handle \d+/g, ''));
  });

  it('ip6 and inet NAT, sets with lookups', async () => {
    const ours = makeNetns('nfto');
    const theirs = makeNetns('nftt');
    nftApply(theirs, `
table ip6 nat6 {
  chain post { type nat hook postrouting priority srcnat; policy accept; }
  chain pre { type nat hook prerouting priority dstnat; policy accept; }
}
add rule ip6 nat6 post ip6 saddr fd00:18::/64 oifname "eth0" counter masquerade
add rule ip6 nat6 pre ip6 daddr fd00::1 tcp dport 80 dnat to [fd00:18::2]:8080
add rule ip6 nat6 post ip6 saddr fd00::/60 snat to fd00::5
table inet f {
  set allowed { type ipv4_addr; flags interval; elements = { 10.0.0.0/8, 192.168.1.1 } }
  set ports { type inet_service; elements = { 22, 80 } }
  chain pre { type nat hook prerouting priority dstnat; policy accept; }
  chain filt { type filter hook forward priority filter; policy drop; }
}
add rule inet f pre ip saddr 10.0.0.0/8 tcp dport 80 dnat ip to 172.18.0.2:80
add rule inet f pre ip6 daddr fd00::1 udp dport 53 dnat ip6 to [fd00::2]
add rule inet f filt iifname "veth0" tcp dport @ports accept
table ip s {
  set allowed { type ipv4_addr; flags interval; elements = { 10.0.0.0/8, 192.168.1.1 } }
  chain c { type filter hook input priority 0; policy accept; }
}
add rule ip s c ip saddr @allowed accept
`);
    using h = await Netlink.open({ netns: ours });
    const tx = h.nft.transaction();
    tx.addTable({ family: 'ip6', name: 'nat6' });
    tx.addChain({ family: 'ip6', table: 'nat6', name: 'post', type: 'nat', hook: 'postrouting', priority: 'srcnat', policy: 'accept' });
    tx.addChain({ family: 'ip6', table: 'nat6', name: 'pre', type: 'nat', hook: 'prerouting', priority: 'dstnat', policy: 'accept' });
    tx.addRule({ family: 'ip6', table: 'nat6', chain: 'post', match: { saddr: 'fd00:18::/64', oifname: 'eth0' }, counter: true, action: { masquerade: {} } });
    tx.addRule({ family: 'ip6', table: 'nat6', chain: 'pre', match: { daddr: 'fd00::1', protocol: 'tcp', dport: 80 }, action: { dnat: { addr: 'fd00:18::2', port: 8080 } } });
    tx.addRule({ family: 'ip6', table: 'nat6', chain: 'post', match: { saddr: 'fd00::/60' }, action: { snat: { addr: 'fd00::5' } } });
    tx.addTable({ family: 'inet', name: 'f' });
    tx.addSet({ family: 'inet', table: 'f', name: 'allowed', type: 'ipv4_addr', interval: true, elements: ['10.0.0.0/8', '192.168.1.1'] });
    tx.addSet({ family: 'inet', table: 'f', name: 'ports', type: 'inet_service', elements: [22, 80] });
    tx.addChain({ family: 'inet', table: 'f', name: 'pre', type: 'nat', hook: 'prerouting', priority: 'dstnat', policy: 'accept' });
    tx.addChain({ family: 'inet', table: 'f', name: 'filt', type: 'filter', hook: 'forward', priority: 'filter', policy: 'drop' });
    tx.addRule({ family: 'inet', table: 'f', chain: 'pre', match: { saddr: '10.0.0.0/8', protocol: 'tcp', dport: 80 }, action: { dnat: { addr: '172.18.0.2', port: 80 } } });
    tx.addRule({ family: 'inet', table: 'f', chain: 'pre', match: { daddr: 'fd00::1', protocol: 'udp', dport: 53 }, action: { dnat: { addr: 'fd00::2' } } });
    tx.addRule({ family: 'inet', table: 'f', chain: 'filt', match: { iifname: 'veth0', protocol: 'tcp', dport: '@ports' }, action: 'accept' });
    tx.addTable({ family: 'ip', name: 's' });
    tx.addSet({ family: 'ip', table: 's', name: 'allowed', type: 'ipv4_addr', interval: true, elements: ['10.0.0.0/8', '192.168.1.1'] });
    tx.addChain({ family: 'ip', table: 's', name: 'c', type: 'filter', hook: 'input', priority: 0, policy: 'accept' });
    tx.addRule({ family: 'ip', table: 's', chain: 'c', match: { saddr: '@allowed' }, action: 'accept' });
    await tx.commit();
    expect(nftJson(ours)).toEqual(nftJson(theirs));
  });
});
