// handle.batch(): queue thousands of link/address/route operations and commit them pipelined —
// many requests per sendmsg(), sized to the socket buffers, one result per operation, in order.
// Arguments are validated when queued (TypeError/RangeError right away); link names are
// resolved at commit with one dump for the whole batch.
import { NetlinkError, call, fromNative } from '../errors.js';
import type { Handle } from '../core/handle.js';
import { addrArgs, type AddAddressOptions } from '../addr/index.js';
import { decodeLinks } from '../link/decode.js';
import type { LinkRef } from '../link/types.js';
import { native } from '../native.js';
import { openNetnsFd, type NetnsFd, type NetnsRef } from '../netns/ref.js';
import { isPlainObject, isPlainV4Shape, routeArgs, routeExtras } from '../route/spec.js';
import type { RouteSpec } from '../route/types.js';
import * as v from '../util/validate.js';
import { Encoder, OPS } from './encode.js';
import { deleteRecord, nexthopRecord } from '../nexthop/index.js';
import type { NexthopSpec } from '../nexthop/types.js';

/** The outcome of one batched operation: `{ ok: true }` or `{ ok: false, error }`. */
export type BatchResult = { ok: true } | { ok: false; error: Error };

/** The result of every operation that succeeded: one shared, frozen object, not one per operation. */
const OK: BatchResult = Object.freeze({ ok: true as const });

/** Options of Batch.commit: requests per sendmsg and which requests ask for an ACK. */
export interface CommitOptions {
  /** Requests per sendmsg (default 128: their ACKs fit even an unprivileged receive buffer). */
  perSend?: number;
  /**
   * 'each' (default): every request is ACKed. 'last': only the last of each sendmsg — faster;
   * failures are still reported per operation (the kernel answers every failing request).
   */
  ack?: 'each' | 'last';
}

/**
 * Queues the plain IPv4 shape ({ dst: 'a.b.c.d[/n]', dev: ifindex }, spec.ts isPlainV4) straight
 * into its record: the addon parses dst and writes the record in one call (cheaper than the
 * JavaScript character loop and record stores until V8 has compiled them, which is most of a
 * fresh process's first batch). False, nothing queued, for any other spec: the general path
 * then checks and words errors.
 */
function queuePlainV4(e: Encoder, op: number, spec: RouteSpec): boolean {
  return isPlainObject(spec) && isPlainV4Shape(spec) && e.routeV4Text(op, spec.dst as string, spec.dev as number);
}

/**
 * Queues link, address and route operations and sends them pipelined, many per sendmsg, with
 * one result per operation (nothing is rolled back: rtnetlink has no transactions).
 *
 * Equivalent to: ip -batch FILE
 */
export class Batch {
  readonly #h: Handle;
  #enc = new Encoder();
  #committed = false;

  constructor(h: Handle) {
    this.#h = h;
  }

  /** Number of queued operations. */
  get length(): number {
    return this.#enc.count;
  }

  #open(): Encoder {
    if (this.#committed) throw new Error('this batch was already committed; start a new one with handle.batch()');
    return this.#enc;
  }

