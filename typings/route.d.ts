// native/napi/route.cc — the hot path: positional numbers and small Buffers, no objects.
import type { NativeSocket, RecordBuffer } from './native.js';

/** [gateway (4 or 16 bytes) | null, ifindex (0 = none), weight 1..256] */
/** [gateway, ifindex, weight, rtnh_flags (RTNH_F_ONLINK; issue 9 brvlan: per-leg onlink)] */
export type NativeNexthop = [Buffer | null, number, number, number?];

/**
 * The route arguments shared by routeAdd/routeDelete/encodeRouteRequest: family AF_INET/AF_INET6;
 * dst null for the default route; a gateway of the other family is sent as RTA_VIA; oif 0 = none;
 * table 0 = main (local for type local); metric, scope, protocol, type: -1 = iproute2's default.
 */
export type NativeRouteArgs = [family: number, dstLen: number, dst: Buffer | null, gateway: Buffer | null,
  oif: number, prefsrc: Buffer | null, table: number, metric: number, scope: number, protocol: number,
  type: number, nexthops: NativeNexthop[] | null];

/** ip route get's other keys: src of dst's length; iif/oif ifindexes. */
export interface NativeRouteGetOptions { src?: Buffer; iif?: number; oif?: number; mark?: number; uid?: number }

export interface RouteNative {
  /** RTM_NEWROUTE: create (NLM_F_CREATE|NLM_F_EXCL) or replace (NLM_F_CREATE|NLM_F_REPLACE). */
  routeAdd(s: NativeSocket, replace: boolean, ...args: NativeRouteArgs): void;
  /** RTM_DELROUTE. */
  routeDelete(s: NativeSocket, ...args: NativeRouteArgs): void;
  /**
   * routeAdd/routeDelete for [AF_INET, dstLen, dst, null, oif, null, 0, -1, -1, -1, -1, null]
   * (lib/route/spec.ts isPlainV4) with dst as text, parsed natively: change 0 add, 1 replace,
   * 2 delete. Returns false, sending nothing, when dst is not 'a.b.c.d[/n]' without host bits.
   */
  routeChangeV4(sockId: number, change: 0 | 1 | 2, dst: string, oif: number): boolean;
  /** value * 64 + prefix when dst is a plain IPv4 prefix (isPlainV4's rule), else -1. */
  routeParseV4(dst: string): number;
  /** For tests: the request routeChangeV4 would send (seq 0), or null when dst is not plain. */
  encodeRouteRequestV4(change: 0 | 1 | 2, dst: string, oif: number): Buffer | null;
  /** RTM_GETROUTE dump; family 0 = any, table 0 = all, oif 0 = any (the kernel filters). "route" records. */
  routeDump(s: NativeSocket, family: number, table: number, oif: number): RecordBuffer;
  /**
   * RTM_GETROUTE dump like routeDump, as listing entries (native/route/list.h): a fixed-size
   * entry per plain IPv4 route, a generic "route" record for any other. Writes them into `out`
   * and returns their byte count when they fit, else returns them in a new Buffer (the caller
   * keeps it as its next `out`: one buffer reused across listings).
   */
  routeList(s: NativeSocket, family: number, table: number, oif: number, out: Buffer): number | Buffer;
  /**
   * Fills RouteColumns' storage (addrLength 4, lib/route/columns.ts) from routeList entries;
   * false when they are not exactly n plain IPv4 entries (the caller decodes them itself).
   */
  routeListColumns(entries: Buffer, out: Uint8Array, n: number): boolean;
  /**
   * Dumps like routeList but keeps the entries (per thread) for routeListTake /
   * routeListTakeColumns, called next, synchronously: [routes, addrLength] — 4 when every route
   * is a plain IPv4 one, 16 when some are IPv6 or not plain, 0 when some are not IP routes.
   */
  routeListHeld(s: NativeSocket, family: number, table: number, oif: number): [number, 0 | 4 | 16];
  /** The entries routeListHeld kept, as routeList returns them (a byte count written to `out`, or a new Buffer). */
  routeListTake(out: Buffer): number | Buffer;
  /**
   * The columns of the entries routeListHeld kept (every byte of `out` written): true, or
   * (row, entry byte offset) pairs of the generic-record rows left zero for the caller; false
   * when they are not n rows.
   */
  routeListTakeColumns(out: Uint8Array, n: number, addrLength: 4 | 16): boolean | Uint32Array;
  /** Offsets, kinds and present bits of routeList entries, by name. */
  routeListLayout(): Record<string, number>;
  /** RTM_GETROUTE for one destination (ip route get … [from S] [iif I] [oif O] [mark M] [uid U]): one "route" record. */
  routeGet(s: NativeSocket, dst: Buffer, opts?: NativeRouteGetOptions): RecordBuffer;
  /** For tests: the RTM_GETROUTE routeGet would send (seq 0), not sent. */
  encodeRouteGet(dst: Buffer, opts?: NativeRouteGetOptions): Buffer;
  /** For tests: the request (0 add, 1 replace, 2 delete) as bytes, not sent; seq and pid 0. */
  encodeRouteRequest(change: 0 | 1 | 2, ...args: NativeRouteArgs): Buffer;
  /** For tests: decodes every RTM_NEWROUTE/RTM_DELROUTE in `buf` (e.g. captured requests). */
  decodeRouteMessages(buf: Buffer): RecordBuffer;
}
