// The default handle (vishvananda's pkgHandle): opened on first use in the caller's own
// namespace and shared by every module-level function.
import { Netlink } from './handle.js';
import * as link from './link/index.js';
import * as addr from './addr/index.js';
import * as route from './route/index.js';
import * as sysctl from './sysctl/index.js';
import type { Nft } from './nft/index.js';
// conntrack (issue #10)
import type { Conntrack } from './conntrack/index.js';
import { getNetnsId as netnsIdOf } from './netns/nsid.js';
import * as nexthop from './nexthop/index.js'; // issue 9 part B
// -- issue 9 part A --
import * as brport from './brport/index.js';
import * as rule from './rule/index.js';
import * as neigh from './neigh/index.js';
import * as fdb from './fdb/index.js';
import * as nsids from './netns/ids.js';
// -- end issue 9 part A --
import * as tc from './tc/index.js';
import * as brvlan from './brvlan/index.js'; // issue 9 brvlan

type Rest<F> = F extends (h: Netlink, ...a: infer A) => infer R ? (...a: A) => R : never;

let pending: Netlink | null = null;

/**
 * The shared handle in the caller's namespace, opened on first use; every module-level function uses it.
 * Equivalent to: none (the namespace `ip` runs in)
 */
export function defaultHandle(): Netlink {
  if (pending === null || pending.closed) pending = Netlink.openSync();
  return pending;
}

function bind<F extends (h: Netlink, ...a: never[]) => unknown>(f: F): Rest<F> {
  return ((...a: never[]) => {
    let h: Netlink;
    try {
      h = defaultHandle();
    } catch (e) {
      return Promise.reject(e);
    }
    return f(h, ...a);
  }) as Rest<F>;
}

/**
 * Creates a veth pair NAME ↔ PEER; the peer can be born in another namespace (`peerNetns`). Resolves to both ifindexes.
 * Equivalent to: ip link add NAME type veth peer name PEER [netns NS]
 */
export const createVeth = bind(link.createVeth);
/**
 * Creates a bridge (optionally up, with mtu/stp) and resolves to it as listed.
 * Equivalent to: ip link add NAME type bridge (brctl addbr NAME)
 */
export const createBridge = bind(link.createBridge);
/**
 * Creates a link of any supported kind from a spec discriminated on `kind` (veth, bridge, macvlan, vxlan, tun, tap).
 * Equivalent to: ip link add NAME type KIND … / ip tuntap add
 */
export const createLink = bind(link.createLink);
/**
 * Deletes a link by name or ifindex (deleting one end of a veth removes both).
 * Equivalent to: ip link del DEV
 */
export const deleteLink = bind(link.deleteLink);
/**
 * Deletes every link in an interface group with one request (fast bulk teardown).
 * Equivalent to: ip link del group N
 */
export const deleteLinkGroup = bind(link.deleteLinkGroup);
/**
 * Reads one link; rejects with NetlinkError ENODEV when it does not exist.
 * Equivalent to: ip -d link show DEV
 */
export const getLink = bind(link.getLink);
/**
 * Lists links, optionally only one kind or the ports of one master.
 * Equivalent to: ip -d link show [type KIND] [master DEV]
 */
export const listLinks = bind(link.listLinks);
/**
 * Changes a link: up/down, mtu, address, master, name, alias, txqlen, netns, group.
 * Equivalent to: ip link set DEV …
 */
export const setLink = bind(link.setLink);
/**
 * Brings a link up.
 * Equivalent to: ip link set DEV up
 */
export const setLinkUp = bind(link.setLinkUp);
/**
 * Brings a link down.
 * Equivalent to: ip link set DEV down
 */
export const setLinkDown = bind(link.setLinkDown);
/**
 * Enslaves a link to a bridge (or releases it with null).
 * Equivalent to: ip link set DEV master BR / nomaster (brctl addif / delif)
 */
export const setLinkMaster = bind(link.setLinkMaster);
/**
 * Moves a link into another namespace.
 * Equivalent to: ip link set DEV netns NS
 */
export const moveLink = bind(link.moveLink);
/**
 * The ifindex of a veth's peer and the id of the namespace it lives in (null: this one).
 * Equivalent to: ethtool -S DEV (peer_ifindex) / ip link show DEV (link-netnsid)
 */
export const getVethPeer = bind(link.getVethPeer);
/**
 * The id this namespace gives namespace `ref` (compare with getVethPeer().netnsId), or null when it has assigned none.
 * Equivalent to: ip netns list-id (the row for REF)
 */
export const getNetnsId = bind(netnsIdOf);
/**
 * Adds an IPv4 or IPv6 address (CIDR) to a link.
 * Equivalent to: ip addr add CIDR dev DEV [broadcast B] [label L] [peer P]
 */
