// netlinkts: Linux container networking from TypeScript, spoken natively over netlink.
// Module-level functions run on a lazily opened default handle in the caller's namespace;
// Netlink.open({ netns }) gives a handle bound to another namespace.
export { Netlink, openNetns, type OpenOptions } from './handle.js';
export { NetlinkError, DecodeError } from './errors.js';
export type { NetnsRef } from './netns/ref.js';
export { createNetns, deleteNetns, listNetns } from './netns/index.js';
export * from './default.js';
export type * from './link/types.js';
export type { Address, AddAddressOptions } from './addr/index.js';
export type { Route, RouteSpec, RouteFilter, RouteNexthop, ListedNexthop, RouteScope, RouteType } from './route/index.js';
export { Nft } from './nft/index.js';
export type { MonitorKind, MonitorOptions, NetlinkEvent } from './monitor.js';
export type {
  Match as NftMatch, Action as NftAction, Rule as NftRule, RuleRef, Ruleset, Table as NftTable, Chain as NftChain,
  RuleSpec as NftRuleSpec, ChainSpec as NftChainSpec, TableSpec as NftTableSpec, NftFamily, NftSet, SetSpec as NftSetSpec,
  CommitResult as NftCommitResult, NftCommitError, Transaction as NftTransaction,
} from './nft/index.js';
export { Batch, type BatchResult, type CommitOptions } from './batch/index.js';
// -- issue 9 part A: bridge ports, policy rules, neighbours, FDB, bridge VLANs, namespace ids --
export { BRIDGE_PORT_STATES, type BridgePort, type BridgePortOptions, type BridgePortState } from './brport/index.js';
export type { PortRange, RoutingRule, RoutingRuleAction, RoutingRuleSpec } from './rule/index.js';
export type { Neighbor, NeighborFilter, NeighborSpec, NeighborState } from './neigh/index.js';
export type { FdbEntry, FdbSpec, FdbState } from './fdb/index.js';
export type { NetnsId } from './netns/ids.js';
// -- end issue 9 part A --
