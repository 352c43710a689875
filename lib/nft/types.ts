// nftables objects as netlinkts shows them: what you ask for (…Spec) and what lists back.
import type { NativeNftExpr } from '../../typings/nft.js';

export type NftFamily = 'ip' | 'ip6' | 'inet' | 'arp' | 'bridge' | 'netdev';
export type Hook = 'prerouting' | 'input' | 'forward' | 'output' | 'postrouting' | 'ingress';
/** nft's named priorities (ip/ip6/inet): raw -300, mangle -150, dstnat -100, filter 0, security 50, srcnat 100. */
export type PriorityName = 'raw' | 'mangle' | 'dstnat' | 'filter' | 'security' | 'srcnat';
export type CtState = 'invalid' | 'established' | 'related' | 'new' | 'untracked';
export type L4Protocol = 'tcp' | 'udp' | 'sctp' | 'dccp' | 'udplite' | 'icmp' | 'icmpv6' | 'gre' | 'esp';
/** A port or an inclusive port range [from, to]. */
export type PortSpec = number | [number, number];

/** A raw nf_tables expression (what nft --debug=netlink shows), for anything the typed match cannot say. */
export type Expr = NativeNftExpr;

export interface TableSpec { family: NftFamily; name: string; dormant?: boolean; comment?: string }
export interface Table { family: NftFamily; name: string; handle: number; flags: number; use: number; comment?: string }

export interface ChainSpec {
  family: NftFamily; table: string; name: string;
  /** Base chains: type + hook (+ priority, default 0). Without them: a regular chain (jump target). */
  type?: 'filter' | 'nat' | 'route';
  hook?: Hook;
  priority?: number | PriorityName;
  policy?: 'accept' | 'drop';
  /** netdev ingress device. */
  device?: string;
  comment?: string;
}
export interface Chain {
  family: NftFamily; table: string; name: string; handle: number;
  type?: string; hook?: Hook; priority?: number; policy?: 'accept' | 'drop'; device?: string; comment?: string;
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
  /** meta l4proto (the transport protocol, any IP version); also the dependency of ports. */
  protocol?: L4Protocol;
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
  /** `fib daddr type local` (and `!= local`). */
  fibDaddrType?: FibAddrType | Not<FibAddrType>;
  /** `fib saddr . iif oif missing` (reverse path filter): true = missing, false = exists. */
  fibSaddrIifOifMissing?: boolean;
}

/** A value written into meta mark / ct mark: a constant, or another mark combined bitwise. */
export type MarkValue = number | { from: 'mark' | 'ctMark'; or?: number; and?: number; xor?: number };
export interface LogSpec { prefix?: string; level?: 'emerg' | 'alert' | 'crit' | 'err' | 'warn' | 'notice' | 'info' | 'debug'; group?: number; snaplen?: number; queueThreshold?: number }
export interface LimitSpec { rate: number; per: 'second' | 'minute' | 'hour' | 'day' | 'week'; burst?: number; unit?: 'packets' | 'bytes'; over?: boolean }
/** Statements that do not end the rule, in the order given (after the match, before counter and action). */
export type Statement =
  | { setMark: MarkValue } | { setCtMark: MarkValue }
  | { log: LogSpec } | { limit: LimitSpec }
  | { counterRef: string } | { quotaRef: string } | { limitRef: string }
  | { counter: true } | { notrack: true };

export interface NatFlags { random?: boolean; fullyRandom?: boolean; persistent?: boolean }
export interface NatTarget extends NatFlags {
  /** An address, or an inclusive range [from, to]. */
  addr?: string | [string, string];
  port?: PortSpec;
}
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

export interface RuleRef { family: NftFamily; table: string; chain: string; handle: number }

export type SetKeyType = 'ipv4_addr' | 'ipv6_addr' | 'inet_service';
export interface SetSpec {
  family: NftFamily; table: string; name: string; type: SetKeyType;
  /** Interval set: elements may be CIDRs or ranges ('10.0.0.0/8', '1000-2000'). */
  interval?: boolean;
  elements?: (string | number)[];
}
export interface NftSet {
  family: NftFamily; table: string; name: string; handle: number; type: SetKeyType | number;
  interval: boolean; flags: number; elements: (string | number)[];
}

export interface Ruleset { tables: (Table & { chains: (Chain & { rules: Rule[] })[]; sets: NftSet[] })[] }
