// Public shapes of conntrack flows, filters and events.

/** A flow's address family. */
export type CtFamily = 'ipv4' | 'ipv6';
/** By name (as `conntrack -L` prints it) or by IP protocol number. */
export type CtProtocol = 'tcp' | 'udp' | 'icmp' | 'icmpv6' | 'sctp' | 'dccp' | 'udplite' | 'gre' | number;
/** TCP states as `conntrack -L` prints them. */
export type TcpState = 'NONE' | 'SYN_SENT' | 'SYN_RECV' | 'ESTABLISHED' | 'FIN_WAIT' | 'CLOSE_WAIT' | 'LAST_ACK'
  | 'TIME_WAIT' | 'CLOSE' | 'SYN_SENT2';
/** Status flags (IPS_*), named without the prefix: 'ASSURED', 'SEEN_REPLY', 'DST_NAT' … */
export type CtStatus = 'EXPECTED' | 'SEEN_REPLY' | 'ASSURED' | 'CONFIRMED' | 'SRC_NAT' | 'DST_NAT' | 'SEQ_ADJUST'
  | 'SRC_NAT_DONE' | 'DST_NAT_DONE' | 'DYING' | 'FIXED_TIMEOUT' | 'TEMPLATE' | 'UNTRACKED' | 'HELPER' | 'OFFLOAD'
  | 'HW_OFFLOAD';

/** One direction of a flow: what `conntrack -L` prints as src= dst= sport= dport=. */
export interface FlowTuple {
  src: string;
  dst: string;
  protocol: CtProtocol;
  sport?: number;
  dport?: number;
  /** ICMP/ICMPv6 flows. */
  icmp?: { id?: number; type?: number; code?: number };
  /** Per-direction zone (CTA_TUPLE_ZONE), when the kernel reports one. */
  zone?: number;
  /** Tuple attributes this version does not decode, kept as the kernel sent them. */
  raw?: RawAttr[];
}

export interface RawAttr { type: number; nested?: boolean; data: Buffer }

/** Packet and byte counters of one direction of a flow (with nf_conntrack_acct on). */
export interface FlowCounters { packets: number; bytes: number }

/** One conntrack entry (`conntrack -L -o extended` line). */
export interface Flow {
  /** The kernel's id for this entry (CTA_ID; `conntrack -L -o id`). */
  id: number;
  family: CtFamily;
  protocol: CtProtocol;
  /** Original direction: as the first packet was seen (before NAT). */
  orig: FlowTuple;
  /** Reply direction: what replies look like (after NAT: the DNAT target is reply.src). */
  reply: FlowTuple;
  /** Expected flows: the tuple of the flow that created the expectation. */
  master?: FlowTuple;
  /** TCP/SCTP/DCCP state (TCP: 'ESTABLISHED' …; others: the kernel's state number). */
  state?: TcpState | number;
  /** Seconds left before the entry expires. */
  timeout?: number;
  mark: number;
  zone: number;
  /** IPS_* flags set. */
  status: CtStatus[];
  /** The raw IPS_* bit mask. */
  statusBits: number;
  /** References the kernel holds (`use=`). */
  use?: number;
  /** Present when accounting is on (net.netfilter.nf_conntrack_acct=1). */
  counters?: { orig: FlowCounters; reply: FlowCounters };
  /**
   * Address translation, derived from the tuples as `conntrack` shows it: `dst` when the flow
   * was DNAT-ed (the reply comes from reply.src, not orig.dst), `src` when it was SNAT-ed.
   */
  nat?: { src?: { address: string; port?: number }; dst?: { address: string; port?: number } };
  /** Timestamps in ns (net.netfilter.nf_conntrack_timestamp=1). */
  timestamp?: { start?: number; stop?: number };
  secmark?: number;
  labels?: Buffer;
  helper?: string;
  /** Top-level attributes this version does not decode (sequence adjustments, synproxy …). */
  raw?: RawAttr[];
}

/** Address match: an address or a CIDR prefix. */
export interface TupleFilter { src?: string; dst?: string; sport?: number; dport?: number }

/** What list/count/delete select; every given field must match (conntrack -L options). */
export interface ConntrackFilter {
  family?: CtFamily;
  protocol?: CtProtocol;
  orig?: TupleFilter;
  reply?: TupleFilter;
  /** Matches when (flow.mark & mask) === (mark & mask); mask defaults to 0xffffffff. */
  mark?: number;
  mask?: number;
  zone?: number;
  /** Every listed flag must be set. */
  status?: CtStatus[];
  /** TCP state. */
  state?: TcpState;
}

/** Which conntrack events to receive (`conntrack -E -e NEW,UPDATES,DESTROY`). */
export type FlowEventKind = 'new' | 'update' | 'destroy';

/** One conntrack event (a line of `conntrack -E`), or an overrun notice. */
export interface FlowEvent {
  /** 'new' | 'update' | 'destroy', or 'overrun' when the kernel dropped events. */
  type: FlowEventKind | 'overrun';
  flow?: Flow;
  /** On 'overrun': events were lost (receive queue full); re-read state with list(). */
  error?: Error;
}

/** Options of conntrack events(): which kinds, an abort signal and the receive buffer size. */
export interface ConntrackEventOptions {
  /** Default: all three. */
  kinds?: FlowEventKind[];
  signal?: AbortSignal;
  /** Receive queue size in bytes (default 4 MiB); smaller overflows sooner ('overrun'). */
  rcvbuf?: number;
}
