// listRoutesColumnar: routeList entries → typed-array columns, one row per route, no object and
// no string per route. For bulk readers (reconcilers diffing thousands of routes, exporters):
// 10,000 Route objects are ~2 MB of young-generation garbage whose scavenges dominate a listing;
// columns are a dozen off-heap arrays. Any row can still be had as the Route listRoutes returns,
// on demand (route(i)).
import { DecodeError } from '../errors.js';
import { native } from '../native.js';
import { familyOf } from '../util/rtnames.js';
import * as v from '../util/validate.js';
import { heldRouteListEntries, ListContext, plainV4Route, recordAt, recordRoute, ROUTE_LIST as L } from './list.js';
import type { RouteRecord } from './decode.js';
import type { Route, RouteColumns } from './types.js';


// Bytes per row: u32 index, table, metric, flags; dst, via, src at `w` bytes; five u8 columns.
const rowBytes = (w: number) => 4 * 4 + 3 * w + 5;

export class Columns implements RouteColumns {
  family!: Uint8Array;
  dstLen!: Uint8Array;
  dst!: Uint8Array;
  via!: Uint8Array;
  src!: Uint8Array;
  index!: Uint32Array;
  table!: Uint32Array;
  metric!: Uint32Array;
  scope!: Uint8Array;
  protocol!: Uint8Array;
  type!: Uint8Array;
  flags!: Uint32Array;
  /** Rows that are not plain IPv4 routes: their Route, materialized while decoding. */
  readonly others = new Map<number, Route>();
  length = 0;

  /** Bytes per address in dst/via/src: 4 when every row is IPv4, else 16. */
  addrLength: 4 | 16 = 4;

  /** Every column of the listing, packed in this order: the bytes native fill_columns writes. */
  storage!: Uint8Array;

  /** Backing memory of the columns; larger than `storage` when a listing is reused (rows + 1/4). */
  private memory: ArrayBuffer;

  ctx!: ListContext;

  constructor(capacity: number, allV4: boolean, ctx: ListContext) {
    this.memory = new ArrayBuffer(0);
    this.layout(capacity, allV4, ctx);
  }

  /**
   * Lays the columns of `capacity` rows out over the backing memory for a new listing, all zero
   * unless `zero` is false (native fill_columns writes every byte itself). The memory is kept
   * when it is large enough: a fresh ~330 KB ArrayBuffer per 10,000-route listing costs ~80
   * first-touch page faults (~10 µs each on this VM, more than the whole dump), while refilling
   * memory the process already touched costs ~5 µs.
   */
  layout(capacity: number, allV4: boolean, ctx: ListContext, zero = true): void {
    const w = (this.addrLength = allV4 ? 4 : 16);
    const bytes = capacity * rowBytes(w);
    const fresh = bytes > this.memory.byteLength;
    if (fresh) this.memory = new ArrayBuffer(this.memory.byteLength === 0 ? bytes : bytes + (bytes >> 2));
    const ab = this.memory;
    this.storage = new Uint8Array(ab, 0, bytes);
    if (!fresh && zero) this.storage.fill(0);
    this.others.clear();
    this.length = 0;
    this.ctx = ctx;
    // The 4-byte columns first (alignment); the order is native/route/list.h fill_columns'.
    let at = 0;
    const u32 = () => { const a = new Uint32Array(ab, at, capacity); at += 4 * capacity; return a; };
    const u8 = (per: number) => { const a = new Uint8Array(ab, at, per * capacity); at += per * capacity; return a; };
    this.index = u32();
    this.table = u32();
    this.metric = u32();
    this.flags = u32();
    this.dst = u8(w);
    this.via = u8(w);
    this.src = u8(w);
    this.family = u8(1);
    this.dstLen = u8(1);
    this.scope = u8(1);
    this.protocol = u8(1);
    this.type = u8(1);
  }

  /** Cuts every column to `n` rows (when entries of other families were skipped). */
  trim(n: number): void {
    this.family = this.family.subarray(0, n);
    this.dstLen = this.dstLen.subarray(0, n);
    this.dst = this.dst.subarray(0, n * this.addrLength);
    this.via = this.via.subarray(0, n * this.addrLength);
    this.src = this.src.subarray(0, n * this.addrLength);
    this.index = this.index.subarray(0, n);
    this.table = this.table.subarray(0, n);
    this.metric = this.metric.subarray(0, n);
    this.scope = this.scope.subarray(0, n);
    this.protocol = this.protocol.subarray(0, n);
    this.type = this.type.subarray(0, n);
    this.flags = this.flags.subarray(0, n);
  }

