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
// -- end issue 9 part A --
import * as tc from './tc/index.js';

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
export const addNexthop = bind(nexthop.addNexthop);
export const replaceNexthop = bind(nexthop.replaceNexthop);
export const deleteNexthop = bind(nexthop.deleteNexthop);
export const listNexthops = bind(nexthop.listNexthops);
export const getNexthop = bind(nexthop.getNexthop);
export const appendRoute = bind(route.appendRoute);
export const replaceAddress = bind(addr.replaceAddress);
export const flushAddresses = bind(addr.flushAddresses);
// -- issue 9 part A: bridge ports, policy rules, neighbours, FDB, bridge VLANs, namespace ids --
export const setBridgePort = bind(brport.setBridgePort);
export const getBridgePort = bind(brport.getBridgePort);
export const addRoutingRule = bind(rule.addRoutingRule);
export const deleteRoutingRule = bind(rule.deleteRoutingRule);
export const listRoutingRules = bind(rule.listRoutingRules);
export const addNeighbor = bind(neigh.addNeighbor);
export const replaceNeighbor = bind(neigh.replaceNeighbor);
export const deleteNeighbor = bind(neigh.deleteNeighbor);
export const listNeighbors = bind(neigh.listNeighbors);
export const flushNeighbors = bind(neigh.flushNeighbors);
export const addFdbEntry = bind(fdb.addFdbEntry);
export const appendFdbEntry = bind(fdb.appendFdbEntry);
export const replaceFdbEntry = bind(fdb.replaceFdbEntry);
export const deleteFdbEntry = bind(fdb.deleteFdbEntry);
export const listFdb = bind(fdb.listFdb);
// -- end issue 9 part A --
export const addAltnames = bind(link.addAltnames);
export const deleteAltnames = bind(link.deleteAltnames);
export const listAltnames = bind(link.listAltnames);
// ---- tc (traffic control) ----
export const addQdisc = bind(tc.addQdisc);
export const replaceQdisc = bind(tc.replaceQdisc);
export const changeQdisc = bind(tc.changeQdisc);
export const deleteQdisc = bind(tc.deleteQdisc);
export const listQdiscs = bind(tc.listQdiscs);
export const addClass = bind(tc.addClass);
export const replaceClass = bind(tc.replaceClass);
export const changeClass = bind(tc.changeClass);
export const deleteClass = bind(tc.deleteClass);
export const listClasses = bind(tc.listClasses);
export const addFilter = bind(tc.addFilter);
export const replaceFilter = bind(tc.replaceFilter);
export const deleteFilter = bind(tc.deleteFilter);
export const listFilters = bind(tc.listFilters);
export const setBandwidth = bind(tc.setBandwidth);
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
