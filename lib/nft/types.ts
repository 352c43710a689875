// nftables objects as netlinkts shows them: what you ask for (…Spec) and what lists back.
import type { NativeNftExpr } from '../../typings/nft.js';

/** An nftables address family: `nft add table FAMILY NAME`. */
export type NftFamily = 'ip' | 'ip6' | 'inet' | 'arp' | 'bridge' | 'netdev';
export type Hook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting' | 'ingress';
/**
 * nft's named priorities: ip/ip6/inet raw -300, mangle -150, dstnat -100, filter 0, security 50, srcnat 100
 * (arp/netdev: filter 0); bridge dstnat -300, filter -200, out 100, srcnat 300.
 */
export type PriorityName = 'raw' | 'mangle' | 'dstnat' | 'filter' | 'security' | 'srcnat' | 'out';
export type CtState = 'invalid' | 'established' | 'related' | 'new' | 'untracked';
export type L4Protocol = 'tcp' | 'udp' | 'sctp' | 'dccp' | 'udplite' | 'icmp' | 'icmpv6' | 'gre' | 'esp';
/** A port or an inclusive port range [from, to]. */
export type PortSpec = number | [number, number];

/** A raw nf_tables expression (what nft --debug=netlink shows), for anything the typed match cannot say. */
export type Expr = NativeNftExpr;

/** A table to add: `nft add table FAMILY NAME [{ flags dormant; comment … }]`. */
export interface TableSpec { family: NftFamily; name: string; dormant?: boolean; comment?: string }
/** A table as listed (`nft -j list tables`), with its handle. */
export interface Table { family: NftFamily; name: string; handle: number; flags: number; use: number; comment?: string }

/** A chain to add: `nft add chain FAMILY TABLE NAME { type T hook H priority P; policy P; }` (regular chain without type/hook). */
export interface ChainSpec {
  family: NftFamily; table: string; name: string;
  /** Base chains: type + hook (+ priority, default 0). Without them: a regular chain (jump target). */
  type?: 'filter' | 'nat' | 'route';
  hook?: Hook;
  /** A number, a name for the table's family, or `dstnat + 10` / `mangle - 5` as nft writes it. */
  priority?: number | PriorityName | `${PriorityName} ${'+' | '-'} ${number}`;
  policy?: 'accept' | 'drop';
  /** netdev ingress device. */
  device?: string;
  comment?: string;
}
/** A chain as listed (`nft -j list chains`), with its handle. */
export interface Chain {
  family: NftFamily; table: string; name: string; handle: number;
  type?: string; hook?: Hook; priority?: number; policy?: 'accept' | 'drop'; device?: string; comment?: string;
  /** The priority as nft prints it (`filter`, `dstnat + 10`) where nft uses a name for this family and hook. */
  priorityName?: string;
}

/** A named set reference: '@allowed' (a lookup in the named set). */
export type SetRef = `@${string}`;
/** `!=`: the negated comparison (or `!= @set`: not in the set, `!= 1000-2000`: outside the range). */
export type Not<T> = { not: T };
/** Ordering comparisons nft writes as `<`, `>`, `<=`, `>=` (values compared in network byte order). */
export type Ordered<T> = { lt: T } | { gt: T } | { lte: T } | { gte: T };
/** A value, its negation or an ordering comparison. */
export type Rel<T> = T | Not<T> | Ordered<T>;
/** A 32-bit value, optionally masked first: `meta mark & 0x2000 == 0x2000` is { and: 0x2000, value: 0x2000 }. */
export type MaskedValue = Rel<number> | { and: number; value: number | Not<number> };
/** A TCP header flag, as nft names it (`tcp flags syn`). */
export type TcpFlag = 'fin' | 'syn' | 'rst' | 'psh' | 'ack' | 'urg' | 'ecn' | 'cwr';
export type FibAddrType = 'unspec' | 'unicast' | 'local' | 'broadcast' | 'anycast' | 'multicast' | 'blackhole' | 'unreachable' | 'prohibit';
export type PktType = 'host' | 'broadcast' | 'multicast' | 'other';
export type CtStatus = 'expected' | 'seen-reply' | 'assured' | 'confirmed' | 'snat' | 'dnat' | 'dying';

