import type { NetnsRef } from '../netns/ref.js';

/** An interface name or an ifindex. A name costs nothing extra: the kernel resolves it. */
export type LinkRef = string | number;
export type LinkKind = 'veth' | 'bridge' | 'macvlan' | 'vxlan' | 'tun' | 'tap' | 'loopback' | 'device' | (string & {});

export interface LinkStats {
  rxPackets: number; txPackets: number; rxBytes: number; txBytes: number;
  rxErrors: number; txErrors: number; rxDropped: number; txDropped: number;
  multicast: number; collisions: number;
}

/** An attribute netlinkts does not decode, kept as the kernel sent it. */
export interface RawAttribute { type: number; nested?: boolean; data: Buffer }

/** Kind-specific data (IFLA_INFO_DATA) that netlinkts decodes; the rest is in `raw`. */
export interface LinkInfo {
  stpState?: number; forwardDelay?: number; vlanFiltering?: number;  // bridge
  ageingTime?: number; vlanDefaultPvid?: number; mcastSnooping?: number; // bridge
  macvlanMode?: number;                                               // macvlan
  vni?: number; port?: number; remote?: string; local?: string; underlay?: number; ttl?: number; learning?: number; // vxlan (geneve, tunnels: vni/port/remote/local/ttl too)
  vlanId?: number; vlanProtocol?: number;                                 // vlan (protocol 0x8100 / 0x88a8)
  ipvlanMode?: number; ipvlanFlags?: number;                              // ipvlan, ipvtap
  vrfTable?: number;                                                      // vrf
  bondMode?: number; miimon?: number; updelay?: number; downdelay?: number; minLinks?: number; xmitHashPolicy?: number; lacpRate?: number; // bond
  tos?: number; pmtudisc?: number; ikey?: number; okey?: number;          // gre/ipip families
  raw?: RawAttribute[];
}

export interface Link {
  index: number;
  name: string;
  kind: LinkKind | null;
  up: boolean;
  operState: 'up' | 'down' | 'unknown' | 'lowerlayerdown' | 'notpresent' | 'testing' | 'dormant' | (string & {});
  /** 'UP','BROADCAST','LOWER_UP',… as `ip link` prints them (including NO-CARRIER). */
  flags: string[];
  mtu: number;
  address: string | null;
  broadcast: string | null;
  /** ifindex of the bridge (or bond) this link is enslaved to. */
  master: number | null;
  /** IFLA_LINK: for a veth, the peer's ifindex (in the peer's namespace). */
  link: number | null;
  /** IFLA_LINK_NETNSID: set when the peer/parent lives in another namespace. */
  linkNetnsId: number | null;
  txqlen: number;
  alias: string | null;
  stats?: LinkStats;
  /** ARPHRD_* hardware type. */
  type: number;
  group: number;
  minMtu?: number;
  maxMtu?: number;
  promiscuity?: number;
  carrier?: boolean;
  slaveKind?: string;
  info?: LinkInfo;
  /** Alternative names (ip link property add … altname). */
  altnames?: string[];
  /** Attributes not decoded above, as received. */
  raw: RawAttribute[];
}

/** Settings shared by every kind at creation. */
export interface CommonLinkOptions {
  name: string;
  mtu?: number;
  address?: string;
  up?: boolean;
  master?: LinkRef;
  txqlen?: number;
  alias?: string;
  /** Create the link directly inside this namespace. */
  netns?: NetnsRef;
  /** ip link add … promisc on|off */
  promisc?: boolean;
  /** ip link add … allmulticast on|off */
  allmulti?: boolean;
  /** ip link add … arp on|off (false sets NOARP) */
  arp?: boolean;
}

