// Links: create (veth, bridge, macvlan, vxlan, tun/tap), delete, get, list, set.
// Validation and user-string parsing happen here; native/link builds and decodes the messages.
import type { NativeLinkSettings, NativeLinkSpec } from '../../typings/link.js';
import { NetlinkError, call, fromNative } from '../errors.js';
import type { Handle } from '../core/handle.js';
import { native } from '../native.js';
import { openNetnsFd, type NetnsFd, type NetnsRef } from '../netns/ref.js';
import * as v from '../util/validate.js';
import { resolveIndex } from '../core/resolve.js';
import { decodeLinks } from './decode.js';
import { createTunDevice } from './tun.js';
import { MORE_KINDS, moreKindData } from './kinds.js';
export { linkSpecFromLink } from './kinds.js';
import type { BridgeSpec, Link, LinkChange, LinkRef, LinkSpec, MacvlanSpec, VxlanSpec } from './types.js';

export * from './types.js';
export { resolveIndex } from '../core/resolve.js';
export { flagNames } from './decode.js';
// issue 9 brvlan: bridge options on an existing bridge
import { assertBridge, bridgeOptionsOf, type BridgeOptions } from './bridge.js';
export { setBridge, bridgeSpecFromLink, type BridgeOptions } from './bridge.js';

/** Opens namespace fds for the duration of one call and closes them after, whatever happens. */
class Fds {
  private list: NetnsFd[] = [];
  open(ref: NetnsRef, op: string): number {
    const f = openNetnsFd(ref, op);
    this.list.push(f);
    return f.fd;
  }
  release(): void {
    for (const f of this.list) f.release();
    this.list = [];
  }
}

function getLinkSync(h: Handle, ref: LinkRef, op: string): Link {
  const sock = h.routeSocket(op);
  let buf: Buffer;
  try {
    buf = call(op, () => native.linkGet(sock, ref));
  } catch (e) {
    // The kernel's bare "No such device" does not say which: name the link.
    if (e instanceof NetlinkError && e.code === 'ENODEV') throw new NetlinkError(op, e.errno, `no such link: ${ref}`, { extack: e.extack, cause: e });
    throw e;
  }
  const links = decodeLinks(buf, op);
  if (links.length !== 1) throw new NetlinkError(op, 19 /* ENODEV */, `no such link: ${ref}`);
  return links[0]!;
}

function commonSettings(o: Record<string, unknown>, what: string, fds: Fds, op: string): NativeLinkSettings {
  const s: NativeLinkSettings = {};
  if (o.name !== undefined) s.name = v.ifname(o.name, `${what} name`);
  if (o.mtu !== undefined) s.mtu = v.mtu(o.mtu);
  if (o.address !== undefined) s.address = v.mac(o.address, `${what} address`);
  if (o.up !== undefined) s.up = v.bool(o.up, `${what} up`);
  if (o.txqlen !== undefined) s.txqlen = v.uint(o.txqlen, `${what} txqlen`);
  if (o.alias !== undefined) s.alias = v.str(o.alias, `${what} alias`, 255);
  if (o.group !== undefined) s.group = v.uint(o.group, `${what} group`);
  if (o.netns !== undefined) s.netnsFd = fds.open(o.netns as NetnsRef, op);
  if (o.promisc !== undefined) s.promisc = v.bool(o.promisc, `${what} promisc`);
  if (o.allmulti !== undefined) s.allmulti = v.bool(o.allmulti, `${what} allmulti`);
  if (o.arp !== undefined) s.arp = v.bool(o.arp, `${what} arp`);
  return s;
}

function masterIndex(h: Handle, ref: unknown, op: string): number {
  return ref === null ? 0 : resolveIndex(h, v.linkRef(ref, 'master'), op);
}

/**
 * Creates a veth pair; the peer may be born directly inside another namespace (cheaper than
 * create-then-move, and atomic: the kernel makes both ends or neither).
 * Equivalent to: ip link add NAME type veth peer name PEER [netns NS]
 */
