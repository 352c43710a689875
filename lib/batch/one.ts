// A single option-rich operation sent as a batch of one: the op record (native/batch/ops.h) is
// the one compact encoding for every option, so single calls do not grow positional N-API
// argument lists. The plain IPv4 route/address fast paths keep their own positional calls.
import type { Handle } from '../core/handle.js';
import { call, fromNative } from '../errors.js';
import { native } from '../native.js';
import { Encoder } from './encode.js';

/** Reused between calls: JavaScript is single-threaded and the call below is synchronous. */
const single = new Encoder(1024);

/**
 * Encodes one operation with `fill` and sends it, throwing its NetlinkError when the kernel
 * refuses. Link names must already be resolved (no fixups at this level).
 */
export function runOne(h: Handle, op: string, fill: (e: Encoder) => void): void {
  single.reset();
  fill(single);
  if (single.fixups.length > 0 || single.netns.length > 0) throw new Error(`internal: ${op} left unresolved names`);
  const sock = h.routeSocket(op);
  const buf = single.bytes();
  const failures = call(op, () => native.batchCommit(sock, buf, 0, false));
  if (failures.length > 0) throw fromNative(op, failures[0]![1]);
}

/** For codec tests: the request bytes one operation encodes to (seq 0, pid 0), not sent. */
export function encodeOne(fill: (e: Encoder) => void): Buffer {
  const e = new Encoder(1024);
  fill(e);
  return native.batchEncode(e.bytes());
}
