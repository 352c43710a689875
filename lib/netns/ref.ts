// NetnsRef → an open file descriptor on that network namespace (what setns(2) and
// IFLA_NET_NS_FD take). Names live under /run/netns, as with `ip netns`.
import { closeSync, openSync } from 'node:fs';
import { NetlinkError } from '../errors.js';
import { describe, uint } from '../util/validate.js';

/**
 * A network namespace: a name under /run/netns (as `ip netns add` makes), `{ path }` of a bind
 * mount or /proc file, `{ pid }` (that process's namespace), or an open `{ fd }`.
 */
export type NetnsRef = string | { path: string } | { pid: number } | { fd: number };

export const NETNS_RUN_DIR = '/run/netns';

/** A namespace name as `ip netns add` accepts it: one path component, nothing that escapes. */
export function netnsName(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`namespace name must be a string, got ${describe(value)}`);
  if (value.length === 0) throw new RangeError('namespace name must not be empty');
  if (value === '.' || value === '..' || value.includes('/') || value.includes('\0')) {
    throw new RangeError(`namespace name "${value}" must be a single path component (no '/', '.', '..' or NUL)`);
  }
  if (Buffer.byteLength(value) > 255) throw new RangeError('namespace name is longer than 255 bytes');
  return value;
}

export function netnsPath(ref: NetnsRef): string | null {
  if (typeof ref === 'string') return `${NETNS_RUN_DIR}/${netnsName(ref)}`;
  if (typeof ref !== 'object' || ref === null) throw new TypeError(`namespace must be a name, { path }, { pid } or { fd }, got ${describe(ref)}`);
  if ('path' in ref) {
    if (typeof ref.path !== 'string' || ref.path.length === 0) throw new TypeError('namespace { path } must be a non-empty string');
    return ref.path;
  }
  if ('pid' in ref) return `/proc/${uint(ref.pid, 'namespace { pid }', 1, 0x3fffffff)}/ns/net`;
  if ('fd' in ref) {
    uint(ref.fd, 'namespace { fd }', 0, 0x7fffffff);
    return null;
  }
  throw new TypeError('namespace must be a name, { path }, { pid } or { fd }');
}

/** An fd on the namespace; `owned` fds are closed by release(). */
export interface NetnsFd { fd: number; owned: boolean; release(): void }

export function openNetnsFd(ref: NetnsRef, op: string): NetnsFd {
  const path = netnsPath(ref);
  if (path === null) return { fd: (ref as { fd: number }).fd, owned: false, release() {} };
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const errno = -(err.errno ?? -2);
    const hint = err.code === 'ENOENT' ? `no such network namespace: ${path}` : `cannot open ${path}: ${err.message}`;
    throw new NetlinkError(op, errno, hint, { cause: e });
  }
  let open = true;
  return { fd, owned: true, release() { if (open) { open = false; closeSync(fd); } } };
}