/**
 * Typed match; keys are emitted in the order given, as nft does with a rule's statements.
 * Every key lists back exactly: a rule whose expressions cannot be described exactly keeps them
 * in `unknown` (rule zero: a listing is never wrong).
 */
export interface Match {
  /** '172.18.0.0/24', '10.0.0.1', '2001:db8::/64', '@setname' (lookup in a named set); { not: … } for `!=`. */
  saddr?: string | Not<string>;
  daddr?: string | Not<string>;
  /** `ip6 saddr` / `ip6 daddr` explicitly: needed for set lookups in inet tables (saddr '@s' there is `ip saddr @s`). */
  saddr6?: string | Not<string>;
  daddr6?: string | Not<string>;
  /** Interface name; a trailing '*' matches a prefix ('eth*'); { not: 'eth0' } for `!=`. */
  iifname?: string | Not<string>;
  oifname?: string | Not<string>;
  /** A set lookup on a concatenation: `ip saddr . meta l4proto . th dport @flows`. */
  concat?: { key: VmapKey[]; set: SetRef | Not<SetRef> };
  /** meta l4proto (the transport protocol, any IP version); also the dependency of ports. */
  protocol?: L4Protocol | SetRef | Not<SetRef>;
  sport?: Rel<PortSpec> | SetRef | Not<SetRef>;
  dport?: Rel<PortSpec> | SetRef | Not<SetRef>;
  /** `th sport` / `th dport`: the transport header's ports without a protocol check (as kube-proxy writes). */
  thSport?: Rel<PortSpec> | SetRef | Not<SetRef>;
  thDport?: Rel<PortSpec> | SetRef | Not<SetRef>;
  /** `ip protocol` (IPv4 header field; not the same expression as meta l4proto). */
  ipProtocol?: L4Protocol | Not<L4Protocol>;
  /** `ip6 nexthdr` (IPv6 header field). */
  nexthdr?: L4Protocol | Not<L4Protocol>;
  /** `ip ttl` / `ip6 hoplimit`. */
  ttl?: Rel<number>;
  hoplimit?: Rel<number>;
  /** `meta nfproto ipv4|ipv6` written explicitly (inet tables). */
  nfproto?: 'ipv4' | 'ipv6';
  ctState?: CtState[];
  /** `ct status dnat` (any of the bits). */
  ctStatus?: CtStatus[];
  ctDirection?: 'original' | 'reply';
  ctMark?: MaskedValue;
  ctZone?: Rel<number>;
  /** `meta mark`. */
  mark?: MaskedValue;
  /** `meta iif` / `meta oif` by interface index. */
  iif?: Rel<number>;
  oif?: Rel<number>;
  skuid?: Rel<number>;
  skgid?: Rel<number>;
  pkttype?: PktType | Not<PktType>;
  /** `icmp type echo-request` / `icmpv6 type nd-neighbor-solicit` (name or number; needs protocol icmp / icmpv6). */
  icmpType?: string | number | Not<string | number> | SetRef;
  icmpv6Type?: string | number | Not<string | number> | SetRef;
  /**
   * `tcp flags`: ['syn', 'ack'] is `tcp flags == syn|ack`; { and: ['syn', 'rst'], value: ['syn'] } is
   * `tcp flags & (syn|rst) == syn` (value [] or { not: [] } for == 0 / != 0). Needs protocol 'tcp'.
   */
  tcpFlags?: TcpFlag[] | Not<TcpFlag[]> | { and: TcpFlag[]; value: TcpFlag[] | Not<TcpFlag[]> };
  /** `fib daddr type local` (and `!= local`). */
  fibDaddrType?: FibAddrType | Not<FibAddrType>;
  /** `fib saddr . iif oif missing` (reverse path filter): true = missing, false = exists. */
  fibSaddrIifOifMissing?: boolean;
  /**
   * Any other fib lookup: `fib daddr oif missing` is { lookup: ['daddr'], result: 'oif', missing: true },
   * `fib daddr . iif type != local` is { lookup: ['daddr', 'iif'], result: 'type', value: { not: 'local' } }.
   */
  fib?: FibMatch;
  /** `ct original ip saddr 10.0.0.1`, `ct reply ip6 daddr 2001:db8::/64` (the address picks ip or ip6); { not } for `!=`. */
  ctOriginalSaddr?: string | Not<string>;
  ctOriginalDaddr?: string | Not<string>;
  ctReplySaddr?: string | Not<string>;
  ctReplyDaddr?: string | Not<string>;
  /** `ct original proto-dst 80` (needs match.protocol, as nft needs `meta l4proto tcp` before it). */
  ctOriginalProtoSrc?: Rel<PortSpec>;
  ctOriginalProtoDst?: Rel<PortSpec>;
  ctReplyProtoSrc?: Rel<PortSpec>;
  ctReplyProtoDst?: Rel<PortSpec>;
  /** `ct count 10` (at most 10 connections) / `ct count over 10` (connlimit). */
  ctCount?: number | { over: number };
  /** `meta iiftype ether` / `meta oiftype loopback` (ARPHRD_* type of the interface; name or number). */
  iiftype?: IfType | number | Not<IfType | number>;
  oiftype?: IfType | number | Not<IfType | number>;
  /** `ether saddr 02:00:00:00:00:01` / `ether daddr @macs` (outside bridge tables nft checks `meta iiftype ether` first). */
  etherSaddr?: string | Not<string>;
  etherDaddr?: string | Not<string>;
  /** `ether type ip` (name or number). */
  etherType?: EtherType | number | Not<EtherType | number>;
  /** `vlan id 10` / `vlan type ip` (nft checks `ether type 8021q` first in bridge tables, `meta iiftype ether` + `ether type 8021q` elsewhere). */
  vlanId?: Rel<number>;
  vlanType?: EtherType | number | Not<EtherType | number>;
}
/** Interface hardware types as nft names them (`meta iiftype`). */
export type IfType = 'ether' | 'ppp' | 'ipip' | 'ipip6' | 'loopback' | 'sit' | 'ipgre';
/** Ethernet protocol types as nft names them (`ether type`). */
export type EtherType = 'ip' | 'arp' | 'ip6' | '8021q' | '8021ad' | 'vlan';
/** What a fib lookup uses and returns (`fib daddr . iif type`). */
export type FibMatch = { lookup: ('saddr' | 'daddr' | 'mark' | 'iif' | 'oif')[] } & (
  | { result: 'type'; value: FibAddrType | Not<FibAddrType> }
  /** result oif: missing (no route) or exists. */
  | { result: 'oif'; missing: boolean });
