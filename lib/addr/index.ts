// Addresses (IPv4/IPv6): add, delete, list. Validation and parsing of user strings happen
// here; native/addr builds and decodes the messages.
import { call, fromNative } from '../errors.js';
import type { Handle } from '../core/handle.js';
import { resolveIndex } from '../core/resolve.js';
import type { LinkRef, RawAttribute } from '../link/types.js';
import { native } from '../native.js';
import { decodeRecords } from '../records.js';
import { ROUTE_SCOPES, addressScopeName, afOf, familyOf } from '../util/rtnames.js';
import * as v from '../util/validate.js';
import { addressFlagNames } from './flags.js';
import { DONE } from '../util/done.js';
import { OPS, type AddrArgs } from '../batch/encode.js';
import { runOne } from '../batch/one.js';
export type { AddrArgs } from '../batch/encode.js';

/** An address as listed (`ip -j addr show`): `cidr` is 'address/prefixLength'; `scope` as ip prints it. */
export interface Address {
  index: number; family: 4 | 6; address: string; prefixLength: number; cidr: string;
  scope: string; label: string | null; broadcast: string | null; flags: string[];
  /** Point-to-point peer (IFA_ADDRESS differing from IFA_LOCAL). */
  peer?: string;
  /** Seconds; 4294967295 = forever. */
  validLifetime?: number;
  preferredLifetime?: number;
  /** Attributes not decoded above, as received. */
  raw?: RawAttribute[];
}
/** Options of addAddress (`ip addr add … broadcast B label L peer P`). */
export interface AddAddressOptions {
  /** IPv4 only. '+' computes it from the prefix, as `ip addr add … brd +`. */
  broadcast?: string;
  /** IPv4 only; at most 15 bytes (by convention it starts with the interface name: 'eth0:web'). */
  label?: string;
  /** Point-to-point peer address. */
  peer?: string;
  /** IPv6: skip duplicate address detection, so the address is usable at once (not tentative). */
  nodad?: boolean;
  /** Do not create the prefix route for this address. */
  noprefixroute?: boolean;
  /** IPv6: make temporary (privacy) addresses from this prefix (`ip addr add … mngtmpaddr`). */
  mngtmpaddr?: boolean;
  /** IPv6 mobility: the home address (`ip addr add … home`). */
  home?: boolean;
  /** A multicast address: join its group on the link (`ip addr add … autojoin`). */
  autojoin?: boolean;
  /** Default: 'host' for 127.0.0.0/8, else 'global' (as iproute2). */
  scope?: 'global' | 'site' | 'link' | 'host';
  /** Seconds until the address is removed, or 'forever' (the default). ip's valid_lft. */
  validLifetime?: number | 'forever';
  /** Seconds until it is deprecated (no longer chosen as a source), or 'forever'; ≤ validLifetime. ip's preferred_lft. */
  preferredLifetime?: number | 'forever';
}

const FOREVER = 0xffffffff;

function lifetimeOf(value: unknown, what: string): number {
  return value === undefined || value === 'forever' ? FOREVER : v.uint(value, what, 0, FOREVER);
}

/** [valid, preferred] when either lifetime is given (sent as IFA_CACHEINFO), else null. */
export function addrLifetime(opts: unknown): [number, number] | null {
  if (typeof opts !== 'object' || opts === null) return null;
  const o = opts as AddAddressOptions;
  if (o.validLifetime === undefined && o.preferredLifetime === undefined) return null;
  const valid = lifetimeOf(o.validLifetime, 'validLifetime');
  const preferred = lifetimeOf(o.preferredLifetime, 'preferredLifetime');
  if (valid === 0) throw new RangeError('validLifetime must be at least 1 second (or \'forever\')');
  if (preferred > valid) throw new RangeError(`preferredLifetime (${preferred}) must not exceed validLifetime (${valid})`);
  return [valid, preferred];
}

interface AddrRecord {
  index: number; family: number; prefixlen: number; scope: number; flags: number;
  address?: string; local?: string; broadcast?: string; label?: string;
  preferred?: number; valid?: number; raw?: RawAttribute[];
}

const k = native.constants;


function v6Only(family: 4 | 6, what: string, bit: number): number {
  if (family !== 6) throw new RangeError(`${what} applies to IPv6 addresses only`);
  return bit;
}

