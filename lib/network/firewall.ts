// nftables for bridge networks, in one table of ours (`inet netlinkts`), shaped like netavark's:
//   prerouting (nat, dstnat)  fib daddr type local → jump hostports      (from outside)
//   output     (nat, dstnat)  fib daddr type local → jump hostports      (from the host itself)
//   postrouting(nat, srcnat)  mark & 0x2000 → masquerade                 (hairpin, localhost)
//                             ip saddr SUBNET → jump nl-NET               (per network: masquerade
//                             except to the subnet itself and multicast)
//   forward    (filter)       iifname BR oifname != BR → jump isolate     (isolated networks)
//   isolate                   oifname BR drop
//   hostports                 per attachment: mark hairpin/localhost, dnat to the container
// Network rules carry the comment "nl:NET", attachment rules "nl:NET:ID:IFNAME": detach and gc
// find them by comment. Changes run as one transaction each, against the ruleset generation read
// (genid), retried if another process changed the ruleset in between.
import type { Netlink } from '../handle.js';
import type { NetlinkError } from '../errors.js';
import type { Action, ChainSpec, Match, Rule, RuleRef, RuleSpec, Statement } from '../nft/types.js';
import type { Transaction } from '../nft/transaction.js';
import type { Subnet } from './ip.js';

/** The nft family of the network layer's table. */
export const FAMILY = 'inet' as const;
/** The network layer's nft table: `table inet netlinkts`. */
export const TABLE = 'netlinkts';
/** The mark bit asking postrouting to masquerade (netavark's 0x2000). */
export const MASQ_MARK = 0x2000;
const SHARED = 'nl';
/** meta mark set meta mark | 0x2000 */
const markMasq: Statement = { setMark: { from: 'mark', or: MASQ_MARK } };

/** A published port: hostPort (on hostIp, or every local address) → containerPort. */
export interface PortMapping { hostPort: number; containerPort: number; protocol: 'tcp' | 'udp'; hostIp?: string }

export interface NetworkRules {
  name: string; bridge: string; subnets: Subnet[]; masquerade: boolean; isolate: boolean;
}

export const netComment = (net: string): string => `nl:${net}`;
export const attachmentComment = (net: string, id: string, ifname: string): string => `nl:${net}:${id}:${ifname}`;
const netChain = (net: string): string => `nl-${net}`;

const multicast = { 4: '224.0.0.0/4', 6: 'ff00::/8' } as const;

function rule(chain: string, r: Omit<RuleSpec, 'family' | 'table' | 'chain'>): RuleSpec {
  return { family: FAMILY, table: TABLE, chain, ...r };
}

interface Ours { rules: Rule[]; chains: Set<string> }

async function listOurs(h: Netlink, withChains = true): Promise<Ours | null> {
  const tables = await h.nft.listTables({ family: FAMILY });
  if (!tables.some((t) => t.name === TABLE)) return null;
  const chains = new Set(withChains ? (await h.nft.listChains({ family: FAMILY, table: TABLE })).map((c) => c.name) : []);
  return { rules: await h.nft.listRules({ family: FAMILY, table: TABLE }), chains };
}

/**
 * Runs build(tx, ours) and commits against the generation read; retries when it moved. A build
 * that queues nothing commits nothing, so the common case (everything exists) changes nothing
 * and cannot conflict with concurrent plugins.
 */
async function update(h: Netlink, build: (tx: Transaction, ours: Ours | null) => void, guard: 'genid' | 'handles' = 'genid'): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const genid = guard === 'genid' ? await h.nft.generation() : undefined;
    // Deleting rules by handle ('handles') needs no chain list.
    const ours = await listOurs(h, guard === 'genid');
    const tx = h.nft.transaction();
    build(tx, ours);
    if (tx.length === 0) return;
    try {
      await tx.commit({ genid, echo: false });
      return;
    } catch (e) {
      // 'handles': deletions by handle stay valid whatever else changes; only a rule deleted
      // meanwhile by someone else (a concurrent gc) makes the transaction fail (ENOENT): re-read.
      const code = (e as NetlinkError).code;
      if (!(code === 'ERESTART' || (guard === 'handles' && code === 'ENOENT')) || attempt >= 50) throw e;
    }
  }
}

