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
// -- end issue 9 part A --
import * as tc from './tc/index.js';

type Rest<F> = F extends (h: Netlink, ...a: infer A) => infer R ? (...a: A) => R : never;

let pending: Netlink | null = null;

/** The shared handle in the caller's namespace. */
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

export const createVeth = bind(link.createVeth);
export const createBridge = bind(link.createBridge);
export const createLink = bind(link.createLink);
export const deleteLink = bind(link.deleteLink);
export const deleteLinkGroup = bind(link.deleteLinkGroup);
export const getLink = bind(link.getLink);
export const listLinks = bind(link.listLinks);
export const setLink = bind(link.setLink);
export const setLinkUp = bind(link.setLinkUp);
export const setLinkDown = bind(link.setLinkDown);
export const setLinkMaster = bind(link.setLinkMaster);
export const moveLink = bind(link.moveLink);
export const getVethPeer = bind(link.getVethPeer);
export const getNetnsId = bind(netnsIdOf);
export const addAddress = bind(addr.addAddress);
export const deleteAddress = bind(addr.deleteAddress);
export const listAddresses = bind(addr.listAddresses);
export const addRoute = bind(route.addRoute);
export const replaceRoute = bind(route.replaceRoute);
export const deleteRoute = bind(route.deleteRoute);
export const listRoutes = bind(route.listRoutes);
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

/** nftables in the caller's namespace (the default handle's). */
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
