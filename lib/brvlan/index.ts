// Bridge VLANs (`bridge vlan`): the VLAN ids a bridge port — or the bridge itself (`self`) —
// carries, its PVID and which leave untagged. Validation here; native/brvlan builds the
// AF_BRIDGE RTM_SETLINK/RTM_DELLINK requests `bridge vlan add|del` sends and decodes the
// RTEXT_FILTER_BRVLAN link dump `bridge vlan show` reads (and RTM_NEWVLAN events).
// A kernel without CONFIG_BRIDGE_VLAN_FILTERING refuses additions with EOPNOTSUPP (as it
// refuses `bridge vlan add`), accepts deletions as no-ops and lists no VLANs.
import type { Handle } from '../core/handle.js';
import { query, send } from '../core/request.js';
import { resolveIndex } from '../core/resolve.js';
import type { LinkRef, RawAttribute } from '../link/types.js';
import { native } from '../native.js';
import * as v from '../util/validate.js';

const k = native.constants;

/** A VLAN id or an inclusive range of them, as `bridge vlan … vid V` / `vid V-E` takes it. */
export type VlanIds = number | [number, number];

/** What to add or delete (`bridge vlan add dev D vid V[-E] [pvid] [untagged] [self] [master]`). */
export interface BridgeVlanSpec {
  /** One VLAN id (1..4094), or a range [from, to]. Give `vid` or `range`. */
  vid?: VlanIds;
  /** A range of VLAN ids [from, to] (the same as `vid: [from, to]`). */
  range?: [number, number];
  /** Untagged frames arriving on the port belong to this VLAN (one id, not a range). */
  pvid?: boolean;
  /** Frames of this VLAN leave the port untagged. */
  untagged?: boolean;
  /** On the device itself: the bridge's own VLANs when `dev` is the bridge (`bridge vlan … self`). */
  self?: boolean;
  /** On the bridge the port belongs to (the default when neither is given). */
  master?: boolean;
}

/** A listed VLAN of a bridge or port (`bridge -j vlan show`); accepted back by addBridgeVlan. */
export interface BridgeVlan {
  /** The port or bridge, by name. */
  dev: string;
  index: number;
  /** The VLAN id, or [from, to] when the kernel reported a range. */
  vid: VlanIds;
  pvid: boolean;
  untagged: boolean;
  /** True on the bridge device's own entries (added with `self`). */
  self?: boolean;
  /** Per-VLAN STP state (BR_STATE_*), when the kernel reports it (RTM_NEWVLAN events). */
  state?: number;
  /** Attributes of the VLAN data not decoded above (tunnel info, …), as received. */
  raw?: RawAttribute[];
}

/** Filter of listBridgeVlans: one bridge or port. */
export interface BridgeVlanFilter { dev?: LinkRef }

const SPEC_KEYS = new Set(['vid', 'range', 'pvid', 'untagged', 'self', 'master']);
/** Keys of a listed BridgeVlan that are not settings: ignored, so a listing can be added back. */
const LISTING_ONLY = new Set(['dev', 'index', 'state', 'raw']);

function vlanId(x: unknown, what: string): number {
  // 0 and 4095 are reserved by 802.1Q (priority tag, implementation use): the kernel refuses them.
  return v.uint(x, what, 1, 4094);
}

function ids(o: Record<string, unknown>): [number, number | undefined] {
  if (o.vid !== undefined && o.range !== undefined) throw new RangeError('bridge vlan: give vid or range, not both');
  const given = o.vid ?? o.range;
  const what = o.vid !== undefined ? 'bridge vlan vid' : 'bridge vlan range';
  if (given === undefined) throw new TypeError('bridge vlan needs vid (a VLAN id 1..4094 or [from, to]) or range');
  if (Array.isArray(given)) {
    if (given.length !== 2) throw new TypeError(`${what} range must be [from, to], got ${v.describe(given)}`);
    const from = vlanId(given[0], `${what} from`);
    const to = vlanId(given[1], `${what} to`);
    if (to < from) throw new RangeError(`${what} ${from}-${to} ends before it starts`);
    return from === to ? [from, undefined] : [from, to];
  }
  if (o.range !== undefined) throw new TypeError(`bridge vlan range must be [from, to], got ${v.describe(given)}`);
  return [vlanId(given, what), undefined];
}

