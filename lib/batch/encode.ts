// Encodes batched operations into the compact records native/batch/ops.h reads. Offsets come
// from the addon (batchLayout()), so the layout is defined once, in C++.
import type { NativeRouteArgs } from '../../typings/route.js';
import { native } from '../native.js';

/** The addrAdd/addrDelete arguments after the socket (positional; see typings/addr.d.ts). */
export type AddrArgs = [number, number, number, Buffer, Buffer | null, Buffer | null, string | null, number, number];

/**
 * The less common parts of a route (nhid, onlink, realm, expires, pref, metrics), written as
 * the record's extension block (native/batch/ops.h routeExt). Metric values are indexed like
 * nl_route::kMetricOrder: mtu, advmss, window, rtt (ms), hoplimit, initcwnd; metricMask and
 * lock have a bit per RTAX_* id.
 */
export interface RouteExt {
  nhid: number; flags: number; realm?: number; expires?: number; pref?: number;
  metricMask: number; lock: number; metrics: number[];
}

/** A nexthop object change, as the nexthopObject record carries it. */
export interface NexthopRecord {
  id: number; oif: number; flags: number; family: number; blackhole: boolean; fdb: boolean;
  gw: Buffer | null; protocol: number; groupType: number; group: { id: number; weight: number }[];
  buckets?: number; idleTimer?: number; unbalancedTimer?: number;
}

const L = native.batchLayout();
const R = L.route.fields as Record<string, number>;
const NH = L.nexthop.fields as Record<string, number>;
const A = L.address.fields as Record<string, number>;
const LD = L.linkDelete.fields as Record<string, number>;
const LS = L.linkSet.fields as Record<string, number>;
const G = L.linkDeleteGroup.fields as Record<string, number>;
const VC = L.vethCreate.fields as Record<string, number>;
const RX = L.routeExt.fields as Record<string, number>;
const NO = L.nexthopObject.fields as Record<string, number>;
const GE = L.groupEntry.fields as Record<string, number>;
const B = L.bits;
const AF_INET = native.constants.AF_INET!;
const AF_INET6 = native.constants.AF_INET6!;

// The record route() writes for [AF_INET, prefix, dst, null, oif, null, 0, -1, -1, -1, -1, null]
// with dst, prefix, oif and op still zero: routeV4 copies it and fills in those four.
const V4_SIZE = R.end!;
const V4_DST_LEN = R.dstLen!;
const V4_DST = R.dst!;
const V4_OIF = R.oif!;
const V4_TEMPLATE = (() => {
  const t = Buffer.alloc(V4_SIZE);
  const dv = new DataView(t.buffer, t.byteOffset, t.byteLength);
  dv.setUint16(2, V4_SIZE, true);
  t[R.family!] = AF_INET;
  t[R.present!] = B.hasDst!;
  dv.setInt16(R.scope!, -1, true);
  dv.setInt16(R.protocol!, -1, true);
  dv.setInt16(R.type!, -1, true);
  return t;
})();

/** The compact plain-IPv4 route record routeV4Text queues (native/batch/ops.h "routeV4"). */
const V4_TEXT_SIZE = L.routeV4.size;

/** Copies an address (4 or 16 bytes) byte by byte: cheaper than Buffer.copy, a native call, for so few. */
function put(b: Buffer, at: number, src: Buffer): void {
  for (let i = 0; i < src.length; i++) b[at + i] = src[i]!;
}

/** Zeroes a used chunk (`used`: its written part) and keeps it for the next batch. */
function release(used: Buffer, whole?: Buffer): void {
  const c = whole ?? Buffer.from(used.buffer, used.byteOffset, CHUNK);
  if (used.length > 0) used.fill(0);
  if (c.length === CHUNK && pool.length < POOL_MAX && c.byteOffset === 0 && c.buffer.byteLength === CHUNK) pool.push(c);
}

/** A u32 field still holding a link name, patched with its ifindex at commit. */
export interface Fixup { at: number; name: string; op: number }
/** A field that needs a namespace fd opened at commit. */
export interface NetnsFixup { at: number; ref: unknown; op: number }

/**
 * A batch's records are written into chunks of this size (a record never straddles two): a
 * growing batch allocates one more chunk instead of doubling and copying everything so far
 * (a fresh process's 10,000-route batch spent ~0.3–0.4 µs per route in those copies and in the
 * page faults of the doubled buffers). Chunks of committed batches are zeroed and kept for the
 * next batch, up to POOL_MAX of them.
 */
const CHUNK = 64 * 1024;
const POOL_MAX = 64;
const pool: Buffer[] = [];

function chunk(size: number): Buffer {
  return size <= CHUNK ? pool.pop() ?? Buffer.alloc(CHUNK) : Buffer.alloc(size);
}

