// What the container walkthrough needs, in one call each, idempotent: the rule carries a tag
// in its comment, and a second call finds it instead of adding another.
// Each helper keeps to its own table ("netlinkts" by default) with nat chains it creates.
import type { Handle } from '../core/handle.js';
import * as v from '../util/validate.js';
import { port as checkPort } from './compile.js';
import { listRules } from './list.js';
import { Transaction } from './transaction.js';
import type { L4Protocol, Match, NatFlags, NftFamily, RuleRef, RuleSpec } from './types.js';

export interface HelperOptions {
  /** Table to use (created when missing). Default "netlinkts". */
  table?: string;
  /** ip / ip6 (default: the address family of the addresses given), or inet. */
  family?: NftFamily;
  counter?: boolean;
}

const DEFAULT_TABLE = 'netlinkts';

async function ensureRule(h: Handle, family: NftFamily, table: string, hook: 'prerouting' | 'postrouting', rule: Omit<RuleSpec, 'family' | 'table' | 'chain'>, tag: string): Promise<RuleRef> {
  const chain = hook;
  try {
    const existing = (await listRules(h, { family, table, chain })).find((r) => r.comment === tag);
    if (existing) return { family, table, chain, handle: existing.handle };
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw e; // no table yet
  }
  const tx = new Transaction(h);
  tx.addTable({ family, name: table });
  tx.addChain({ family, table, name: chain, type: 'nat', hook, priority: hook === 'postrouting' ? 'srcnat' : 'dstnat', policy: 'accept' });
  tx.addRule({ family, table, chain, ...rule, comment: tag });
  const { rules } = await tx.commit();
  return rules[0]!;
}

function familyOf(opts: HelperOptions, ...addrs: (string | undefined)[]): NftFamily {
  if (opts.family !== undefined) return opts.family;
  for (const a of addrs) if (a !== undefined) return v.cidr(a, 'address').family === 6 ? 'ip6' : 'ip';
  return 'ip';
}

/**
 * Source NAT to the outgoing interface's address for a subnet (containers reaching out).
 * Equivalent to: nft add rule ip netlinkts postrouting ip saddr SOURCE oifname OUT masquerade
 * (iptables -t nat -A POSTROUTING -s SOURCE -o OUT -j MASQUERADE)
 */
export async function masquerade(h: Handle, opts: { source: string; outInterface?: string } & NatFlags & HelperOptions): Promise<RuleRef> {
  const o = v.object(opts, 'masquerade options') as unknown as typeof opts;
  const source = v.cidr(o.source, 'masquerade source');
  const family = familyOf(o, o.source);
  const match: Match = { saddr: o.source };
  if (o.outInterface !== undefined) match.oifname = v.ifname(o.outInterface, 'masquerade outInterface');
  const flags: NatFlags = {};
  if (o.random) flags.random = true;
  if (o.fullyRandom) flags.fullyRandom = true;
  if (o.persistent) flags.persistent = true;
  const tag = `netlinkts:masquerade ${source.text}/${source.prefix}${o.outInterface ? ` ${o.outInterface}` : ''}`;
  return ensureRule(h, family, o.table ?? DEFAULT_TABLE, 'postrouting', { match, action: { masquerade: flags }, counter: o.counter }, tag);
}

/** Parses 'addr', 'addr:port', '[v6]:port'. */
export function target(value: unknown, what: string): { addr: string; port?: number } {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string like "172.18.0.2:80", got ${v.describe(value)}`);
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (bracket) return { addr: v.ip(bracket[1], what).text, ...(bracket[2] ? { port: checkPort(Number(bracket[2]), `${what} port`) } : {}) };
  const m = /^([\d.]+)(?::(\d+))?$/.exec(value);
  if (m) return { addr: v.ip(m[1], what).text, ...(m[2] ? { port: checkPort(Number(m[2]), `${what} port`) } : {}) };
  return { addr: v.ip(value, what).text };
}

/**
 * Destination NAT of a host port to a container (docker -p 80:80).
 * Equivalent to: nft add rule ip netlinkts prerouting [iifname IN] tcp dport PORT dnat to TO
 * (iptables -t nat -A PREROUTING -p tcp --dport PORT -j DNAT --to-destination TO)
 */
export async function portForward(h: Handle, opts: { protocol: 'tcp' | 'udp'; port: number; to: string; inInterface?: string } & HelperOptions): Promise<RuleRef> {
  const o = v.object(opts, 'portForward options') as unknown as typeof opts;
  if (o.protocol !== 'tcp' && o.protocol !== 'udp') throw new RangeError(`portForward protocol must be tcp or udp, got ${v.describe(o.protocol)}`);
  const p = checkPort(o.port, 'portForward port');
  const to = target(o.to, 'portForward to');
  const family = familyOf(o, to.addr);
  const match: Match = {};
  if (o.inInterface !== undefined) match.iifname = v.ifname(o.inInterface, 'portForward inInterface');
  match.protocol = o.protocol as L4Protocol;
  match.dport = p;
  const tag = `netlinkts:portForward ${o.protocol} ${p} ${o.to}${o.inInterface ? ` ${o.inInterface}` : ''}`;
  return ensureRule(h, family, o.table ?? DEFAULT_TABLE, 'prerouting', { match, action: { dnat: { addr: to.addr, ...(to.port ? { port: to.port } : {}) } }, counter: o.counter }, tag);
}

/**
 * Source NAT to a fixed address.
 * Equivalent to: nft add rule ip netlinkts postrouting ip saddr SOURCE [ip daddr DEST] [oifname OUT] snat to TO
 */
export async function snat(h: Handle, opts: { source: string; to: string; destination?: string; outInterface?: string } & HelperOptions): Promise<RuleRef> {
  const o = v.object(opts, 'snat options') as unknown as typeof opts;
  v.cidr(o.source, 'snat source');
  const to = target(o.to, 'snat to');
  const family = familyOf(o, o.source);
  const match: Match = { saddr: o.source };
  if (o.destination !== undefined) { v.cidr(o.destination, 'snat destination'); match.daddr = o.destination; }
  if (o.outInterface !== undefined) match.oifname = v.ifname(o.outInterface, 'snat outInterface');
  const tag = `netlinkts:snat ${o.source}${o.destination ? ` ${o.destination}` : ''}${o.outInterface ? ` ${o.outInterface}` : ''} ${o.to}`;
  return ensureRule(h, family, o.table ?? DEFAULT_TABLE, 'postrouting', { match, action: { snat: { addr: to.addr, ...(to.port ? { port: to.port } : {}) } }, counter: o.counter }, tag);
}
