// Forwarding-database entries (`bridge fdb`): MAC → port entries of a bridge (master) and a
// device's own table (self), e.g. a vxlan's remote VTEPs (dst, vni, port). Validation here;
// native/fdb builds the requests, native/neigh decodes the replies.
import type { Handle } from '../core/handle.js';
import { query, send } from '../core/request.js';
import { linkNames, resolveIndex } from '../core/resolve.js';
import type { LinkRef, RawAttribute } from '../link/types.js';
import { native } from '../native.js';
import * as v from '../util/validate.js';

const k = native.constants;

/** 'permanent' (local, never ages), 'static' (never ages), 'dynamic' (ages like a learned entry). */
export type FdbState = 'permanent' | 'static' | 'dynamic';
// As iproute2's bridge/fdb.c: permanent = NOARP|PERMANENT, static = NOARP|REACHABLE, dynamic = REACHABLE.
const STATES = new Map<FdbState, number>([
  ['permanent', k.NUD_NOARP! | k.NUD_PERMANENT!], ['static', k.NUD_NOARP! | k.NUD_REACHABLE!], ['dynamic', k.NUD_REACHABLE!],
]);

/** A bridge forwarding database entry to add, replace or delete (`bridge fdb add LLADDR dev D …`). */
export interface FdbSpec {
  /** The bridge port (master) or the device (self) the entry belongs to. */
  dev: LinkRef;
  lladdr: string;
  /** The entry is in the bridge's table (the dev is a bridge port). */
  master?: boolean;
  /** The entry is in the device's own table (default when neither is given, as `bridge`). */
  self?: boolean;
  /** Default: iproute2's default (NOARP: a static entry on a bridge). */
  state?: FdbState;
  vlan?: number;
  /** vxlan: the remote VTEP's address. */
  dst?: string;
  /** vxlan: VNI to use towards the remote. */
  vni?: number;
  /** vxlan: UDP destination port towards the remote. */
  port?: number;
  /** vxlan: outgoing device to reach the remote. */
  via?: LinkRef;
  externLearn?: boolean;
  sticky?: boolean;
}

/** A listed forwarding database entry (`bridge fdb show`): dev as a name, its ifindex, state and bridge. */
export interface FdbEntry extends FdbSpec {
  dev: string;
  index: number;
  state: FdbState;
  /** ifindex of the bridge holding the entry (NDA_MASTER), when there is one. */
  bridge?: number;
  raw?: RawAttribute[];
}

/** Validates a spec into the "neighReq" record's fields. */
export function fdbFields(spec: FdbSpec, resolve: (ref: LinkRef, what: string) => number): Record<string, unknown> {
  const s = v.object(spec, 'fdb spec') as unknown as FdbSpec;
  const dev = v.linkRef(s.dev, 'fdb dev');
  const out: Record<string, unknown> = { family: k.AF_BRIDGE, lladdr: v.mac(s.lladdr, 'fdb lladdr') };
  let flags = 0;
  if (s.master !== undefined && v.bool(s.master, 'fdb master')) flags |= k.NTF_MASTER!;
  if (s.self !== undefined && v.bool(s.self, 'fdb self')) flags |= k.NTF_SELF!;
  if (s.externLearn !== undefined && v.bool(s.externLearn, 'fdb externLearn')) flags |= k.NTF_EXT_LEARNED!;
  if (s.sticky !== undefined && v.bool(s.sticky, 'fdb sticky')) flags |= k.NTF_STICKY!;
  if (!(flags & (k.NTF_MASTER! | k.NTF_SELF!))) flags |= k.NTF_SELF!;
  out.flags = flags;
  let state = k.NUD_NOARP!;
  if (s.state !== undefined) {
    const n = STATES.get(s.state);
    if (n === undefined) throw new RangeError(`fdb state must be one of permanent, static, dynamic, got ${v.describe(s.state)}`);
    state = n;
  }
  out.state = state;
  // VLAN 0 and 4095 are reserved (802.1Q).
  if (s.vlan !== undefined) out.vlan = v.uint(s.vlan, 'fdb vlan', 1, 4094);
  if (s.dst !== undefined) out.dst = v.ip(s.dst, 'fdb dst').bytes;
  if (s.vni !== undefined) out.vni = v.uint(s.vni, 'fdb vni', 0, 0xffffff);
  if (s.port !== undefined) out.port = v.uint(s.port, 'fdb port', 1, 65535);
  if (s.via !== undefined) out.via = resolve(v.linkRef(s.via, 'fdb via'), 'via');
  out.index = resolve(dev, 'dev');
  return out;
}

