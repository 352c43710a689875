// Name ↔ number tables for nft vocabulary. Kernel numbers come from the addon (UAPI headers).
import { native } from '../native.js';
import type { CtState, Hook, L4Protocol, NftFamily } from './types.js';

export const K = native.nftConstants as Record<string, number>;
const k = (name: string): number => {
  const v = K[name];
  if (v === undefined) throw new Error(`internal: addon lacks constant ${name}`);
  return v;
};

export const FAMILIES: Record<NftFamily, number> = {
  ip: k('NFPROTO_IPV4'), ip6: k('NFPROTO_IPV6'), inet: k('NFPROTO_INET'),
  arp: k('NFPROTO_ARP'), bridge: k('NFPROTO_BRIDGE'), netdev: k('NFPROTO_NETDEV'),
};
export const familyName = (n: number): NftFamily =>
  (Object.keys(FAMILIES) as NftFamily[]).find((f) => FAMILIES[f] === n) ?? (String(n) as NftFamily);

export const HOOKS: Record<Hook, number> = {
  prerouting: k('NF_INET_PRE_ROUTING'), input: k('NF_INET_LOCAL_IN'), forward: k('NF_INET_FORWARD'),
  output: k('NF_INET_LOCAL_OUT'), postrouting: k('NF_INET_POST_ROUTING'), ingress: k('NF_INET_INGRESS'),
};
export const hookName = (family: NftFamily, n: number): Hook | undefined => {
  if (family === 'netdev') return n === k('NF_NETDEV_INGRESS') ? 'ingress' : undefined;
  return (Object.keys(HOOKS) as Hook[]).find((h) => HOOKS[h] === n);
};

export const PROTOCOLS: Record<L4Protocol, number> = {
  tcp: k('IPPROTO_TCP'), udp: k('IPPROTO_UDP'), sctp: k('IPPROTO_SCTP'), dccp: k('IPPROTO_DCCP'),
  udplite: k('IPPROTO_UDPLITE'), icmp: k('IPPROTO_ICMP'), icmpv6: k('IPPROTO_ICMPV6'),
  gre: k('IPPROTO_GRE'), esp: k('IPPROTO_ESP'),
};
/** Protocols whose header starts with 16-bit source and destination ports. */
export const PORT_PROTOCOLS = new Set<L4Protocol>(['tcp', 'udp', 'sctp', 'dccp', 'udplite']);

export const CT_STATES: Record<CtState, number> = {
  invalid: k('NF_CT_STATE_INVALID_BIT'), established: k('NF_CT_STATE_ESTABLISHED_BIT'),
  related: k('NF_CT_STATE_RELATED_BIT'), new: k('NF_CT_STATE_NEW_BIT'), untracked: k('NF_CT_STATE_UNTRACKED_BIT'),
};

// ct status bits (linux/netfilter/nf_conntrack_common.h, enum ip_conntrack_status).
export const CT_STATUS: Record<string, number> = {
  expected: 1 << 0, 'seen-reply': 1 << 1, assured: 1 << 2, confirmed: 1 << 3, snat: 1 << 4, dnat: 1 << 5, dying: 1 << 9,
};
// Route types (linux/rtnetlink.h RTN_*) as `fib … type` prints them.
export const FIB_TYPES: Record<string, number> = {
  unspec: 0, unicast: 1, local: 2, broadcast: 3, anycast: 4, multicast: 5, blackhole: 6, unreachable: 7, prohibit: 8,
};
// ICMP / ICMPv6 types as nft names them (linux/icmp.h, linux/icmpv6.h).
export const ICMP_TYPES: Record<string, number> = {
  'echo-reply': 0, 'destination-unreachable': 3, 'source-quench': 4, redirect: 5, 'echo-request': 8, 'router-advertisement': 9,
  'router-solicitation': 10, 'time-exceeded': 11, 'parameter-problem': 12, 'timestamp-request': 13, 'timestamp-reply': 14,
  'info-request': 15, 'info-reply': 16, 'address-mask-request': 17, 'address-mask-reply': 18,
};
export const ICMPV6_TYPES: Record<string, number> = {
  'destination-unreachable': 1, 'packet-too-big': 2, 'time-exceeded': 3, 'parameter-problem': 4, 'echo-request': 128, 'echo-reply': 129,
  'mld-listener-query': 130, 'mld-listener-report': 131, 'mld-listener-done': 132, 'nd-router-solicit': 133, 'nd-router-advert': 134,
  'nd-neighbor-solicit': 135, 'nd-neighbor-advert': 136, 'nd-redirect': 137, 'router-renumbering': 138, 'ind-neighbor-solicit': 141,
  'ind-neighbor-advert': 142, 'mld2-listener-report': 143,
};
// TCP header flags (the byte at offset 13).
export const TCP_FLAGS: Record<string, number> = { fin: 0x01, syn: 0x02, rst: 0x04, psh: 0x08, ack: 0x10, urg: 0x20, ecn: 0x40, cwr: 0x80 };
// Packet types (linux/if_packet.h PACKET_*).
export const PKT_TYPES: Record<string, number> = { host: 0, broadcast: 1, multicast: 2, other: 3 };
// syslog levels as `log level` names them.
export const LOG_LEVELS: Record<string, number> = { emerg: 0, alert: 1, crit: 2, err: 3, warn: 4, notice: 5, info: 6, debug: 7 };
export const LIMIT_UNITS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800 };
// Reject codes nft names (icmp: ICMP_*; icmpv6: ICMPV6_*; icmpx: NFT_REJECT_ICMPX_*).
export const REJECT_CODES: Record<'icmp' | 'icmpv6' | 'icmpx', Record<string, number>> = {
  icmp: { 'net-unreachable': 0, 'host-unreachable': 1, 'prot-unreachable': 2, 'port-unreachable': 3, 'net-prohibited': 9, 'host-prohibited': 10, 'admin-prohibited': 13 },
  icmpv6: { 'no-route': 0, 'admin-prohibited': 1, 'addr-unreachable': 3, 'port-unreachable': 4, 'policy-fail': 5, 'reject-route': 6 },
  icmpx: { 'no-route': 0, 'port-unreachable': 1, 'host-unreachable': 2, 'admin-prohibited': 3 },
};