/** Link refs are numbers by the time they reach the encoder; names are negative markers. */
export class Encoder {
  /** The chunk being written; `size` bytes of it are used. */
  buf: Buffer;
  dv: DataView;
  size = 0;
  count = 0;
  /** Fields patched at commit; `at` counts from the start of the whole encoding (all chunks). */
  fixups: Fixup[] = [];
  netns: NetnsFixup[] = [];
  private names: string[] = [];
  /** Full chunks before `buf` (each cut to its used bytes), and their total length. */
  private full: Buffer[] = [];
  private base = 0;

  /** `size`: the first chunk (a batch starts at 64 KiB; a single operation needs far less). */
  constructor(size = CHUNK) {
    this.buf = size === CHUNK ? chunk(CHUNK) : Buffer.alloc(size);
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  /** Bytes encoded so far, over all chunks. */
  get length(): number {
    return this.base + this.size;
  }

  /** The encoding as chunks of whole records (what native.batchCommit takes). */
  chunks(): Buffer[] {
    return this.size > 0 || this.full.length === 0 ? [...this.full, this.buf.subarray(0, this.size)] : this.full.slice();
  }

  /** The encoding as one Buffer (a copy when it spans several chunks). */
  bytes(): Buffer {
    return this.full.length === 0 ? this.buf.subarray(0, this.size) : Buffer.concat(this.chunks());
  }

  /** Writes a u32 at `at`, an offset into the whole encoding (a fixup's). */
  setUint32(at: number, value: number): void {
    const [b, off] = this.locate(at);
    b.writeUInt32LE(value >>> 0, off);
  }

  /** Writes an i32 at `at`, an offset into the whole encoding (a fixup's). */
  setInt32(at: number, value: number): void {
    const [b, off] = this.locate(at);
    b.writeInt32LE(value, off);
  }

  private locate(at: number): [Buffer, number] {
    let off = at;
    for (const c of this.full) {
      if (off < c.length) return [c, off];
      off -= c.length;
    }
    return [this.buf, off];
  }

  /** Empties the encoder for reuse (zeroing what was written: records rely on zeroed bytes). */
  reset(): void {
    this.buf.fill(0, 0, this.size);
    for (const c of this.full) release(c);
    this.full = [];
    this.base = 0;
    this.size = 0;
    this.count = 0;
    this.fixups = [];
    this.netns = [];
    this.names = [];
  }

  /**
   * Hands the chunks back to the pool (zeroed) once they have been sent: the encoder must not
   * be used afterwards.
   */
  dispose(): void {
    for (const c of this.full) release(c);
    release(this.buf.subarray(0, this.size), this.buf);
    this.full = [];
    this.buf = Buffer.alloc(0);
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, 0);
    this.base = this.size = 0;
  }

  /**
   * Start offset of each record in the whole encoding, from the record lengths (only needed
   * when some operations are left out of the commit: not tracked per queued operation).
   */
  recordStarts(): number[] {
    const all = this.bytes();
    const starts: number[] = new Array(this.count);
    for (let i = 0, at = 0; i < this.count; i++) {
      starts[i] = at;
      at += all.readUInt16LE(at + 2);
    }
    return starts;
  }

  /** Returns a marker standing for `name` until commit resolves it. */
  nameMarker(name: string): number {
    this.names.push(name);
    return -this.names.length;
  }

  /** Room for a record of `size` bytes: a new chunk (or, when nothing is written yet, a bigger one). */
  private grow(size: number): void {
    if (this.size > 0) {
      this.full.push(this.buf.subarray(0, this.size));
      this.base += this.size;
    }
    const next = chunk(size);
    this.buf = next;
    this.dv = new DataView(next.buffer, next.byteOffset, next.byteLength);
    this.size = 0;
  }

  private begin(op: number, size: number): number {
    if (this.size + size > this.buf.length) this.grow(size);
    const at = this.size;
    // No fill: the buffer is zeroed when allocated (Buffer.alloc, or zeroed when pooled) and
    // only ever appended to, so the record's bytes are still zero here.
    this.buf[at] = op;
    this.dv.setUint16(at + 2, size, true);
    this.size += size;
    this.count++;
    return at;
  }

  private u32Link(at: number, value: number): void {
    if (value < 0) {
      this.fixups.push({ at: this.base + at, name: this.names[-value - 1]!, op: this.count - 1 });
      this.dv.setUint32(at, 0, true);
    } else {
      this.dv.setUint32(at, value, true);
    }
  }

  private name16(at: number, name: string): void {
    this.buf.write(name, at, 16, 'utf8');
  }

