// Netlink: a handle bound to one network namespace. It owns the sockets (opened inside that
// namespace, once) and an fd on the namespace itself; every operation is a method here and a
// function in lib/<family>/ taking the handle as its first argument.
import type { NativeSocket } from '../typings/native.js';
import type { Handle } from './core/handle.js';
import { NetlinkError, call } from './errors.js';
import { native } from './native.js';
import { openNetnsFd, type NetnsFd, type NetnsRef } from './netns/ref.js';
import * as link from './link/index.js';
import * as addr from './addr/index.js';
import * as route from './route/index.js';
import type { RouteSpec } from './route/types.js';
import * as sysctl from './sysctl/index.js';
import { Nft } from './nft/index.js';
import { Batch } from './batch/index.js';
import * as dump from './dump.js';
import { getNetnsId as netnsIdOf } from './netns/nsid.js';
import { monitor as monitorEvents, type MonitorKind, type MonitorOptions, type NetlinkEvent } from './monitor.js';
// -- issue 9 part A: bridge ports, policy rules, neighbours, FDB, bridge VLANs, namespace ids --
import * as brport from './brport/index.js';
import * as rule from './rule/index.js';
import * as neigh from './neigh/index.js';
import * as fdb from './fdb/index.js';
import * as nsids from './netns/ids.js';
// -- end issue 9 part A --

/** The parameters of a family function after the handle. */
type Rest<F> = F extends (h: Netlink, ...a: infer A) => unknown ? A : never;

export interface OpenOptions { netns?: NetnsRef }

export class Netlink implements Handle, AsyncDisposable, Disposable {
  /** The namespace this handle works in; null = the caller's own. */
  readonly netns: NetnsRef | null;
  #ns: NetnsFd | null;
  #route: NativeSocket | null;
  #netfilter: NativeSocket | null = null;
  #nft: Nft | null = null;

  private constructor(netns: NetnsRef | null, ns: NetnsFd | null, route: NativeSocket) {
    this.netns = netns;
    this.#ns = ns;
    this.#route = route;
  }

  /** Opens a handle whose sockets live in `opts.netns` (default: the caller's namespace). */
  static async open(opts: OpenOptions = {}): Promise<Netlink> {
    return Netlink.openSync(opts);
  }

  /** Synchronous variant of open(). */
  static openSync(opts: OpenOptions = {}): Netlink {
    if (opts === null || typeof opts !== 'object') throw new TypeError('Netlink.open options must be an object');
    const ref = opts.netns ?? null;
    const ns = ref === null ? null : openNetnsFd(ref, 'Netlink.open');
    try {
      const sock = call('Netlink.open', () => new native.NativeSocket(native.constants.NETLINK_ROUTE!, ns ? ns.fd : -1));
      return new Netlink(ref, ns, sock);
    } catch (e) {
      ns?.release();
      throw e;
    }
  }

  get closed(): boolean {
    return this.#route === null;
  }