  #ref(ref: LinkRef, what: string): number {
    const r = v.linkRef(ref, what);
    return typeof r === 'number' ? r : this.#enc.nameMarker(r);
  }

  #route(e: Encoder, code: number, spec: RouteSpec, change: 'add' | 'replace' | 'delete', op: string): void {
    const a = routeArgs(this.#h, spec, change, op, (r) => this.#ref(r, 'dev'));
    e.route(code, a, routeExtras(spec, a));
  }

  /** Queues: ip route add … */
  addRoute(spec: RouteSpec): this {
    const e = this.#open();
    if (!queuePlainV4(e, OPS.routeAdd, spec)) this.#route(e, OPS.routeAdd, spec, 'add', 'batch.addRoute');
    return this;
  }
  /** Queues: ip route replace … */
  replaceRoute(spec: RouteSpec): this {
    const e = this.#open();
    if (!queuePlainV4(e, OPS.routeReplace, spec)) this.#route(e, OPS.routeReplace, spec, 'replace', 'batch.replaceRoute');
    return this;
  }
  /** Queues: ip route append … */
  appendRoute(spec: RouteSpec): this {
    this.#route(this.#open(), OPS.routeAppend, spec, 'add', 'batch.appendRoute');
    return this;
  }
  /** Queues: ip nexthop add id ID … (see addNexthop) */
  addNexthop(spec: NexthopSpec): this {
    const e = this.#open();
    e.nexthop(OPS.nexthopAdd, nexthopRecord(spec, (r) => this.#ref(r, 'dev')));
    return this;
  }
  /** Queues: ip nexthop replace id ID … */
  replaceNexthop(spec: NexthopSpec): this {
    const e = this.#open();
    e.nexthop(OPS.nexthopReplace, nexthopRecord(spec, (r) => this.#ref(r, 'dev')));
    return this;
  }
  /** Queues: ip nexthop del id ID */
  deleteNexthop(id: number): this {
    const e = this.#open();
    e.nexthop(OPS.nexthopDelete, deleteRecord(v.uint(id, 'nexthop id', 1, 0xffffffff)));
    return this;
  }
  /** Queues: ip route del … */
  deleteRoute(spec: RouteSpec): this {
    const e = this.#open();
    if (!queuePlainV4(e, OPS.routeDelete, spec)) this.#route(e, OPS.routeDelete, spec, 'delete', 'batch.deleteRoute');
    return this;
  }
  /** Queues: ip addr add CIDR dev REF … */
  addAddress(ref: LinkRef, cidr: string, opts: AddAddressOptions = {}): this {
    const e = this.#open();
    e.address(OPS.addrAdd, addrArgs(this.#h, ref, cidr, opts, 'batch.addAddress', false, (r) => this.#ref(r, 'link')));
    return this;
  }
  /** Queues: ip addr del CIDR dev REF */
  deleteAddress(ref: LinkRef, cidr: string, opts: Pick<AddAddressOptions, 'peer' | 'label'> = {}): this {
    const e = this.#open();
    e.address(OPS.addrDelete, addrArgs(this.#h, ref, cidr, opts, 'batch.deleteAddress', true, (r) => this.#ref(r, 'link')));
    return this;
  }
  /** Queues: ip link delete REF (a name is resolved by the kernel: links created earlier in the batch work). */
  deleteLink(ref: LinkRef): this {
    this.#open().linkDelete(v.linkRef(ref));
    return this;
  }
  /** Queues: ip link delete group GROUP — one request for every link of the group. */
  deleteLinkGroup(group: number): this {
    this.#open().linkDeleteGroup(v.uint(group, 'group', 1));
    return this;
  }
  /** Queues: ip link set REF [up|down] [mtu N] [master M|nomaster] [group G] */
  setLink(ref: LinkRef, change: { up?: boolean; mtu?: number; master?: LinkRef | null; group?: number }): this {
    const e = this.#open();
    const r = v.linkRef(ref);
    const c = v.object(change, 'link change');
    const out: { up?: boolean; mtu?: number; master?: number; group?: number } = {};
    if (c.up !== undefined) out.up = v.bool(c.up, 'up');
    if (c.mtu !== undefined) out.mtu = v.mtu(c.mtu);
    if (c.group !== undefined) out.group = v.uint(c.group, 'group');
    if (c.master !== undefined) out.master = c.master === null ? 0 : this.#ref(c.master as LinkRef, 'master');
    e.linkSet(r, out);
    return this;
  }
  /** Queues: ip link set DEV up */
  setLinkUp(ref: LinkRef): this { return this.setLink(ref, { up: true }); }
  /** Queues: ip link set DEV down */
  setLinkDown(ref: LinkRef): this { return this.setLink(ref, { up: false }); }
  /** Queues: ip link set DEV master BR (nomaster for null) */
  setLinkMaster(ref: LinkRef, master: LinkRef | null): this { return this.setLink(ref, { master }); }
  /**
   * Queues: ip link add NAME type veth peer name PEER [netns NS] [mtu N] [group G].
   * (Bring it up with setLinkUp(NAME) later in the same batch: a name selects the link.)
   */
  createVeth(name: string, peer: string, opts: { peerNetns?: NetnsRef; mtu?: number; group?: number } = {}): this {
    const e = this.#open();
    const o = v.object(opts, 'createVeth options');
    const mtu = o.mtu === undefined ? 0 : v.mtu(o.mtu);
    const group = o.group === undefined ? 0 : v.uint(o.group, 'group', 1);
    e.vethCreate(v.ifname(name), v.ifname(peer, 'peer name'), o.peerNetns, mtu, group);
    return this;
  }

  /**
   * Sends everything queued. Resolves to one result per operation, in order; one failure does
   * not hide the others (nothing is rolled back: rtnetlink has no transactions).
   *
   * Equivalent to: ip -batch FILE (ip -force -batch: carries on after a failure)
   */
  async commit(opts: CommitOptions = {}): Promise<BatchResult[]> {
    const op = 'batch.commit';
    const enc = this.#open();
    const o = v.object(opts, 'commit options');
    const perSend = o.perSend === undefined ? 128 : v.uint(o.perSend, 'perSend', 1, 4096);
    if (o.ack !== undefined && o.ack !== 'each' && o.ack !== 'last') throw new RangeError(`ack must be 'each' or 'last', got ${v.describe(o.ack)}`);
    const ackLast = o.ack === 'last';
    this.#committed = true;
    const results: BatchResult[] = new Array(enc.count);
    const failed = new Set<number>();
    const sock = this.#h.routeSocket(op);

    // Link names: one dump for the whole batch.
    if (enc.fixups.length > 0) {
      const names = new Map<string, number>();
      for (const l of decodeLinks(call(op, () => native.linkDump(sock, '', -1)), op)) names.set(l.name, l.index);
      for (const f of enc.fixups) {
        const index = names.get(f.name);
        if (index === undefined) {
          failed.add(f.op);
          results[f.op] = { ok: false, error: new NetlinkError(op, 19 /* ENODEV */, `no such link: ${f.name}`) };
        } else {
          enc.setUint32(f.at, index);
        }
      }
    }
    const fds: NetnsFd[] = [];
    let failures: [number, unknown][] = [];
    try {
      for (const n of enc.netns) {
        try {
          const f = openNetnsFd(n.ref as NetnsRef, op);
          fds.push(f);
          enc.setInt32(n.at, f.fd);
        } catch (e) {
          failed.add(n.op);
          results[n.op] = { ok: false, error: e as Error };
        }
      }
      // Operations that failed before sending are left out of what is sent.
      let ops: Buffer | Buffer[] = enc.chunks();
      let sentIndex: number[] | null = null;
      if (failed.size > 0) {
        sentIndex = [];
        const parts: Buffer[] = [];
        const all = enc.bytes();
        const starts = enc.recordStarts();
        for (let i = 0; i < enc.count; i++) {
          if (failed.has(i)) continue;
          sentIndex.push(i);
          parts.push(all.subarray(starts[i]!, i + 1 < enc.count ? starts[i + 1]! : all.length));
        }
        ops = Buffer.concat(parts);
      }
      const send = ops;
      failures = sentIndex?.length === 0 || enc.length === 0 ? [] : call(op, () => native.batchCommit(sock, send, perSend, ackLast));
      for (const [i, err] of failures) {
        const idx = sentIndex ? sentIndex[i]! : i;
        results[idx] = { ok: false, error: fromNative(op, err) as Error };
      }
    } finally {
      for (const f of fds) f.release();
      enc.dispose(); // sent (or never to be): its chunks go back to the pool
    }
    // All succeeded (the common case): one builtin fill instead of a loop over every operation.
    if (failed.size === 0 && failures.length === 0) return results.fill(OK);
    for (let i = 0; i < results.length; i++) results[i] ??= OK;
    return results;
  }
}