/**
 * A value looked up in a named data map by a key built from the packet: `ip saddr map @markmap`
 * is { map: { key: 'ip saddr', set: '@markmap' } } (the element's data is the value).
 */
export interface MapValue { map: { key: VmapKey | VmapKey[]; set: SetRef } }

/** A value written into meta mark / ct mark: a constant, or another mark combined bitwise. */
export type MarkValue = number | { from: 'mark' | 'ctMark'; or?: number; and?: number; xor?: number } | MapValue;
/** The `log` statement's options: prefix, syslog level, or an nflog group (with snaplen and queue threshold). */
export interface LogSpec { prefix?: string; level?: 'emerg' | 'alert' | 'crit' | 'err' | 'warn' | 'notice' | 'info' | 'debug'; group?: number; snaplen?: number; queueThreshold?: number }
/** The `limit rate [over] N/UNIT [burst B packets|bytes]` statement. */
export interface LimitSpec { rate: number; per: 'second' | 'minute' | 'hour' | 'day' | 'week'; burst?: number; unit?: 'packets' | 'bytes'; over?: boolean }
/** Statements that do not end the rule, in the order given (after the match, before counter and action). */
export type Statement =
  | { setMark: MarkValue } | { setCtMark: MarkValue }
  | { log: LogSpec } | { limit: LimitSpec }
  | { counterRef: string } | { quotaRef: string } | { limitRef: string }
  /** `ct helper set "NAME"` / `ct timeout set "NAME"`: attach a named ct helper / ct timeout object. */
  | { setCtHelper: string } | { setCtTimeout: string }
  | { counter: true } | { notrack: true }
  /** `ct zone set N`. */
  | { setCtZone: number }
  /** `tcp option maxseg size set N` (clamp the MSS of SYN packets); 'rt mtu': `… set rt mtu` (the route's MSS). */
  | { setTcpMss: number | 'rt mtu' }
  /** `update @set { KEY [timeout T] }` / `add @set { KEY }`: the packet path adds (or refreshes) an element. */
  | { updateSet: DynsetSpec } | { addSet: DynsetSpec };