export const addAddress = bind(addr.addAddress);
/**
 * Removes an address from a link.
 * Equivalent to: ip addr del CIDR dev DEV
 */
export const deleteAddress = bind(addr.deleteAddress);
/**
 * Lists addresses, optionally of one link or one family.
 * Equivalent to: ip addr show [dev DEV] [-4|-6]
 */
export const listAddresses = bind(addr.listAddresses);
/**
 * Adds a route (unicast, blackhole, …; via, dev, src, table, metric, multipath, IPv6).
 * Equivalent to: ip route add …
 */
export const addRoute = bind(route.addRoute);
/**
 * Adds a route or replaces the one with the same key.
 * Equivalent to: ip route replace …
 */
export const replaceRoute = bind(route.replaceRoute);
/**
 * Deletes a route.
 * Equivalent to: ip route del …
 */
export const deleteRoute = bind(route.deleteRoute);
/**
 * Lists routes, normalized (dst 'default' or 'addr/len', dev by name, table by number).
 * Equivalent to: ip route show [table T] [dev DEV] [-4|-6]
 */
export const listRoutes = bind(route.listRoutes);
/**
 * Asks the kernel which route it would use for a destination.
 * Equivalent to: ip route get ADDR
 */
export const getRoute = bind(route.getRoute);
export { getSysctl, setSysctl } from './sysctl/index.js';
// issue 9 part B: nexthop objects, route/address extras
/**
 * Creates a nexthop object; NetlinkError EEXIST when the id is taken, EINVAL (with the
 * kernel's message) e.g. for a group naming a missing nexthop.
 * Equivalent to: ip nexthop add id ID [via G] [dev D] [onlink] | blackhole | group A[,W]/B[,W]
 *                [type mpath|resilient [buckets N] [idle_timer S] [unbalanced_timer S]] [fdb] [proto P]
 */
export const addNexthop = bind(nexthop.addNexthop);
/** Creates the nexthop object or replaces the one with the same id. Equivalent to: ip nexthop replace id ID … */
export const replaceNexthop = bind(nexthop.replaceNexthop);
/** Deletes a nexthop object (routes using it go too); ENOENT when absent. Equivalent to: ip nexthop del id ID */
export const deleteNexthop = bind(nexthop.deleteNexthop);
/**
 * Lists nexthop objects (ordered by id, as the kernel dumps them).
 * Equivalent to: ip nexthop show [dev D] [groups] [fdb]
 */
export const listNexthops = bind(nexthop.listNexthops);
/** One nexthop object; NetlinkError ENOENT when absent. Equivalent to: ip nexthop get id ID */
export const getNexthop = bind(nexthop.getNexthop);
/**
 * Adds another route with the same destination, table and metric as existing ones (an IPv6
 * multipath leg, or an IPv4 route of another type or tos): NLM_F_APPEND.
 * Equivalent to: ip route append …
 */
export const appendRoute = bind(route.appendRoute);
/**
 * Adds the address, or updates it in place when the link has it already (flags, lifetimes,
 * label…): the way to refresh a lifetime. Equivalent to: ip addr replace CIDR dev REF [options as addAddress]
 */
export const replaceAddress = bind(addr.replaceAddress);
/**
 * Removes every address of a link (or of every link), optionally of one family; resolves to the
 * number removed. Secondaries the kernel drops with their primary count as removed.
 * Equivalent to: ip addr flush [dev REF] [-4|-6]
 */
export const flushAddresses = bind(addr.flushAddresses);
// -- issue 9 part A: bridge ports, policy rules, neighbours, FDB, bridge VLANs, namespace ids --
/**
 * Changes the settings of a bridge port (a link enslaved to a bridge). Only the options given
 * are sent. Setting `state` needs the port up (the kernel answers ENETDOWN otherwise) and STP off.
 *
 * Equivalent to: bridge link set dev REF [hairpin on|off] [isolated on|off] [learning on|off]
 * [flood on|off] [mcast_flood on|off] [bcast_flood on|off] [neigh_suppress on|off]
 * [proxy_arp on|off] [guard on|off] [fastleave on|off] [root_block on|off] [cost N] [priority N] [state S]
 */
export const setBridgePort = bind(brport.setBridgePort);
/**
 * The bridge-port settings of a link; NetlinkError ENOTCONN naming the link when it is not
 * enslaved to a bridge. Equivalent to: bridge -d link show dev REF (ip -d link show: bridge_slave)
 */
export const getBridgePort = bind(brport.getBridgePort);
/**
 * Adds a policy routing rule. Equivalent to: ip rule add [not] [pref P] [from S] [to D] [tos T]
 * [fwmark M[/K]] [iif I] [oif O] [uidrange A-B] [ipproto X] [sport A[-B]] [dport A[-B]] [l3mdev]
 * [suppress_prefixlength N] [protocol P] [table T | goto G | blackhole | unreachable | prohibit | nop]
 */