export interface VethSpec extends CommonLinkOptions {
  kind: 'veth';
  peer: { name: string; netns?: NetnsRef; mtu?: number; address?: string; up?: boolean };
}
export interface BridgeSpec extends CommonLinkOptions {
  kind: 'bridge';
  stp?: boolean;
  /** In centiseconds, as the kernel takes it (ip link … forward_delay). */
  forwardDelay?: number;
  vlanFiltering?: boolean;
  /** FDB entry lifetime in centiseconds (ip link … ageing_time). */
  ageingTime?: number;
  /** PVID given to new ports when VLAN filtering is on, 1..4094. */
  vlanDefaultPvid?: number;
  /** IGMP/MLD snooping (default on). */
  mcastSnooping?: boolean;
}
export type MacvlanMode = 'private' | 'vepa' | 'bridge' | 'passthru' | 'source';
export interface MacvlanSpec extends CommonLinkOptions {
  /** macvtap: the same, plus a /dev/tapN character device (ip link add … type macvtap). */
  kind: 'macvlan' | 'macvtap';
  parent: LinkRef;
  mode?: MacvlanMode;
}
export interface VxlanSpec extends CommonLinkOptions {
  kind: 'vxlan';
  vni: number;
  remote?: string;
  group?: string;
  local?: string;
  /** UDP destination port; the kernel's default is 8472, IANA's 4789. */
  port?: number;
  dev?: LinkRef;
  ttl?: number;
  learning?: boolean;
}
export interface TunSpec {
  kind: 'tun' | 'tap';
  name: string;
  mtu?: number;
  address?: string;
  up?: boolean;
  master?: LinkRef;
  owner?: number;
  group?: number;
  multiQueue?: boolean;
  /** Keep the device after the creating fd closes (default true, as `ip tuntap add`). */
  persist?: boolean;
}
/** Kinds without kind data: dummy, ifb, wireguard (configured over genetlink, later). */
export interface PlainKindSpec extends CommonLinkOptions { kind: 'dummy' | 'ifb' | 'wireguard' }
/** ip link add link PARENT name N type vlan [protocol 802.1q|802.1ad] id ID */
export interface VlanSpec extends CommonLinkOptions { kind: 'vlan'; parent: LinkRef; id: number; protocol?: '802.1q' | '802.1ad' }
/** ip link add link PARENT name N type ipvlan|ipvtap mode l2|l3|l3s [bridge|private|vepa] */
export interface IpvlanSpec extends CommonLinkOptions {
  kind: 'ipvlan' | 'ipvtap'; parent: LinkRef; mode?: 'l2' | 'l3' | 'l3s'; flags?: 'bridge' | 'private' | 'vepa';
}
/** ip link add N type vrf table T */
export interface VrfSpec extends CommonLinkOptions { kind: 'vrf'; table: number }
/** ip link add N type bond [mode M] [miimon MS] [updelay MS] [downdelay MS] [min_links N] [xmit_hash_policy P] [lacp_rate R]; enslave with setLinkMaster. */
export interface BondSpec extends CommonLinkOptions {
  kind: 'bond';
  mode?: 'balance-rr' | 'active-backup' | 'balance-xor' | 'broadcast' | '802.3ad' | 'balance-tlb' | 'balance-alb';
  miimon?: number; updelay?: number; downdelay?: number; minLinks?: number;
  xmitHashPolicy?: 'layer2' | 'layer3+4' | 'layer2+3' | 'encap2+3' | 'encap3+4' | 'vlan_srcmac';
  lacpRate?: 'slow' | 'fast';
}
/** ip link add N type gre|gretap|ipip|sit|ip6tnl|ip6gre [local L] [remote R] [ttl T] [tos T] [key K] [nopmtudisc] */
export interface TunnelSpec extends CommonLinkOptions {
  kind: 'gre' | 'gretap' | 'ipip' | 'sit' | 'ip6tnl' | 'ip6gre';
  local?: string; remote?: string; ttl?: number; tos?: number;
  /** gre, gretap, ip6gre: one key both ways (ip's `key K`). */
  key?: number;
  /** IPv4 tunnels: path MTU discovery (default true). */
  pmtudisc?: boolean;
}
/** ip link add N type geneve id VNI remote R [dstport P] [ttl T] [tos T] */
export interface GeneveSpec extends CommonLinkOptions { kind: 'geneve'; id: number; remote: string; port?: number; ttl?: number; tos?: number }
export type LinkSpec = VethSpec | BridgeSpec | MacvlanSpec | VxlanSpec | TunSpec | PlainKindSpec | VlanSpec | IpvlanSpec | VrfSpec
  | BondSpec | TunnelSpec | GeneveSpec;

export interface LinkChange {
  up?: boolean;
  mtu?: number;
  address?: string;
  /** null releases the link from its master (brctl delif / ip link set X nomaster). */
  master?: LinkRef | null;
  name?: string;
  alias?: string;
  txqlen?: number;
  netns?: NetnsRef;
  group?: number;
  /** ip link set … promisc on|off */
  promisc?: boolean;
  /** ip link set … allmulticast on|off */
  allmulti?: boolean;
  /** ip link set … arp on|off */
  arp?: boolean;
}
