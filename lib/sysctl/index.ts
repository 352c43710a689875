// sysctl under /proc/sys/net, read and written inside a namespace. Owned by the netns/sysctl work.
import type { Netlink } from '../handle.js';

/** Equivalent to: ip netns exec NS sysctl -w KEY=VALUE, in the handle's namespace. */
export async function setSysctlIn(h: Netlink, key: string, value: string | number): Promise<void> { void h; void key; void value; throw new Error('not implemented'); }
/** Equivalent to: ip netns exec NS sysctl -n KEY, in the handle's namespace. */
export async function getSysctlIn(h: Netlink, key: string): Promise<string> { void h; void key; throw new Error('not implemented'); }

/** Equivalent to: sysctl -w KEY=VALUE (opts.netns: inside that namespace). */
export async function setSysctl(key: string, value: string | number, opts: { netns?: import('../netns/ref.js').NetnsRef } = {}): Promise<void> { void key; void value; void opts; throw new Error('not implemented'); }
/** Equivalent to: sysctl -n KEY (opts.netns: inside that namespace). */
export async function getSysctl(key: string, opts: { netns?: import('../netns/ref.js').NetnsRef } = {}): Promise<string> { void key; void opts; throw new Error('not implemented'); }
