// native/napi/dump.cc
import type { RecordBuffer } from './native.js';

/** A dump read one kernel datagram per next(), on its own socket in namespace netnsFd. */
export declare class NativeDump {
  constructor(netnsFd: number, kind: 'link', kindFilter: string, master: number);
  constructor(netnsFd: number, kind: 'address', family: number, ifindex: number);
  constructor(netnsFd: number, kind: 'route', family: number, table: number, oif: number);
  /** Records of the next datagram (schema by message type: link/address/route), null at the end. */
  next(): RecordBuffer | null;
  close(): void;
}

export interface DumpNative {
  NativeDump: typeof NativeDump;
}
