// Public shapes of traffic control: qdisc, class and filter specs (what add… takes) and the
// listed objects (what list… returns: the spec's fields plus identity and statistics, so a
// listed object can be given back to add… in another namespace).
import type { LinkRef, RawAttribute } from '../link/types.js';
import type { TcHandle } from './handles.js';

/** Bytes per second, or a tc rate string: '1mbit', '100kbps', '10gbit'. */
export type Rate = number | string;
/** Bytes, or a tc size string: '32kbit', '10kb', '1mb'. */
export type Size = number | string;
/** Microseconds, or a tc time string: '400ms', '1s'. */
export type Time = number | string;

interface Placement {
  /** Where it attaches: 'root' (default), 'ingress', 'clsact', or a class like '1:10'. */
  parent?: TcHandle;
  /** Its own handle ('1:'); the kernel picks one when omitted (ingress/clsact: 'ffff:'). */
  handle?: TcHandle;
}

export interface TbfSpec extends Placement {
  kind: 'tbf';
  rate: Rate;
  /** Bucket size. */
  burst: Size;
  /** Give latency or limit: the queue holds what `rate` sends in `latency`, plus the bucket. */
  latency?: Time;
  limit?: Size;
  peakrate?: Rate;
  /** Required with peakrate (the peak bucket, usually the MTU). */
  mtu?: Size;
  mpu?: Size;
  overhead?: number;
}
export interface HtbSpec extends Placement {
  kind: 'htb';
  /** Minor id of the class unclassified traffic goes to (tc's `default 10` is hex: 0x10). */
  default?: number;
  r2q?: number;
  directQlen?: number;
}
export interface FifoSpec extends Placement { kind: 'pfifo' | 'bfifo'; /** packets (pfifo) or bytes (bfifo) */ limit?: number }
export interface IngressSpec extends Placement { kind: 'ingress' | 'clsact' }
export interface FqCodelSpec extends Placement {
  kind: 'fq_codel'; limit?: number; flows?: number; target?: Time; interval?: Time; quantum?: number; ecn?: boolean;
}
export interface NetemSpec extends Placement {
  kind: 'netem'; delay?: Time; jitter?: Time; limit?: number;
  /** Percentages 0…100. */
  loss?: number; duplicate?: number; gap?: number;
}
export interface PrioSpec extends Placement { kind: 'prio'; bands?: number; /** 16 band numbers */ priomap?: number[] }
export interface SfqSpec extends Placement { kind: 'sfq'; limit?: number; /** seconds */ perturb?: number; quantum?: number }
export interface FqSpec extends Placement {
  kind: 'fq'; limit?: number; flowLimit?: number; quantum?: number; initialQuantum?: number; maxrate?: Rate;
}
/** Any other kind: its TCA_OPTIONS payload as bytes (what listQdiscs returns for kinds it does not type). */
export interface OtherQdiscSpec extends Placement { kind: string; options?: Buffer }

/** A qdisc to add: one of the typed kinds above, or any other kind with its options as bytes. */
export type QdiscSpec = TbfSpec | HtbSpec | FifoSpec | IngressSpec | FqCodelSpec | NetemSpec | PrioSpec | SfqSpec | FqSpec | OtherQdiscSpec;

/** Basic and queue statistics of a qdisc, class or action (TCA_STATS2). */
export interface TcStats {
  bytes: number; packets: number; drops: number; overlimits: number;
  /** Bytes and packets queued (qdiscs and classes). */
  backlog?: number; qlen?: number;
}

interface Listed {
  /** ifindex of the link. */
  index: number;
  kind: string;
  handle: string;
  parent: string;
  stats?: TcStats;
  /** Attributes not decoded, as received. */
  raw?: RawAttribute[];
}
/**
 * A listed qdisc: the kind's options as numbers (rates in bytes/s, sizes in bytes, times in µs)
 * next to its identity; kinds without a typed decoder carry `options` (raw bytes).
 */
export type Qdisc = Listed & Record<string, unknown>;

