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
