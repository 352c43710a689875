// The one thing every family needs from a handle: its sockets and its namespace. Families take a
// `Handle` (this interface), never the `Netlink` facade, so that the facade can depend on every
// family without any family depending back on it (lib/ stays free of import cycles).
import type { NativeSocket } from '../../typings/native.js';
import type { NetnsRef } from '../netns/ref.js';

/** What lib/<family>/ functions use of a handle (implemented by Netlink). */
export interface Handle {
  /** The namespace this handle works in; null = the caller's own. */
  readonly netns: NetnsRef | null;
  /** fd on this handle's namespace, -1 for the caller's. */
  readonly netnsFd: number;
  /** True once close() ran. */
  readonly closed: boolean;
  /** The NETLINK_ROUTE socket; NetlinkError EBADF when the handle is closed. */
  routeSocket(op: string): NativeSocket;
  /** The NETLINK_NETFILTER socket, opened on first use. */
  netfilterSocket(op: string): NativeSocket;
}
