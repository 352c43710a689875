// Nexthop-object events for lib/monitor.ts: the multicast group and the record converter.
import { toNexthop } from './index.js';

export type NexthopMonitorKind = 'nexthop';

/** monitor(['nexthop']) subscribes to RTNLGRP_NEXTHOP (ip monitor nexthop). */
export const NEXTHOP_GROUPS: Record<NexthopMonitorKind, string[]> = { nexthop: ['RTNLGRP_NEXTHOP'] };

/** Events carry the ifindex (nexthop.index); names are not looked up per event. */
export const nexthopEventConverters: [string, { field: 'nexthop'; convert: (r: Record<string, unknown>) => unknown }][] = [
  ['nexthopObject', { field: 'nexthop', convert: (r) => toNexthop(r as never, new Map()) }],
];