export interface HtbClassSpec {
  kind: 'htb';
  /** The class's own id, '1:10'. */
  classid: TcHandle;
  /** The qdisc ('1:') or parent class ('1:1'). */
  parent: TcHandle;
  rate: Rate;
  ceil?: Rate;
  burst?: Size;
  cburst?: Size;
  prio?: number;
  quantum?: number;
  mtu?: number;
}
/** A class to add: an htb class, or any other kind with its options as bytes. */
export type ClassSpec = HtbClassSpec | { kind: string; classid: TcHandle; parent: TcHandle; options?: Buffer };
/** A listed class: its identity, classid and the kind's options decoded as numbers. */
export type TcClass = Listed & { classid: string } & Record<string, unknown>;

export type Verdict = 'pass' | 'ok' | 'drop' | 'shot' | 'pipe' | 'reclassify' | 'stolen' | 'continue';
export interface MirredAction {
  kind: 'mirred';
  /** Where the packet goes on `dev`: its egress (transmit) or its ingress (receive). */
  direction: 'egress' | 'ingress';
  action: 'redirect' | 'mirror';
  dev: LinkRef;
}
export interface GactAction { kind: 'gact'; verdict: Verdict }
export interface PoliceAction { kind: 'police'; rate: Rate; burst: Size; mtu?: Size; /** what happens above the rate (default reclassify) */ exceed?: Verdict }
/** A filter action: mirred, gact, police, or any other kind with its options as bytes. */
export type Action = MirredAction | GactAction | PoliceAction | { kind: string; options?: Buffer };
/** A listed action: the action plus its index and statistics when the kernel reports them. */
export type ListedAction = Action & { index?: number; stats?: TcStats };

/** One u32 key: (packet[off] & mask) == val, 32 bits at a 4-byte aligned offset. */
export interface U32Key { val: number; mask: number; off: number; offmask?: number }
/** An IPv4 header match for u32 (`match ip src/dst/protocol/sport/dport`); every field given must match. */
export interface U32IpMatch {
  src?: string; dst?: string;
  protocol?: number | 'tcp' | 'udp' | 'icmp';
  sport?: number; dport?: number;
}

interface FilterBase {
  /** 'ffff:' (the ingress qdisc), '1:', or clsact's 'ingress' / 'egress'. */
  parent: TcHandle;
  /** Priority (tc's pref); the kernel picks one when omitted. */
  prio?: number;
  /** 'all' (default), 'ip', 'ipv6', 'arp', '802.1q' or an ethertype. */
  protocol?: 'all' | 'ip' | 'ipv6' | 'arp' | '802.1q' | number;
  handle?: number;
  chain?: number;
  classid?: TcHandle;
  actions?: Action[];
}
export interface U32FilterSpec extends FilterBase {
  kind: 'u32';
  /** 'all' = `match u32 0 0`; an IPv4 header match; or the keys as listed. */
  match?: 'all' | { ip: U32IpMatch };
  keys?: U32Key[];
}
export interface MatchallFilterSpec extends FilterBase { kind: 'matchall'; skipHw?: boolean; skipSw?: boolean }
export interface FlowerFilterSpec extends FilterBase {
  kind: 'flower'; ipProto?: number | 'tcp' | 'udp'; srcPort?: number; dstPort?: number;
}
export interface BpfFilterSpec extends FilterBase {
  kind: 'bpf';
  /** Classic BPF: [code, jt, jf, k] per instruction (tc's `bytecode 'N,c t f k,…'`). */
  bytecode: [number, number, number, number][];
}
/** A filter to add: u32, matchall, flower, bpf, or any other kind with its options as bytes. */
export type FilterSpec = U32FilterSpec | MatchallFilterSpec | FlowerFilterSpec | BpfFilterSpec
  | (FilterBase & { kind: string; options?: Buffer });

/** A listed filter: identity, prio, protocol, handle (as text and number), chain and the kind's options. */
export type Filter = Listed & { prio: number; protocol: string | number; handle: string; handleId: number; chain?: number }
  & Record<string, unknown>;

/** A rate limit for one direction: a rate and an optional bucket size. */
export interface BandwidthLimit { rate: Rate; burst?: Size }
/** What setBandwidth limits: traffic towards and from the container, and the ifb to use. */
export interface BandwidthOptions {
  /** Traffic towards the container (leaving `ref` on the host): a tbf on ref. */
  ingress?: BandwidthLimit;
  /** Traffic from the container (arriving on `ref`): redirected to an ifb with a tbf. */
  egress?: BandwidthLimit;
  /** Name of the ifb device for egress (default `nlifb<ifindex>`). */
  ifb?: string;
}
