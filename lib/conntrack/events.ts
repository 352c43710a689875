// conntrack -E: a NETLINK_NETFILTER socket subscribed to the conntrack groups, watched by the
// same native monitor as `ip monitor` (native/napi/monitor.cc), turned into typed events. Lost
// events are an 'overrun' event, never silent.
import { DecodeError, fromNative } from '../errors.js';
import type { Handle } from '../core/handle.js';
import { native } from '../native.js';
import { decodeRecords } from '../records.js';
import { describe, uint } from '../util/validate.js';
import { drainEvents } from '../util/stream.js';
import { K } from './consts.js';
import { EVENT_NAMES, toFlow } from './decode.js';
import type { ConntrackEventOptions, FlowEvent, FlowEventKind } from './types.js';

const GROUPS: Record<FlowEventKind, string> = {
  new: 'NFNLGRP_CONNTRACK_NEW', update: 'NFNLGRP_CONNTRACK_UPDATE', destroy: 'NFNLGRP_CONNTRACK_DESTROY',
};

function decodeEvents(buf: Buffer, kinds: Set<string>, out: FlowEvent[]): void {
  let p = 0;
  while (p + 6 <= buf.length) {
    const len = buf.readUInt32LE(p + 2);
    const rec = buf.subarray(p + 6, p + 6 + len);
    p += 6 + len;
    for (const r of decodeRecords(rec, 'ctflow', 'conntrack.events')) {
      const type = EVENT_NAMES[(r.event as number) ?? 0];
      // The kernel marks a flow's first event NLM_F_CREATE; with 'new' not asked for, the
      // NEW group is not joined, but UPDATE events of a flow can still carry CREATE once.
      if (type && kinds.has(type)) out.push({ type, flow: toFlow(r) });
    }
  }
  if (p !== buf.length) throw new DecodeError('conntrack.events', 'event buffer: trailing bytes');
}

/**
 * Streams conntrack events of the handle's namespace until `signal` aborts or the loop breaks.
 * Equivalent to: conntrack -E [-e NEW,UPDATES,DESTROY]
 */
export async function* events(h: Handle, opts: ConntrackEventOptions = {}): AsyncGenerator<FlowEvent> {
  const op = 'conntrack.events';
  if (opts === null || typeof opts !== 'object') throw new TypeError(`${op} options must be an object, got ${describe(opts)}`);
  const kinds = opts.kinds ?? ['new', 'update', 'destroy'];
  if (!Array.isArray(kinds) || kinds.length === 0) throw new TypeError(`${op} kinds must be a non-empty array of 'new', 'update', 'destroy'`);
  for (const k of kinds) {
    if (!(k in GROUPS)) throw new RangeError(`${op}: unknown kind ${describe(k)}: use 'new', 'update' or 'destroy'`);
  }
  if (opts.signal !== undefined && !(opts.signal instanceof AbortSignal)) throw new TypeError(`${op} signal must be an AbortSignal, got ${describe(opts.signal)}`);
  const rcvbuf = opts.rcvbuf === undefined ? 0 : uint(opts.rcvbuf, `${op} rcvbuf`, 1, 0x7fffffff);
  h.netfilterSocket(op); // fails on a closed handle
  const wanted = new Set<string>(kinds);
  const groups = [...wanted].map((k) => K[GROUPS[k as FlowEventKind]]!);
  yield* drainEvents<FlowEvent>((sink) => new native.NativeMonitor(h.netnsFd, groups, (buf, err) => {
    try {
      if (buf) decodeEvents(buf, wanted, sink.queue);
    } catch (e) {
      sink.fail(e);
    }
    if (err) sink.queue.push({ type: 'overrun', error: fromNative(op, err) as Error });
    sink.notify();
  }, rcvbuf, native.constants.NETLINK_NETFILTER!), opts.signal);
}
