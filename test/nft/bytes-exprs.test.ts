// Byte vectors for the expressions of issue 8 part 2 (nft-exprs): values from data maps (mark,
// ct mark, snat/dnat address and address . port), tcp option maxseg size set rt mtu, ct
// original|reply tuple fields, ct count, meta iiftype/oiftype, ether and vlan fields in every family
// that has them, and fib lookups beyond the two shortcuts. For each: the NEWRULE nft 1.0.6 sends
// equals what the typed spec compiles to, and nft's message decodes back to that typed spec.
import type { NftRuleSpec } from '../../lib/index.js';
import { vectorSuite } from './bytevec.js';

const HEAD = `
table ip f {
  map mm { type ipv4_addr : mark; }
  set m4 { type ipv4_addr; flags dynamic; }
  map cm { type ipv4_addr . inet_service : mark; }
  map d4 { type ipv4_addr : ipv4_addr; }
  map ap { type inet_service : ipv4_addr . inet_service; }
  chain c { }
  chain fw { type filter hook forward priority filter; policy accept; }
  chain pre { type nat hook prerouting priority dstnat; policy accept; }
  chain post { type nat hook postrouting priority srcnat; policy accept; }
}
table ip6 f6 {
  map d6 { type ipv6_addr : ipv6_addr; }
  map ap6 { type inet_service : ipv6_addr . inet_service; }
  set s6p { type ipv6_addr . inet_service; }
  chain c { }
  chain pre { type nat hook prerouting priority dstnat; policy accept; }
}
table inet fi {
  map d4 { type ipv4_addr : ipv4_addr; }
  set macs { type ether_addr; }
  chain c { }
  chain pre { type nat hook prerouting priority dstnat; policy accept; }
}
table bridge b {
  set macs { type ether_addr; }
  chain c { }
}
table netdev n {
  chain c { }
}
`;

type Case = [string, NftRuleSpec];
const at = (family: NftRuleSpec['family'], table: string, chain: string) =>
  (match: NftRuleSpec['match'], rest: Partial<NftRuleSpec> = {}): NftRuleSpec => ({ family, table, chain, match, ...rest });
const ip = at('ip', 'f', 'c'), ipPre = at('ip', 'f', 'pre'), ipPost = at('ip', 'f', 'post'), ipFw = at('ip', 'f', 'fw');
const ip6 = at('ip6', 'f6', 'c'), ip6Pre = at('ip6', 'f6', 'pre'), inet = at('inet', 'fi', 'c'), inetPre = at('inet', 'fi', 'pre');
const bridge = at('bridge', 'b', 'c'), netdev = at('netdev', 'n', 'c');

