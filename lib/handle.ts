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
import * as tc from './tc/index.js';
import { monitor as monitorEvents, type MonitorKind, type MonitorOptions, type NetlinkEvent } from './monitor.js';
// issue 9 part B: nexthop objects, route/address extras
import * as nexthop from './nexthop/index.js';
// -- issue 9 part A: bridge ports, policy rules, neighbours, FDB, bridge VLANs, namespace ids --
import * as brport from './brport/index.js';
import * as rule from './rule/index.js';
import * as neigh from './neigh/index.js';
import * as fdb from './fdb/index.js';
import * as nsids from './netns/ids.js';
// -- end issue 9 part A --
// conntrack (issue #10)
import { Conntrack } from './conntrack/index.js';
// -- issue 9 brvlan: bridge VLANs, bridge options on an existing bridge --
import * as brvlan from './brvlan/index.js';
// -- end issue 9 brvlan --

/** The parameters of a family function after the handle. */
type Rest<F> = F extends (h: Netlink, ...a: infer A) => unknown ? A : never;

/** Options of Netlink.open: `netns` — the namespace the handle's sockets live in (default: the caller's). */
export interface OpenOptions { netns?: NetnsRef }

/**
 * A handle bound to one network namespace: it owns the netlink sockets (opened inside that
 * namespace, once) and an fd on the namespace. Every operation is a method; close it when done
 * (or `using h = …`). Module-level functions use a shared handle in the caller's namespace.
 *
 * Equivalent to: ip -n NS … / ip netns exec NS … (one handle per namespace)
 */
export class Netlink implements Handle, AsyncDisposable, Disposable {
  /** The namespace this handle works in; null = the caller's own. */
  readonly netns: NetnsRef | null;
  #ns: NetnsFd | null;
  #route: NativeSocket | null;
  #netfilter: NativeSocket | null = null;
  #nft: Nft | null = null;
  #conntrack: Conntrack | null = null; // conntrack (issue #10)

  private constructor(netns: NetnsRef | null, ns: NetnsFd | null, route: NativeSocket) {
    this.netns = netns;
    this.#ns = ns;
    this.#route = route;
  }

  /**
   * Opens a handle whose sockets live in `opts.netns` (default: the caller's namespace).
   * Equivalent to: ip netns exec NS … (without changing the caller's namespace)
   */
  static async open(opts: OpenOptions = {}): Promise<Netlink> {
    return Netlink.openSync(opts);
  }

  /**
   * Synchronous variant of open().
   * Equivalent to: ip netns exec NS … (without changing the caller's namespace)
   */
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

  /** True once close() ran. */
  get closed(): boolean {
    return this.#route === null;
  }

