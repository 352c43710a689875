import type { NetnsRef } from '../netns/ref.js';

/** An interface name or an ifindex. A name costs nothing extra: the kernel resolves it. */
export type LinkRef = string | number;
/** The link's kind (IFLA_INFO_KIND) as `ip -d link` prints it; 'device' for one without a kind. */
export type LinkKind = 'veth' | 'bridge' | 'macvlan' | 'vxlan' | 'tun' | 'tap' | 'loopback' | 'device' | (string & {});

/** Interface counters (IFLA_STATS64), as `ip -s link` prints them. */
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
  macvlanMode?: number;                                               // macvlan
  vni?: number; port?: number; remote?: string; local?: string; underlay?: number; ttl?: number; learning?: number; // vxlan
  raw?: RawAttribute[];
}

/** A link as listed: what `ip -j -d link show` reports, with camelCase names. */
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
}

/** createLink spec for a veth pair: `ip link add NAME type veth peer name PEER [netns NS]`. */
export interface VethSpec extends CommonLinkOptions {
  kind: 'veth';
  peer: { name: string; netns?: NetnsRef; mtu?: number; address?: string; up?: boolean };
}
/** createLink spec for a bridge: `ip link add NAME type bridge [stp_state 1] [forward_delay N] [vlan_filtering 1]`. */
export interface BridgeSpec extends CommonLinkOptions {
  kind: 'bridge';
  stp?: boolean;
  /** In centiseconds, as the kernel takes it (ip link … forward_delay). */
  forwardDelay?: number;
  vlanFiltering?: boolean;
}
/** macvlan mode, as `ip link add … type macvlan mode MODE` takes it. */
export type MacvlanMode = 'private' | 'vepa' | 'bridge' | 'passthru' | 'source';
/** createLink spec for a macvlan on `parent`: `ip link add NAME link PARENT type macvlan mode MODE`. */
export interface MacvlanSpec extends CommonLinkOptions {
  kind: 'macvlan';
  parent: LinkRef;
  mode?: MacvlanMode;
}
/** createLink spec for a VXLAN device: `ip link add NAME type vxlan id VNI [remote R|group G] [local L] [dstport P] [dev D]`. */
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
/** createLink spec for a persistent tun/tap device: `ip tuntap add NAME mode tun|tap [user U] [group G] [multi_queue]`. */
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
/** What createLink takes: one spec per kind, discriminated on `kind`. */
export type LinkSpec = VethSpec | BridgeSpec | MacvlanSpec | VxlanSpec | TunSpec;

/** What setLink changes: the arguments of `ip link set DEV up|down mtu N address A master M name N alias A txqlen N netns NS group G`. */
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
}
