// "ctflow" records (native/conntrack/decode.cc) → Flow objects, and the inverse for create.
import { ipText } from '../nft/decompile.js';
import { FAMILIES, protocolName, statusNames, tcpStateName } from './consts.js';
import type { Flow, FlowTuple, RawAttr } from './types.js';

type Rec = Record<string, any>;

function tuple(r: Rec): FlowTuple {
  const t: FlowTuple = { src: r.src ? ipText(r.src) : '', dst: r.dst ? ipText(r.dst) : '', protocol: protocolName(r.proto ?? 0) };
  if (r.sport !== undefined) t.sport = r.sport;
  if (r.dport !== undefined) t.dport = r.dport;
  if (r.icmpId !== undefined || r.icmpType !== undefined || r.icmpCode !== undefined) {
    t.icmp = {};
    if (r.icmpId !== undefined) t.icmp.id = r.icmpId;
    if (r.icmpType !== undefined) t.icmp.type = r.icmpType;
    if (r.icmpCode !== undefined) t.icmp.code = r.icmpCode;
  }
  if (r.zone !== undefined) t.zone = r.zone;
  if (r.raw?.length) t.raw = r.raw as RawAttr[];
  return t;
}

export function toFlow(r: Rec): Flow {
  const orig = tuple(r.orig ?? {});
  const reply = tuple(r.reply ?? {});
  const bits = (r.status ?? 0) >>> 0;
  const f: Flow = {
    id: r.id ?? 0, family: r.family === FAMILIES.ipv6 ? 'ipv6' : 'ipv4', protocol: orig.protocol, orig, reply,
    mark: r.mark ?? 0, zone: r.zone ?? 0, status: statusNames(bits), statusBits: bits,
  };
  if (r.master) f.master = tuple(r.master);
  if (r.state !== undefined) f.state = orig.protocol === 'tcp' ? tcpStateName(r.state) : r.state;
  if (r.timeout !== undefined) f.timeout = r.timeout;
  if (r.use !== undefined) f.use = r.use;
  if (r.countersOrig || r.countersReply) {
    f.counters = { orig: r.countersOrig ?? { packets: 0, bytes: 0 }, reply: r.countersReply ?? { packets: 0, bytes: 0 } };
  }
  // NAT shows in the tuples: replies come from the DNAT target and go to the SNAT address.
  const nat: NonNullable<Flow['nat']> = {};
  if (reply.src && (reply.src !== orig.dst || reply.sport !== orig.dport)) {
    nat.dst = reply.sport === undefined ? { address: reply.src } : { address: reply.src, port: reply.sport };
  }
  if (reply.dst && (reply.dst !== orig.src || reply.dport !== orig.sport)) {
    nat.src = reply.dport === undefined ? { address: reply.dst } : { address: reply.dst, port: reply.dport };
  }
  if (nat.src || nat.dst) f.nat = nat;
  if (r.tsStart !== undefined || r.tsStop !== undefined) {
    f.timestamp = {};
    if (r.tsStart !== undefined) f.timestamp.start = r.tsStart;
    if (r.tsStop !== undefined) f.timestamp.stop = r.tsStop;
  }
  if (r.secmark !== undefined) f.secmark = r.secmark;
  if (r.labels !== undefined) f.labels = r.labels;
  if (r.helper !== undefined) f.helper = r.helper;
  if (r.raw?.length) f.raw = r.raw as RawAttr[];
  return f;
}

/** The event kind a record's `event` field carries (native: 1 new, 2 update, 3 destroy). */
export const EVENT_NAMES = ['', 'new', 'update', 'destroy'] as const;