const has = (ours: Ours | null, chain: string, comment: string): boolean =>
  ours !== null && ours.rules.some((r) => r.chain === chain && r.comment === comment);

/** Creates the table, the shared chains and this network's chains and rules, where missing. */
export async function ensureNetwork(h: Netlink, n: NetworkRules): Promise<void> {
  await update(h, (tx, rules) => {
    const chain0 = (spec: Omit<ChainSpec, 'family' | 'table'>): void => {
      if (!rules?.chains.has(spec.name)) tx.addChain({ family: FAMILY, table: TABLE, ...spec });
    };
    if (rules === null) tx.addTable({ family: FAMILY, name: TABLE });
    chain0({ name: 'hostports' });
    chain0({ name: 'isolate' });
    chain0({ name: 'prerouting', type: 'nat', hook: 'prerouting', priority: 'dstnat', policy: 'accept' });
    chain0({ name: 'output', type: 'nat', hook: 'output', priority: 'dstnat', policy: 'accept' });
    chain0({ name: 'postrouting', type: 'nat', hook: 'postrouting', priority: 'srcnat', policy: 'accept' });
    chain0({ name: 'forward', type: 'filter', hook: 'forward', priority: 'filter', policy: 'accept' });
    for (const chain of ['prerouting', 'output']) {
      if (!has(rules, chain, SHARED)) tx.addRule(rule(chain, { match: { fibDaddrType: 'local' }, action: { jump: 'hostports' }, comment: SHARED }));
    }
    if (!has(rules, 'postrouting', SHARED)) tx.addRule(rule('postrouting', { match: { mark: { and: MASQ_MARK, value: MASQ_MARK } }, action: { masquerade: {} }, comment: SHARED }));

    const c = netComment(n.name);
    const chain = netChain(n.name);
    if (n.masquerade) {
      chain0({ name: chain });
      if (!has(rules, chain, c)) {
        for (const s of n.subnets) {
          tx.addRule(rule(chain, { match: { daddr: s.text }, action: 'return', comment: c }));
          tx.addRule(rule(chain, { match: { daddr: multicast[s.family] }, action: 'return', comment: c }));
        }
        tx.addRule(rule(chain, { action: { masquerade: {} }, comment: c }));
      }
      if (!has(rules, 'postrouting', c)) {
        for (const s of n.subnets) tx.addRule(rule('postrouting', { match: { saddr: s.text }, action: { jump: chain }, comment: c }));
      }
    }
    if (n.isolate) {
      if (!has(rules, 'forward', c)) {
        // Stage 1: traffic leaving this bridge for another interface goes to the isolate chain;
        // stage 2 drops it there when that interface is another isolated network's bridge.
        tx.addRule(rule('forward', { match: { iifname: n.bridge, oifname: { not: n.bridge } }, action: { jump: 'isolate' }, comment: c }));
        tx.addRule(rule('isolate', { match: { oifname: n.bridge }, action: 'drop', comment: c }));
      }
    }
  });
}

/** The per-attachment rules of a port mapping list, for the container's addresses. */
export function attachmentRules(n: NetworkRules, comment: string, ports: PortMapping[], ips: { family: 4 | 6; address: string }[]): RuleSpec[] {
  const out: RuleSpec[] = [];
  for (const p of ports) {
    for (const ip of ips) {
      const fam = ip.family;
      if (p.hostIp !== undefined && p.hostIp !== '' && (p.hostIp.includes(':') ? 6 : 4) !== fam) continue;
      const daddr = p.hostIp ? { daddr: p.hostIp } : {};
      const l4: Match = { protocol: p.protocol, dport: p.hostPort };
      const subnet = n.subnets.find((s) => s.family === fam);
      // From a container of this network to a host address (hairpin): masquerade, or the target
      // answers the client directly over the bridge and the client drops the reply.
      if (subnet) out.push(rule('hostports', { match: { saddr: subnet.text, ...daddr, ...l4 }, statements: [markMasq], comment }));
      // From the host's loopback (route_localnet=1 on the bridge lets it leave): masquerade too.
      // IPv4 only: IPv6 has no route_localnet, ::1 never leaves lo.
      if (fam === 4) out.push(rule('hostports', { match: { saddr: '127.0.0.0/8', ...daddr, ...l4 }, statements: [markMasq], comment }));
      const action: Action = { dnat: { addr: ip.address, port: p.containerPort } };
      out.push(rule('hostports', { match: { ...daddr, ...l4 }, action, comment }));
    }
  }
  return out;
}

