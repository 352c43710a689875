// conntrack over nfnetlink (NFNL_SUBSYS_CTNETLINK): list, count, delete, flush, events.
// native/conntrack builds the requests, decodes flows and applies the filter on each one, so
// count() and delete() never build a JavaScript object per flow; this folder validates.
import { call } from '../errors.js';
import type { Handle } from '../core/handle.js';
import { native } from '../native.js';
import { decodeRecords, encodeRecords } from '../records.js';
import * as v from '../util/validate.js';
import { FAMILIES, K, STATUS_BITS, TCP_STATES } from './consts.js';
import { toFlow } from './decode.js';
import { events } from './events.js';
import { encodeFilter, protocolNumber } from './filter.js';
import type { ConntrackEventOptions, ConntrackFilter, CtFamily, CtProtocol, CtStatus, Flow, FlowEvent, TcpState } from './types.js';

export * from './types.js';
export { events } from './events.js';

/** Equivalent to: conntrack -L [-f FAMILY] [-p PROTO] [--orig-src …] [-m MARK/MASK] [-w ZONE] … */
export async function list(h: Handle, filter: ConntrackFilter = {}): Promise<Flow[]> {
  const op = 'conntrack.list';
  const f = encodeFilter(filter, op);
  const sock = h.netfilterSocket(op);
  return decodeRecords(call(op, () => native.ctList(sock, f)), 'ctflow', op).map(toFlow);
}

/** Equivalent to: conntrack -C (with a filter: conntrack -L … | wc -l) */
export async function count(h: Handle, filter: ConntrackFilter = {}): Promise<number> {
  const op = 'conntrack.count';
  const f = encodeFilter(filter, op);
  const sock = h.netfilterSocket(op);
  return call(op, () => native.ctCount(sock, f));
}

/**
 * Deletes every flow matching `filter`; resolves to how many it deleted. One dump, then one
 * delete per flow, pipelined, each naming the flow by its original tuple and its id (a flow
 * that ended, or was replaced by a new flow with the same tuple, after the dump is left alone).
 * `filter` is required: `{}` deletes everything (like flush(), but counted).
 * Equivalent to: conntrack -D [-p PROTO] [--orig-dst …] [--dport …] [-m MARK] …
 */
export async function deleteFlows(h: Handle, filter: ConntrackFilter): Promise<number> {
  const op = 'conntrack.delete';
  if (filter === undefined) throw new TypeError(`${op} needs a filter ({} deletes every flow)`);
  const f = encodeFilter(filter, op);
  const sock = h.netfilterSocket(op);
  return call(op, () => native.ctDelete(sock, f))[0];
}

/** Equivalent to: conntrack -F [-f ipv4|ipv6] */
export async function flush(h: Handle, opts: { family?: CtFamily } = {}): Promise<void> {
  const op = 'conntrack.flush';
  const o = v.object(opts, `${op} options`);
  for (const k of Object.keys(o)) if (k !== 'family') throw new RangeError(`${op} options: unknown field "${k}" (expected family)`);
  if (o.family !== undefined && o.family !== 'ipv4' && o.family !== 'ipv6') {
    throw new RangeError(`${op} family must be 'ipv4' or 'ipv6', got ${v.describe(o.family)}`);
  }
  const af = o.family === undefined ? K.AF_UNSPEC! : FAMILIES[o.family as CtFamily];
  const sock = h.netfilterSocket(op);
  call(op, () => native.ctFlush(sock, af));
}

/** A flow to create: the original tuple; the reply tuple defaults to its mirror image. */
export interface FlowSpec {
  protocol: CtProtocol;
  orig: { src: string; dst: string; sport?: number; dport?: number };
  reply?: { src: string; dst: string; sport?: number; dport?: number };
  /** Seconds (default 120). */
  timeout?: number;
  mark?: number;
  zone?: number;
  state?: TcpState;
  status?: CtStatus[];
}