/** Validates and converts to the addrAdd/addrDelete arguments after the socket (exported for codec tests). */
export function addrArgs(h: Handle, ref: LinkRef, cidr: string, opts: AddAddressOptions, op: string, forDelete: boolean,
  resolve: (ref: LinkRef) => number = (x) => resolveIndex(h, x, op)): AddrArgs {
  const r = v.linkRef(ref);
  const c = v.cidr(cidr, 'address');
  const o = v.object(opts, `${op} options`) as AddAddressOptions;
  let peer: Buffer | null = null;
  if (o.peer !== undefined) {
    const p = v.ip(o.peer, 'peer');
    v.sameFamily(c, p, 'peer');
    peer = p.bytes;
  }
  let broadcast: Buffer | null = null;
  if (o.broadcast !== undefined && !forDelete) {
    if (c.family !== 4) throw new RangeError('broadcast applies to IPv4 addresses only');
    if (o.broadcast === '+') {
      broadcast = v.networkOf(c);
      for (let bit = c.prefix; bit < 32; bit++) broadcast[bit >> 3]! |= 0x80 >> (bit & 7);
    } else {
      const b = v.ip(o.broadcast, 'broadcast');
      v.sameFamily(c, b, 'broadcast');
      broadcast = b.bytes;
    }
  }
  let label: string | null = null;
  if (o.label !== undefined) {
    if (c.family !== 4) throw new RangeError('label applies to IPv4 addresses only');
    label = v.str(o.label, 'label', v.IFNAMSIZ - 1);
    if (label.length === 0) throw new RangeError('label must not be empty');
  }
  let flags = 0;
  if (o.nodad !== undefined && v.bool(o.nodad, 'nodad')) flags |= k.IFA_F_NODAD!;
  if (o.noprefixroute !== undefined && v.bool(o.noprefixroute, 'noprefixroute')) flags |= k.IFA_F_NOPREFIXROUTE!;
  // IPv6-only flags: the kernel would take them on IPv4 and ignore them, which ip refuses too.
  if (o.mngtmpaddr !== undefined && v.bool(o.mngtmpaddr, 'mngtmpaddr')) flags |= v6Only(c.family, 'mngtmpaddr', k.IFA_F_MANAGETEMPADDR!);
  if (o.home !== undefined && v.bool(o.home, 'home')) flags |= v6Only(c.family, 'home', k.IFA_F_HOMEADDRESS!);
  if (o.autojoin !== undefined && v.bool(o.autojoin, 'autojoin')) flags |= k.IFA_F_MCAUTOJOIN!;
  let scope = c.family === 4 && c.bytes[0] === 127 ? k.RT_SCOPE_HOST! : k.RT_SCOPE_UNIVERSE!;
  if (o.scope !== undefined) {
    const name = o.scope as string;
    const s = name === 'global' ? k.RT_SCOPE_UNIVERSE : ROUTE_SCOPES.get(name);
    if (s === undefined || name === 'universe' || name === 'nowhere') {
      throw new RangeError(`address scope must be 'global', 'site', 'link' or 'host', got ${v.describe(o.scope)}`);
    }
    scope = s;
  }
  const index = resolve(r);
  return [index, afOf(c.family), c.prefix, c.bytes, peer, broadcast, label, flags, scope];
}

/**
 * The hot shape: an ifindex and no options (undefined or an object with none of them set); the
 * cidr itself is checked by native.addrChangeV4, which sends nothing unless it is a plain
 * 'a.b.c.d[/n]' (then addrArgs' result is [ifindex, AF_INET, n, bytes, null, null, null, 0,
 * host scope for 127/8 else universe], built natively without Buffers or a closure).
 */
function plainV4Args(ref: unknown, opts: unknown): boolean {
  if (typeof ref !== 'number' || !(ref >= 1 && ref <= 0x7fffffff) || !Number.isInteger(ref)) return false;
  if (opts === undefined) return true;
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) return false;
  const o = opts as AddAddressOptions;
  return o.peer === undefined && o.broadcast === undefined && o.label === undefined && o.nodad === undefined
    && o.noprefixroute === undefined && o.scope === undefined && o.validLifetime === undefined && o.preferredLifetime === undefined
    && o.mngtmpaddr === undefined && o.home === undefined && o.autojoin === undefined;
}

/**
 * The settled result when the plain shape was sent (DONE, or a rejected promise), null when
 * nothing was sent (cidr not plain, or the handle closed) and the general path takes over. No
 * async function and no promise per call on this path (see lib/util/done.ts).
 */
function changeV4(h: Handle, op: string, change: 0 | 1, ref: unknown, cidr: string, opts: unknown): Promise<void> | null {
  let sock;
  try {
    sock = h.routeSocket(op);
  } catch {
    return null;
  }
  // One try around the rest: a throwing getter on the caller's object rejects, as it did when
  // this was an async function.
  try {
    if (!plainV4Args(ref, opts) || sock.id === 0) return null;
    return native.addrChangeV4(sock.id, change, cidr, ref as number) ? DONE : null;
  } catch (e) {
    return Promise.reject(fromNative(op, e));
  }
}

/**
 * Adds an address. A v6 address is tentative until DAD finishes unless `nodad` is given.
 * Equivalent to: ip addr add CIDR dev REF [broadcast B|+] [label L] [peer P] [nodad] [noprefixroute] [scope S]
 *                [mngtmpaddr] [home] [autojoin] [valid_lft V] [preferred_lft P]
 */
export function addAddress(h: Handle, ref: LinkRef, cidr: string, opts: AddAddressOptions = {}): Promise<void> {
  return changeV4(h, 'addAddress', 0, ref, cidr, opts) ?? addAddressGeneral(h, ref, cidr, opts);
}

