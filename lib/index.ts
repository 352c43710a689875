// netlinkts: Linux container networking from TypeScript, spoken natively over netlink.
// Module-level functions run on a lazily opened default handle in the caller's namespace;
// Netlink.open({ netns }) gives a handle bound to another namespace.
export { Netlink, openNetns, type OpenOptions } from './handle.js';
export { NetlinkError, DecodeError } from './errors.js';
export type { NetnsRef } from './netns/ref.js';
export { createNetns, deleteNetns, listNetns } from './netns/index.js';
export * from './default.js';
export type * from './link/types.js';
export type { DeleteLinkOptions } from './link/index.js'; // deleteLink { wait: 'unlisted' } (issue #11)
export type { Address, AddAddressOptions } from './addr/index.js';
export { addressSpecFromAddress, type AddressSpec } from './addr/spec.js'; // listed address → addAddress arguments
export type { Route, RouteSpec, RouteFilter, RouteNexthop, ListedNexthop, RouteScope, RouteType } from './route/index.js';
export { Nft } from './nft/index.js';
export type { MonitorKind, MonitorOptions, NetlinkEvent } from './monitor.js';
export type {
  Match as NftMatch, Action as NftAction, Rule as NftRule, RuleRef, Ruleset, Table as NftTable, Chain as NftChain,
  RuleSpec as NftRuleSpec, ChainSpec as NftChainSpec, TableSpec as NftTableSpec, NftFamily, NftSet, SetSpec as NftSetSpec,
  CommitResult as NftCommitResult, NftCommitError, Transaction as NftTransaction,
} from './nft/index.js';
// issue 8 (nftables, faithful and complete): the typed statements, set/map shapes and value forms
export type {
  Statement as NftStatement, SetElement as NftSetElement, SetKeyType as NftSetKeyType, SetDataType as NftSetDataType,
  SetFlag as NftSetFlag, UnknownSet as NftUnknownSet, VmapKey as NftVmapKey, VerdictValue as NftVerdictValue, Rel as NftRel,
  Not as NftNot, MaskedValue as NftMaskedValue, MarkValue as NftMarkValue, LogSpec as NftLogSpec, LimitSpec as NftLimitSpec,
  DynsetSpec as NftDynsetSpec, TcpFlag as NftTcpFlag,
} from './nft/index.js';
// nft-exprs (issue 8 part 2): values from maps, fib lookups, link layer names, priority names
export type {
  MapValue as NftMapValue, FibMatch as NftFibMatch, IfType as NftIfType, EtherType as NftEtherType, PriorityName as NftPriorityName,
  NatTarget as NftNatTarget,
} from './nft/index.js';
export { Batch, type BatchResult, type CommitOptions } from './batch/index.js';
// ---- container network layer (issue #11) ----
export { BridgeNetwork, hostVethName, NETWORK_NFT_TABLE } from './network/index.js';
export type {
  AttachOptions, AttachmentRecord, BridgeNetworkOptions, CniDns, CniInterface, CniIp, CniResult, CniRoute, NetworkStatus, PortMapping,
} from './network/index.js';
// issue 9 part B: nexthop objects, route extras
export type { Nexthop, NexthopSpec, NexthopFilter, NexthopGroupMember } from './nexthop/index.js';
export type { RouteMetrics, RouteGetOptions } from './route/index.js';
export { linkSpecFromLink } from './link/kinds.js';
// -- issue 9 part A: bridge ports, policy rules, neighbours, FDB, bridge VLANs, namespace ids --
export { BRIDGE_PORT_STATES, type BridgePort, type BridgePortOptions, type BridgePortState } from './brport/index.js';
export type { PortRange, RoutingRule, RoutingRuleAction, RoutingRuleSpec } from './rule/index.js';
export type { Neighbor, NeighborFilter, NeighborSpec, NeighborState } from './neigh/index.js';
export type { FdbEntry, FdbSpec, FdbState } from './fdb/index.js';
export type { NetnsId } from './netns/ids.js';
// -- end issue 9 part A --
// conntrack (issue #10)
export { Conntrack } from './conntrack/index.js';
export type {
  Flow, FlowTuple, FlowCounters, FlowEvent, FlowEventKind, ConntrackFilter, ConntrackEventOptions, TupleFilter,
  CtFamily, CtProtocol, CtStatus, TcpState,
} from './conntrack/index.js';
// tc (traffic control)
export type {
  QdiscSpec, Qdisc, ClassSpec, TcClass, FilterSpec, Filter, Action as TcAction, ListedAction as TcListedAction,
  TcStats, Rate, Size, Time, BandwidthOptions, BandwidthLimit, U32Key, U32IpMatch, TcHandle,
} from './tc/index.js';
// route listing for bulk readers (issue #13)
export type { RouteColumns, RouteColumnsOptions } from './route/index.js';
// nft named objects and nft monitor (issue 8)
export type {
  NftObjectType, NftObjectSpec, NftObject, UnknownObject as NftUnknownObject, ObjectFilter as NftObjectFilter, ObjectRef as NftObjectRef,
  CounterObjectSpec as NftCounterObjectSpec, QuotaObjectSpec as NftQuotaObjectSpec, LimitObjectSpec as NftLimitObjectSpec,
  CtHelperObjectSpec as NftCtHelperObjectSpec, CtTimeoutObjectSpec as NftCtTimeoutObjectSpec,
  NftEvent, NftEventType, NftMonitorOptions,
} from './nft/index.js';
// -- issue 9 brvlan: bridge VLANs, bridge options on an existing bridge --
export type { BridgeVlan, BridgeVlanSpec, BridgeVlanFilter, VlanIds } from './brvlan/index.js';
export { bridgeSpecFromLink, type BridgeOptions } from './link/bridge.js';
// -- end issue 9 brvlan --
