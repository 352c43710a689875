// Shapes of the network layer: options, attachments, and the CNI result an attach returns.
import type { NetnsRef } from '../netns/ref.js';
import type { PortMapping } from './firewall.js';

export type { PortMapping } from './firewall.js';

/** Options of BridgeNetwork.open. */
export interface BridgeNetworkOptions {
  /** Network name: letters, digits, '_', '.', '-'; at most 32 characters (it names chains and comments). */
  name: string;
  /** The bridge, created if missing. */
  bridge: string;
  /** IPv4 (or IPv6) subnet handed out, e.g. '10.89.0.0/24'. */
  subnet: string;
  /** Default: the subnet's first address. null: no gateway (no bridge address, no default route). */
  gateway?: string | null;
  /** Optional second (IPv6) subnet: the container gets one address of each. */
  subnet6?: string;
  gateway6?: string | null;
  /** Allocation range inside `subnet` (host-local rangeStart/rangeEnd). */
  rangeStart?: string;
  rangeEnd?: string;
  mtu?: number;
  /** Masquerade traffic from the subnet to anywhere but itself and multicast (default false, as ipMasq). */
  masquerade?: boolean;
  /** Drop forwarding between this network's bridge and other isolated networks' bridges. */
  isolate?: boolean;
  /** Hairpin mode on every container port (needs setBridgePort, issue #9). */
  hairpin?: boolean;
  /** Put the gateway address on the bridge (default true, as the bridge plugin's isGateway). */
  isGateway?: boolean;
  /** Give containers a default route via the gateway (default true when there is a gateway). */
  defaultRoute?: boolean;
  /** More container routes ({ dst, gw? }), as host-local's ipam.routes. */
  routes?: { dst: string; gw?: string }[];
  /** IPAM and attachment state: host-local's layout (one file per address) plus attachments/. */
  stateDir: string;
  /** Where the bridge lives; default the caller's namespace. */
  hostNetns?: NetnsRef;
  /** How long an attach/detach waits for the state directory's lock (default 60000 ms). */
  lockTimeoutMs?: number;
}

/** Options of BridgeNetwork.attach: which container, where, and what it publishes. */
export interface AttachOptions {
  /** Container id (CNI_CONTAINERID): letters, digits, '_', '.', '-'. */
  id: string;
  netns: NetnsRef;
  ifname: string;
  /** A static IPv4 (or IPv6) address from the network's range, instead of the next free one. */
  ip?: string;
  ip6?: string;
  mac?: string;
  ports?: PortMapping[];
  /** Echoed into the result (CNI dns). */
  dns?: CniDns;
}

/** An interface of a CNI result. */
export interface CniInterface { name: string; mac: string; mtu?: number; sandbox?: string }
/** An address of a CNI result (interface: index into interfaces). */
export interface CniIp { address: string; gateway?: string; interface?: number }
/** A route of a CNI result. */
export interface CniRoute { dst: string; gw?: string }
/** DNS settings of a CNI result. */
export interface CniDns { nameservers?: string[]; domain?: string; search?: string[]; options?: string[] }
/** The CNI 1.x result shape. */
export interface CniResult { cniVersion?: string; interfaces: CniInterface[]; ips: CniIp[]; routes: CniRoute[]; dns?: CniDns }

/** What attach writes before touching the kernel (write-ahead), so detach/gc can undo any step. */
export interface AttachmentRecord {
  id: string; ifname: string; network: string;
  netns: string | null;
  hostVeth: string;
  ips: string[];            // 'addr/prefix'
  ports: PortMapping[];
  /** Our nft table's handle and the port rules' handles, once added (detach deletes by handle). */
  rules?: { table: number; rules: { family: 'inet'; table: string; chain: string; handle: number }[] };
  state: 'adding' | 'ready';
  result?: CniResult;
}