export async function createVeth(h: Handle, name: string, peer: string,
  opts: { peerNetns?: NetnsRef; mtu?: number; address?: string; peerAddress?: string; up?: boolean; netns?: NetnsRef } = {},
): Promise<{ index: number; peerIndex: number }> {
  const op = 'createVeth';
  const o = v.object(opts, 'createVeth options');
  if (o.peerNetns === undefined && o.up === undefined && o.netns === undefined) {
    // No namespaces, no up: one request whose echo is read for its two indexes only (the same
    // bytes as createLink sends; test/link/veth-fast.test.ts). Checks in createLink's order.
    v.ifname(name, 'link name');
    const settings: NativeLinkSettings = { name };
    if (o.mtu !== undefined) settings.mtu = v.mtu(o.mtu);
    if (o.address !== undefined) settings.address = v.mac(o.address, 'veth address');
    if (peer === undefined) throw new TypeError('veth spec needs peer.name');
    const p: NativeLinkSettings = { name: v.ifname(peer, 'veth peer name') };
    if (o.mtu !== undefined) p.mtu = settings.mtu;
    if (o.peerAddress !== undefined) p.address = v.mac(o.peerAddress, 'veth peer address');
    // Kernel refusals keep the op the general path reports (createLink's).
    const sock = h.routeSocket('createLink');
    const ids = call('createLink', () => native.linkCreateIds(sock, vethSpec(settings, p)));
    if (ids[0] < 0) return { index: getLinkSync(h, name, op).index, peerIndex: getLinkSync(h, peer, op).index };
    if (ids[1] < 0) throw new NetlinkError(op, 71 /* EPROTO */, 'kernel did not report the veth peer');
    return { index: ids[0], peerIndex: ids[1] };
  }
  const self = { name, mtu: o.mtu, address: o.address, up: o.up, netns: o.netns };
  const other = { name: peer, netns: o.peerNetns, mtu: o.mtu, address: o.peerAddress, up: o.up };
  const l = await createLink(h, { kind: 'veth', ...self, peer: other } as LinkSpec);
  if (l.link === null) throw new NetlinkError(op, 71 /* EPROTO */, 'kernel did not report the veth peer');
  return { index: l.index, peerIndex: l.link };
}

/** The NativeLinkSpec createLink builds for a veth with these settings (no up, no namespaces). */
export function vethSpec(self: NativeLinkSettings, peer: NativeLinkSettings): NativeLinkSpec {
  return { kind: 'veth', settings: self, peer };
}

/**
 * Creates a bridge. Equivalent to: ip link add NAME type bridge [stp_state 1] (brctl addbr NAME)
 */
export async function createBridge(h: Handle, name: string, opts: { mtu?: number; stp?: boolean; up?: boolean; address?: string } = {}): Promise<Link> {
  const o = v.object(opts, 'createBridge options');
  return createLink(h, { kind: 'bridge', name, ...(o as object) } as BridgeSpec);
}

/** tun/tap: the device from /dev/net/tun, then the common settings over rtnetlink; nothing left half-built. */
async function createTun(h: Handle, spec: LinkSpec & { kind: 'tun' | 'tap' }): Promise<Link> {
  const name = createTunDevice(h, spec);
  const s = spec as unknown as Record<string, unknown>;
  const change: Record<string, unknown> = {};
  for (const k of ['mtu', 'address', 'up', 'master'] as const) if (s[k] !== undefined) change[k] = s[k];
  if (Object.keys(change).length > 0) {
    try {
      await setLink(h, name, change as LinkChange);
    } catch (e) {
      await deleteLink(h, name).catch(() => {}); // leave nothing half-built
      throw e;
    }
  }
  return getLink(h, name);
}

/**
 * Creates a link of any supported kind (discriminated on `kind`).
 * Equivalent to: ip link add NAME type KIND …  (ip tuntap add for tun/tap)
 */
