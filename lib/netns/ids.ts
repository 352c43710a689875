// Namespace ids as a family: assign one (ip netns set) and list them (ip netns list-id).
import { readdirSync } from 'node:fs';
import type { Handle } from '../core/handle.js';
import { query, send } from '../core/request.js';
import { native } from '../native.js';
import * as v from '../util/validate.js';
import { NETNS_RUN_DIR, openNetnsFd, type NetnsRef } from './ref.js';

/** One namespace id assigned by the handle's namespace (a line of `ip netns list-id`). */
export interface NetnsId {
  /** The id this handle's namespace gives another namespace. */
  nsid: number;
  /**
   * The namespace's name under /run/netns, when it has one (as `ip netns list-id` prints it):
   * what setNetnsId(name, nsid) takes, so a listing re-applies in another namespace.
   */
  name?: string;
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
  const op = 'listNetnsIds';
  const ids: NetnsId[] = query(h, op, 'nsid.dump', 'nsidReq', {}, 'nsid').map((r) => ({ nsid: r.nsid as number }));
  if (ids.length > 0) {
    // Names as ip finds them (netns_map_init): ask for the id of every namespace under /run/netns.
    const byId = namedIds(h, op);
    for (const x of ids) {
      const name = byId.get(x.nsid);
      if (name !== undefined) x.name = name;
    }
  }
  return ids;
}

/** nsid → name, for the namespaces under /run/netns this handle's namespace has given an id. */
function namedIds(h: Handle, op: string): Map<number, string> {
  const out = new Map<number, string>();
  let names: string[];
  try {
    names = readdirSync(NETNS_RUN_DIR).sort();
  } catch {
    return out; // no /run/netns: no names
  }
  const sock = h.routeSocket(op);
  for (const name of names) {
    let ns;
    try {
      ns = openNetnsFd(name, op);
    } catch {
      continue; // deleted meanwhile, or not a namespace
    }
    try {
      const id = native.nsidGet(sock, ns.fd);
      if (id >= 0 && !out.has(id)) out.set(id, name);
    } catch {
      /* not a namespace file */
    } finally {
      ns.release();
    }
  }
  return out;
}
