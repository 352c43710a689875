// Name ↔ number tables for nft vocabulary. Kernel numbers come from the addon (UAPI headers).
import { native } from '../native.js';
import type { CtState, Hook, L4Protocol, NftFamily, PriorityName } from './types.js';

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

// nft's standard priority names (nft(8), "CHAINS"); values for ip, ip6 and inet.
export const PRIORITIES: Record<PriorityName, number> = {
  raw: -300, mangle: -150, dstnat: -100, filter: 0, security: 50, srcnat: 100,
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

// nft's datatype ids for set keys (nftables src/datatype.h; stored in NFTA_SET_KEY_TYPE so
// `nft list` can print the elements). Not kernel constants: the kernel keeps them opaquely.
export const SET_KEY_TYPES = { ipv4_addr: { id: 7, len: 4 }, ipv6_addr: { id: 8, len: 16 }, inet_service: { id: 13, len: 2 } } as const;

export const REG_VERDICT = k('NFT_REG_VERDICT');
export const REG_1 = k('NFT_REG_1');
export const NETWORK = k('NFT_PAYLOAD_NETWORK_HEADER');
export const TRANSPORT = k('NFT_PAYLOAD_TRANSPORT_HEADER');
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