  /** The NETLINK_ROUTE socket (internal: used by lib/<family>/). */
  routeSocket(op: string): NativeSocket {
    if (this.#route === null) throw closedError(op);
    return this.#route;
  }

  /** The NETLINK_NETFILTER socket, opened on first use (internal). */
  netfilterSocket(op: string): NativeSocket {
    if (this.#route === null) throw closedError(op);
    this.#netfilter ??= call(op, () => new native.NativeSocket(native.constants.NETLINK_NETFILTER!, this.netnsFd));
    return this.#netfilter;
  }

  /** fd on this handle's namespace, -1 for the caller's (internal). */
  get netnsFd(): number {
    return this.#ns ? this.#ns.fd : -1;
  }

  /** nftables in this handle's namespace. */
  get nft(): Nft {
    this.#nft ??= new Nft(this);
    return this.#nft;
  }

  /** Closes the sockets and the namespace fd. Further calls fail with EBADF. Idempotent. */
  close(): void {
    this.#route?.close();
    this.#netfilter?.close();
    this.#route = null;
    this.#netfilter = null;
    this.#ns?.release();
    this.#ns = null;
  }
  [Symbol.dispose](): void {
    this.close();
  }
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  // ---- links ----
  createVeth(...a: Rest<typeof link.createVeth>) { return link.createVeth(this, ...a); }
  createBridge(...a: Rest<typeof link.createBridge>) { return link.createBridge(this, ...a); }
  createLink(...a: Rest<typeof link.createLink>) { return link.createLink(this, ...a); }
  deleteLink(...a: Rest<typeof link.deleteLink>) { return link.deleteLink(this, ...a); }
  deleteLinkGroup(...a: Rest<typeof link.deleteLinkGroup>) { return link.deleteLinkGroup(this, ...a); }
  getLink(...a: Rest<typeof link.getLink>) { return link.getLink(this, ...a); }
  listLinks(...a: Rest<typeof link.listLinks>) { return link.listLinks(this, ...a); }
  setLink(...a: Rest<typeof link.setLink>) { return link.setLink(this, ...a); }
  setLinkUp(...a: Rest<typeof link.setLinkUp>) { return link.setLinkUp(this, ...a); }
  setLinkDown(...a: Rest<typeof link.setLinkDown>) { return link.setLinkDown(this, ...a); }
  setLinkMaster(...a: Rest<typeof link.setLinkMaster>) { return link.setLinkMaster(this, ...a); }
  moveLink(...a: Rest<typeof link.moveLink>) { return link.moveLink(this, ...a); }
  getVethPeer(...a: Rest<typeof link.getVethPeer>) { return link.getVethPeer(this, ...a); }
  /** The id this handle's namespace gives namespace `ref` (compare with getVethPeer().netnsId). */
  getNetnsId(...a: Rest<typeof netnsIdOf>) { return netnsIdOf(this, ...a); }
  // ---- addresses ----
  // The hot single operations take their parameters explicitly (no rest/spread per call).
  addAddress(ref: Rest<typeof addr.addAddress>[0], cidr: string, opts?: Rest<typeof addr.addAddress>[2]) { return addr.addAddress(this, ref, cidr, opts); }
  deleteAddress(ref: Rest<typeof addr.deleteAddress>[0], cidr: string, opts?: Rest<typeof addr.deleteAddress>[2]) { return addr.deleteAddress(this, ref, cidr, opts); }
  listAddresses(...a: Rest<typeof addr.listAddresses>) { return addr.listAddresses(this, ...a); }
  // ---- routes ----
  addRoute(spec: RouteSpec) { return route.addRoute(this, spec); }
  replaceRoute(spec: RouteSpec) { return route.replaceRoute(this, spec); }
  deleteRoute(spec: RouteSpec) { return route.deleteRoute(this, spec); }
  listRoutes(...a: Rest<typeof route.listRoutes>) { return route.listRoutes(this, ...a); }
  getRoute(...a: Rest<typeof route.getRoute>) { return route.getRoute(this, ...a); }
  // ---- batches (the hot path) ----
  /** Queues link/address/route operations to commit pipelined; see Batch. */
  batch(): Batch { this.routeSocket('batch'); return new Batch(this); }
  // ---- streaming dumps: one kernel datagram at a time ----
  /** `for await (const r of h.routes({ table: 'all' }))` — like listRoutes, without holding them all. */
  routes(...a: Rest<typeof dump.routes>) { return dump.routes(this, ...a); }
  /** Streaming listAddresses. */
  addresses(...a: Rest<typeof dump.addresses>) { return dump.addresses(this, ...a); }
  /** Streaming listLinks. */
  links(...a: Rest<typeof dump.links>) { return dump.links(this, ...a); }
  // ---- events ----
  /** Equivalent to: ip monitor link address route — an async stream of typed events. */
  monitor(kinds?: MonitorKind[], opts?: MonitorOptions): AsyncGenerator<NetlinkEvent> { return monitorEvents(this, kinds, opts); }
  // ---- sysctl (in this handle's namespace) ----
  getSysctl(...a: Rest<typeof sysctl.getSysctlIn>) { return sysctl.getSysctlIn(this, ...a); }
  setSysctl(...a: Rest<typeof sysctl.setSysctlIn>) { return sysctl.setSysctlIn(this, ...a); }
  // -- issue 9 part A: bridge ports, policy rules, neighbours, FDB, bridge VLANs, namespace ids --
  setBridgePort(...a: Rest<typeof brport.setBridgePort>) { return brport.setBridgePort(this, ...a); }
  getBridgePort(...a: Rest<typeof brport.getBridgePort>) { return brport.getBridgePort(this, ...a); }
  addRoutingRule(...a: Rest<typeof rule.addRoutingRule>) { return rule.addRoutingRule(this, ...a); }
  deleteRoutingRule(...a: Rest<typeof rule.deleteRoutingRule>) { return rule.deleteRoutingRule(this, ...a); }
  listRoutingRules(...a: Rest<typeof rule.listRoutingRules>) { return rule.listRoutingRules(this, ...a); }
  addNeighbor(...a: Rest<typeof neigh.addNeighbor>) { return neigh.addNeighbor(this, ...a); }
  replaceNeighbor(...a: Rest<typeof neigh.replaceNeighbor>) { return neigh.replaceNeighbor(this, ...a); }
  deleteNeighbor(...a: Rest<typeof neigh.deleteNeighbor>) { return neigh.deleteNeighbor(this, ...a); }
  listNeighbors(...a: Rest<typeof neigh.listNeighbors>) { return neigh.listNeighbors(this, ...a); }
  flushNeighbors(...a: Rest<typeof neigh.flushNeighbors>) { return neigh.flushNeighbors(this, ...a); }
  addFdbEntry(...a: Rest<typeof fdb.addFdbEntry>) { return fdb.addFdbEntry(this, ...a); }
  appendFdbEntry(...a: Rest<typeof fdb.appendFdbEntry>) { return fdb.appendFdbEntry(this, ...a); }
  replaceFdbEntry(...a: Rest<typeof fdb.replaceFdbEntry>) { return fdb.replaceFdbEntry(this, ...a); }
  deleteFdbEntry(...a: Rest<typeof fdb.deleteFdbEntry>) { return fdb.deleteFdbEntry(this, ...a); }
  listFdb(...a: Rest<typeof fdb.listFdb>) { return fdb.listFdb(this, ...a); }
  setNetnsId(...a: Rest<typeof nsids.setNetnsId>) { return nsids.setNetnsId(this, ...a); }
  listNetnsIds(...a: Rest<typeof nsids.listNetnsIds>) { return nsids.listNetnsIds(this, ...a); }
  // -- end issue 9 part A --
}

function closedError(op: string): NetlinkError {
  return new NetlinkError(op, 9 /* EBADF */, 'handle is closed; open a new one with Netlink.open()');
}

/** Equivalent to: ip netns exec NAME … — a handle whose operations run inside NAME. */
export function openNetns(ref: NetnsRef): Promise<Netlink> {
  return Netlink.open({ netns: ref });
}
