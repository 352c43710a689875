// Namespace ids as a family: assign one (ip netns set) and list them (ip netns list-id).
import type { Handle } from '../core/handle.js';
import { query, send } from '../core/request.js';
import * as v from '../util/validate.js';
import { openNetnsFd, type NetnsRef } from './ref.js';

/** One namespace id assigned by the handle's namespace (a line of `ip netns list-id`). */
export interface NetnsId {
  /** The id this handle's namespace gives another namespace. */
  nsid: number;
}

/**
 * Gives namespace `ref` the id `id` in the handle's namespace (what IFLA_LINK_NETNSID of a veth
 * peer living there will say). NetlinkError EEXIST when `ref` already has an id, or `id` is taken.
 * Equivalent to: ip [-n H] netns set REF ID
 */
export async function setNetnsId(h: Handle, ref: NetnsRef, id: number): Promise<void> {
  const op = 'setNetnsId';
  const nsid = v.uint(id, 'netns id', 0, 0x7fffffff);
  h.routeSocket(op);
  const ns = openNetnsFd(ref, op);
  try {
    send(h, op, 'nsid.set', 'nsidReq', { fd: ns.fd, nsid });
  } finally {
    ns.release();
  }
}

/** Every id the handle's namespace has assigned. Equivalent to: ip [-n H] netns list-id */
export async function listNetnsIds(h: Handle): Promise<NetnsId[]> {
  return query(h, 'listNetnsIds', 'nsid.dump', 'nsidReq', {}, 'nsid').map((r) => ({ nsid: r.nsid as number }));
}
