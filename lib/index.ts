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
// issue 8 (nftables, faithful and complete): the typed statements, set/map shapes and value forms
export type {
  Statement as NftStatement, SetElement as NftSetElement, SetKeyType as NftSetKeyType, SetDataType as NftSetDataType,
  SetFlag as NftSetFlag, UnknownSet as NftUnknownSet, VmapKey as NftVmapKey, VerdictValue as NftVerdictValue, Rel as NftRel,
  Not as NftNot, MaskedValue as NftMaskedValue, MarkValue as NftMarkValue, LogSpec as NftLogSpec, LimitSpec as NftLimitSpec,
  DynsetSpec as NftDynsetSpec, TcpFlag as NftTcpFlag,
} from './nft/index.js';
export { Batch, type BatchResult, type CommitOptions } from './batch/index.js';
