// native/napi/nft_obj.cc (nft named objects, nft monitor constants)
import type { NativeSocket, RecordBuffer } from './native.js';

export interface NftObjNative {
  /**
   * GETOBJ (reset: GETOBJ_RESET) as "nftobj" records: a dump filtered by family/table/type
   * ('' / 0 = any), or with a name that one object (table and type needed).
   */
  nftObjDump(s: NativeSocket, family: number, table: string, name: string, type: number, reset: boolean): RecordBuffer;
  /** Every NEWOBJ message of a raw netlink buffer as "nftobj" records (byte-vector tests). */
  nftObjDecode(buf: Buffer): RecordBuffer;
  nftObjConstants: Record<string, number>;
}