export const REG_VERDICT = k('NFT_REG_VERDICT');
export const REG_1 = k('NFT_REG_1');
export const NETWORK = k('NFT_PAYLOAD_NETWORK_HEADER');
export const TRANSPORT = k('NFT_PAYLOAD_TRANSPORT_HEADER');
export const LINK = k('NFT_PAYLOAD_LL_HEADER');
// Interface hardware types (linux/if_arp.h ARPHRD_*) as `meta iiftype` names them.
export const IF_TYPES: Record<string, number> = { ether: 1, ppp: 512, ipip: 768, ipip6: 769, loopback: 772, sit: 776, ipgre: 778 };
// Ethernet protocol types (linux/if_ether.h ETH_P_*) as `ether type` names them.
export const ETHER_TYPES: Record<string, number> = { ip: 0x0800, arp: 0x0806, ip6: 0x86dd, '8021q': 0x8100, '8021ad': 0x88a8, vlan: 0x8100 };
// fib lookup inputs (NFTA_FIB_F_*), in the order nft prints them (`fib saddr . mark . iif`).
export const FIB_LOOKUP: Record<string, number> = { saddr: k('NFTA_FIB_F_SADDR'), daddr: k('NFTA_FIB_F_DADDR'), mark: k('NFTA_FIB_F_MARK'), iif: k('NFTA_FIB_F_IIF'), oif: k('NFTA_FIB_F_OIF') };
export const CMP = { eq: k('NFT_CMP_EQ'), neq: k('NFT_CMP_NEQ'), lt: k('NFT_CMP_LT'), lte: k('NFT_CMP_LTE'), gt: k('NFT_CMP_GT'), gte: k('NFT_CMP_GTE') };
export const META = { iifname: k('NFT_META_IIFNAME'), oifname: k('NFT_META_OIFNAME'), l4proto: k('NFT_META_L4PROTO'), mark: k('NFT_META_MARK'), nfproto: k('NFT_META_NFPROTO') };
export const VERDICT = { accept: k('NF_ACCEPT'), drop: k('NF_DROP'), return: k('NFT_RETURN'), jump: k('NFT_JUMP'), goto: k('NFT_GOTO'), continue: k('NFT_CONTINUE') };
export const NAT_FLAGS = {
  mapIps: k('NF_NAT_RANGE_MAP_IPS'), protoSpecified: k('NF_NAT_RANGE_PROTO_SPECIFIED'), random: k('NF_NAT_RANGE_PROTO_RANDOM'),
  persistent: k('NF_NAT_RANGE_PERSISTENT'), fullyRandom: k('NF_NAT_RANGE_PROTO_RANDOM_FULLY'),
};

/** Address layout of the IPv4/IPv6 header: offsets of saddr/daddr, address length. */
export const ADDR = {
  4: { saddr: 12, daddr: 16, len: 4, nfproto: k('NFPROTO_IPV4') },
  6: { saddr: 8, daddr: 24, len: 16, nfproto: k('NFPROTO_IPV6') },
} as const;
