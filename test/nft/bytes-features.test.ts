// Byte vectors for the expressions issue 8 added: for each, the NEWRULE nft 1.0.6 sends (strace of
// its sendmsg, seq and port id masked) equals what our typed spec compiles to, and decodes back to
// the same typed spec. Capture: ip netns exec NS strace -f -e trace=sendmsg -e write=all nft add rule …
import type { NftRuleSpec } from '../../lib/index.js';
import { vectorSuite } from './bytevec.js';

const HEAD = `
table ip f {
  set s4 { type ipv4_addr; }
  set ports { type inet_service; }
  map pv { type inet_service : verdict; }
  map svc { type ipv4_addr . inet_proto . inet_service : verdict; }
  map nm { type mark : verdict; }
  counter c1 { }
  quota q1 { 1000 bytes }
  chain c { }
  chain a { }
  chain nat { type nat hook postrouting priority srcnat; policy accept; }
}
table ip6 f6 {
  set s6 { type ipv6_addr; }
  chain c { }
}
table inet fi {
  set s6 { type ipv6_addr; }
  chain c { }
  chain a { }
}
`;

type Case = [string, NftRuleSpec];
const ip = (match: NftRuleSpec['match'], rest: Partial<NftRuleSpec> = {}): NftRuleSpec => ({ family: 'ip', table: 'f', chain: 'c', match, ...rest });
const inet = (match: NftRuleSpec['match'], rest: Partial<NftRuleSpec> = {}): NftRuleSpec => ({ family: 'inet', table: 'fi', chain: 'c', match, ...rest });
const ip6 = (match: NftRuleSpec['match'], rest: Partial<NftRuleSpec> = {}): NftRuleSpec => ({ family: 'ip6', table: 'f6', chain: 'c', match, ...rest });

