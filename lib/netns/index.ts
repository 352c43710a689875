// Named network namespaces under /run/netns. Owned by the netns/sysctl work.
export { netnsName, type NetnsRef } from './ref.js';

/** Equivalent to: ip netns add NAME */
export async function createNetns(name: string): Promise<void> { void name; throw new Error('not implemented'); }
/** Equivalent to: ip netns delete NAME */
export async function deleteNetns(name: string): Promise<void> { void name; throw new Error('not implemented'); }
/** Equivalent to: ip netns list */
export async function listNetns(): Promise<string[]> { throw new Error('not implemented'); }