  route(op: number, a: NativeRouteArgs, ext: RouteExt | null = null): void {
    const [family, dstLen, dst, gw, oif, prefsrc, table, metric, scope, protocol, type, nexthops] = a;
    const hops = nexthops?.length ?? 0;
    const at = this.begin(op, R.end! + hops * NH.end! + (ext ? RX.end! : 0));
    const b = this.buf;
    b[at + R.family!] = family;
    b[at + R.dstLen!] = dstLen;
    let present = 0;
    if (dst) { present |= B.hasDst!; put(b, at + R.dst!, dst); }
    if (gw) { b[at + R.gwFamily!] = gw.length === 4 ? AF_INET : AF_INET6; put(b, at + R.gw!, gw); }
    if (prefsrc) { present |= B.hasPrefsrc!; put(b, at + R.prefsrc!, prefsrc); }
    if (metric >= 0) { present |= B.hasMetric!; this.dv.setUint32(at + R.metric!, metric, true); }
    if (ext) { present |= B.hasExt!; this.routeExt(at + R.end! + hops * NH.end!, ext); }
    b[at + R.present!] = present;
    this.dv.setInt16(at + R.scope!, scope, true);
    this.dv.setInt16(at + R.protocol!, protocol, true);
    this.dv.setInt16(at + R.type!, type, true);
    this.dv.setUint16(at + R.nexthops!, hops, true);
    this.u32Link(at + R.oif!, oif);
    this.dv.setUint32(at + R.table!, table, true);
    for (let i = 0; i < hops; i++) {
      const [g, dev, weight, flags] = nexthops![i]!;
      const h = at + R.end! + i * NH.end!;
      if (flags) b[h + NH.flags!] = flags;
      if (g) { b[h + NH.gwFamily!] = g.length === 4 ? AF_INET : AF_INET6; g.copy(b, h + NH.gw!); }
      this.dv.setUint16(h + NH.weight!, weight, true);
      this.u32Link(h + NH.ifindex!, dev);
    }
  }

  private routeExt(at: number, x: RouteExt): void {
    const dv = this.dv;
    dv.setUint32(at + RX.nhid!, x.nhid, true);
    dv.setUint32(at + RX.flags!, x.flags, true);
    let p = 0;
    if (x.realm !== undefined) { p |= B.extRealm!; dv.setUint32(at + RX.realm!, x.realm, true); }
    if (x.expires !== undefined) { p |= B.extExpires!; dv.setUint32(at + RX.expires!, x.expires, true); }
    if (x.pref !== undefined) { p |= B.extPref!; this.buf[at + RX.pref!] = x.pref; }
    this.buf[at + RX.present!] = p;
    dv.setUint32(at + RX.metricMask!, x.metricMask, true);
    dv.setUint32(at + RX.lock!, x.lock, true);
    for (let i = 0; i < x.metrics.length; i++) dv.setUint32(at + RX.metrics! + 4 * i, x.metrics[i]!, true);
  }

  /** A nexthop object add/replace (ip nexthop add|replace …) or delete (only the id counts). */
  nexthop(op: number, n: NexthopRecord): void {
    const at = this.begin(op, NO.end! + n.group.length * GE.end!);
    const dv = this.dv;
    const b = this.buf;
    dv.setUint32(at + NO.id!, n.id, true);
    this.u32Link(at + NO.oif!, n.oif); // a batch may still hold a name marker here
    dv.setUint32(at + NO.flags!, n.flags, true);
    b[at + NO.family!] = n.family;
    let bits = 0;
    if (n.blackhole) bits |= B.nhBlackhole!;
    if (n.fdb) bits |= B.nhFdb!;
    if (n.buckets !== undefined) { bits |= B.nhBuckets!; dv.setUint16(at + NO.buckets!, n.buckets, true); }
    if (n.idleTimer !== undefined) { bits |= B.nhIdle!; dv.setUint32(at + NO.idleTimer!, n.idleTimer, true); }
    if (n.unbalancedTimer !== undefined) { bits |= B.nhUnbalanced!; dv.setUint32(at + NO.unbalancedTimer!, n.unbalancedTimer, true); }
    b[at + NO.bits!] = bits;
    if (n.gw) { b[at + NO.gwLen!] = n.gw.length; put(b, at + NO.gw!, n.gw); }
    b[at + NO.protocol!] = n.protocol;
    dv.setInt16(at + NO.groupType!, n.groupType, true);
    dv.setUint16(at + NO.groupCount!, n.group.length, true);
    for (let i = 0; i < n.group.length; i++) {
      const e = at + NO.end! + i * GE.end!;
      dv.setUint32(e + GE.id!, n.group[i]!.id, true);
      dv.setUint32(e + GE.weight!, n.group[i]!.weight, true);
    }
  }

