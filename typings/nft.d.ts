// native/napi/nft.cc
import type { NativeSocket, RecordBuffer } from './native.js';

/** One expression as plain values (see native/nft/expr/expr.h); unknown ones carry raw attrs. */
export interface NativeNftExpr {
  name: string;
  dreg?: number; sreg?: number; key?: number; base?: number; offset?: number; len?: number; op?: number;
  flags?: number; dir?: number; natType?: number; nfproto?: number; regAddrMin?: number; regAddrMax?: number;
  regProtoMin?: number; regProtoMax?: number; setId?: number; verdict?: number; chain?: string; set?: string;
  data?: Buffer; dataTo?: Buffer; mask?: Buffer; xor?: Buffer; bytes?: number; packets?: number;
  raw?: { type: number; nested?: boolean; data: Buffer }[];
}

/** One element of a transaction, before lib/records.ts encodes it as an "nftop" record. */
export type NativeNftOp = { kind: string; family: number; excl?: boolean } & Record<string, unknown>;

export interface NativeNftCommitResult {
  /** The messages the kernel refused, as [index, error]: 0 = batch begin, i+1 = ops[i]. */
  failed: [number, Error][];
  /** Echoed or derived handles, one per message (same indexing); 0 = none. */
  handles: Float64Array;
}

export interface NftNative {
  /** ops: the transaction's elements as "nftop" records (encodeRecords(ops, 'nftop')). */
  nftCommit(s: NativeSocket, ops: Buffer, genid: number, echo: boolean): NativeNftCommitResult;
  /** The batch exactly as nftCommit sends it without echo (message i has seq firstSeq + i). */
  nftEncode(ops: Buffer, genid: number, firstSeq: number, ackEach?: boolean): Buffer;
  /** `name`: the set for 'elems', the chain for 'rules' (with a table; '' = all). */
  nftDump(s: NativeSocket, what: 'tables' | 'chains' | 'rules' | 'sets' | 'elems', family: number, table: string, name: string): RecordBuffer;
  nftGetGen(s: NativeSocket): RecordBuffer;
  nftDecode(buf: Buffer, what: 'tables' | 'chains' | 'rules' | 'sets' | 'elems'): RecordBuffer;
  nftConstants: Record<string, number>;
}