export async function createLink(h: Handle, spec: LinkSpec): Promise<Link> {
  const op = 'createLink';
  const s = v.object(spec, 'link spec');
  if (s.kind === 'tun' || s.kind === 'tap') return createTun(h, spec as LinkSpec & { kind: 'tun' | 'tap' });
  if (typeof s.kind !== 'string' || s.kind.length === 0) throw new TypeError('link spec needs a kind: "veth", "bridge", "macvlan", "vxlan", "tun" or "tap"');
  v.ifname(s.name, 'link name');
  const fds = new Fds();
  try {
    const n: NativeLinkSpec = { kind: s.kind, settings: commonSettings(s, s.kind, fds, op) };
    if (s.master !== undefined) n.settings!.master = masterIndex(h, s.master, op);
    switch (s.kind) {
      case 'veth': {
        const p = v.object(s.peer, 'veth peer');
        if (p.name === undefined) throw new TypeError('veth spec needs peer.name');
        n.peer = commonSettings(p, 'veth peer', fds, op);
        break;
      }
      case 'bridge': {
        const b = s as unknown as BridgeSpec;
        if (b.stp !== undefined) n.stpState = v.bool(b.stp, 'stp') ? 1 : 0;
        if (b.forwardDelay !== undefined) n.forwardDelay = v.uint(b.forwardDelay, 'forwardDelay');
        if (b.vlanFiltering !== undefined) n.vlanFiltering = v.bool(b.vlanFiltering, 'vlanFiltering') ? 1 : 0;
        // issue 9 part A: bridge options
        if (b.ageingTime !== undefined) n.ageingTime = v.uint(b.ageingTime, 'ageingTime');
        if (b.vlanDefaultPvid !== undefined) n.vlanDefaultPvid = v.uint(b.vlanDefaultPvid, 'vlanDefaultPvid', 1, 4094);
        if (b.mcastSnooping !== undefined) n.mcastSnooping = v.bool(b.mcastSnooping, 'mcastSnooping') ? 1 : 0;
        break;
      }
      case 'macvlan':
      case 'macvtap': { // macvtap is a macvlan with a tap character device: same parent and mode
        const m = s as unknown as MacvlanSpec;
        n.parent = resolveIndex(h, v.linkRef(m.parent, `${s.kind} parent`), op);
        if (m.mode !== undefined) {
          const mode = native.constants[`MACVLAN_MODE_${String(m.mode).toUpperCase()}`];
          if (mode === undefined) throw new RangeError(`${s.kind} mode must be one of private, vepa, bridge, passthru, source; got ${v.describe(m.mode)}`);
          n.macvlanMode = mode;
        }
        break;
      }
      case 'vxlan': {
        const x = s as unknown as VxlanSpec;
        n.vni = v.uint(x.vni, 'vxlan vni', 0, 0xffffff);
        if (x.remote !== undefined && x.group !== undefined) throw new RangeError('vxlan: give remote or group, not both');
        if (x.remote !== undefined) n.remote = v.ip(x.remote, 'vxlan remote').bytes;
        if (x.group !== undefined) n.vxGroup = v.ip(x.group, 'vxlan group').bytes;
        if (x.local !== undefined) n.local = v.ip(x.local, 'vxlan local').bytes;
        if (x.port !== undefined) n.port = v.uint(x.port, 'vxlan port', 1, 65535);
        if (x.ttl !== undefined) n.ttl = v.uint(x.ttl, 'vxlan ttl', 0, 255);
        if (x.learning !== undefined) n.learning = v.bool(x.learning, 'vxlan learning') ? 1 : 0;
        if (x.dev !== undefined) n.parent = resolveIndex(h, v.linkRef(x.dev, 'vxlan dev'), op);
        break;
      }
      default:
        // vlan, ipvlan/ipvtap, vrf, bond, tunnels, geneve (./kinds.ts); dummy, ifb, wireguard
        // and any other kind the kernel knows take the common settings only.
        if (MORE_KINDS.has(s.kind)) moreKindData(s, n, (ref) => resolveIndex(h, ref, op));
        break;
    }
    // A veth cannot be brought up inside its own creation request: the kernel opens the first
    // end before it links the two (veth_open → ENOTCONN). Bring the ends up afterwards.
    const upSelf = s.kind === 'veth' ? n.settings!.up : undefined;
    const upPeer = s.kind === 'veth' ? n.peer!.up : undefined;
    if (s.kind === 'veth') { delete n.settings!.up; delete n.peer!.up; }
    const sock = h.routeSocket(op);
    const echoed = decodeLinks(call(op, () => native.linkCreate(sock, n, true)), op);
    if (s.netns !== undefined) return echoed[0] ?? ({ name: s.name } as Link);
    // An older kernel without NLM_F_ECHO for new links sends nothing back: ask.
    let created = echoed[0] ?? getLinkSync(h, s.name as string, op);
    if (upSelf || upPeer) {
      try {
        if (upPeer) setUpPeer(h, created, (s.peer as Record<string, unknown>).netns as NetnsRef | undefined, op);
        if (upSelf) {
          call(op, () => native.linkSet(sock, created.index, { up: true }));
          created = getLinkSync(h, created.index, op);
        }
      } catch (e) {
        // Leave nothing half-built: deleting one end removes the pair.
        try { native.linkDelete(sock, created.index); } catch { /* already gone */ }
        throw e;
      }
    }
    return created;
  } finally {
    fds.release();
  }
}

