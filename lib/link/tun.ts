// tun/tap devices: the kernel refuses to create them over rtnetlink, so they are made with
// /dev/net/tun ioctls (TUNSETIFF + TUNSETPERSIST) inside the handle's namespace, natively.
import { call } from '../errors.js';
import type { Netlink } from '../handle.js';
import { native } from '../native.js';
import * as v from '../util/validate.js';
import type { Link, LinkRef } from './types.js';
import { getLink, setLink } from './index.js';

/** Equivalent to: ip tuntap add dev NAME mode tun|tap [user U] [group G] [multi_queue] */
export async function createTun(h: Netlink, spec: { kind: 'tun' | 'tap'; name: string; mtu?: number; address?: string; up?: boolean;
  master?: LinkRef; owner?: number; group?: number; multiQueue?: boolean; persist?: boolean }): Promise<Link> {
  const op = 'createLink';
  const name = v.ifname(spec.name, 'tun name');
  const owner = spec.owner === undefined ? -1 : v.uint(spec.owner, 'tun owner', 0, 0x7fffffff);
  const group = spec.group === undefined ? -1 : v.uint(spec.group, 'tun group', 0, 0x7fffffff);
  const multiQueue = spec.multiQueue === undefined ? false : v.bool(spec.multiQueue, 'multiQueue');
  const persist = spec.persist === undefined ? true : v.bool(spec.persist, 'persist');
  h.routeSocket(op); // fails early on a closed handle
  call(op, () => native.tunCreate(h.netnsFd, name, spec.kind === 'tap', multiQueue, persist, owner, group));
  const change: Record<string, unknown> = {};
  for (const k of ['mtu', 'address', 'up', 'master'] as const) if (spec[k] !== undefined) change[k] = spec[k];
  if (Object.keys(change).length > 0) {
    try {
      await setLink(h, name, change);
    } catch (e) {
      await h.deleteLink(name).catch(() => {}); // leave nothing half-built
      throw e;
    }
  }
  return getLink(h, name);
}
