// Namespace ids: the number a handle's namespace uses for another namespace. IFLA_LINK_NETNSID
// (Link.linkNetnsId, getVethPeer().netnsId) is such a number; this maps a namespace to it.
import { call } from '../errors.js';
import type { Handle } from '../core/handle.js';
import { native } from '../native.js';
import { openNetnsFd, type NetnsRef } from './ref.js';

/**
 * The id the handle's namespace gives namespace `ref`, or null when it has assigned none.
 * Compare with Link.linkNetnsId to find which namespace a veth peer lives in.
 *
 * Equivalent to: ip [-n H] netns list-id  (the row for REF)
 */
export async function getNetnsId(h: Handle, ref: NetnsRef): Promise<number | null> {
  const op = 'getNetnsId';
  const sock = h.routeSocket(op);
  const ns = openNetnsFd(ref, op);
  try {
    const id = call(op, () => native.nsidGet(sock, ns.fd));
    return id < 0 ? null : id;
  } finally {
    ns.release();
  }
}