/** Sets the veth peer up, in its own namespace when it was born elsewhere. */
function setUpPeer(h: Handle, self: Link, peerNetns: NetnsRef | undefined, op: string): void {
  const peerIndex = self.link;
  if (peerIndex === null) throw new NetlinkError(op, 71 /* EPROTO */, 'kernel did not report the veth peer');
  if (peerNetns === undefined) {
    const sock = h.routeSocket(op);
    call(op, () => native.linkSet(sock, peerIndex, { up: true }));
    return;
  }
  const f = openNetnsFd(peerNetns, op);
  try {
    const sock = call(op, () => new native.NativeSocket(native.constants.NETLINK_ROUTE!, f.fd));
    try {
      call(op, () => native.linkSet(sock, peerIndex, { up: true }));
    } finally {
      sock.close();
    }
  } finally {
    f.release();
  }
}

/**
 * Adds alternative names (up to 127 bytes each) by which the link can be addressed.
 * Equivalent to: ip link property add dev REF altname NAME [altname NAME …]
 */
export async function addAltnames(h: Handle, ref: LinkRef, names: string[]): Promise<void> {
  altnames(h, ref, names, true, 'addAltnames');
}
/** Equivalent to: ip link property del dev REF altname NAME [altname NAME …] */
export async function deleteAltnames(h: Handle, ref: LinkRef, names: string[]): Promise<void> {
  altnames(h, ref, names, false, 'deleteAltnames');
}
/** The link's alternative names. Equivalent to: ip -j link show dev REF (altnames) */
export async function listAltnames(h: Handle, ref: LinkRef): Promise<string[]> {
  return getLinkSync(h, v.linkRef(ref), 'listAltnames').altnames ?? [];
}
function altnames(h: Handle, ref: LinkRef, names: string[], add: boolean, op: string): void {
  const r = v.linkRef(ref);
  if (!Array.isArray(names) || names.length === 0) throw new TypeError(`${op} needs a non-empty array of names`);
  // ALTIFNAMSIZ is 128 with the NUL; the same characters as a name are refused.
  const list = names.map((n, i) => {
    const s = v.str(n, `altname[${i}]`, 127);
    if (s.length === 0 || /[\s/:]/.test(s)) throw new RangeError(`altname[${i}] ${v.describe(n)} must be non-empty, without whitespace, '/' or ':'`);
    return s;
  });
  const sock = h.routeSocket(op);
  call(op, () => native.linkAltnames(sock, r, list, add));
}

/** Options of deleteLink. */
export interface DeleteLinkOptions {
  /**
   * 'ack' (default): resolve when the kernel acknowledges the request, after its whole teardown
   * of the device (for a veth ~15 ms here, mostly an RCU barrier that blocks whoever asks).
   * 'unlisted': resolve as soon as the link is gone from its namespace — its name and index
   * free, its bridge port, addresses and routes removed, its RTM_DELLINK event sent — while the
   * kernel finishes the teardown on a pool thread; the event loop is never blocked. Errors
   * (ENODEV, EPERM, …) reject it as with 'ack'.
   */
  wait?: 'ack' | 'unlisted';
}

/** Equivalent to: ip link delete REF */
export async function deleteLink(h: Handle, ref: LinkRef, opts: DeleteLinkOptions = {}): Promise<void> {
  const op = 'deleteLink';
  const r = v.linkRef(ref);
  const o = v.object(opts, 'deleteLink options');
  if (o.wait !== undefined && o.wait !== 'ack' && o.wait !== 'unlisted') throw new RangeError(`deleteLink wait must be 'ack' or 'unlisted', got ${v.describe(o.wait)}`);
  const sock = h.routeSocket(op);
  if (o.wait !== 'unlisted') {
    call(op, () => native.linkDelete(sock, r));
    return;
  }
  const index = resolveIndex(h, r, op);
  const p = native.linkDeleteUnlisted(h.netnsFd, index);
  // Once unlisted, the rest cannot fail in a way the caller could act on; keep it observed.
  p.done.catch(() => {});
  try {
    await p.unlisted;
  } catch (e) {
    throw fromNative(op, e);
  }
}

/**
 * Deletes every link in interface group `group` with one request (fast bulk teardown: the
 * kernel pays its synchronize_net once for the whole group).
 * Equivalent to: ip link delete group GROUP
 */
