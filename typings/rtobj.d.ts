// native/napi/rtobj.cc: record-encoded requests (native/nl/request.h). `request` is one record
// written by lib/records.ts encodeRecords with the request's schema ("ruleReq", "neighReq", …).
import type { NativeSocket, RecordBuffer } from './native.js';

export interface RtObjNative {
  /** Sends registered request `name` ("rule.add", "neigh.dump", …): records for dumps/gets, else undefined. */
  rtRequest(s: NativeSocket, name: string, request: Buffer): RecordBuffer | undefined;
  /** The bytes rtRequest would send (seq as given, portid 0): for codec tests. */
  rtEncode(name: string, request: Buffer, seq?: number): Buffer;
  /**
   * Records for every message in `buf` whose registered decoder writes `schema`; with `request`,
   * decoded by that registered request's reply decoder instead ("brvlan.dump").
   */
  rtDecode(buf: Buffer, schema: string, request?: string): RecordBuffer;
}
