// Addresses (IPv4/IPv6): add, delete, list. Owned by the addr/route work; signatures are the contract.
import type { Netlink } from '../handle.js';
import type { LinkRef } from '../link/types.js';

export interface Address {
  index: number; family: 4 | 6; address: string; prefixLength: number; cidr: string;
  scope: string; label: string | null; broadcast: string | null; flags: string[];
}
export interface AddAddressOptions { broadcast?: string; label?: string; peer?: string }

/** Equivalent to: ip addr add CIDR dev REF [broadcast B] [label L] [peer P] */
export async function addAddress(h: Netlink, ref: LinkRef, cidr: string, opts: AddAddressOptions = {}): Promise<void> {
  void h; void ref; void cidr; void opts;
  throw new Error('not implemented');
}
/** Equivalent to: ip addr del CIDR dev REF */
export async function deleteAddress(h: Netlink, ref: LinkRef, cidr: string): Promise<void> {
  void h; void ref; void cidr;
  throw new Error('not implemented');
}
/** Equivalent to: ip addr show [dev REF] [-4|-6] */
export async function listAddresses(h: Netlink, filter: { link?: LinkRef; family?: 4 | 6 } = {}): Promise<Address[]> {
  void h; void filter;
  throw new Error('not implemented');
}