export async function deleteLinkGroup(h: Handle, group: number): Promise<void> {
  const g = v.uint(group, 'group', 1);
  const sock = h.routeSocket('deleteLinkGroup');
  call('deleteLinkGroup', () => native.linkDeleteGroup(sock, g));
}

/** Equivalent to: ip link show dev REF — NetlinkError ENODEV when it does not exist. */
export async function getLink(h: Handle, ref: LinkRef): Promise<Link> {
  return getLinkSync(h, v.linkRef(ref), 'getLink');
}

/** Equivalent to: ip link show [type KIND] [master M] */
export async function listLinks(h: Handle, filter: { kind?: string; master?: LinkRef } = {}): Promise<Link[]> {
  const op = 'listLinks';
  const f = v.object(filter, 'listLinks filter');
  const kind = f.kind === undefined ? '' : v.str(f.kind, 'kind', 15);
  const master = f.master === undefined ? -1 : resolveIndex(h, v.linkRef(f.master, 'master'), op);
  const sock = h.routeSocket(op);
  return decodeLinks(call(op, () => native.linkDump(sock, kind, master)), op);
}

/**
 * Changes several settings in one request.
 * Equivalent to: ip link set dev REF [up|down] [mtu N] [address MAC] [master M|nomaster]
 *                [name NEW] [alias A] [txqlen N] [netns NS] [group G] [promisc on|off]
 *                [allmulticast on|off] [arp on|off]
 */
export async function setLink(h: Handle, ref: LinkRef, change: LinkChange): Promise<void> {
  const op = 'setLink';
  let r = v.linkRef(ref);
  const c = v.object(change, 'link change');
  const fds = new Fds();
  try {
    const s = commonSettings(c, 'link', fds, op);
    if (c.master !== undefined) s.master = masterIndex(h, c.master, op);
    // A name in the request selects the link; renaming needs the index.
    if (s.name !== undefined && typeof r === 'string') r = resolveIndex(h, r, op);
    const sock = h.routeSocket(op);
    call(op, () => native.linkSet(sock, r, s));
  } finally {
    fds.release();
  }
}

/** Equivalent to: ip link set dev REF up */
export function setLinkUp(h: Handle, ref: LinkRef): Promise<void> {
  return setLink(h, ref, { up: true });
}
/** Equivalent to: ip link set dev REF down */
export function setLinkDown(h: Handle, ref: LinkRef): Promise<void> {
  return setLink(h, ref, { up: false });
}
/** Equivalent to: ip link set dev REF master M (brctl addif M REF); null = nomaster (brctl delif). */
export function setLinkMaster(h: Handle, ref: LinkRef, master: LinkRef | null): Promise<void> {
  if (master === undefined) throw new TypeError('master must be a link or null');
  return setLink(h, ref, { master });
}
/** Equivalent to: ip link set dev REF netns NS */
export function moveLink(h: Handle, ref: LinkRef, netns: NetnsRef): Promise<void> {
  if (netns === undefined) throw new TypeError('moveLink needs a namespace');
  return setLink(h, ref, { netns });
}

/**
 * The other end of a veth: its ifindex (in its own namespace) and, when that namespace is not
 * this one, the netns id under which this namespace knows it.
 * Equivalent to: ethtool -S REF (peer_ifindex) / ip -d link show REF (link-netnsid)
 */
export async function getVethPeer(h: Handle, ref: LinkRef): Promise<{ index: number; netnsId: number | null }> {
  const op = 'getVethPeer';
  const l = getLinkSync(h, v.linkRef(ref), op);
  if (l.kind !== 'veth') throw new NetlinkError(op, 22 /* EINVAL */, `${l.name} is not a veth (kind ${l.kind ?? 'none'})`);
  if (l.link === null) throw new NetlinkError(op, 71 /* EPROTO */, `kernel reported no peer for ${l.name}`);
  return { index: l.link, netnsId: l.linkNetnsId };
}

/**
 * The options of a bridge (stp, forwardDelay, ageingTime, vlanFiltering, vlanDefaultPvid,
 * mcastSnooping) as listed by the kernel, in the form setBridge and createLink take;
 * NetlinkError EINVAL naming the link when it is not a bridge.
 * Equivalent to: ip -d link show dev REF (the bridge's info_data)
 */
export async function getBridge(h: Handle, ref: LinkRef): Promise<BridgeOptions> {
  const op = 'getBridge';
  const l = getLinkSync(h, v.linkRef(ref), op);
  assertBridge(l, op);
  return bridgeOptionsOf(l);
}
