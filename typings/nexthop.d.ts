// native/napi/nexthop.cc (changes go through typings/batch.d.ts batchCommit op records)
import type { NativeSocket, RecordBuffer } from './native.js';

export interface NexthopNative {
  /** RTM_GETNEXTHOP dump: every nexthop object as "nexthopObject" records. */
  nexthopDump(s: NativeSocket): RecordBuffer;
  /** RTM_GETNEXTHOP for one id: one "nexthopObject" record. */
  nexthopGet(s: NativeSocket, id: number): RecordBuffer;
  /** For tests: decodes every RTM_NEWNEXTHOP/RTM_DELNEXTHOP in `buf`. */
  decodeNexthopMessages(buf: Buffer): RecordBuffer;
}
