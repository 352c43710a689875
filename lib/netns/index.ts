// Named network namespaces under /run/netns, made and removed natively the way `ip netns`
// does it (a bind mount of the namespace on a file), so they interoperate with iproute2.
import { readdir } from 'node:fs/promises';
import { NetlinkError, fromNative } from '../errors.js';
import { native } from '../native.js';
import { NETNS_RUN_DIR, netnsName } from './ref.js';

export { netnsName, type NetnsRef } from './ref.js';
export { getNetnsId } from './nsid.js';

/**
 * Creates a named network namespace (with only `lo`, down). The calling thread stays in its
 * own namespace. An existing name is NetlinkError EEXIST and leaves everything as it was.
 *
 * Equivalent to: ip netns add NAME
 */
export async function createNetns(name: string): Promise<void> {
  const n = netnsName(name);
  try {
    await native.netnsCreate(NETNS_RUN_DIR, n);
  } catch (e) {
    throw fromNative('createNetns', e);
  }
}

/**
 * Removes the name; the namespace itself goes away once no process or fd still holds it.
 * NetlinkError ENOENT when there is no such name.
 *
 * Equivalent to: ip netns delete NAME
 */
export async function deleteNetns(name: string): Promise<void> {
  const n = netnsName(name);
  try {
    native.netnsDelete(NETNS_RUN_DIR, n);
  } catch (e) {
    throw fromNative('deleteNetns', e);
  }
}

/**
 * Names under /run/netns, sorted; [] when the directory does not exist yet.
 *
 * Equivalent to: ip netns list
 */
export async function listNetns(): Promise<string[]> {
  try {
    return (await readdir(NETNS_RUN_DIR)).sort();
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') return [];
    throw new NetlinkError('listNetns', -(err.errno ?? -5), `cannot read ${NETNS_RUN_DIR}: ${err.message}`, { cause: e });
  }
}
