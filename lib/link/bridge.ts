// Bridge options on an existing bridge: set as `ip link set DEV type bridge …` does (native
// "bridge.set", native/link/bridge.cc), read back from the link listing's IFLA_INFO_DATA
// (Link.info) into the same typed options createLink takes, so a listed bridge re-creates.
import { NetlinkError } from '../errors.js';
import type { Handle } from '../core/handle.js';
import { send } from '../core/request.js';
import { resolveIndex } from '../core/resolve.js';
import * as v from '../util/validate.js';
import type { BridgeSpec, Link, LinkRef } from './types.js';

/** The options of a bridge device (`ip link … type bridge …`), as setBridge takes and getBridge lists them. */
export interface BridgeOptions {
  /** STP on (stp_state 1) or off (0). */
  stp?: boolean;
  /** In centiseconds, as the kernel takes it (ip's forward_delay); 200..3000 with STP on. */
  forwardDelay?: number;
  /** FDB entry lifetime in centiseconds (ip's ageing_time). */
  ageingTime?: number;
  /** 802.1Q VLAN filtering; refused (EOPNOTSUPP) by kernels without CONFIG_BRIDGE_VLAN_FILTERING, even `false`. */
  vlanFiltering?: boolean;
  /** PVID given to new ports when VLAN filtering is on, 1..4094 (listed only by kernels with VLAN filtering). */
  vlanDefaultPvid?: number;
  /** IGMP/MLD snooping (default on). */
  mcastSnooping?: boolean;
}

const KEYS = ['stp', 'forwardDelay', 'ageingTime', 'vlanFiltering', 'vlanDefaultPvid', 'mcastSnooping'] as const;

/** Validates options into the "bridgeReq" record's fields (exported for codec tests). */
export function bridgeOptionFields(index: number, opts: BridgeOptions): Record<string, unknown> {
  const o = v.object(opts, 'bridge options');
  for (const key of Object.keys(o)) {
    if (o[key] !== undefined && !(KEYS as readonly string[]).includes(key)) {
      throw new TypeError(`unknown bridge option ${JSON.stringify(key)} (expected ${KEYS.join(', ')})`);
    }
  }
  const out: Record<string, unknown> = { index };
  if (o.forwardDelay !== undefined) out.forwardDelay = v.uint(o.forwardDelay, 'bridge forwardDelay');
  if (o.ageingTime !== undefined) out.ageingTime = v.uint(o.ageingTime, 'bridge ageingTime');
  if (o.stp !== undefined) out.stpState = v.bool(o.stp, 'bridge stp') ? 1 : 0;
  if (o.vlanFiltering !== undefined) out.vlanFiltering = v.bool(o.vlanFiltering, 'bridge vlanFiltering') ? 1 : 0;
  if (o.vlanDefaultPvid !== undefined) out.vlanDefaultPvid = v.uint(o.vlanDefaultPvid, 'bridge vlanDefaultPvid', 1, 4094);
  if (o.mcastSnooping !== undefined) out.mcastSnooping = v.bool(o.mcastSnooping, 'bridge mcastSnooping') ? 1 : 0;
  if (Object.keys(out).length === 1) throw new TypeError('setBridge needs at least one option to change');
  return out;
}

/**
 * Changes options of an existing bridge; only those given are sent. NetlinkError EOPNOTSUPP
 * when `ref` is not a bridge, or for vlanFiltering on a kernel without VLAN filtering.
 *
 * Equivalent to: ip link set dev REF type bridge [forward_delay N] [ageing_time N] [stp_state 0|1]
 *                [vlan_filtering 0|1] [vlan_default_pvid N] [mcast_snooping 0|1]
 */
export async function setBridge(h: Handle, ref: LinkRef, opts: BridgeOptions): Promise<void> {
  const op = 'setBridge';
  const r = v.linkRef(ref);
  const fields = bridgeOptionFields(0, opts);
  // ip resolves the name and sends the index; so do we (same bytes).
  fields.index = resolveIndex(h, r, op);
  send(h, op, 'bridge.set', 'bridgeReq', fields);
}

/** The options of a listed bridge (Link.info), in the form setBridge and createLink take. */
export function bridgeOptionsOf(l: Link): BridgeOptions {
  const i = l.info ?? {};
  const out: BridgeOptions = {};
  if (i.stpState !== undefined) out.stp = i.stpState !== 0;
  if (i.forwardDelay !== undefined) out.forwardDelay = i.forwardDelay;
  if (i.ageingTime !== undefined) out.ageingTime = i.ageingTime;
  if (i.vlanFiltering !== undefined) out.vlanFiltering = i.vlanFiltering !== 0;
  if (i.vlanDefaultPvid !== undefined) out.vlanDefaultPvid = i.vlanDefaultPvid;
  if (i.mcastSnooping !== undefined) out.mcastSnooping = i.mcastSnooping !== 0;
  return out;
}

/**
 * The createLink spec that re-creates a listed bridge with its options (name, mtu, options).
 * vlanFiltering is left out when off (the default), since kernels without VLAN filtering
 * refuse it even as `vlan_filtering 0`. Equivalent to: none (`ip -d link show` → `ip link add … type bridge …`)
 */
export function bridgeSpecFromLink(l: Link): BridgeSpec {
  const { vlanFiltering, ...opts } = bridgeOptionsOf(l);
  const spec: BridgeSpec = { kind: 'bridge', name: l.name, ...opts };
  if (vlanFiltering) spec.vlanFiltering = true;
  if (l.mtu) spec.mtu = l.mtu;
  return spec;
}

/** The link must be a bridge: NetlinkError EINVAL naming it otherwise. */
export function assertBridge(l: Link, op: string): void {
  if (l.kind !== 'bridge') throw new NetlinkError(op, 22 /* EINVAL */, `${l.name} is not a bridge (kind ${l.kind ?? 'none'})`);
}
