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

/** One element of a transaction. */
export type NativeNftOp = { kind: string; family: number; excl?: boolean } & Record<string, unknown>;

export interface NativeNftCommitResult {
  /** Index 0: batch begin; i+1: ops[i]; last: batch end. null = no error reported. */
  errors: (Error | null)[];
  /** Echoed handles, same indexing; 0 = none. */
  handles: number[];
}

export interface NftNative {
  nftCommit(s: NativeSocket, ops: NativeNftOp[], genid: number, echo: boolean): NativeNftCommitResult;
  /** The batch exactly as nftCommit sends it (message i has seq firstSeq + i). */
  nftEncode(ops: NativeNftOp[], genid: number, firstSeq: number, ackEach?: boolean): Buffer;
  nftDump(s: NativeSocket, what: 'tables' | 'chains' | 'rules' | 'sets' | 'elems', family: number, table: string, set: string): RecordBuffer;
  nftGetGen(s: NativeSocket): RecordBuffer;
  nftDecode(buf: Buffer, what: 'tables' | 'chains' | 'rules' | 'sets' | 'elems'): RecordBuffer;
  nftConstants: Record<string, number>;
}
