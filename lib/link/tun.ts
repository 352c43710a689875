// tun/tap devices: the kernel refuses to create them over rtnetlink, so they are made with
// /dev/net/tun ioctls (TUNSETIFF + TUNSETPERSIST) inside the handle's namespace, natively.
import { call } from '../errors.js';
import type { Handle } from '../core/handle.js';
import { native } from '../native.js';
import * as v from '../util/validate.js';

/** The tun/tap-specific part of a spec; the rest (mtu, address, up, master) is set over rtnetlink by createLink. */
export interface TunSpec { kind: 'tun' | 'tap'; name: string; owner?: number; group?: number; multiQueue?: boolean; persist?: boolean }

/**
 * Creates the device only (validated here); createLink applies the common settings afterwards.
 * Equivalent to: ip tuntap add dev NAME mode tun|tap [user U] [group G] [multi_queue]
 */
export function createTunDevice(h: Handle, spec: TunSpec): string {
  const op = 'createLink';
  const name = v.ifname(spec.name, 'tun name');
  const owner = spec.owner === undefined ? -1 : v.uint(spec.owner, 'tun owner', 0, 0x7fffffff);
  const group = spec.group === undefined ? -1 : v.uint(spec.group, 'tun group', 0, 0x7fffffff);
  const multiQueue = spec.multiQueue === undefined ? false : v.bool(spec.multiQueue, 'multiQueue');
  const persist = spec.persist === undefined ? true : v.bool(spec.persist, 'persist');
  h.routeSocket(op); // fails early on a closed handle
  call(op, () => native.tunCreate(h.netnsFd, name, spec.kind === 'tap', multiQueue, persist, owner, group));
  return name;
}