/** The "ctflow" record of a FlowSpec (validated), for native ctCreate/ctEncode. */
export function flowRecord(spec: FlowSpec, op: string): Record<string, unknown> {
  const s = v.object(spec, `${op} flow`) as unknown as FlowSpec;
  const proto = protocolNumber(s.protocol, `${op} protocol`);
  const o = v.object(s.orig, `${op} orig`) as FlowSpec['orig'];
  const src = v.ip(o.src, `${op} orig.src`);
  const dst = v.ip(o.dst, `${op} orig.dst`);
  v.sameFamily(src, dst, op);
  const r = s.reply === undefined ? { src: o.dst, dst: o.src, sport: o.dport, dport: o.sport } : v.object(s.reply, `${op} reply`) as FlowSpec['orig'];
  const tuple = (t: FlowSpec['orig'], what: string) => {
    const a = v.ip(t.src, `${op} ${what}.src`);
    const b = v.ip(t.dst, `${op} ${what}.dst`);
    v.sameFamily(src, a, op);
    v.sameFamily(src, b, op);
    const x: Record<string, unknown> = { src: a.bytes, dst: b.bytes, proto };
    if (t.sport !== undefined) x.sport = v.uint(t.sport, `${op} ${what}.sport`, 0, 0xffff);
    if (t.dport !== undefined) x.dport = v.uint(t.dport, `${op} ${what}.dport`, 0, 0xffff);
    return x;
  };
  const rec: Record<string, unknown> = { family: src.family === 4 ? FAMILIES.ipv4 : FAMILIES.ipv6, orig: tuple(o, 'orig'), reply: tuple(r, 'reply') };
  if (s.timeout !== undefined) rec.timeout = v.uint(s.timeout, `${op} timeout`, 1);
  if (s.mark !== undefined) rec.mark = v.uint(s.mark, `${op} mark`);
  if (s.zone !== undefined) rec.zone = v.uint(s.zone, `${op} zone`, 0, 0xffff);
  if (s.state !== undefined) {
    const st = TCP_STATES.get(s.state);
    if (st === undefined || proto !== K.IPPROTO_TCP) throw new RangeError(`${op} state must be a TCP state of a tcp flow, got ${v.describe(s.state)}`);
    rec.state = st;
  }
  if (s.status !== undefined) {
    if (!Array.isArray(s.status)) throw new TypeError(`${op} status must be an array of flag names`);
    let bits = 0;
    for (const n of s.status) {
      const b = STATUS_BITS.get(n);
      if (b === undefined) throw new RangeError(`${op} status: unknown flag ${v.describe(n)}`);
      bits |= 1 << b;
    }
    rec.status = bits >>> 0;
  }
  return rec;
}

/**
 * Creates flows without traffic, pipelined (tests and benchmarks make thousands this way);
 * resolves to how many were created. Equivalent to: conntrack -I -p PROTO -s … -d … -t TIMEOUT
 */
export async function createFlows(h: Handle, specs: FlowSpec[]): Promise<number> {
  const op = 'conntrack.create';
  if (!Array.isArray(specs)) throw new TypeError(`${op} needs an array of flows, got ${v.describe(specs)}`);
  const buf = encodeRecords(specs.map((s) => flowRecord(s, op)), 'ctflow');
  const sock = h.netfilterSocket(op);
  return call(op, () => native.ctCreate(sock, buf))[0];
}

/** conntrack in one handle's namespace: `h.conntrack.list()`, `.delete(filter)` … */
export class Conntrack {
  readonly #h: Handle;
  constructor(h: Handle) { this.#h = h; }
  /** Equivalent to: conntrack -L [filter options] */
  list(filter?: ConntrackFilter): Promise<Flow[]> { return list(this.#h, filter); }
  /** Equivalent to: conntrack -C (with a filter: conntrack -L … | wc -l) */
  count(filter?: ConntrackFilter): Promise<number> { return count(this.#h, filter); }
  /** Equivalent to: conntrack -D [filter options]; resolves to the number of flows deleted. */
  delete(filter: ConntrackFilter): Promise<number> { return deleteFlows(this.#h, filter); }
  /** Equivalent to: conntrack -F [-f ipv4|ipv6] */
  flush(opts?: { family?: CtFamily }): Promise<void> { return flush(this.#h, opts); }
  /** Equivalent to: conntrack -E — new/update/destroy events until the signal aborts. */
  events(opts?: ConntrackEventOptions): AsyncGenerator<FlowEvent> { return events(this.#h, opts); }
}