/** Validates a spec into the "brvlanReq" record's fields (exported for codec tests). */
export function bridgeVlanFields(index: number, spec: BridgeVlanSpec, del = false): Record<string, unknown> {
  const o = v.object(spec, 'bridge vlan spec');
  for (const key of Object.keys(o)) {
    if (o[key] !== undefined && !SPEC_KEYS.has(key) && !LISTING_ONLY.has(key)) {
      throw new TypeError(`unknown bridge vlan option ${JSON.stringify(key)} (expected vid, range, pvid, untagged, self, master)`);
    }
  }
  const [vid, vidEnd] = ids(o);
  const out: Record<string, unknown> = { index, vid };
  if (vidEnd !== undefined) out.vidEnd = vidEnd;
  let flags = 0;
  const pvid = o.pvid !== undefined && v.bool(o.pvid, 'bridge vlan pvid');
  const untagged = o.untagged !== undefined && v.bool(o.untagged, 'bridge vlan untagged');
  if (pvid && vidEnd !== undefined) throw new RangeError(`bridge vlan pvid cannot be set on a VLAN range (${vid}-${vidEnd})`);
  // `bridge vlan del` sends no pvid/untagged flags; a listed entry given to delete keeps its own.
  if (!del) {
    if (pvid) flags |= k.BRIDGE_VLAN_INFO_PVID!;
    if (untagged) flags |= k.BRIDGE_VLAN_INFO_UNTAGGED!;
  }
  out.flags = flags;
  let bridgeFlags = 0;
  if (o.self !== undefined && v.bool(o.self, 'bridge vlan self')) bridgeFlags |= k.BRIDGE_FLAGS_SELF!;
  if (o.master !== undefined && v.bool(o.master, 'bridge vlan master')) bridgeFlags |= k.BRIDGE_FLAGS_MASTER!;
  if (bridgeFlags) out.bridgeFlags = bridgeFlags;
  return out;
}

/**
 * Adds a VLAN (or a range) to a bridge port, or with `self` to the bridge itself. NetlinkError
 * EOPNOTSUPP on a kernel without CONFIG_BRIDGE_VLAN_FILTERING, and on a link that is no bridge
 * port (without `self`).
 *
 * Equivalent to: bridge vlan add dev REF vid V[-E] [pvid] [untagged] [self] [master]
 */
export async function addBridgeVlan(h: Handle, ref: LinkRef, spec: BridgeVlanSpec): Promise<void> {
  const op = 'addBridgeVlan';
  const r = v.linkRef(ref);
  const fields = bridgeVlanFields(0, spec);
  fields.index = resolveIndex(h, r, op);
  send(h, op, 'brvlan.add', 'brvlanReq', fields);
}

/**
 * Removes a VLAN (or a range) from a bridge port, or with `self` from the bridge itself.
 * (The kernel answers success when the VLAN was not there.)
 *
 * Equivalent to: bridge vlan del dev REF vid V[-E] [self] [master]
 */
export async function deleteBridgeVlan(h: Handle, ref: LinkRef, spec: BridgeVlanSpec): Promise<void> {
  const op = 'deleteBridgeVlan';
  const r = v.linkRef(ref);
  const fields = bridgeVlanFields(0, spec, true);
  fields.index = resolveIndex(h, r, op);
  send(h, op, 'brvlan.delete', 'brvlanReq', fields);
}

/**
 * The VLANs of every bridge and bridge port (or of `dev`), one entry per VLAN id (or range).
 * The filter is applied here: the kernel takes no device filter in this dump.
 *
 * Equivalent to: bridge vlan show [dev REF]
 */
export async function listBridgeVlans(h: Handle, filter: BridgeVlanFilter = {}): Promise<BridgeVlan[]> {
  const op = 'listBridgeVlans';
  const f = v.object(filter, 'listBridgeVlans filter');
  for (const key of Object.keys(f)) if (key !== 'dev' && f[key] !== undefined) throw new TypeError(`unknown listBridgeVlans filter ${JSON.stringify(key)} (expected dev)`);
  const index = f.dev === undefined ? 0 : resolveIndex(h, v.linkRef(f.dev, 'listBridgeVlans dev'), op);
  const out: BridgeVlan[] = [];
  for (const rec of query(h, op, 'brvlan.dump', 'brvlanReq', {}, 'brvlan')) {
    if (index !== 0 && rec.index !== index) continue;
    out.push(...toBridgeVlans(rec, new Map()));
  }
  return out;
}

const PVID = k.BRIDGE_VLAN_INFO_PVID!;
const UNTAGGED = k.BRIDGE_VLAN_INFO_UNTAGGED!;
const BRENTRY = k.BRIDGE_VLAN_INFO_BRENTRY!;

/** A "brvlan" record (one link, from a dump or an RTM_NEWVLAN event) → its entries. */
export function toBridgeVlans(r: Record<string, unknown>, names: Map<number, string>): BridgeVlan[] {
  const index = r.index as number;
  const dev = (r.name as string | undefined) ?? names.get(index) ?? String(index);
  // The bridge device lists itself as its own master; its entries are its own (`self`) VLANs.
  const isBridge = r.master === index;
  const list = (r.vlans as Record<string, unknown>[] | undefined) ?? [];
  return list.map((e) => {
    const flags = e.flags as number;
    const out: BridgeVlan = {
      dev, index,
      vid: e.vidEnd === undefined ? (e.vid as number) : [e.vid as number, e.vidEnd as number],
      pvid: (flags & PVID) !== 0,
      untagged: (flags & UNTAGGED) !== 0,
    };
    if (isBridge || (flags & BRENTRY) !== 0) out.self = true;
    if (e.state !== undefined) out.state = e.state as number;
    if (r.raw) out.raw = r.raw as RawAttribute[];
    return out;
  });
}
