// The default handle (vishvananda's pkgHandle): opened on first use in the caller's own
// namespace and shared by every module-level function.
import { Netlink } from './handle.js';
import * as link from './link/index.js';
import * as addr from './addr/index.js';
import * as route from './route/index.js';
import * as sysctl from './sysctl/index.js';
import type { Nft } from './nft/index.js';
import { getNetnsId as netnsIdOf } from './netns/nsid.js';
// -- issue 9 part A --
import * as brport from './brport/index.js';
import * as rule from './rule/index.js';
import * as neigh from './neigh/index.js';
import * as fdb from './fdb/index.js';
import * as nsids from './netns/ids.js';
// -- end issue 9 part A --

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
export const setNetnsId = bind(nsids.setNetnsId);
export const listNetnsIds = bind(nsids.listNetnsIds);
// -- end issue 9 part A --

/** nftables in the caller's namespace (the default handle's). */
export const nft: Nft = new Proxy({} as Nft, {
  get(_t, prop) {
    const n = defaultHandle().nft as unknown as Record<string | symbol, unknown>;
    const val = n[prop];
    return typeof val === 'function' ? (val as (...a: unknown[]) => unknown).bind(n) : val;
  },
});
void sysctl;
