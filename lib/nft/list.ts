// Listing: tables, chains, rules (decoded back into match/action) and sets, as nft list shows them.
import { priorityText } from './priority.js';
import { call } from '../errors.js';
import type { Handle } from '../core/handle.js';
import { native } from '../native.js';
import { decodeRecords } from '../records.js';
import { checkFamily } from './compile.js';
import { FAMILIES, K, familyName, hookName } from './consts.js';
import { decompile } from './decompile.js';
import { setFromRecord } from './sets.js';
import { listObjects } from './objects.js';
import type { Chain, Expr, NftFamily, NftSet, Rule, Ruleset, Table, UnknownSet } from './types.js';

type Rec = Record<string, any>;
type What = 'tables' | 'chains' | 'rules' | 'sets' | 'elems';

export interface ListFilter { family?: NftFamily; table?: string; chain?: string }

function dump(h: Handle, op: string, what: What, filter: ListFilter, set = ''): Rec[] {
  const sock = h.netfilterSocket(op);
  const fam = filter.family === undefined ? K.NFPROTO_UNSPEC! : FAMILIES[checkFamily(filter.family)];
  const schema = { tables: 'nfttable', chains: 'nftchain', rules: 'nftrule', sets: 'nftset', elems: 'nftelems' }[what];
  return decodeRecords(call(op, () => native.nftDump(sock, what, fam, filter.table ?? '', set)), schema, op);
}

export function tableFromRecord(r: Rec): Table {
  const t: Table = { family: familyName(r.family), name: r.name, handle: r.handle ?? 0, flags: r.flags ?? 0, use: r.use ?? 0 };
  if (r.comment !== undefined) t.comment = r.comment;
  return t;
}

export function chainFromRecord(r: Rec): Chain {
  const family = familyName(r.family);
  const c: Chain = { family, table: r.table, name: r.name, handle: r.handle ?? 0 };
  if (r.type !== undefined) c.type = r.type;
  if (r.hook !== undefined) c.hook = hookName(family, r.hook);
  if (r.priority !== undefined) {
    c.priority = r.priority;
    const text = priorityText(family, c.hook, r.priority);
    if (text !== undefined) c.priorityName = text;
  }
  if (r.policy !== undefined) c.policy = r.policy === K.NF_DROP ? 'drop' : 'accept';
  if (r.dev !== undefined) c.device = r.dev;
  if (r.comment !== undefined) c.comment = r.comment;
  return c;
}

/** Equivalent to: nft list tables */
export async function listTables(h: Handle, filter: ListFilter = {}): Promise<Table[]> {
  return dump(h, 'nft.listTables', 'tables', filter)
    .filter((r) => filter.table === undefined || r.name === filter.table)
    .map(tableFromRecord);
}

/** Equivalent to: nft list chains */
export async function listChains(h: Handle, filter: ListFilter = {}): Promise<Chain[]> {
  return dump(h, 'nft.listChains', 'chains', filter)
    .filter((r) => (filter.table === undefined || r.table === filter.table) && (filter.chain === undefined || r.name === filter.chain))
    .map(chainFromRecord);
}

export function ruleFromRecord(r: Rec): Rule {
  const family = familyName(r.family);
  const exprs = (r.exprs ?? []) as Expr[];
  const d = decompile(family, exprs);
  const rule: Rule = { family, table: r.table, chain: r.chain, handle: r.handle ?? 0, match: d.match, exprs };
  if (d.action !== undefined) rule.action = d.action;
  if (d.statements) rule.statements = d.statements;
  if (d.counter) { rule.counter = true; rule.packets = d.packets ?? 0; rule.bytes = d.bytes ?? 0; }
  if (r.comment !== undefined) rule.comment = r.comment;
  if (d.unknown) rule.unknown = d.unknown;
  return rule;
}

/** Equivalent to: nft -a list chain/table … (rules with handles) */
export async function listRules(h: Handle, filter: ListFilter = {}): Promise<Rule[]> {
  // With a table, the chain filter goes to the kernel (it walks that chain alone); the JS filter
  // stays for a chain named without a table.
  const chain = filter.table !== undefined && filter.chain !== undefined ? filter.chain : '';
  return dump(h, 'nft.listRules', 'rules', filter, chain)
    .filter((r) => (filter.table === undefined || r.table === filter.table) && (filter.chain === undefined || r.chain === filter.chain))
    .map(ruleFromRecord);
}

/**
 * Equivalent to: nft list sets (with their elements). Anonymous sets (`{ 22, 80 }` in rules) are
 * left out unless filter.anonymous; a set that cannot be described exactly is listed as UnknownSet.
 */
export async function listSets(h: Handle, filter: ListFilter & { anonymous?: boolean } = {}): Promise<(NftSet | UnknownSet)[]> {
  const op = 'nft.listSets';
  const out: (NftSet | UnknownSet)[] = [];
  for (const r of dump(h, op, 'sets', filter)) {
    if (filter.table !== undefined && r.table !== filter.table) continue;
    if (((r.flags ?? 0) & K.NFT_SET_ANONYMOUS!) && !filter.anonymous) continue;
    const family = familyName(r.family);
    const elems = dump(h, op, 'elems', { family, table: r.table }, r.name).flatMap((x) => (x.elems ?? []) as Rec[]);
    const set = setFromRecord({ family, table: r.table, name: r.name }, r as never, elems as never);
    out.push(set ?? { family, table: r.table, name: r.name, handle: r.handle ?? 0, unknown: true, keyType: r.keyType, kernelFlags: r.flags ?? 0, elements: elems.map((e) => (e.key as Buffer | undefined)?.toString('hex') ?? '') });
  }
  return out;
}

/** Equivalent to: nft -a list ruleset */
export async function listRuleset(h: Handle, filter: { family?: NftFamily } = {}): Promise<Ruleset> {
  const [tables, chains, rules, sets, objs] = [await listTables(h, filter), await listChains(h, filter), await listRules(h, filter), await listSets(h, { ...filter, anonymous: true }), await listObjects(h, filter)];
  return {
    tables: tables.map((t) => ({
      ...t,
      chains: chains.filter((c) => c.family === t.family && c.table === t.name)
        .map((c) => ({ ...c, rules: rules.filter((r) => r.family === t.family && r.table === t.name && r.chain === c.name) })),
      sets: sets.filter((s) => s.family === t.family && s.table === t.name),
      objects: objs.filter((o) => o.family === t.family && o.table === t.name),
    })),
  };
}

/** The ruleset generation id (changes with every committed transaction). */
export function generation(h: Handle): number {
  const op = 'nft.generation';
  const recs = decodeRecords(call(op, () => native.nftGetGen(h.netfilterSocket(op))), 'nftgen', op);
  return recs[0]?.id as number;
}
