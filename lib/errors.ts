// NetlinkError: a refusal by the kernel (or the transport), with the kernel's own words.
// DecodeError: a kernel message we could not parse (never silently skipped).
import { constants as osConstants } from 'node:os';
import type { NativeError } from '../typings/native.js';

const errnoNames = new Map<number, string>();
// Aliases share a number; name them as the kernel's headers and iproute2 do.
const preferred = new Set(['EOPNOTSUPP', 'EAGAIN', 'EDEADLK']);
for (const [name, value] of Object.entries(osConstants.errno)) {
  if (!errnoNames.has(value) || preferred.has(name)) errnoNames.set(value, name);
}

export function errnoCode(errno: number): string {
  return errnoNames.get(errno) ?? `E${errno}`;
}

/**
 * The kernel (or the transport) refused an operation: `code` ('EEXIST', 'ENODEV', …), `errno`,
 * `op` ('createVeth', 'nft.commit', …) and the kernel's own extended-ACK message in `extack`.
 * What `ip`/`nft` print as "RTNETLINK answers: File exists" / "Error: …".
 */
export class NetlinkError extends Error {
  /** 'EEXIST', 'ENODEV', … (Node's convention). */
  readonly code: string;
  /** Positive errno. */
  readonly errno: number;
  /** The operation: 'createVeth', 'addRoute', 'nft.commit', … */
  readonly op: string;
  /** The kernel's extended-ACK message, when it sent one. */
  readonly extack?: string;
  /** Byte offset of the offending attribute in our request (NLMSGERR_ATTR_OFFS). */
  readonly extackOffset?: number;

  constructor(op: string, errno: number, message: string, detail?: { extack?: string; extackOffset?: number; cause?: unknown }) {
    super(`${op}: ${message}`, detail?.cause !== undefined ? { cause: detail.cause } : undefined);
    this.name = 'NetlinkError';
    this.op = op;
    this.errno = errno;
    this.code = errnoCode(errno);
    if (detail?.extack !== undefined) this.extack = detail.extack;
    if (detail?.extackOffset !== undefined) this.extackOffset = detail.extackOffset;
  }
}

/** A kernel message netlinkts could not parse (never silently skipped); `path` says where. */
export class DecodeError extends Error {
  /** The operation whose reply it was: 'listLinks', 'monitor', … */
  readonly op: string;
  /** Where in the message: 'IFLA_LINKINFO › IFLA_INFO_DATA: …' */
  readonly path: string;
  constructor(op: string, path: string) {
    super(`${op}: malformed kernel message: ${path}`);
    this.name = 'DecodeError';
    this.op = op;
    this.path = path;
  }
}

function isNativeError(e: unknown): e is NativeError {
  return typeof e === 'object' && e !== null && 'nlErrno' in e;
}

/** Converts what the addon threw into NetlinkError/DecodeError; other errors pass through. */
export function fromNative(op: string, e: unknown): unknown {
  if (!isNativeError(e)) return e;
  if (e.nlDecode) return new DecodeError(op, e.nlWhere);
  let msg = e.message;
  if (e.nlErrno === 1 /* EPERM */ && !e.nlExtack) {
    msg += ' — netlink needs CAP_NET_ADMIN in the namespace: run as root, or inside `unshare -rn` (user + network namespace)';
  }
  return new NetlinkError(op, e.nlErrno, msg, { extack: e.nlExtack, extackOffset: e.nlExtackOffset });
}

/** Runs a native call, translating its errors for `op`. */
export function call<T>(op: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw fromNative(op, e);
  }
}
