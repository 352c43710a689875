// A listed Address → what addAddress takes to re-create it (the round trip: list, then add the
// result in another namespace or after a flush, and list the same address again).
import type { AddAddressOptions, Address } from './index.js';

/** What addAddress(link, cidr, options) needs to re-create a listed address. */
export interface AddressSpec {
  /** The ifindex it was listed on (pass another link to re-create it there). */
  link: number;
  cidr: string;
  options: AddAddressOptions;
  /**
   * Listed flags addAddress cannot set (the kernel's own state: 'stable-privacy', 'dadfailed'…),
   * empty when the spec re-creates the address whole. State words ('permanent', 'dynamic',
   * 'secondary', 'temporary', 'tentative', 'deprecated', 'optimistic') are not counted: they
   * follow from the address, its lifetimes and the link.
   */
  unsupported: string[];
}

const FOREVER = 0xffffffff;
const SETTABLE = new Set(['nodad', 'noprefixroute', 'mngtmpaddr', 'home', 'autojoin']);
const STATE = new Set(['permanent', 'dynamic', 'secondary', 'temporary', 'tentative', 'deprecated', 'optimistic']);

/**
 * The addAddress arguments that re-create a listed address: scope, broadcast, peer, label,
 * flags and lifetimes (the time left when it was listed). An IPv4 label is kept when it is an
 * alias ('eth0:web'); a plain label is the link's name, which the kernel fills in itself.
 * Equivalent to: none (turns `ip -j addr show` output into `ip addr add` arguments)
 */
export function addressSpecFromAddress(a: Address): AddressSpec {
  const o: AddAddressOptions = {};
  if (a.scope === 'global' || a.scope === 'site' || a.scope === 'link' || a.scope === 'host') o.scope = a.scope;
  if (a.broadcast !== null) o.broadcast = a.broadcast;
  if (a.peer !== undefined) o.peer = a.peer;
  if (a.family === 4 && a.label !== null && a.label.includes(':')) o.label = a.label;
  for (const f of a.flags) if (SETTABLE.has(f)) o[f as 'nodad' | 'noprefixroute' | 'mngtmpaddr' | 'home' | 'autojoin'] = true;
  if (a.validLifetime !== undefined && a.validLifetime !== FOREVER) o.validLifetime = Math.max(1, a.validLifetime);
  if (a.preferredLifetime !== undefined && a.preferredLifetime !== FOREVER) o.preferredLifetime = a.preferredLifetime;
  // A permanent address made with preferred_lft 0 lists both lifetimes as forever, 'deprecated'.
  if (a.flags.includes('deprecated') && o.preferredLifetime === undefined) o.preferredLifetime = 0;
  // Either lifetime given makes the other default to 'forever' in addAddress: say both.
  if (o.validLifetime !== undefined && o.preferredLifetime === undefined) o.preferredLifetime = o.validLifetime;
  if (o.preferredLifetime !== undefined && o.validLifetime === undefined) o.validLifetime = 'forever';
  const unsupported = a.flags.filter((f) => !SETTABLE.has(f) && !STATE.has(f));
  return { link: a.index, cidr: a.cidr, options: o, unsupported };
}