const cases: Case[] = [
  // values from maps
  ['add rule ip f c meta mark set ip saddr map @mm', ip({}, { statements: [{ setMark: { map: { key: 'ip saddr', set: '@mm' } } }] })],
  ['add rule ip f c ct mark set ip saddr . tcp dport map @cm', ip({ protocol: 'tcp' }, { statements: [{ setCtMark: { map: { key: ['ip saddr', 'th dport'], set: '@cm' } } }] })],
  ['add rule ip f pre dnat to ip daddr map @d4', ipPre({}, { action: { dnat: { addr: { map: { key: 'ip daddr', set: '@d4' } } } } })],
  ['add rule ip f pre dnat to tcp dport map @ap', ipPre({ protocol: 'tcp' }, { action: { dnat: { addr: { map: { key: 'th dport', set: '@ap' } }, port: 'map' } } })],
  ['add rule ip f post snat to ip saddr map @d4', ipPost({}, { action: { snat: { addr: { map: { key: 'ip saddr', set: '@d4' } } } } })],
  ['add rule ip6 f6 pre dnat to ip6 daddr map @d6', ip6Pre({}, { action: { dnat: { addr: { map: { key: 'ip6 daddr', set: '@d6' } } } } })],
  ['add rule ip6 f6 pre dnat to tcp dport map @ap6', ip6Pre({ protocol: 'tcp' }, { action: { dnat: { addr: { map: { key: 'th dport', set: '@ap6' } }, port: 'map' } } })],
  ['add rule inet fi pre dnat ip to ip daddr map @d4', inetPre({ nfproto: 'ipv4' }, { action: { dnat: { addr: { map: { key: 'ip daddr', set: '@d4' } }, addrFamily: 'ip' } } })],
  // a concatenation after a 16-byte field: the next value starts a 16-byte register (reg 2), as nft numbers it
  ['add rule ip6 f6 c ip6 saddr . tcp dport @s6p accept', ip6({ protocol: 'tcp', concat: { key: ['ip6 saddr', 'th dport'], set: '@s6p' } }, { action: 'accept' })],
  // tcp option maxseg size set rt mtu
  ['add rule ip f fw tcp flags syn tcp option maxseg size set rt mtu', ipFw({ protocol: 'tcp', tcpFlags: { and: ['syn'], value: { not: [] } } }, { statements: [{ setTcpMss: 'rt mtu' }] })],
  // ct original|reply
  ['add rule ip f c ct original ip saddr 10.0.0.1 accept', ip({ ctOriginalSaddr: '10.0.0.1' }, { action: 'accept' })],
  ['add rule ip f c ct reply ip daddr != 10.0.0.0/8 accept', ip({ ctReplyDaddr: { not: '10.0.0.0/8' } }, { action: 'accept' })],
  ['add rule ip f c ct original ip daddr 10.0.0.0/20 accept', ip({ ctOriginalDaddr: '10.0.0.0/20' }, { action: 'accept' })],
  ['add rule inet fi c ct reply ip6 saddr 2001:db8::/64 accept', inet({ ctReplySaddr: '2001:db8::/64' }, { action: 'accept' })],
  ['add rule ip f c meta l4proto tcp ct original proto-dst 80 accept', ip({ protocol: 'tcp', ctOriginalProtoDst: 80 }, { action: 'accept' })],
  ['add rule ip f c meta l4proto udp ct reply proto-src 1000-2000 accept', ip({ protocol: 'udp', ctReplyProtoSrc: [1000, 2000] }, { action: 'accept' })],
  // ct count
  ['add rule ip f c ct count over 4 drop', ip({ ctCount: { over: 4 } }, { action: 'drop' })],
  ['add rule ip f c ct count 10 accept', ip({ ctCount: 10 }, { action: 'accept' })],
  ['add rule ip f c add @m4 { ip saddr ct count over 20 } drop', ip({}, { statements: [{ addSet: { set: '@m4', key: 'ip saddr', ctCount: { over: 20 } } }], action: 'drop' })],
  ['add rule ip f c update @m4 { ip saddr limit rate 10/second } accept', ip({}, { statements: [{ updateSet: { set: '@m4', key: 'ip saddr', limit: { rate: 10, per: 'second', burst: 5 } } }], action: 'accept' })],
  // meta iiftype / oiftype
  ['add rule ip f c meta iiftype loopback accept', ip({ iiftype: 'loopback' }, { action: 'accept' })],
  ['add rule ip f c meta oiftype != ether drop', ip({ oiftype: { not: 'ether' } }, { action: 'drop' })],
  // ether / vlan
  ['add rule inet fi c ether saddr 02:00:00:00:00:01 accept', inet({ etherSaddr: '02:00:00:00:00:01' }, { action: 'accept' })],
  ['add rule inet fi c ether saddr @macs accept', inet({ etherSaddr: '@macs' }, { action: 'accept' })],
  ['add rule ip f c ether type ip accept', ip({ etherType: 'ip' }, { action: 'accept' })],
  ['add rule bridge b c ether daddr != 02:00:00:00:00:02 ether type arp accept', bridge({ etherDaddr: { not: '02:00:00:00:00:02' }, etherType: 'arp' }, { action: 'accept' })],
  ['add rule bridge b c ether saddr != @macs drop', bridge({ etherSaddr: { not: '@macs' } }, { action: 'drop' })],
  ['add rule bridge b c vlan id 10 accept', bridge({ vlanId: 10 }, { action: 'accept' })],
  ['add rule bridge b c vlan id != 20 vlan type ip6 accept', bridge({ vlanId: { not: 20 }, vlanType: 'ip6' }, { action: 'accept' })],
  ['add rule netdev n c vlan id 100 drop', netdev({ vlanId: 100 }, { action: 'drop' })],
  ['add rule netdev n c ether daddr 02:00:00:00:00:03 ether type arp drop', netdev({ etherDaddr: '02:00:00:00:00:03', etherType: 'arp' }, { action: 'drop' })],
  // fib
  ['add rule ip f c fib daddr oif missing drop', ip({ fib: { lookup: ['daddr'], result: 'oif', missing: true } }, { action: 'drop' })],
  ['add rule ip f c fib saddr . mark . iif oif exists accept', ip({ fib: { lookup: ['saddr', 'mark', 'iif'], result: 'oif', missing: false } }, { action: 'accept' })],
  ['add rule ip f c fib daddr . iif type != local drop', ip({ fib: { lookup: ['daddr', 'iif'], result: 'type', value: { not: 'local' } } }, { action: 'drop' })],
  ['add rule ip f c fib saddr type unicast accept', ip({ fib: { lookup: ['saddr'], result: 'type', value: 'unicast' } }, { action: 'accept' })],
  // nft's payload merge: adjacent == matches share one load (lib/nft/merge.ts)
  ['add rule ip f c udp sport 67 udp dport 68 accept', ip({ protocol: 'udp', sport: 67, dport: 68 }, { action: 'accept' })],
  ['add rule ip f c tcp dport 2 meta mark 5 tcp sport 1 accept', ip({ protocol: 'tcp', mark: 5, sport: 1, dport: 2 }, { action: 'accept' })],
  ['add rule ip f c ip ttl 5 ip protocol tcp accept', ip({ ttl: 5, ipProtocol: 'tcp' }, { action: 'accept' })],
  ['add rule ip6 f6 c ip6 nexthdr udp ip6 hoplimit 255 accept', ip6({ nexthdr: 'udp', hoplimit: 255 }, { action: 'accept' })],
  ['add rule bridge b c ether daddr 02:00:00:00:00:01 ether saddr 02:00:00:00:00:02 ether type ip accept', bridge({ etherDaddr: '02:00:00:00:00:01', etherSaddr: '02:00:00:00:00:02', etherType: 'ip' }, { action: 'accept' })],
  ['add rule netdev n c ether saddr 02:00:00:00:00:01 ether type arp drop', netdev({ etherSaddr: '02:00:00:00:00:01', etherType: 'arp' }, { action: 'drop' })],
  ['add rule netdev n c ether saddr 02:00:00:00:00:01 vlan id 10 accept', netdev({ etherSaddr: '02:00:00:00:00:01', etherType: '8021q', vlanId: 10 }, { action: 'accept' })],
  // not merged: != (nft would change the meaning), too long for one register, not adjacent
  ['add rule ip f c tcp sport 1 tcp dport != 2 accept', ip({ protocol: 'tcp', sport: 1, dport: { not: 2 } }, { action: 'accept' })],
  ['add rule ip f c ip saddr 1.2.3.4 ip daddr 5.6.7.8 accept', ip({ saddr: '1.2.3.4', daddr: '5.6.7.8' }, { action: 'accept' })],
];

vectorSuite('nft byte vectors (issue 8 part 2: maps as values, ct tuples, link layer, fib)', HEAD, cases);
