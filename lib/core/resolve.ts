// Link name → ifindex resolution shared by every family that addresses links by index.
import { NetlinkError, call, fromNative } from '../errors.js';
import { native } from '../native.js';
import { decodeRecords } from '../records.js';
import type { Handle } from './handle.js';

/**
 * Resolves a link reference to an ifindex: nothing for a number; for a name one SIOCGIFINDEX ioctl
 * on the handle's netlink socket (answered from its namespace, ~1 µs, no message to decode).
 */
export function resolveIndex(h: Handle, ref: string | number, op: string): number {
  if (typeof ref === 'number') return ref;
  const sock = h.routeSocket(op);
  try {
    return native.linkIndex(sock, ref);
  } catch (e) {
    const err = fromNative(op, e);
    if (err instanceof NetlinkError && err.code === 'ENODEV') throw new NetlinkError(op, 19, `no such link: ${ref}`);
    throw err;
  }
}

/** ifindex → name for every link in the handle's namespace (one link dump). */
export function linkNames(h: Handle, op: string): Map<number, string> {
  const sock = h.routeSocket(op);
  const names = new Map<number, string>();
  for (const l of decodeRecords(call(op, () => native.linkDump(sock, '', -1)), 'link', op)) {
    names.set(l.index as number, l.name as string);
  }
  return names;
}