export const addRoutingRule = bind(rule.addRoutingRule);
/**
 * Deletes the first rule matching every field given (at least one). NetlinkError ENOENT when none
 * matches. Equivalent to: ip rule del …
 */
export const deleteRoutingRule = bind(rule.deleteRoutingRule);
/** Equivalent to: ip [-4|-6] rule show (both families when none is given). */
export const listRoutingRules = bind(rule.listRoutingRules);
/** Equivalent to: ip neigh add ADDRESS [lladdr L] dev D [nud STATE] [proxy] [router] [extern_learn] */
export const addNeighbor = bind(neigh.addNeighbor);
/** Adds or changes an entry. Equivalent to: ip neigh replace ADDRESS [lladdr L] dev D [nud STATE] … */
export const replaceNeighbor = bind(neigh.replaceNeighbor);
/** NetlinkError ENOENT when there is no such entry. Equivalent to: ip neigh del ADDRESS dev D [proxy] */
export const deleteNeighbor = bind(neigh.deleteNeighbor);
/** Equivalent to: ip [-4|-6] neigh show [proxy] [dev D] */
export const listNeighbors = bind(neigh.listNeighbors);
/**
 * Deletes every neighbour entry on `dev` except permanent and noarp ones (as `ip neigh flush`);
 * returns how many. Equivalent to: ip neigh flush dev D
 */
export const flushNeighbors = bind(neigh.flushNeighbors);
/** Equivalent to: bridge fdb add LLADDR dev D [master|self] [permanent|static|dynamic] [vlan V] [dst A] [vni N] [port P] [via D] */
export const addFdbEntry = bind(fdb.addFdbEntry);
/** Another remote for the same address (vxlan head-end replication). Equivalent to: bridge fdb append … */
export const appendFdbEntry = bind(fdb.appendFdbEntry);
/** Equivalent to: bridge fdb replace … */
export const replaceFdbEntry = bind(fdb.replaceFdbEntry);
/** NetlinkError ENOENT when there is no such entry. Equivalent to: bridge fdb del LLADDR dev D [master|self] [vlan V] [dst A] */
export const deleteFdbEntry = bind(fdb.deleteFdbEntry);
/** Equivalent to: bridge fdb show [dev D] [br MASTER] */
export const listFdb = bind(fdb.listFdb);
/** Gives namespace REF the id ID in the handle's namespace. Equivalent to: ip netns set REF ID */
export const setNetnsId = bind(nsids.setNetnsId);
/** Every namespace id the handle's namespace has assigned. Equivalent to: ip netns list-id */
export const listNetnsIds = bind(nsids.listNetnsIds);
// -- end issue 9 part A --
/**
 * Adds alternative names (up to 127 bytes each) by which the link can be addressed.
 * Equivalent to: ip link property add dev REF altname NAME [altname NAME …]
 */
export const addAltnames = bind(link.addAltnames);
/** Equivalent to: ip link property del dev REF altname NAME [altname NAME …] */
export const deleteAltnames = bind(link.deleteAltnames);
/** The link's alternative names. Equivalent to: ip -j link show dev REF (altnames) */
export const listAltnames = bind(link.listAltnames);
// ---- tc (traffic control) ----
/**
 * Adds a qdisc (NetlinkError EEXIST if one is there already).
 * Equivalent to: tc qdisc add dev REF [parent P|root|ingress|clsact] [handle H] KIND …
 */
export const addQdisc = bind(tc.addQdisc);
/** Adds or replaces. Equivalent to: tc qdisc replace dev REF … KIND … */
export const replaceQdisc = bind(tc.replaceQdisc);
/** Changes an existing qdisc's options in place. Equivalent to: tc qdisc change dev REF … KIND … */
export const changeQdisc = bind(tc.changeQdisc);
/**
 * Deletes a qdisc (and its classes and filters). parent 'ingress'/'clsact' removes that qdisc.
 * Equivalent to: tc qdisc del dev REF (root|ingress|clsact|parent P) [handle H]
 */
export const deleteQdisc = bind(tc.deleteQdisc);
/** Equivalent to: tc qdisc show [dev REF] */
export const listQdiscs = bind(tc.listQdiscs);
/** Equivalent to: tc class add dev REF parent P classid C htb rate R [ceil C] [burst B] [cburst B] [prio P] [quantum Q] */
export const addClass = bind(tc.addClass);
/** Equivalent to: tc class replace dev REF parent P classid C htb … */
export const replaceClass = bind(tc.replaceClass);
/** Equivalent to: tc class change dev REF parent P classid C htb … */
export const changeClass = bind(tc.changeClass);
/** Equivalent to: tc class del dev REF classid C */
export const deleteClass = bind(tc.deleteClass);
/** Equivalent to: tc class show dev REF */
export const listClasses = bind(tc.listClasses);
/**
 * Adds a filter.
 * Equivalent to: tc filter add dev REF parent P [protocol PROTO] [prio N] [handle H] KIND … [classid C] [action …]
 */
