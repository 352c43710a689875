// native/napi/conntrack.cc
import type { NativeSocket, RecordBuffer } from './native.js';

export interface ConntrackNative {
  /** Flows matching a "ctfilter" record (empty Buffer: all), as "ctflow" records. */
  ctList(s: NativeSocket, filter: Buffer): RecordBuffer;
  /** How many flows match, without decoding them into objects. */
  ctCount(s: NativeSocket, filter: Buffer): number;
  /** One dump, then the matching flows deleted pipelined by tuple + id: [deleted, vanished meanwhile]. */
  ctDelete(s: NativeSocket, filter: Buffer): [number, number];
  /** conntrack -F; family AF_UNSPEC/AF_INET/AF_INET6. */
  ctFlush(s: NativeSocket, family: number): void;
  /** conntrack -I for each "ctflow" record, pipelined: [created, enoent]. */
  ctCreate(s: NativeSocket, flows: Buffer): [number, number];
  /** The request bytes the calls above send (delete: for each flow of captured dump replies). */
  ctEncode(what: 'dump' | 'flush' | 'create' | 'delete', arg: Buffer | number, seq: number): Buffer;
  /** Decodes every conntrack message of a raw netlink buffer into "ctflow" records. */
  ctDecode(buf: Buffer): RecordBuffer;
  ctConstants: Record<string, number>;
}
