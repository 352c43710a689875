// native/napi/tc.cc — requests cross as one Buffer of "tcobj" records (lib/records.ts
// encodeRecords), results as records.
import type { NativeSocket, RecordBuffer } from './native.js';

export interface TcNative {
  /** Sends one request per tcobj record (one sendmsg); throws the first failure. */
  tcRequest(s: NativeSocket, records: Buffer): void;
  /** RTM_GET{QDISC,TCLASS,TFILTER} dump (obj 0/1/2) of one link (0 = all qdiscs), under `parent` (filters). */
  tcDump(s: NativeSocket, obj: number, ifindex: number, parent: number): RecordBuffer;
  /** The request bytes of the records, not sent (seq and portid 0). */
  encodeTcRequest(records: Buffer): Buffer;
  /** tcobj records for every qdisc/class/filter message in a captured buffer. */
  decodeTcMessages(buf: Buffer): RecordBuffer;
}
