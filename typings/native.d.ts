// The surface of the native addon (build/Release/netlinkts.node), as lib/native.ts sees it.
// test/native-surface.test.ts checks the real exports against NATIVE_EXPORTS so the two cannot drift.

/** A netlink socket opened inside one network namespace. */
export declare class NativeSocket {
  /** protocol: NETLINK_ROUTE / NETLINK_NETFILTER; netnsFd: -1 for the caller's namespace. */
  constructor(protocol: number, netnsFd: number);
  close(): void;
  readonly fd: number;
  readonly portid: number;
  readonly rcvbuf: number;
  /** This socket for the hot entry points (routeChangeV4, addrChangeV4); 0 = none, use the general ones. */
  readonly id: number;
}

/** The error objects the addon throws; lib/errors.ts wraps them. */
export interface NativeError extends Error {
  nlErrno: number;
  nlDecode: boolean;
  nlWhere: string;
  nlExtack?: string;
  nlExtackOffset?: number;
  nlMissingType?: number;
}

/** [id, name, type, list, nestedSchema] */
export type FieldSchema = [number, string, 'u8' | 'u16' | 'u32' | 's32' | 'u64' | 'bool' | 'str' | 'bytes' | 'rec', boolean, string | null];

/** Buffer of compact records (see native/nl/record.h). */
/** dumpAttempts: set when the kernel interrupted the dump (NLM_F_DUMP_INTR) and it was run again. */
export type RecordBuffer = Buffer & { dumpInterrupted?: boolean; dumpAttempts?: number };

import type { LinkNative } from './link.js';
import type { AddrNative } from './addr.js';
import type { RouteNative } from './route.js';
import type { NetnsNative } from './netns.js';
import type { SysctlNative } from './sysctl.js';
import type { TunNative } from './tun.js';
import type { BatchNative } from './batch.js';
import type { NftNative } from './nft.js';
import type { MonitorNative } from './monitor.js';
import type { DumpNative } from './dump.js';
// network layer (issue #11)
import type { FlockNative } from './flock.js';
// issue 9 part B
import type { NexthopNative } from './nexthop.js';
// -- issue 9 part A --
import type { RtObjNative } from './rtobj.js';
// conntrack (issue #10)
import type { ConntrackNative } from './conntrack.js';
import type { TcNative } from './tc.js'; // tc (traffic control)
import type { NftObjNative } from './nftobj.js'; // nft named objects and monitor (issue 8)

/** The whole addon: each family declares its entry points in typings/<family>.d.ts. */
export interface NativeAddon extends LinkNative, AddrNative, RouteNative, NetnsNative, SysctlNative,
  TunNative, BatchNative, NftNative, MonitorNative, DumpNative,
  FlockNative /* network layer (issue #11) */,
  NexthopNative /* issue 9 part B */,
  /* issue 9 part A */ RtObjNative,
  ConntrackNative /* conntrack (issue #10) */,
  TcNative /* tc (traffic control) */,
  NftObjNative /* nft named objects and monitor (issue 8) */ {
  NativeSocket: typeof NativeSocket;
  IFF: Record<string, number>;
  constants: Record<string, number>;
  schemas: Record<string, FieldSchema[]>;
}