  route(i: number): Route {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new RangeError(`route index must be an integer in [0, ${this.length}), got ${v.describe(i)}`);
    const other = this.others.get(i);
    if (other !== undefined) return other;
    // A plain IPv4 row: every field is in the columns (0 = absent for index, via and src: the
    // kernel never reports ifindex 0 or a 0.0.0.0 gateway / preferred source).
    const a = i * this.addrLength, via = this.via, src = this.src, index = this.index[i]!;
    const hasVia = (via[a]! | via[a + 1]! | via[a + 2]! | via[a + 3]!) !== 0;
    const hasSrc = (src[a]! | src[a + 1]! | src[a + 2]! | src[a + 3]!) !== 0;
    return plainV4Route(
      this.dst, a, this.dstLen[i]!, index === 0 ? -1 : index, this.table[i]!, this.metric[i]!,
      this.scope[i]!, this.protocol[i]!, this.type[i]!, this.flags[i]!,
      via, hasVia ? a : -1, src, hasSrc ? a : -1, this.ctx);
  }
}

/**
 * Upper bound of the rows in `buf` (fixed entries have one size, records say theirs), and
 * whether every entry is a plain IPv4 route (then addresses take 4 bytes per row, not 16).
 */
function countEntries(buf: Buffer, dv: DataView, op: string): { n: number; allV4: boolean } {
  let n = 0, allV4 = true;
  for (let p = 0; p < buf.length; n++) {
    const kind = buf[p + L.KIND];
    if (kind === L.FIXED) {
      p += L.SIZE;
    } else if (kind === L.RECORD && p + 8 <= buf.length) {
      allV4 = false;
      p = (p + 8 + dv.getUint32(p + 4, true) + 3) & ~3;
    } else {
      throw new DecodeError(op, `route list: bad entry at ${p}`);
    }
  }
  return { n, allV4 };
}

// Four bytes without a subarray object per copy.
function copy4(from: Uint8Array, at: number, to: Uint8Array, toAt: number): void {
  to[toAt] = from[at]!;
  to[toAt + 1] = from[at + 1]!;
  to[toAt + 2] = from[at + 2]!;
  to[toAt + 3] = from[at + 3]!;
}

// Copies an address written as text into row `row` of a 16-byte-per-row column (a listing with
// a record entry always has 16: see countEntries).
function putAddr(col: Uint8Array, row: number, text: string | undefined): void {
  if (text !== undefined) col.set(v.ip(text, 'address').bytes, row * 16);
}

/**
 * Columns for a new listing of `capacity` rows: `reuse` laid out again over its memory (zeroed
 * when `zero`), or new ones (fresh memory is zero).
 */
function columnsFor(capacity: number, allV4: boolean, names: () => Map<number, string>, reuse: Columns | undefined, zero: boolean): Columns {
  const ctx = new ListContext(names);
  if (reuse === undefined) return new Columns(capacity, allV4, ctx);
  reuse.layout(capacity, allV4, ctx, zero);
  return reuse;
}

/**
 * The listing native.routeListHeld just made → RouteColumns. C++ fills the columns straight from
 * the entries it holds — no copy of them to JavaScript and no walk over them here — except the
 * rows that are generic records (IPv6, multipath…), which it names for this function to decode.
 * A listing with routes that are not IP routes at all (addrLength 0) is decoded here whole.
 */
export function heldRouteColumns(listing: [number, 0 | 4 | 16], names: () => Map<number, string>, op: string, reuse?: Columns): RouteColumns {
  const [rows, w] = listing;
  if (w === 0) return decodeRouteColumns(heldRouteListEntries(), names, op, reuse);
  const c = columnsFor(rows, w === 4, names, reuse, false);
  const filled = native.routeListTakeColumns(c.storage, rows, w);
  if (filled === false) throw new DecodeError(op, 'route list: the held entries are not this listing');
  if (filled !== true) {
    const buf = heldRouteListEntries();
    const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    for (let k = 0; k < filled.length; k += 2) {
      if (!putRecordRow(c, filled[k]!, recordAt(buf, dv, filled[k + 1]!, op).value)) {
        throw new DecodeError(op, 'route list: a route that is not IPv4 or IPv6');
      }
    }
  }
  c.length = rows;
  return c;
}