export const addFilter = bind(tc.addFilter);
/** Equivalent to: tc filter replace dev REF parent P protocol PROTO prio N handle H KIND … */
export const replaceFilter = bind(tc.replaceFilter);
/**
 * Deletes the filters at a priority (or one, by handle and kind).
 * Equivalent to: tc filter del dev REF parent P [protocol PROTO] [prio N] [handle H KIND]
 */
export const deleteFilter = bind(tc.deleteFilter);
/**
 * Lists filters; without a parent, those of every qdisc on the link (clsact: both hooks).
 * Equivalent to: tc filter show dev REF [parent P] (per qdisc; tc shows one parent at a time)
 */
export const listFilters = bind(tc.listFilters);
/**
 * Limits a container's bandwidth on its host-side interface `ref`, as the CNI bandwidth plugin:
 * `ingress` shapes traffic towards the container, `egress` traffic from it (through an ifb).
 * Everything created is removed again if a later step fails.
 * Equivalent to: tc qdisc add dev REF root handle 1: tbf rate R burst B latency 25ms;
 *   ip link add IFB type ifb; ip link set IFB up; tc qdisc add dev REF ingress;
 *   tc filter add dev REF parent ffff: protocol all prio 1 u32 match u32 0 0 classid 1:1 action mirred egress redirect dev IFB;
 *   tc qdisc add dev IFB root handle 1: tbf rate R burst B latency 25ms
 */
export const setBandwidth = bind(tc.setBandwidth);
/**
 * Removes what setBandwidth put on `ref`: its root tbf, its ingress qdisc (with the redirect)
 * and the ifb the redirect fed. Parts already gone are not an error.
 * Equivalent to: tc qdisc del dev REF root; tc qdisc del dev REF ingress; ip link del IFB
 */
export const clearBandwidth = bind(tc.clearBandwidth);
// ---- end tc ----

/** nftables in the caller's namespace (the default handle's). Equivalent to: nft … */
export const nft: Nft = new Proxy({} as Nft, {
  get(_t, prop) {
    const n = defaultHandle().nft as unknown as Record<string | symbol, unknown>;
    const val = n[prop];
    return typeof val === 'function' ? (val as (...a: unknown[]) => unknown).bind(n) : val;
  },
});
void sysctl;

// ---- conntrack (issue #10) ----
/** conntrack in the caller's namespace (the default handle's): conntrack.list(), .delete(filter) … */
export const conntrack: Conntrack = new Proxy({} as Conntrack, {
  get(_t, prop) {
    const c = defaultHandle().conntrack as unknown as Record<string | symbol, unknown>;
    const val = c[prop];
    return typeof val === 'function' ? (val as (...a: unknown[]) => unknown).bind(c) : val;
  },
});

// ---- route listing for bulk readers (issue #13) ----
/**
 * listRoutes as typed-array columns (RouteColumns), in the caller's namespace.
 * Equivalent to: ip route show [table T] [dev DEV] [-4|-6]
 */
export const listRoutesColumnar = bind(route.listRoutesColumnar);
// -- issue 9 brvlan: bridge VLANs, bridge options on an existing bridge --
/**
 * Adds a VLAN (or a range) to a bridge port, or with `self` to the bridge itself. NetlinkError
 * EOPNOTSUPP on a kernel without CONFIG_BRIDGE_VLAN_FILTERING, and on a link that is no bridge port.
 * Equivalent to: bridge vlan add dev REF vid V[-E] [pvid] [untagged] [self] [master]
 */
export const addBridgeVlan = bind(brvlan.addBridgeVlan);
/** Removes a VLAN (or a range). Equivalent to: bridge vlan del dev REF vid V[-E] [self] [master] */
export const deleteBridgeVlan = bind(brvlan.deleteBridgeVlan);
/** The VLANs of every bridge and port (or of `dev`), one entry per VLAN. Equivalent to: bridge vlan show [dev REF] */
export const listBridgeVlans = bind(brvlan.listBridgeVlans);
/**
 * Changes options of an existing bridge (only those given).
 * Equivalent to: ip link set dev REF type bridge [forward_delay N] [ageing_time N] [stp_state 0|1]
 *                [vlan_filtering 0|1] [vlan_default_pvid N] [mcast_snooping 0|1]
 */
export const setBridge = bind(link.setBridge);
/** The options of a bridge as listed, in the form setBridge/createLink take. Equivalent to: ip -d link show dev REF */
export const getBridge = bind(link.getBridge);
// -- end issue 9 brvlan --