/** What `update @set { KEY [timeout T] }` / `add @set { KEY }` writes: the set and the key built from the packet. */
export interface DynsetSpec {
  set: SetRef; key: VmapKey | VmapKey[]; /** element timeout, milliseconds */ timeout?: number;
  /** `add @m { ip saddr ct count over 20 }`: a connection limit per element (one of ctCount, limit). */
  ctCount?: number | { over: number };
  /** `update @m { ip saddr limit rate 10/second }`: a rate limit per element (a meter). */
  limit?: LimitSpec;
}

export interface NatFlags { random?: boolean; fullyRandom?: boolean; persistent?: boolean }
/** Where snat/dnat translate to: an address or range (or one from a map), a port or range, and the NAT flags. */
export interface NatTarget extends NatFlags {
  /** An address, an inclusive range [from, to], or the address a map gives (`dnat to ip daddr map @m`). */
  addr?: string | [string, string] | MapValue;
  /** A port or range; 'map' when addr is a map whose data is address . port (`type … : ipv4_addr . inet_service`). */
  port?: PortSpec | 'map';
  /** With a map as addr: the address family of its data (`dnat ip to …`); default the table's (required in inet tables). */
  addrFamily?: 'ip' | 'ip6';
}
/** What a rule does: accept, drop, return, jump/goto, masquerade, snat, dnat, redirect — as in `nft add rule … ACTION`. */
export type Action =
  | 'accept' | 'drop' | 'return'
  | { jump: string } | { goto: string }
  | { masquerade: NatFlags & { port?: PortSpec } }
  | { snat: NatTarget } | { dnat: NatTarget }
  | { redirect: NatFlags & { port?: PortSpec } }
  /** `reject` (default), `reject with tcp reset`, `reject with icmp|icmpv6|icmpx type N`. */
  | { reject: { with?: 'tcp reset' | { icmp: number | string } | { icmpv6: number | string } | { icmpx: number | string } } }
  /** `KEY vmap @map`: the verdict comes from a named verdict map keyed by one selector. */
  | { vmap: { key: VmapKey | VmapKey[]; map: SetRef } };
/** Selectors usable as (concatenated) map keys. */
export type VmapKey = 'ip saddr' | 'ip daddr' | 'ip6 saddr' | 'ip6 daddr' | 'meta l4proto' | 'th dport' | 'th sport' |
  'tcp dport' | 'udp dport' | 'meta mark' | 'ct mark' | 'iifname' | 'oifname' | { numgen: { mod: number; offset?: number; random?: boolean } };

/** A rule to add: `nft add rule FAMILY TABLE CHAIN MATCH… [counter] ACTION [comment "…"]`. */
export interface RuleSpec {
  family: NftFamily; table: string; chain: string;
  match?: Match;
  action?: Action;
  counter?: boolean;
  /** Statements between the match and counter/action (`meta mark set …`, `log`, `limit`, …). */
  statements?: Statement[];
  /** Stored in the rule's userdata the way nft does, so `nft list ruleset` shows it. */
  comment?: string;
  /** Raw expressions appended after the typed match (before statements, counter and action). */
  exprs?: Expr[];
}

/** A rule as listed (`nft -a -j list chain …`): typed match and action, its handle, counters and every raw expression. */
export interface Rule {
  family: NftFamily; table: string; chain: string; handle: number;
  match: Match;
  action?: Action;
  counter?: boolean;
  statements?: Statement[];
  /** Counter values, when the rule has a counter. */
  packets?: number; bytes?: number;
  comment?: string;
  /** Expressions netlinkts could not name exactly, in order; never dropped. They sit between the
   *  typed match and the statements: { match, exprs: unknown, statements, counter, action } re-creates the rule. */
  unknown?: Expr[];
  /** Every expression exactly as the kernel reported it. */
  exprs: Expr[];
}