/**
 * Where an attachment's rules are: our table's handle and each rule's handle, both of one ruleset
 * generation. Table handles are never reused in a namespace, so a table with this handle holds
 * exactly these rules (or fewer, if someone deleted some): detach deletes them by handle without
 * listing (and decoding) every rule of every container.
 */
export interface RuleHandles { table: number; rules: RuleRef[] }

async function tableHandle(h: Netlink): Promise<number | undefined> {
  return (await h.nft.listTables({ family: FAMILY })).find((t) => t.name === TABLE)?.handle;
}

/** Adds rules in one transaction; returns their handles (undefined if the table is missing). */
export async function addRules(h: Netlink, specs: RuleSpec[]): Promise<RuleHandles | undefined> {
  if (specs.length === 0) return undefined;
  for (let attempt = 0; ; attempt++) {
    const genid = await h.nft.generation();
    const table = await tableHandle(h);
    const tx = h.nft.transaction();
    for (const s of specs) tx.addRule(s);
    try {
      const res = await tx.commit({ genid, echo: true });
      return table === undefined ? undefined : { table, rules: res.rules };
    } catch (e) {
      if ((e as NetlinkError).code !== 'ERESTART' || attempt >= 50) throw e;
    }
  }
}

/**
 * Deletes an attachment's rules by their handles when the table is still the one they were
 * added to and each is still there; otherwise (or when `where` is unknown) by comment.
 */
export async function removeAttachmentRules(h: Netlink, comment: string, where: RuleHandles | undefined): Promise<void> {
  if (where !== undefined && where.rules.length > 0) {
    const genid = await h.nft.generation();
    if ((await tableHandle(h)) !== where.table) return void (await removeRules(h, (c) => c === comment));
    const tx = h.nft.transaction();
    for (const r of where.rules) tx.deleteRule(r);
    try {
      await tx.commit({ genid, echo: false });
      return;
    } catch (e) {
      // ENOENT: one was deleted meanwhile (gc, an operator); ERESTART: the ruleset moved between
      // the table check and the commit. Either way the comment search settles it.
      if (!['ENOENT', 'ERESTART'].includes((e as NetlinkError).code)) throw e;
    }
  }
  await removeRules(h, (c) => c === comment);
}

/** Deletes every rule of ours whose comment satisfies pred; returns how many. */
export async function removeRules(h: Netlink, pred: (comment: string) => boolean): Promise<number> {
  let n = 0;
  await update(h, (tx, ours) => {
    n = 0;
    for (const r of ours?.rules ?? []) {
      if (r.comment !== undefined && pred(r.comment)) {
        tx.deleteRule({ family: FAMILY, table: TABLE, chain: r.chain, handle: r.handle });
        n++;
      }
    }
  }, 'handles');
  return n;
}

/** Comments of our rules (for check and gc). */
export async function ruleComments(h: Netlink): Promise<string[]> {
  return ((await listOurs(h))?.rules ?? []).flatMap((r) => (r.comment === undefined ? [] : [r.comment]));
}

/** Removes the network's rules and chain; drops the whole table when no network is left. */
export async function removeNetwork(h: Netlink, net: string): Promise<void> {
  const prefix = netComment(net);
  await update(h, (tx, ours) => {
    if (ours === null) return;
    const rules = ours.rules;
    for (const r of rules) {
      if (r.comment === prefix || r.comment?.startsWith(`${prefix}:`)) tx.deleteRule({ family: FAMILY, table: TABLE, chain: r.chain, handle: r.handle });
    }
    const others = rules.some((r) => r.comment !== undefined && r.comment !== SHARED && r.comment !== prefix && !r.comment.startsWith(`${prefix}:`));
    if (!others) {
      tx.deleteTable({ family: FAMILY, name: TABLE });
      return;
    }
    if (ours.chains.has(netChain(net))) tx.deleteChain({ family: FAMILY, table: TABLE, name: netChain(net) });
  });
}
