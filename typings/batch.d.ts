// native/napi/batch.cc
import type { NativeSocket } from './native.js';
import type { NativeError } from './native.js';

export interface BatchRecordLayout { op: number; size: number; fields: Record<string, number> }
export interface BatchLayout {
  route: BatchRecordLayout; nexthop: BatchRecordLayout; address: BatchRecordLayout; linkDelete: BatchRecordLayout;
  linkSet: BatchRecordLayout; linkDeleteGroup: BatchRecordLayout; vethCreate: BatchRecordLayout;
  routeExt: BatchRecordLayout; nexthopObject: BatchRecordLayout; groupEntry: BatchRecordLayout;
  routeV4: BatchRecordLayout;
  ops: Record<'routeAdd' | 'routeReplace' | 'routeDelete' | 'addrAdd' | 'addrDelete' | 'linkDelete' | 'linkSet' | 'linkDeleteGroup' | 'vethCreate'
    | 'routeAppend' | 'nexthopAdd' | 'nexthopReplace' | 'nexthopDelete' | 'addrReplace'
    | 'routeV4Add' | 'routeV4Replace' | 'routeV4Delete', number>;
  bits: Record<string, number>;
}

export interface BatchNative {
  /**
   * Sends every encoded operation (native/batch/ops.h; one Buffer, or chunks of whole records
   * sent as if joined), pipelined `perSend` per sendmsg (0: all in one), with an ACK on each
   * request or, with ackLast, only on the last of each sendmsg (failures are still
   * reported one by one). Returns [index, error] for each failure.
   */
  batchCommit(s: NativeSocket, ops: Buffer | Buffer[], perSend: number, ackLast: boolean): [number, NativeError][];
  /** The record layouts lib/batch encodes with. */
  batchLayout(): BatchLayout;
  /** For codec tests: the requests batchCommit would send for `ops` (seqs from 0, pid 0), not sent. */
  batchEncode(ops: Buffer): Buffer;
  /**
   * Parses `dst` as a plain IPv4 prefix (routeParseV4's rule) and writes the 16-byte "routeV4"
   * record of { dst, dev: oif } at chunk[at, at + 16) (zero bytes); `op` is routeAdd,
   * routeReplace or routeDelete. True; false, nothing written, when dst is not plain. For
   * lib/batch/encode.ts routeV4Text.
   */
  batchRouteV4(chunk: Buffer, at: number, op: number, dst: string, oif: number): boolean;
}
