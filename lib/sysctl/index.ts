// sysctl under /proc/sys/net, read and written inside a namespace. /proc/sys/net shows the
// namespace of the thread that opens the file, so the addon opens it on a helper thread that
// joined the namespace; the caller's threads never move.
import { call } from '../errors.js';
import type { Handle } from '../core/handle.js';
import { native } from '../native.js';
import { openNetnsFd, type NetnsRef } from '../netns/ref.js';
import { describe } from '../util/validate.js';
import { sysctlPath, sysctlValue } from './key.js';

export { sysctlPath, sysctlValue } from './key.js';

export interface SysctlOptions { netns?: NetnsRef }

function stripNewline(s: string): string {
  return s.endsWith('\n') ? s.slice(0, -1) : s;
}

function options(opts: unknown): SysctlOptions {
  if (opts === undefined) return {};
  if (opts === null || typeof opts !== 'object') throw new TypeError(`sysctl options must be an object, got ${describe(opts)}`);
  return opts as SysctlOptions;
}

/** Runs fn with an fd on opts.netns (-1 when absent), released afterwards. */
function withNetns<T>(opts: SysctlOptions, op: string, fn: (fd: number) => T): T {
  if (opts.netns === undefined) return fn(-1);
  const ns = openNetnsFd(opts.netns, op);
  try {
    return fn(ns.fd);
  } finally {
    ns.release();
  }
}

/** Equivalent to: ip netns exec NS sysctl -w KEY=VALUE, in the handle's namespace. */
export async function setSysctlIn(h: Handle, key: string, value: string | number): Promise<void> {
  const op = 'setSysctl';
  const path = sysctlPath(key);
  const v = sysctlValue(value);
  h.routeSocket(op); // a closed handle has no namespace: fail with EBADF, not in the caller's
  call(op, () => native.sysctlWrite(h.netnsFd, path, v));
}

/** Equivalent to: ip netns exec NS sysctl -n KEY, in the handle's namespace. */
export async function getSysctlIn(h: Handle, key: string): Promise<string> {
  const op = 'getSysctl';
  const path = sysctlPath(key);
  h.routeSocket(op);
  return stripNewline(call(op, () => native.sysctlRead(h.netnsFd, path)));
}

/** Equivalent to: sysctl -w KEY=VALUE (opts.netns: ip netns exec NS sysctl -w KEY=VALUE). */
export async function setSysctl(key: string, value: string | number, opts: SysctlOptions = {}): Promise<void> {
  const op = 'setSysctl';
  const path = sysctlPath(key);
  const v = sysctlValue(value);
  withNetns(options(opts), op, (fd) => call(op, () => native.sysctlWrite(fd, path, v)));
}

/** Equivalent to: sysctl -n KEY (opts.netns: ip netns exec NS sysctl -n KEY). */
export async function getSysctl(key: string, opts: SysctlOptions = {}): Promise<string> {
  const op = 'getSysctl';
  const path = sysctlPath(key);
  return stripNewline(withNetns(options(opts), op, (fd) => call(op, () => native.sysctlRead(fd, path))));
}