function change(h: Handle, op: string, name: string, spec: FdbSpec): void {
  send(h, op, name, 'neighReq', fdbFields(spec, (r) => resolveIndex(h, r, op)));
}

/** Equivalent to: bridge fdb add LLADDR dev D [master|self] [permanent|static|dynamic] [vlan V] [dst A] [vni N] [port P] [via D] */
export async function addFdbEntry(h: Handle, spec: FdbSpec): Promise<void> {
  change(h, 'addFdbEntry', 'fdb.add', spec);
}
/** Another remote for the same address (vxlan head-end replication). Equivalent to: bridge fdb append … */
export async function appendFdbEntry(h: Handle, spec: FdbSpec): Promise<void> {
  change(h, 'appendFdbEntry', 'fdb.append', spec);
}
/** Equivalent to: bridge fdb replace … */
export async function replaceFdbEntry(h: Handle, spec: FdbSpec): Promise<void> {
  change(h, 'replaceFdbEntry', 'fdb.replace', spec);
}
/** NetlinkError ENOENT when there is no such entry. Equivalent to: bridge fdb del LLADDR dev D [master|self] [vlan V] [dst A] */
export async function deleteFdbEntry(h: Handle, spec: FdbSpec): Promise<void> {
  change(h, 'deleteFdbEntry', 'fdb.delete', spec);
}

/** Equivalent to: bridge fdb show [dev D] [br MASTER] */
export async function listFdb(h: Handle, filter: { dev?: LinkRef; master?: LinkRef } = {}): Promise<FdbEntry[]> {
  const op = 'listFdb';
  const f = v.object(filter, 'listFdb filter');
  const req: Record<string, unknown> = { family: k.AF_BRIDGE };
  if (f.dev !== undefined) req.index = resolveIndex(h, v.linkRef(f.dev, 'dev'), op);
  if (f.master !== undefined) req.master = resolveIndex(h, v.linkRef(f.master, 'master'), op);
  const recs = query(h, op, 'fdb.dump', 'neighReq', req, 'neigh');
  const names = linkNames(h, op);
  return recs.map((r) => toFdbEntry(r, names));
}

/** A "neigh" record of family AF_BRIDGE → the public shape. */
export function toFdbEntry(r: Record<string, unknown>, names: Map<number, string>): FdbEntry {
  const index = r.index as number;
  const st = r.state as number;
  const state: FdbState = st & k.NUD_PERMANENT! ? 'permanent' : st & k.NUD_NOARP! ? 'static' : 'dynamic';
  const flags = r.flags as number;
  const out: FdbEntry = { dev: names.get(index) ?? String(index), index, lladdr: r.lladdr as string, state };
  // The bridge reports its own entries with NDA_MASTER and without NTF_SELF (not NTF_MASTER).
  if (flags & k.NTF_MASTER! || (r.master !== undefined && !(flags & k.NTF_SELF!))) out.master = true;
  if (flags & k.NTF_SELF!) out.self = true;
  if (flags & k.NTF_EXT_LEARNED!) out.externLearn = true;
  if (flags & k.NTF_STICKY!) out.sticky = true;
  if (r.vlan !== undefined) out.vlan = r.vlan as number;
  if (r.dst !== undefined) out.dst = r.dst as string;
  if (r.vni !== undefined) out.vni = r.vni as number;
  if (r.port !== undefined) out.port = r.port as number;
  if (r.via !== undefined) out.via = names.get(r.via as number) ?? (r.via as number);
  if (r.master !== undefined) out.bridge = r.master as number;
  if (r.raw) out.raw = r.raw as RawAttribute[];
  return out;
}
