// Bridge ports: the per-port switches of a link enslaved to a bridge (hairpin, learning,
// flooding, isolation, STP cost/priority/state). Validation here; native/brport builds the
// RTM_SETLINK (AF_BRIDGE, IFLA_PROTINFO) `bridge link set` sends and decodes the port's
// IFLA_INFO_SLAVE_DATA.
import { NetlinkError } from '../errors.js';
import type { Handle } from '../core/handle.js';
import { query, send } from '../core/request.js';
import { resolveIndex } from '../core/resolve.js';
import type { LinkRef, RawAttribute } from '../link/types.js';
import * as v from '../util/validate.js';

/** STP port states (BR_STATE_*), as `bridge link` prints them. */
export const BRIDGE_PORT_STATES = ['disabled', 'listening', 'learning', 'forwarding', 'blocking'] as const;
/** An STP port state name (one of BRIDGE_PORT_STATES). */
export type BridgePortState = (typeof BRIDGE_PORT_STATES)[number];

/** The on/off switches of a bridge port (each `bridge link set` keyword in camelCase). */
const SWITCHES = ['hairpin', 'guard', 'fastLeave', 'rootBlock', 'flood', 'mcastFlood', 'bcastFlood', 'mcastToUnicast',
  'learning', 'proxyArp', 'neighSuppress', 'isolated', 'locked'] as const;
type Switch = (typeof SWITCHES)[number];

/** What to change on a bridge port: its on/off switches, STP cost, priority and state (`bridge link set`). */
export interface BridgePortOptions extends Partial<Record<Switch, boolean>> {
  /** Reflect frames back out of the port they came in on (hairpin mode; `bridge link set … hairpin on`). */
  hairpin?: boolean;
  /** Isolated ports talk to non-isolated ports only. */
  isolated?: boolean;
  /** STP path cost, 1..65535. */
  cost?: number;
  /** STP port priority, 0..63. */
  priority?: number;
  /** STP state: a name or its number (BR_STATE_*). */
  state?: BridgePortState | number;
}

/** A listed bridge port (`bridge -d link show`): every switch, STP cost, priority and state. */
export interface BridgePort extends Required<Record<Switch, boolean>> {
  index: number;
  name: string;
  /** ifindex of the bridge. */
  master: number;
  cost: number;
  priority: number;
  state: BridgePortState | number;
  /** Port attributes not decoded above (timers, ids …), as received. */
  raw?: RawAttribute[];
}

const SETTABLE_EXTRA = new Set(['cost', 'priority', 'state']);
/** Keys of a BridgePort that are not settings: ignored, so getBridgePort's result can be set back. */
const LISTING_ONLY = new Set(['index', 'name', 'master', 'raw']);

/** Validates options into the "brportReq" record's fields (exported for codec tests). */
export function bridgePortFields(index: number, opts: BridgePortOptions): Record<string, unknown> {
  const o = v.object(opts, 'bridge port options');
  const out: Record<string, unknown> = { index };
  let any = false;
  for (const key of Object.keys(o)) {
    if (o[key] === undefined) continue;
    if (!(SWITCHES as readonly string[]).includes(key) && !SETTABLE_EXTRA.has(key) && !LISTING_ONLY.has(key)) {
      throw new TypeError(`unknown bridge port option ${JSON.stringify(key)}`);
    }
  }
  for (const s of SWITCHES) {
    if (o[s] !== undefined) { out[s] = v.bool(o[s], s); any = true; }
  }
  // Ranges the bridge enforces (BR_MAX_PATH_COST, BR_MAX_PORT_PRIORITY): refused before sending.
  if (o.cost !== undefined) { out.cost = v.uint(o.cost, 'bridge port cost', 1, 65535); any = true; }
  if (o.priority !== undefined) { out.priority = v.uint(o.priority, 'bridge port priority', 0, 63); any = true; }
  if (o.state !== undefined) {
    const n = typeof o.state === 'number' ? o.state : BRIDGE_PORT_STATES.indexOf(o.state as BridgePortState);
    if (!Number.isInteger(n) || n < 0 || n >= BRIDGE_PORT_STATES.length) {
      throw new RangeError(`bridge port state must be one of ${BRIDGE_PORT_STATES.join(', ')} (or 0..4), got ${v.describe(o.state)}`);
    }
    out.state = n;
    any = true;
  }
  if (!any) throw new TypeError('setBridgePort needs at least one option to change');
  return out;
}

/**
 * Changes the settings of a bridge port (a link enslaved to a bridge). Only the options given
 * are sent. Setting `state` needs the port up (the kernel answers ENETDOWN otherwise) and STP off.
 *
 * Equivalent to: bridge link set dev REF [hairpin on|off] [isolated on|off] [learning on|off]
 * [flood on|off] [mcast_flood on|off] [bcast_flood on|off] [neigh_suppress on|off]
 * [proxy_arp on|off] [guard on|off] [fastleave on|off] [root_block on|off] [cost N] [priority N] [state S]
 */
export async function setBridgePort(h: Handle, ref: LinkRef, opts: BridgePortOptions): Promise<void> {
  const op = 'setBridgePort';
  const r = v.linkRef(ref);
  const fields = bridgePortFields(0, opts);
  fields.index = resolveIndex(h, r, op);
  send(h, op, 'brport.set', 'brportReq', fields);
}

/**
 * The bridge-port settings of a link; NetlinkError ENOTCONN naming the link when it is not
 * enslaved to a bridge. Equivalent to: bridge -d link show dev REF (ip -d link show: bridge_slave)
 */
export async function getBridgePort(h: Handle, ref: LinkRef): Promise<BridgePort> {
  const op = 'getBridgePort';
  const index = resolveIndex(h, v.linkRef(ref), op);
  const [rec] = query(h, op, 'brport.get', 'brportReq', { index }, 'brport');
  if (!rec || !rec.isPort) throw new NetlinkError(op, 107 /* ENOTCONN */, `${ref} is not a bridge port`);
  return toBridgePort(rec);
}

/** A "brport" record → the public shape. */
export function toBridgePort(r: Record<string, unknown>): BridgePort {
  const out: Record<string, unknown> = { index: r.index, name: r.name, master: r.master ?? 0 };
  for (const s of SWITCHES) out[s] = r[s] ?? false;
  out.cost = r.cost ?? 0;
  out.priority = r.priority ?? 0;
  const st = r.state as number | undefined;
  out.state = st === undefined ? 0 : (BRIDGE_PORT_STATES[st] ?? st);
  if (r.raw) out.raw = r.raw;
  return out as unknown as BridgePort;
}
