// nftables objects as netlinkts shows them: what you ask for (…Spec) and what lists back.
import type { NativeNftExpr } from '../../typings/nft.js';

/** An nftables address family: `nft add table FAMILY NAME`. */
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
  priority?: number | PriorityName;
  policy?: 'accept' | 'drop';
  /** netdev ingress device. */
  device?: string;
  comment?: string;
}
/** A chain as listed (`nft -j list chains`), with its handle. */
export interface Chain {
  family: NftFamily; table: string; name: string; handle: number;
  type?: string; hook?: Hook; priority?: number; policy?: 'accept' | 'drop'; device?: string; comment?: string;
}

/** Typed match; keys are emitted in the order given, as nft does with a rule's statements. */
export interface Match {
  /** '172.18.0.0/24', '10.0.0.1', '2001:db8::/64', or '@setname' (lookup in a named set). */
  saddr?: string;
  daddr?: string;
  /** Interface name; a trailing '*' matches a prefix ('eth*'). */
  iifname?: string;
  oifname?: string;
  protocol?: L4Protocol;
  sport?: PortSpec | `@${string}`;
  dport?: PortSpec | `@${string}`;
  ctState?: CtState[];
  mark?: number;
}

export interface NatFlags { random?: boolean; fullyRandom?: boolean; persistent?: boolean }
export interface NatTarget extends NatFlags {
  /** An address, or an inclusive range [from, to]. */
  addr?: string | [string, string];
  port?: PortSpec;
}
/** What a rule does: accept, drop, return, jump/goto, masquerade, snat, dnat, redirect — as in `nft add rule … ACTION`. */
export type Action =
  | 'accept' | 'drop' | 'return'
  | { jump: string } | { goto: string }
  | { masquerade: NatFlags & { port?: PortSpec } }
  | { snat: NatTarget } | { dnat: NatTarget }
  | { redirect: NatFlags & { port?: PortSpec } };

/** A rule to add: `nft add rule FAMILY TABLE CHAIN MATCH… [counter] ACTION [comment "…"]`. */
export interface RuleSpec {
  family: NftFamily; table: string; chain: string;
  match?: Match;
  action?: Action;
  counter?: boolean;
  /** Stored in the rule's userdata the way nft does, so `nft list ruleset` shows it. */
  comment?: string;
  /** Raw expressions appended after the typed match (before counter and action). */
  exprs?: Expr[];
}

/** A rule as listed (`nft -a -j list chain …`): typed match and action, its handle, counters and every raw expression. */
export interface Rule {
  family: NftFamily; table: string; chain: string; handle: number;
  match: Match;
  action?: Action;
  counter?: boolean;
  /** Counter values, when the rule has a counter. */
  packets?: number; bytes?: number;
  comment?: string;
  /** Expressions netlinkts could not name, in order; never dropped. */
  unknown?: Expr[];
  /** Every expression exactly as the kernel reported it. */
  exprs: Expr[];
}

/** What names one rule: family, table, chain and handle (`nft delete rule FAMILY TABLE CHAIN handle N`). */
export interface RuleRef { family: NftFamily; table: string; chain: string; handle: number }

export type SetKeyType = 'ipv4_addr' | 'ipv6_addr' | 'inet_service';
/** A named set to add: `nft add set FAMILY TABLE NAME { type T; [flags interval;] elements = { … } }`. */
export interface SetSpec {
  family: NftFamily; table: string; name: string; type: SetKeyType;
  /** Interval set: elements may be CIDRs or ranges ('10.0.0.0/8', '1000-2000'). */
  interval?: boolean;
  elements?: (string | number)[];
}
/** A named set as listed (`nft -j list sets`), with its elements. */
export interface NftSet {
  family: NftFamily; table: string; name: string; handle: number; type: SetKeyType | number;
  interval: boolean; flags: number; elements: (string | number)[];
}

/** The whole ruleset, nested: tables → chains → rules, and each table's sets (`nft -j list ruleset`). */
export interface Ruleset { tables: (Table & { chains: (Chain & { rules: Rule[] })[]; sets: NftSet[] })[] }