  /**
   * The NETLINK_ROUTE socket (used by lib/<family>/).
   * @internal
   */
  routeSocket(op: string): NativeSocket {
    if (this.#route === null) throw closedError(op);
    return this.#route;
  }

  /**
   * The NETLINK_NETFILTER socket, opened on first use (used by lib/nft/).
   * @internal
   */
  netfilterSocket(op: string): NativeSocket {
    if (this.#route === null) throw closedError(op);
    this.#netfilter ??= call(op, () => new native.NativeSocket(native.constants.NETLINK_NETFILTER!, this.netnsFd));
    return this.#netfilter;
  }

  /**
   * fd on this handle's namespace, -1 for the caller's (used by lib/<family>/).
   * @internal
   */
  get netnsFd(): number {
    return this.#ns ? this.#ns.fd : -1;
  }

  /** nftables in this handle's namespace. */
  get nft(): Nft {
    this.#nft ??= new Nft(this);
    return this.#nft;
  }

  /**
   * Closes the sockets and the namespace fd. Further calls fail with EBADF. Idempotent.
   * Equivalent to: none (releases what Netlink.open took; the namespace itself stays)
   */
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
  /**
   * Creates a veth pair NAME ↔ PEER; the peer can be born in another namespace (`peerNetns`). Resolves to both ifindexes.
   * Equivalent to: ip link add NAME type veth peer name PEER [netns NS]
   */
  createVeth(...a: Rest<typeof link.createVeth>) { return link.createVeth(this, ...a); }
  /**
   * Creates a bridge (optionally up, with mtu/stp) and resolves to it as listed.
   * Equivalent to: ip link add NAME type bridge (brctl addbr NAME)
   */
  createBridge(...a: Rest<typeof link.createBridge>) { return link.createBridge(this, ...a); }
  /**
   * Creates a link of any supported kind from a spec discriminated on `kind` (veth, bridge, macvlan, vxlan, tun, tap).
   * Equivalent to: ip link add NAME type KIND … / ip tuntap add
   */
  createLink(...a: Rest<typeof link.createLink>) { return link.createLink(this, ...a); }
  /**
   * Deletes a link by name or ifindex (deleting one end of a veth removes both).
   * Equivalent to: ip link del DEV
   */
  deleteLink(...a: Rest<typeof link.deleteLink>) { return link.deleteLink(this, ...a); }
  /**
   * Deletes every link in an interface group with one request (fast bulk teardown).
   * Equivalent to: ip link del group N
   */
  deleteLinkGroup(...a: Rest<typeof link.deleteLinkGroup>) { return link.deleteLinkGroup(this, ...a); }
  /**
   * Reads one link; rejects with NetlinkError ENODEV when it does not exist.
   * Equivalent to: ip -d link show DEV
   */
  getLink(...a: Rest<typeof link.getLink>) { return link.getLink(this, ...a); }
  /**
   * Lists links, optionally only one kind or the ports of one master.
   * Equivalent to: ip -d link show [type KIND] [master DEV]
   */
  listLinks(...a: Rest<typeof link.listLinks>) { return link.listLinks(this, ...a); }
  /**
   * Changes a link: up/down, mtu, address, master, name, alias, txqlen, netns, group.
   * Equivalent to: ip link set DEV …
   */
  setLink(...a: Rest<typeof link.setLink>) { return link.setLink(this, ...a); }
  /**
   * Brings a link up.
   * Equivalent to: ip link set DEV up
   */
  setLinkUp(...a: Rest<typeof link.setLinkUp>) { return link.setLinkUp(this, ...a); }
  /**
   * Brings a link down.
   * Equivalent to: ip link set DEV down
   */
  setLinkDown(...a: Rest<typeof link.setLinkDown>) { return link.setLinkDown(this, ...a); }
  /**
   * Enslaves a link to a bridge (or releases it with null).
   * Equivalent to: ip link set DEV master BR / nomaster (brctl addif / delif)
   */
  setLinkMaster(...a: Rest<typeof link.setLinkMaster>) { return link.setLinkMaster(this, ...a); }
  /**
   * Moves a link into another namespace.
   * Equivalent to: ip link set DEV netns NS
   */
  moveLink(...a: Rest<typeof link.moveLink>) { return link.moveLink(this, ...a); }
  /**
   * The ifindex of a veth's peer and the id of the namespace it lives in (null: this one).
   * Equivalent to: ethtool -S DEV (peer_ifindex) / ip link show DEV (link-netnsid)
   */
  getVethPeer(...a: Rest<typeof link.getVethPeer>) { return link.getVethPeer(this, ...a); }
  /**
   * The id this namespace gives namespace `ref` (compare with getVethPeer().netnsId), or null when it has assigned none.
   * Equivalent to: ip netns list-id (the row for REF)
   */
  getNetnsId(...a: Rest<typeof netnsIdOf>) { return netnsIdOf(this, ...a); }
  // ---- addresses ----
  // The hot single operations take their parameters explicitly (no rest/spread per call).
  /**
   * Adds an IPv4 or IPv6 address (CIDR) to a link.
   * Equivalent to: ip addr add CIDR dev DEV [broadcast B] [label L] [peer P]
   */
  addAddress(ref: Rest<typeof addr.addAddress>[0], cidr: string, opts?: Rest<typeof addr.addAddress>[2]) { return addr.addAddress(this, ref, cidr, opts); }
  /**
   * Removes an address from a link.
   * Equivalent to: ip addr del CIDR dev DEV
   */
  deleteAddress(ref: Rest<typeof addr.deleteAddress>[0], cidr: string, opts?: Rest<typeof addr.deleteAddress>[2]) { return addr.deleteAddress(this, ref, cidr, opts); }
  /**
   * Lists addresses, optionally of one link or one family.
   * Equivalent to: ip addr show [dev DEV] [-4|-6]
   */
  listAddresses(...a: Rest<typeof addr.listAddresses>) { return addr.listAddresses(this, ...a); }
  // ---- routes ----
  /**
   * Adds a route (unicast, blackhole, …; via, dev, src, table, metric, multipath, IPv6).
   * Equivalent to: ip route add …
   */
  addRoute(spec: RouteSpec) { return route.addRoute(this, spec); }
  /**
   * Adds a route or replaces the one with the same key.
   * Equivalent to: ip route replace …
   */
  replaceRoute(spec: RouteSpec) { return route.replaceRoute(this, spec); }
  /**
   * Deletes a route.
   * Equivalent to: ip route del …
   */
  deleteRoute(spec: RouteSpec) { return route.deleteRoute(this, spec); }
  /**
   * Lists routes, normalized (dst 'default' or 'addr/len', dev by name, table by number).
   * Equivalent to: ip route show [table T] [dev DEV] [-4|-6]
   */
  listRoutes(...a: Rest<typeof route.listRoutes>) { return route.listRoutes(this, ...a); }
  /**
   * Asks the kernel which route it would use for a destination.
   * Equivalent to: ip route get ADDR
   */
  getRoute(...a: Rest<typeof route.getRoute>) { return route.getRoute(this, ...a); }
  // ---- batches (the hot path) ----
  /**
   * Queues link/address/route operations to commit pipelined, many per sendmsg; see Batch.
   * Equivalent to: ip -batch FILE
   */
  batch(): Batch { this.routeSocket('batch'); return new Batch(this); }
  // ---- streaming dumps: one kernel datagram at a time ----
  /**
   * `for await (const r of h.routes({ table: 'all' }))` — listRoutes one kernel datagram at a time, without holding them all.
   * Equivalent to: ip route show [table T]
   */
  routes(...a: Rest<typeof dump.routes>) { return dump.routes(this, ...a); }
  /**
   * Streaming listAddresses: one kernel datagram at a time.
   * Equivalent to: ip addr show
   */
  addresses(...a: Rest<typeof dump.addresses>) { return dump.addresses(this, ...a); }
  /**
   * Streaming listLinks: one kernel datagram at a time.
   * Equivalent to: ip link show
   */
  links(...a: Rest<typeof dump.links>) { return dump.links(this, ...a); }
  // ---- events ----
  /** Equivalent to: ip monitor link address route — an async stream of typed events. */
  monitor(kinds?: MonitorKind[], opts?: MonitorOptions): AsyncGenerator<NetlinkEvent> { return monitorEvents(this, kinds, opts); }
  // ---- sysctl (in this handle's namespace) ----
  /**
   * Reads a net.* sysctl in this handle's namespace.
   * Equivalent to: sysctl -n KEY (inside the namespace)
   */
  getSysctl(...a: Rest<typeof sysctl.getSysctlIn>) { return sysctl.getSysctlIn(this, ...a); }
  /**
   * Writes a net.* sysctl in this handle's namespace (key validated, no path traversal).
   * Equivalent to: sysctl -w KEY=VALUE (inside the namespace)
   */
  setSysctl(...a: Rest<typeof sysctl.setSysctlIn>) { return sysctl.setSysctlIn(this, ...a); }
  // ---- issue 9 part B: nexthop objects, route/address extras ----
  /**
   * Creates a nexthop object; NetlinkError EEXIST when the id is taken, EINVAL (with the
   * kernel's message) e.g. for a group naming a missing nexthop.
   * Equivalent to: ip nexthop add id ID [via G] [dev D] [onlink] | blackhole | group A[,W]/B[,W]
   *                [type mpath|resilient [buckets N] [idle_timer S] [unbalanced_timer S]] [fdb] [proto P]
   */
  addNexthop(...a: Rest<typeof nexthop.addNexthop>) { return nexthop.addNexthop(this, ...a); }
  /** Creates the nexthop object or replaces the one with the same id. Equivalent to: ip nexthop replace id ID … */
  replaceNexthop(...a: Rest<typeof nexthop.replaceNexthop>) { return nexthop.replaceNexthop(this, ...a); }
  /** Deletes a nexthop object (routes using it go too); ENOENT when absent. Equivalent to: ip nexthop del id ID */
  deleteNexthop(...a: Rest<typeof nexthop.deleteNexthop>) { return nexthop.deleteNexthop(this, ...a); }
  /**
   * Lists nexthop objects (ordered by id, as the kernel dumps them).
   * Equivalent to: ip nexthop show [dev D] [groups] [fdb]
   */
  listNexthops(...a: Rest<typeof nexthop.listNexthops>) { return nexthop.listNexthops(this, ...a); }
  /** One nexthop object; NetlinkError ENOENT when absent. Equivalent to: ip nexthop get id ID */
  getNexthop(...a: Rest<typeof nexthop.getNexthop>) { return nexthop.getNexthop(this, ...a); }
  /**
   * Adds another route with the same destination, table and metric as existing ones (an IPv6
   * multipath leg, or an IPv4 route of another type or tos): NLM_F_APPEND.
   * Equivalent to: ip route append …
   */
  appendRoute(spec: RouteSpec) { return route.appendRoute(this, spec); }
  /**
   * Adds the address, or updates it in place when the link has it already (flags, lifetimes,
   * label…): the way to refresh a lifetime. Equivalent to: ip addr replace CIDR dev REF [options as addAddress]
   */
  replaceAddress(...a: Rest<typeof addr.replaceAddress>) { return addr.replaceAddress(this, ...a); }
  /**
   * Removes every address of a link (or of every link), optionally of one family; resolves to the
   * number removed. Secondaries the kernel drops with their primary count as removed.
   * Equivalent to: ip addr flush [dev REF] [-4|-6]
   */
  flushAddresses(...a: Rest<typeof addr.flushAddresses>) { return addr.flushAddresses(this, ...a); }
  // -- issue 9 part A: bridge ports, policy rules, neighbours, FDB, bridge VLANs, namespace ids --
  /**
   * Changes the settings of a bridge port (a link enslaved to a bridge). Only the options given
   * are sent. Setting `state` needs the port up (the kernel answers ENETDOWN otherwise) and STP off.
   *
   * Equivalent to: bridge link set dev REF [hairpin on|off] [isolated on|off] [learning on|off]
   * [flood on|off] [mcast_flood on|off] [bcast_flood on|off] [neigh_suppress on|off]
   * [proxy_arp on|off] [guard on|off] [fastleave on|off] [root_block on|off] [cost N] [priority N] [state S]
   */
  setBridgePort(...a: Rest<typeof brport.setBridgePort>) { return brport.setBridgePort(this, ...a); }
  /**
   * The bridge-port settings of a link; NetlinkError ENOTCONN naming the link when it is not
   * enslaved to a bridge. Equivalent to: bridge -d link show dev REF (ip -d link show: bridge_slave)
   */
  getBridgePort(...a: Rest<typeof brport.getBridgePort>) { return brport.getBridgePort(this, ...a); }
  /**
   * Adds a policy routing rule. Equivalent to: ip rule add [not] [pref P] [from S] [to D] [tos T]
   * [fwmark M[/K]] [iif I] [oif O] [uidrange A-B] [ipproto X] [sport A[-B]] [dport A[-B]] [l3mdev]
   * [suppress_prefixlength N] [protocol P] [table T | goto G | blackhole | unreachable | prohibit | nop]
   */
  addRoutingRule(...a: Rest<typeof rule.addRoutingRule>) { return rule.addRoutingRule(this, ...a); }
  /**
   * Deletes the first rule matching every field given (at least one). NetlinkError ENOENT when none
   * matches. Equivalent to: ip rule del …
   */
  deleteRoutingRule(...a: Rest<typeof rule.deleteRoutingRule>) { return rule.deleteRoutingRule(this, ...a); }
  /** Equivalent to: ip [-4|-6] rule show (both families when none is given). */
  listRoutingRules(...a: Rest<typeof rule.listRoutingRules>) { return rule.listRoutingRules(this, ...a); }
  /** Equivalent to: ip neigh add ADDRESS [lladdr L] dev D [nud STATE] [proxy] [router] [extern_learn] */
  addNeighbor(...a: Rest<typeof neigh.addNeighbor>) { return neigh.addNeighbor(this, ...a); }
  /** Adds or changes an entry. Equivalent to: ip neigh replace ADDRESS [lladdr L] dev D [nud STATE] … */
  replaceNeighbor(...a: Rest<typeof neigh.replaceNeighbor>) { return neigh.replaceNeighbor(this, ...a); }
  /** NetlinkError ENOENT when there is no such entry. Equivalent to: ip neigh del ADDRESS dev D [proxy] */
  deleteNeighbor(...a: Rest<typeof neigh.deleteNeighbor>) { return neigh.deleteNeighbor(this, ...a); }
  /** Equivalent to: ip [-4|-6] neigh show [proxy] [dev D] */
  listNeighbors(...a: Rest<typeof neigh.listNeighbors>) { return neigh.listNeighbors(this, ...a); }
  /**
   * Deletes every neighbour entry on `dev` except permanent and noarp ones (as `ip neigh flush`);
   * returns how many. Equivalent to: ip neigh flush dev D
   */
  flushNeighbors(...a: Rest<typeof neigh.flushNeighbors>) { return neigh.flushNeighbors(this, ...a); }
  /** Equivalent to: bridge fdb add LLADDR dev D [master|self] [permanent|static|dynamic] [vlan V] [dst A] [vni N] [port P] [via D] */
  addFdbEntry(...a: Rest<typeof fdb.addFdbEntry>) { return fdb.addFdbEntry(this, ...a); }
  /** Another remote for the same address (vxlan head-end replication). Equivalent to: bridge fdb append … */
  appendFdbEntry(...a: Rest<typeof fdb.appendFdbEntry>) { return fdb.appendFdbEntry(this, ...a); }
  /** Equivalent to: bridge fdb replace … */
  replaceFdbEntry(...a: Rest<typeof fdb.replaceFdbEntry>) { return fdb.replaceFdbEntry(this, ...a); }
  /** NetlinkError ENOENT when there is no such entry. Equivalent to: bridge fdb del LLADDR dev D [master|self] [vlan V] [dst A] */
  deleteFdbEntry(...a: Rest<typeof fdb.deleteFdbEntry>) { return fdb.deleteFdbEntry(this, ...a); }
  /** Equivalent to: bridge fdb show [dev D] [br MASTER] */
  listFdb(...a: Rest<typeof fdb.listFdb>) { return fdb.listFdb(this, ...a); }
  /** Gives namespace REF the id ID in this handle's namespace. Equivalent to: ip netns set REF ID */
  setNetnsId(...a: Rest<typeof nsids.setNetnsId>) { return nsids.setNetnsId(this, ...a); }
  /** Every namespace id this handle's namespace has assigned. Equivalent to: ip netns list-id */
  listNetnsIds(...a: Rest<typeof nsids.listNetnsIds>) { return nsids.listNetnsIds(this, ...a); }
  // -- end issue 9 part A --
  // ---- conntrack (issue #10) ----
  /** conntrack in this handle's namespace: list/count/delete/flush/events (conntrack -L/-C/-D/-F/-E). */
  get conntrack(): Conntrack {
    this.#conntrack ??= new Conntrack(this);
    return this.#conntrack;
  }
  /**
   * Adds alternative names (up to 127 bytes each) by which the link can be addressed.
   * Equivalent to: ip link property add dev REF altname NAME [altname NAME …]
   */
  addAltnames(...a: Rest<typeof link.addAltnames>) { return link.addAltnames(this, ...a); }
  /** Equivalent to: ip link property del dev REF altname NAME [altname NAME …] */
  deleteAltnames(...a: Rest<typeof link.deleteAltnames>) { return link.deleteAltnames(this, ...a); }
  /** The link's alternative names. Equivalent to: ip -j link show dev REF (altnames) */
  listAltnames(...a: Rest<typeof link.listAltnames>) { return link.listAltnames(this, ...a); }
  // ---- tc (traffic control) ----
  /** Equivalent to: tc qdisc add dev REF … KIND … */
  addQdisc(...a: Rest<typeof tc.addQdisc>) { return tc.addQdisc(this, ...a); }
  /** Equivalent to: tc qdisc replace dev REF … */
  replaceQdisc(...a: Rest<typeof tc.replaceQdisc>) { return tc.replaceQdisc(this, ...a); }
  /** Equivalent to: tc qdisc change dev REF … */
  changeQdisc(...a: Rest<typeof tc.changeQdisc>) { return tc.changeQdisc(this, ...a); }
  /** Equivalent to: tc qdisc del dev REF root|ingress|parent P [handle H] */
  deleteQdisc(...a: Rest<typeof tc.deleteQdisc>) { return tc.deleteQdisc(this, ...a); }
  /** Equivalent to: tc qdisc show [dev REF] */
  listQdiscs(...a: Rest<typeof tc.listQdiscs>) { return tc.listQdiscs(this, ...a); }
  /** Equivalent to: tc class add dev REF parent P classid C KIND … */
  addClass(...a: Rest<typeof tc.addClass>) { return tc.addClass(this, ...a); }
  /** Equivalent to: tc class replace dev REF … */
  replaceClass(...a: Rest<typeof tc.replaceClass>) { return tc.replaceClass(this, ...a); }
  /** Equivalent to: tc class change dev REF … */
  changeClass(...a: Rest<typeof tc.changeClass>) { return tc.changeClass(this, ...a); }
  /** Equivalent to: tc class del dev REF classid C */
  deleteClass(...a: Rest<typeof tc.deleteClass>) { return tc.deleteClass(this, ...a); }
  /** Equivalent to: tc class show dev REF */
  listClasses(...a: Rest<typeof tc.listClasses>) { return tc.listClasses(this, ...a); }
  /** Equivalent to: tc filter add dev REF parent P … KIND … [action …] */
  addFilter(...a: Rest<typeof tc.addFilter>) { return tc.addFilter(this, ...a); }
  /** Equivalent to: tc filter replace dev REF … */
  replaceFilter(...a: Rest<typeof tc.replaceFilter>) { return tc.replaceFilter(this, ...a); }
  /** Equivalent to: tc filter del dev REF parent P [prio N] … */
  deleteFilter(...a: Rest<typeof tc.deleteFilter>) { return tc.deleteFilter(this, ...a); }
  /** Equivalent to: tc filter show dev REF [parent P] */
  listFilters(...a: Rest<typeof tc.listFilters>) { return tc.listFilters(this, ...a); }
  /**
   * What the CNI bandwidth plugin does (tbf; ifb + ingress + u32 + mirred), undone on failure.
   * Equivalent to: tc qdisc add dev REF root tbf …; ip link add IFB type ifb; tc qdisc add dev REF ingress; tc filter add dev REF parent ffff: u32 … action mirred egress redirect dev IFB; tc qdisc add dev IFB root tbf …
   */
  setBandwidth(...a: Rest<typeof tc.setBandwidth>) { return tc.setBandwidth(this, ...a); }
  /** Removes what setBandwidth set up. Equivalent to: tc qdisc del dev REF root; tc qdisc del dev REF ingress; ip link del IFB */
  clearBandwidth(...a: Rest<typeof tc.clearBandwidth>) { return tc.clearBandwidth(this, ...a); }
  // ---- end tc ----
  // ---- route listing for bulk readers (issue #13) ----
  /**
   * listRoutes as typed-array columns (RouteColumns): no object per route; route(i) for a row.
   * Equivalent to: ip route show [table T] [dev DEV] [-4|-6]
   */
  listRoutesColumnar(...a: Rest<typeof route.listRoutesColumnar>) { return route.listRoutesColumnar(this, ...a); }
  // ---- end route listing for bulk readers ----
  // -- issue 9 brvlan: bridge VLANs, bridge options on an existing bridge --
  /**
   * Adds a VLAN (or a range) to a bridge port, or with `self` to the bridge itself. NetlinkError
   * EOPNOTSUPP on a kernel without CONFIG_BRIDGE_VLAN_FILTERING, and on a link that is no bridge port.
   * Equivalent to: bridge vlan add dev REF vid V[-E] [pvid] [untagged] [self] [master]
   */
  addBridgeVlan(...a: Rest<typeof brvlan.addBridgeVlan>) { return brvlan.addBridgeVlan(this, ...a); }
  /** Removes a VLAN (or a range). Equivalent to: bridge vlan del dev REF vid V[-E] [self] [master] */
  deleteBridgeVlan(...a: Rest<typeof brvlan.deleteBridgeVlan>) { return brvlan.deleteBridgeVlan(this, ...a); }
  /** The VLANs of every bridge and port (or of `dev`), one entry per VLAN. Equivalent to: bridge vlan show [dev REF] */
  listBridgeVlans(...a: Rest<typeof brvlan.listBridgeVlans>) { return brvlan.listBridgeVlans(this, ...a); }
  /**
   * Changes options of an existing bridge (only those given).
   * Equivalent to: ip link set dev REF type bridge [forward_delay N] [ageing_time N] [stp_state 0|1]
   *                [vlan_filtering 0|1] [vlan_default_pvid N] [mcast_snooping 0|1]
   */
  setBridge(...a: Rest<typeof link.setBridge>) { return link.setBridge(this, ...a); }
  /** The options of a bridge as listed, in the form setBridge/createLink take. Equivalent to: ip -d link show dev REF */
  getBridge(...a: Rest<typeof link.getBridge>) { return link.getBridge(this, ...a); }
  // -- end issue 9 brvlan --
}

function closedError(op: string): NetlinkError {
  return new NetlinkError(op, 9 /* EBADF */, 'handle is closed; open a new one with Netlink.open()');
}

/** Equivalent to: ip netns exec NAME … — a handle whose operations run inside NAME. */
export function openNetns(ref: NetnsRef): Promise<Netlink> {
  return Netlink.open({ netns: ref });
}