  /**
   * The record route() writes for [AF_INET, prefix, dst, null, oif, null, 0, -1, -1, -1, -1,
   * null] (spec.ts plainV4's shape), written straight from the parsed address.
   */
  routeV4(op: number, dst: number, prefix: number, oif: number): void {
    // Byte stores of module constants rather than DataView calls: this runs per queued route,
    // and until V8 has compiled it (the first thousands of calls) every builtin call costs.
    if (this.size + V4_SIZE > this.buf.length) this.grow(V4_SIZE);
    const b = this.buf;
    const at = this.size;
    this.size = at + V4_SIZE;
    this.count++;
    b.set(V4_TEMPLATE, at);
    b[at] = op;
    b[at + V4_DST_LEN] = prefix;
    b[at + V4_DST] = dst >>> 24;
    b[at + V4_DST + 1] = dst >>> 16;
    b[at + V4_DST + 2] = dst >>> 8;
    b[at + V4_DST + 3] = dst;
    b[at + V4_OIF] = oif;
    b[at + V4_OIF + 1] = oif >>> 8;
    b[at + V4_OIF + 2] = oif >>> 16;
    b[at + V4_OIF + 3] = oif >>> 24;
  }

  /**
   * routeV4 for a dst still in text: the addon parses it and writes the 16-byte "routeV4"
   * record (the same request in a fifth of the bytes) in one call (native batchRouteV4).
   * False, nothing queued, when dst is not a plain IPv4 prefix.
   */
  routeV4Text(op: number, dst: string, oif: number): boolean {
    if (this.size + V4_TEXT_SIZE > this.buf.length) this.grow(V4_TEXT_SIZE);
    if (!native.batchRouteV4(this.buf, this.size, op, dst, oif)) return false;
    this.size += V4_TEXT_SIZE;
    this.count++;
    return true;
  }

  /** lifetime: [validLft, preferredLft] in seconds (0xffffffff = forever), sent as IFA_CACHEINFO. */
  address(op: number, a: AddrArgs, lifetime: [number, number] | null = null): void {
    const [index, family, prefixlen, local, peer, broadcast, label, flags, scope] = a;
    const at = this.begin(op, A.end!);
    const b = this.buf;
    b[at + A.family!] = family;
    b[at + A.prefixlen!] = prefixlen;
    b[at + A.scope!] = scope;
    let present = 0;
    put(b, at + A.local!, local);
    if (peer) { present |= B.hasPeer!; put(b, at + A.peer!, peer); }
    if (broadcast) { present |= B.hasBroadcast!; put(b, at + A.broadcast!, broadcast); }
    if (label) { present |= B.hasLabel!; this.name16(at + A.label!, label); }
    if (lifetime) {
      present |= B.hasLifetime!;
      this.dv.setUint32(at + A.validLft!, lifetime[0], true);
      this.dv.setUint32(at + A.preferredLft!, lifetime[1], true);
    }
    b[at + A.present!] = present;
    this.dv.setUint32(at + A.flags!, flags, true);
    this.u32Link(at + A.index!, index);
  }

  linkDelete(ref: string | number): void {
    const at = this.begin(L.ops.linkDelete, LD.end!);
    if (typeof ref === 'number') this.dv.setUint32(at + LD.index!, ref, true);
    else this.name16(at + LD.name!, ref);
  }

  linkSet(ref: string | number, c: { up?: boolean; mtu?: number; master?: number; group?: number }): void {
    const at = this.begin(L.ops.linkSet, LS.end!);
    if (typeof ref === 'number') this.dv.setUint32(at + LS.index!, ref, true);
    else this.name16(at + LS.name!, ref);
    let p = 0;
    if (c.up !== undefined) p |= B.setUp! | (c.up ? B.upValue! : 0);
    if (c.mtu !== undefined) { p |= B.setMtu!; this.dv.setUint32(at + LS.mtu!, c.mtu, true); }
    if (c.master !== undefined) { p |= B.setMaster!; this.u32Link(at + LS.master!, c.master); }
    if (c.group !== undefined) { p |= B.setGroup!; this.dv.setUint32(at + LS.group!, c.group, true); }
    this.buf[at + LS.present!] = p;
  }

  linkDeleteGroup(group: number): void {
    const at = this.begin(L.ops.linkDeleteGroup, G.end!);
    this.dv.setUint32(at + G.group!, group, true);
  }

  vethCreate(name: string, peer: string, peerNetns: unknown, mtu: number, group: number): void {
    const at = this.begin(L.ops.vethCreate, VC.end!);
    this.name16(at + VC.name!, name);
    this.name16(at + VC.peer!, peer);
    this.dv.setInt32(at + VC.peerNetnsFd!, -1, true);
    if (peerNetns !== undefined) this.netns.push({ at: this.base + at + VC.peerNetnsFd!, ref: peerNetns, op: this.count - 1 });
    this.dv.setUint32(at + VC.mtu!, mtu, true);
    this.dv.setUint32(at + VC.group!, group, true);
  }
}

export const OPS = L.ops;