const cases: Case[] = [
  // relational operators
  ['add rule ip f c ip saddr != @s4 drop', ip({ saddr: { not: '@s4' } }, { action: 'drop' })],
  ['add rule ip f c ip daddr != 10.0.0.0/8 accept', ip({ daddr: { not: '10.0.0.0/8' } }, { action: 'accept' })],
  ['add rule ip f c ip daddr != 224.0.0.0/4 accept', ip({ daddr: { not: '224.0.0.0/4' } }, { action: 'accept' })],
  ['add rule ip f c iifname != "eth0" accept', ip({ iifname: { not: 'eth0' } }, { action: 'accept' })],
  ['add rule ip f c tcp dport != 1000-2000 accept', ip({ protocol: 'tcp', dport: { not: [1000, 2000] } }, { action: 'accept' })],
  ['add rule ip f c tcp dport < 1024 accept', ip({ protocol: 'tcp', dport: { lt: 1024 } }, { action: 'accept' })],
  ['add rule ip f c udp sport >= 33000 accept', ip({ protocol: 'udp', sport: { gte: 33000 } }, { action: 'accept' })],
  ['add rule ip f c tcp dport != @ports drop', ip({ protocol: 'tcp', dport: { not: '@ports' } }, { action: 'drop' })],
  ['add rule ip f c ip daddr != 10.0.0.0/8 ip daddr != 224.0.0.0/4 accept', ip({ daddr: { all: [{ not: '10.0.0.0/8' }, { not: '224.0.0.0/4' }] } } as never, { action: 'accept' })],
  // header fields
  ['add rule ip f c ip protocol udp accept', ip({ ipProtocol: 'udp' }, { action: 'accept' })],
  ['add rule ip6 f6 c ip6 nexthdr tcp accept', ip6({ nexthdr: 'tcp' }, { action: 'accept' })],
  ['add rule inet fi c ip6 nexthdr tcp accept', inet({ nexthdr: 'tcp' }, { action: 'accept' })],
  ['add rule ip f c th dport 53 accept', ip({ thDport: 53 }, { action: 'accept' })],
  ['add rule ip f c ip ttl < 5 drop', ip({ ttl: { lt: 5 } }, { action: 'drop' })],
  ['add rule ip6 f6 c ip6 hoplimit 1 drop', ip6({ hoplimit: 1 }, { action: 'drop' })],
  ['add rule inet fi c ip6 saddr @s6 accept', inet({ saddr6: '@s6' }, { action: 'accept' })],
  ['add rule inet fi c meta nfproto ipv6 accept', inet({ nfproto: 'ipv6' }, { action: 'accept' })],
  // meta / ct
  ['add rule ip f c meta mark & 0x00002000 == 0x00002000 accept', ip({ mark: { and: 0x2000, value: 0x2000 } }, { action: 'accept' })],
  ['add rule ip f c meta mark != 0x10 accept', ip({ mark: { not: 16 } }, { action: 'accept' })],
  ['add rule ip f c ct mark & 0x0000ff00 != 0x0 accept', ip({ ctMark: { and: 0xff00, value: { not: 0 } } }, { action: 'accept' })],
  ['add rule ip f c ct status dnat accept', ip({ ctStatus: ['dnat'] }, { action: 'accept' })],
  ['add rule ip f c ct direction reply accept', ip({ ctDirection: 'reply' }, { action: 'accept' })],
  ['add rule ip f c ct zone 3 accept', ip({ ctZone: 3 }, { action: 'accept' })],
  ['add rule ip f c meta iif 1 accept', ip({ iif: 1 }, { action: 'accept' })],
  ['add rule ip f c meta skuid 0 accept', ip({ skuid: 0 }, { action: 'accept' })],
  ['add rule ip f c meta skgid 1000 accept', ip({ skgid: 1000 }, { action: 'accept' })],
  ['add rule ip f c meta pkttype broadcast drop', ip({ pkttype: 'broadcast' }, { action: 'drop' })],
  // fib
  ['add rule ip f c fib daddr type local jump a', ip({ fibDaddrType: 'local' }, { action: { jump: 'a' } })],
  ['add rule inet fi c fib daddr type != local accept', inet({ fibDaddrType: { not: 'local' } }, { action: 'accept' })],
  ['add rule inet fi c fib saddr . iif oif missing drop', inet({ fibSaddrIifOifMissing: true }, { action: 'drop' })],
  // statements
  ['add rule ip f c meta mark set meta mark | 0x00002000', ip({}, { statements: [{ setMark: { from: 'mark', or: 0x2000 } }] })],
  ['add rule ip f c meta mark set meta mark ^ 0x00004000', ip({}, { statements: [{ setMark: { from: 'mark', xor: 0x4000 } }] })],
  ['add rule ip f c meta mark set meta mark & 0xffffdfff', ip({}, { statements: [{ setMark: { from: 'mark', and: 0xffffdfff } }] })],
  ['add rule ip f c meta mark set 0x10', ip({}, { statements: [{ setMark: 16 }] })],
  ['add rule ip f c ct mark set meta mark | 0x00001000', ip({}, { statements: [{ setCtMark: { from: 'mark', or: 0x1000 } }] })],
  ['add rule ip f c ct mark set meta mark', ip({}, { statements: [{ setCtMark: { from: 'mark' } }] })],
  ['add rule ip f c meta mark set ct mark', ip({}, { statements: [{ setMark: { from: 'ctMark' } }] })],
  ['add rule ip f c log prefix "nft drop: " level info drop', ip({}, { statements: [{ log: { prefix: 'nft drop: ', level: 'info' } }], action: 'drop' })],
  ['add rule ip f c log group 2 accept', ip({}, { statements: [{ log: { group: 2 } }], action: 'accept' })],
  ['add rule ip f c limit rate 10/second accept', ip({}, { statements: [{ limit: { rate: 10, per: 'second', burst: 5 } }], action: 'accept' })],
  ['add rule ip f c limit rate over 1 mbytes/second drop', ip({}, { statements: [{ limit: { rate: 1048576, per: 'second', burst: 0, unit: 'bytes', over: true } }], action: 'drop' })],
  ['add rule ip f c limit rate 4/minute burst 2 packets accept', ip({}, { statements: [{ limit: { rate: 4, per: 'minute', burst: 2 } }], action: 'accept' })],
  ['add rule ip f c counter name "c1" accept', ip({}, { statements: [{ counterRef: 'c1' }], action: 'accept' })],
  ['add rule ip f c quota name "q1" drop', ip({}, { statements: [{ quotaRef: 'q1' }], action: 'drop' })],
  ['add rule ip f c udp dport 53 notrack', ip({ protocol: 'udp', dport: 53 }, { statements: [{ notrack: true }] })],
  // actions
  ['add rule ip f c reject', ip({}, { action: { reject: {} } })],
  ['add rule inet fi c reject', inet({}, { action: { reject: {} } })],
  ['add rule ip6 f6 c reject', ip6({}, { action: { reject: {} } })],
  ['add rule ip f c tcp dport 22 reject with tcp reset', ip({ protocol: 'tcp', dport: 22 }, { action: { reject: { with: 'tcp reset' } } })],
  ['add rule inet fi c reject with icmpx type admin-prohibited', inet({}, { action: { reject: { with: { icmpx: 'admin-prohibited' } } } })],
  ['add rule ip f c reject with icmp type host-unreachable', ip({}, { action: { reject: { with: { icmp: 'host-unreachable' } } } })],
  ['add rule ip f c tcp dport vmap @pv', ip({ protocol: 'tcp' }, { action: { vmap: { key: 'th dport', map: '@pv' } } })],
  ['add rule ip f c ip daddr . meta l4proto . th dport vmap @svc', ip({}, { action: { vmap: { key: ['ip daddr', 'meta l4proto', 'th dport'], map: '@svc' } } })],
  ['add rule ip f c meta mark vmap @nm', ip({}, { action: { vmap: { key: 'meta mark', map: '@nm' } } })],
];

vectorSuite('nft byte vectors (issue 8 expressions)', HEAD, cases);
