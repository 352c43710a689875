// Link records (from native/link) → the public Link shape.
import { native } from '../native.js';
import { decodeRecords } from '../records.js';
import type { Link, LinkInfo, LinkStats, RawAttribute } from './types.js';

const OPER_STATES: Record<number, string> = {};
for (const [k, v] of Object.entries(native.constants)) {
  if (k.startsWith('IF_OPER_')) OPER_STATES[v] = k.slice('IF_OPER_'.length).toLowerCase();
}
// iproute2 prints flags in this order and hides RUNNING; NO-CARRIER when UP without carrier.
const FLAG_ORDER = Object.entries(native.IFF).filter(([k]) => k !== 'IFF_RUNNING').map(([k, v]) => [k.slice(4), v] as const);
const IFF_UP = native.IFF.IFF_UP!;
const IFF_RUNNING = native.IFF.IFF_RUNNING!;

export function flagNames(flags: number): string[] {
  const out: string[] = [];
  if (flags & IFF_UP && !(flags & IFF_RUNNING)) out.push('NO-CARRIER');
  for (const [name, bit] of FLAG_ORDER) if (flags & bit) out.push(name);
  return out;
}

interface LinkRecord {
  index: number; name?: string; kind?: string; flags: number; operstate?: number; mtu?: number;
  address?: string; broadcast?: string; master?: number; link?: number; linkNetnsId?: number;
  txqlen?: number; alias?: string; type: number; stats?: LinkStats; slaveKind?: string;
  minMtu?: number; maxMtu?: number; group?: number; promiscuity?: number; carrier?: number;
  info?: LinkInfo; raw?: RawAttribute[]; permAddress?: string; altnames?: string[];
}

export function toLink(r: LinkRecord): Link {
  const l: Link = {
    index: r.index,
    name: r.name ?? '',
    kind: r.kind ?? null,
    up: (r.flags & IFF_UP) !== 0,
    operState: OPER_STATES[r.operstate ?? 0] ?? String(r.operstate),
    flags: flagNames(r.flags),
    mtu: r.mtu ?? 0,
    address: r.address ?? null,
    broadcast: r.broadcast ?? null,
    master: r.master ?? null,
    link: r.link ?? null,
    linkNetnsId: r.linkNetnsId ?? null,
    txqlen: r.txqlen ?? 0,
    alias: r.alias ?? null,
    type: r.type,
    group: r.group ?? 0,
    raw: r.raw ?? [],
  };
  if (r.stats) l.stats = r.stats;
  if (r.minMtu !== undefined) l.minMtu = r.minMtu;
  if (r.maxMtu !== undefined) l.maxMtu = r.maxMtu;
  if (r.promiscuity !== undefined) l.promiscuity = r.promiscuity;
  if (r.carrier !== undefined) l.carrier = r.carrier !== 0;
  if (r.slaveKind !== undefined) l.slaveKind = r.slaveKind;
  if (r.info) l.info = r.info;
  if (r.altnames) l.altnames = r.altnames;
  return l;
}

export function decodeLinks(buf: Buffer, op: string): Link[] {
  return decodeRecords(buf, 'link', op).map((r) => toLink(r as unknown as LinkRecord));
}