/**
 * Writes a generic route record into row `n` (zero before) and keeps its Route for route(n);
 * false for a route of another family (IPMR, MPLS…), which is not a row.
 */
function putRecordRow(c: Columns, n: number, rec: RouteRecord): boolean {
  const fam = familyOf(rec.family);
  if (fam === null) return false;
  c.family[n] = fam;
  c.dstLen[n] = rec.dstLen;
  putAddr(c.dst, n, rec.dst);
  const gw = rec.nhId === undefined ? rec.gateway ?? rec.via : undefined;
  // A gateway of the other family (RTA_VIA) does not fit the row's family: route(i) has it.
  if (gw !== undefined && v.ip(gw, 'via').family === fam) putAddr(c.via, n, gw);
  if (rec.oif !== undefined) c.index[n] = rec.oif;
  putAddr(c.src, n, rec.prefsrc);
  c.table[n] = rec.table;
  c.metric[n] = rec.priority ?? 0;
  c.scope[n] = rec.scope;
  c.protocol[n] = rec.protocol;
  c.type[n] = rec.type;
  c.flags[n] = rec.flags;
  c.others.set(n, recordRoute(rec, c.ctx));
  return true;
}

/**
 * routeList entries → RouteColumns; `names()` is called at most once, when a row needs it.
 * With `reuse`, the rows are written into its memory and it is returned (RouteColumnsOptions).
 */
export function decodeRouteColumns(buf: Buffer, names: () => Map<number, string>, op: string, reuse?: Columns): RouteColumns {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const { n: capacity, allV4 } = countEntries(buf, dv, op);
  // Only plain IPv4 entries (the bulk case): C++ fills the columns, every byte (no zeroing first).
  const c = columnsFor(capacity, allV4, names, reuse, !allV4);
  if (allV4 && native.routeListColumns(buf, c.storage, capacity)) {
    c.length = capacity;
    return c;
  }
  if (allV4) c.layout(capacity, allV4, c.ctx); // fill_columns stopped part way: start over, zeroed
  const w = c.addrLength;
  const { dst, via, src, family, dstLen, index, table, metric, scope, protocol, type, flags } = c;
  let n = 0;
  let p = 0;
  while (p < buf.length) {
    if (buf[p + L.KIND] === L.FIXED) {
      if (p + L.SIZE > buf.length) throw new DecodeError(op, 'route list: truncated entry');
      const present = dv.getUint32(p + L.PRESENT, true);
      const a = n * w;
      family[n] = 4;
      dstLen[n] = buf[p + L.DST_LEN]!;
      // Absent addresses stay zero (the arrays start zeroed).
      if ((present & L.HAS_DST) !== 0) copy4(buf, p + L.DST, dst, a);
      if ((present & L.HAS_GATEWAY) !== 0) copy4(buf, p + L.GATEWAY, via, a);
      if ((present & L.HAS_PREFSRC) !== 0) copy4(buf, p + L.PREFSRC, src, a);
      if ((present & L.HAS_OIF) !== 0) index[n] = dv.getUint32(p + L.OIF, true);
      table[n] = dv.getUint32(p + L.TABLE, true);
      if ((present & L.HAS_PRIORITY) !== 0) metric[n] = dv.getUint32(p + L.PRIORITY, true);
      scope[n] = buf[p + L.SCOPE]!;
      protocol[n] = buf[p + L.PROTOCOL]!;
      type[n] = buf[p + L.TYPE]!;
      flags[n] = dv.getUint32(p + L.FLAGS, true);
      n++;
      p += L.SIZE;
    } else {
      const r = recordAt(buf, dv, p, op);
      p = r.next;
      if (putRecordRow(c, n, r.value)) n++; // else IPMR, MPLS…: not routes here, as in listRoutes
    }
  }
  if (n !== c.family.length) c.trim(n);
  c.length = n;
  return c;
}