async function addAddressGeneral(h: Handle, ref: LinkRef, cidr: string, opts: AddAddressOptions): Promise<void> {
  const op = 'addAddress';
  const lifetime = addrLifetime(opts);
  const a = addrArgs(h, ref, cidr, opts, op, false);
  // Lifetimes travel in the op record (a batch of one) rather than as more positional arguments.
  if (lifetime) return runOne(h, op, (e) => e.address(OPS.addrAdd, a, lifetime));
  const sock = h.routeSocket(op);
  // Arguments spelled out rather than spread (cheaper on this hot path).
  call(op, () => native.addrAdd(sock, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8]));
}

/**
 * Removes an address. NetlinkError EADDRNOTAVAIL when the link has no such address.
 * Equivalent to: ip addr del CIDR dev REF
 */
export function deleteAddress(h: Handle, ref: LinkRef, cidr: string, opts: Pick<AddAddressOptions, 'peer' | 'label'> = {}): Promise<void> {
  return changeV4(h, 'deleteAddress', 1, ref, cidr, opts) ?? deleteAddressGeneral(h, ref, cidr, opts);
}

async function deleteAddressGeneral(h: Handle, ref: LinkRef, cidr: string, opts: Pick<AddAddressOptions, 'peer' | 'label'>): Promise<void> {
  const op = 'deleteAddress';
  const a = addrArgs(h, ref, cidr, opts, op, true);
  const sock = h.routeSocket(op);
  call(op, () => native.addrDelete(sock, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8]));
}

/**
 * Adds the address, or updates it in place when the link has it already (flags, lifetimes,
 * label…): the way to refresh a lifetime. Equivalent to: ip addr replace CIDR dev REF [options as addAddress]
 */
export async function replaceAddress(h: Handle, ref: LinkRef, cidr: string, opts: AddAddressOptions = {}): Promise<void> {
  const op = 'replaceAddress';
  const lifetime = addrLifetime(opts);
  const a = addrArgs(h, ref, cidr, opts, op, false);
  runOne(h, op, (e) => e.address(OPS.addrReplace, a, lifetime));
}

/**
 * Removes every address of a link (or of every link), optionally of one family; resolves to the
 * number removed. Secondaries the kernel drops with their primary count as removed.
 * Equivalent to: ip addr flush [dev REF] [-4|-6]
 */
export async function flushAddresses(h: Handle, filter: { link?: LinkRef; family?: 4 | 6 } = {}): Promise<number> {
  const op = 'flushAddresses';
  const list = await listAddresses(h, filter);
  let n = 0;
  for (const a of list) {
    const opts: Pick<AddAddressOptions, 'peer'> = a.peer === undefined ? {} : { peer: a.peer };
    const args = addrArgs(h, a.index, a.cidr, opts, op, true);
    const sock = h.routeSocket(op);
    try {
      call(op, () => native.addrDelete(sock, args[0], args[1], args[2], args[3], args[4], args[5], args[6], args[7], args[8]));
    } catch (e) {
      // Gone already: a secondary removed with its primary, or someone else's flush.
      if ((e as { code?: string }).code !== 'EADDRNOTAVAIL') throw e;
    }
    n++;
  }
  return n;
}

/** Equivalent to: ip addr show [dev REF] [-4|-6] */
export async function listAddresses(h: Handle, filter: { link?: LinkRef; family?: 4 | 6 } = {}): Promise<Address[]> {
  const op = 'listAddresses';
  const f = v.object(filter, 'listAddresses filter');
  let af = 0;
  if (f.family !== undefined) {
    if (f.family !== 4 && f.family !== 6) throw new RangeError(`family must be 4 or 6, got ${v.describe(f.family)}`);
    af = afOf(f.family);
  }
  const index = f.link === undefined ? 0 : resolveIndex(h, v.linkRef(f.link, 'link'), op);
  const sock = h.routeSocket(op);
  const recs = decodeRecords(call(op, () => native.addrDump(sock, af, index)), 'address', op) as unknown as AddrRecord[];
  const out: Address[] = [];
  for (const r of recs) {
    const a = toAddress(r);
    if (a) out.push(a);
  }
  return out;
}

/** An address record → the public shape (null for families other than IPv4/IPv6). */
export function toAddress(r: AddrRecord): Address | null {
  const family = familyOf(r.family);
  if (family === null) return null;
  // IFA_LOCAL is the interface's own address; IFA_ADDRESS is the peer on point-to-point links
  // (and equals IFA_LOCAL otherwise). IPv6 sends IFA_LOCAL only with a peer.
  const address = r.local ?? r.address ?? '';
  const a: Address = {
    index: r.index,
    family,
    address,
    prefixLength: r.prefixlen,
    cidr: `${address}/${r.prefixlen}`,
    scope: addressScopeName(r.scope),
    label: r.label ?? null,
    broadcast: r.broadcast ?? null,
    flags: addressFlagNames(r.flags, family),
  };
  if (r.local !== undefined && r.address !== undefined && r.address !== r.local) a.peer = r.address;
  if (r.valid !== undefined) a.validLifetime = r.valid;
  if (r.preferred !== undefined) a.preferredLifetime = r.preferred;
  if (r.raw) a.raw = r.raw;
  return a;
}