/** What names one rule: family, table, chain and handle (`nft delete rule FAMILY TABLE CHAIN handle N`). */
export interface RuleRef { family: NftFamily; table: string; chain: string; handle: number }

/** Key (and map data) types nft names; an array is a concatenation (`ipv4_addr . inet_proto . inet_service`). */
export type SetKeyType = 'ipv4_addr' | 'ipv6_addr' | 'inet_service' | 'inet_proto' | 'ifname' | 'ether_addr' | 'mark' |
  'icmp_type' | 'icmpv6_type' | /** 32-bit host order numbers (numgen keys) */ 'integer';
/** What a map maps to: a value type, a concatenation, or verdicts (a verdict map). */
export type SetDataType = SetKeyType | SetKeyType[] | 'verdict';
/** Set flags as nft names them (`flags interval, timeout`). */
export type SetFlag = 'interval' | 'timeout' | 'dynamic' | 'constant';
/** A value of one key field: an address/CIDR/range string, a port/mark number, a protocol or interface name. */
export type SetValue = string | number;
/** A verdict as map data. */
export type VerdictValue = 'accept' | 'drop' | 'return' | 'continue' | { jump: string } | { goto: string };
/**
 * One element: a value, a concatenation ([addr, proto, port]), or an object with per-element
 * options; maps give `value` (data or verdict).
 */
export type SetElement = SetValue | SetValue[] | {
  key: SetValue | SetValue[];
  value?: SetValue | SetValue[] | VerdictValue;
  /** Per-element timeout in milliseconds (sets with the timeout flag). */
  timeout?: number;
  comment?: string;
};
/** A named set or map (`nft add set|map FAMILY TABLE NAME { type …; flags …; elements = { … } }`). */
export interface SetSpec {
  family: NftFamily; table: string; name: string;
  type: SetKeyType | SetKeyType[];
  /** A map: the data type. */
  map?: SetDataType;
  /** Interval set: elements may be CIDRs or ranges ('10.0.0.0/8', '1000-2000'). Same as flags: ['interval']. */
  interval?: boolean;
  flags?: SetFlag[];
  /** Default element timeout in milliseconds. */
  timeout?: number;
  /** Garbage collection interval in milliseconds. */
  gcInterval?: number;
  /** Maximum number of elements. */
  size?: number;
  policy?: 'performance' | 'memory';
  comment?: string;
  elements?: SetElement[];
  /**
   * nft's set userdata exactly as listed, when it holds more than netlinkts writes itself
   * (key byte order and comment); written back verbatim.
   */
  userdata?: Buffer;
  /** An anonymous set (`{ 22, 80 }` inside a rule): listed by the kernel's name (__set0), written back as a new anonymous set. */
  anonymous?: boolean;
}
/** A listed set netlinkts cannot describe exactly: key type id, elements as hex keys; never written back. */
export interface UnknownSet { family: NftFamily; table: string; name: string; handle: number; unknown: true; keyType?: number; kernelFlags: number; elements: string[] }
/** A listed set or map: the spec's fields plus its handle and the kernel's flags. */
export interface NftSet extends Omit<SetSpec, 'type' | 'map' | 'elements'> {
  handle: number;
  /** Key type; the nft datatype id when netlinkts has no name for it. */
  type: SetKeyType | SetKeyType[] | number;
  map?: SetDataType | number;
  interval: boolean;
  /** The kernel's set flags (NFT_SET_*). */
  flags: SetFlag[];
  /** Raw NFT_SET_* flags as the kernel reports them. */
  kernelFlags: number;
  elements: SetElement[];
}

/** The whole ruleset as listed (`nft list ruleset`): tables with their chains (and rules) and sets. */
export interface Ruleset { tables: (Table & { chains: (Chain & { rules: Rule[] })[]; sets: (NftSet | UnknownSet)[];
  /** The table's named objects (counters, quotas, limits, ct helpers, ct timeouts). */
  objects: (import('./objtypes.js').NftObject | import('./objtypes.js').UnknownObject)[] })[] }
