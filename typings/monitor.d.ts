// native/napi/monitor.cc
/** A netlink socket subscribed to multicast groups, watched by libuv. */
export declare class NativeMonitor {
  /**
   * onEvents gets one Buffer per wake-up (event := u16 nlmsg_type, u32 length, record) or an
   * error (nlErrno ENOBUFS when the kernel dropped events because the queue overflowed).
   */
  /** protocol: NETLINK_ROUTE (default) or NETLINK_NETFILTER (conntrack events). */
  constructor(netnsFd: number, groups: number[], onEvents: (events: Buffer | null, error: Error | null) => void, rcvbuf?: number, protocol?: number);
  close(): void;
  /** The kernel's receive queue size for this socket (bytes, as SO_RCVBUF reports it). */
  readonly rcvbuf: number;
}

export interface MonitorNative {
  NativeMonitor: typeof NativeMonitor;
  /** [nlmsg_type, event name, record schema] for every message type the addon decodes. */
  messageDecoders(): [number, string, string][];
}
