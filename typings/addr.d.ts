// native/napi/addr.cc — positional arguments (no objects on these paths).
import type { NativeSocket, RecordBuffer } from './native.js';

export interface AddrNative {
  /**
   * RTM_NEWADDR (create, exclusive). local/peer: 4 or 16 bytes of `family` (AF_INET/AF_INET6);
   * broadcast: 4 bytes (IPv4); flags: IFA_F_*; scope: RT_SCOPE_*.
   */
  addrAdd(s: NativeSocket, ifindex: number, family: number, prefixlen: number, local: Buffer,
    peer: Buffer | null, broadcast: Buffer | null, label: string | null, flags: number, scope: number): void;
  /** RTM_DELADDR; same arguments as addrAdd (broadcast and flags are not sent). */
  addrDelete(s: NativeSocket, ifindex: number, family: number, prefixlen: number, local: Buffer,
    peer: Buffer | null, broadcast: Buffer | null, label: string | null, flags: number, scope: number): void;
  /** RTM_GETADDR dump; family 0 = any, ifindex 0 = any (the kernel filters). "address" records. */
  addrDump(s: NativeSocket, family: number, ifindex: number): RecordBuffer;
  /**
   * addrAdd (change 0) / addrDelete (change 1) for (ifindex, 'a.b.c.d[/n]', no options), the
   * address parsed natively. Returns false, sending nothing, when cidr is not that plain form.
   */
  addrChangeV4(sockId: number, change: 0 | 1, cidr: string, ifindex: number): boolean;
  /** For tests: the request addrChangeV4 would send (seq 0), or null when cidr is not plain. */
  encodeAddrRequestV4(change: 0 | 1, cidr: string, ifindex: number): Buffer | null;
  /**
   * For tests: the request addrAdd (change 0) or addrDelete (change 1) would send, not sent,
   * with nlmsg_seq and nlmsg_pid 0.
   */
  encodeAddrRequest(change: 0 | 1, ifindex: number, family: number, prefixlen: number, local: Buffer,
    peer: Buffer | null, broadcast: Buffer | null, label: string | null, flags: number, scope: number): Buffer;
  /** For tests: decodes every RTM_NEWADDR/RTM_DELADDR in `buf` (e.g. captured requests). */
  decodeAddrMessages(buf: Buffer): RecordBuffer;
}
