// Materializes the addon's compact records (native/nl/record.h) into plain objects, using the
// schemas the addon exports, so field ids and types are never restated by hand in TypeScript.
import type { FieldSchema } from '../typings/native.js';
import { DecodeError } from './errors.js';
import { native } from './native.js';

const enum T { U8, U16, U32, S32, U64, BOOL, STR, BYTES, REC }
const typeCodes: Record<FieldSchema[2], T> = {
  u8: T.U8, u16: T.U16, u32: T.U32, s32: T.S32, u64: T.U64, bool: T.BOOL, str: T.STR, bytes: T.BYTES, rec: T.REC,
};

interface Field { name: string; type: T; list: boolean; nested: Decoder | null }
interface Decoder { name: string; fields: (Field | undefined)[] }

const decoders = new Map<string, Decoder>();

function decoderFor(schema: string): Decoder {
  let d = decoders.get(schema);
  if (d) return d;
  const defs = native.schemas[schema];
  if (!defs) throw new Error(`internal: the addon exports no schema "${schema}"`);
  d = { name: schema, fields: [] };
  decoders.set(schema, d); // before recursing, for self-referencing schemas
  for (const [id, name, type, list, nested] of defs) {
    d.fields[id] = { name, type: typeCodes[type], list, nested: nested ? decoderFor(nested) : null };
  }
  return d;
}

type Obj = Record<string, unknown>;

/** A copy of buf[p, q) (not a view: a kept field must not pin the whole dump in memory). */
function bytes(buf: Buffer, p: number, q: number): Buffer {
  const n = q - p;
  const b = Buffer.allocUnsafe(n); // small sizes come from Node's shared pool
  if (n <= 16) for (let i = 0; i < n; i++) b[i] = buf[p + i]!;
  else buf.copy(b, 0, p, q);
  return b;
}

/**
 * UTF-8 text of buf[p, q). Records carry many short ASCII names (expression names, tables,
 * chains): building those in JavaScript is about twice as fast as a call into Buffer's decoder.
 */
function text(buf: Buffer, p: number, q: number): string {
  if (q - p > 32) return buf.toString('utf8', p, q);
  let s = '';
  for (let i = p; i < q; i++) {
    const c = buf[i]!;
    if (c > 0x7f) return buf.toString('utf8', p, q);
    s += String.fromCharCode(c);
  }
  return s;
}

function decodeFields(buf: Buffer, dv: DataView, start: number, end: number, d: Decoder, op: string): Obj {
  const o: Obj = {};
  let p = start;
  while (p < end) {
    if (p + 6 > end) throw new DecodeError(op, `${d.name}: truncated field header`);
    const id = dv.getUint16(p, true);
    const len = dv.getUint32(p + 2, true);
    p += 6;
    const q = p + len;
    if (q > end) throw new DecodeError(op, `${d.name}: field ${id} overruns its record`);
    const f = d.fields[id];
    if (f !== undefined) {
      let v: unknown;
      switch (f.type) {
        case T.U8: v = buf[p]; break;
        case T.U16: v = dv.getUint16(p, true); break;
        case T.U32: v = dv.getUint32(p, true); break;
        case T.S32: v = dv.getInt32(p, true); break;
        // Two halves instead of getBigUint64: no BigInt per field (same rounding above 2^53).
        case T.U64: v = dv.getUint32(p + 4, true) * 0x1_0000_0000 + dv.getUint32(p, true); break;
        case T.BOOL: v = buf[p] !== 0; break;
        case T.STR: v = text(buf, p, q); break;
        case T.BYTES: v = bytes(buf, p, q); break;
        case T.REC: v = decodeFields(buf, dv, p, q, f.nested!, op); break;
      }
      if (f.list) ((o[f.name] as unknown[] | undefined) ?? (o[f.name] = [] as unknown[]) as unknown[]).push(v);
      else o[f.name] = v;
    }
    p = q;
  }
  return o;
}

/** All records in `buf`, decoded with schema `schema`. */
export function decodeRecords(buf: Buffer, schema: string, op: string): Obj[] {
  const d = decoderFor(schema);
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: Obj[] = [];
  let p = 0;
  while (p < buf.length) {
    if (p + 4 > buf.length) throw new DecodeError(op, `${schema}: truncated record header`);
    const len = dv.getUint32(p, true);
    const end = p + 4 + len;
    if (end > buf.length) throw new DecodeError(op, `${schema}: record overruns buffer`);
    out.push(decodeFields(buf, dv, p + 4, end, d, op));
    p = end;
  }
  return out;
}

/** The one record starting at byte `p` of `buf`, and the offset just past it. */
export function decodeRecordAt(buf: Buffer, dv: DataView, p: number, schema: string, op: string): { value: Obj; end: number } {
  const d = decoderFor(schema);
  if (p + 4 > buf.length) throw new DecodeError(op, `${schema}: truncated record header`);
  const end = p + 4 + dv.getUint32(p, true);
  if (end > buf.length) throw new DecodeError(op, `${schema}: record overruns buffer`);
  return { value: decodeFields(buf, dv, p + 4, end, d, op), end };
}

// ---- the other way: requests as records (read by native/nl/record.h FieldReader) ----

interface EncField { id: number; type: T; list: boolean; nested: Encoder | null; name: string }
interface Encoder { name: string; byName: Map<string, EncField> }

const encoders = new Map<string, Encoder>();

function encoderFor(schema: string): Encoder {
  let e = encoders.get(schema);
  if (e) return e;
  const defs = native.schemas[schema];
  if (!defs) throw new Error(`internal: the addon exports no schema "${schema}"`);
  e = { name: schema, byName: new Map() };
  encoders.set(schema, e);
  for (const [id, name, type, list, nested] of defs) {
    e.byName.set(name, { id, name, type: typeCodes[type], list, nested: nested ? encoderFor(nested) : null });
  }
  return e;
}

/** Writes records into one growing Buffer. */
export class RecordBuilder {
  buf: Buffer;
  dv: DataView;
  p = 0;
  constructor(size: number) {
    this.buf = Buffer.allocUnsafe(size);
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
  }

  ensure(n: number): void {
    if (this.p + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.p + n));
    this.buf.copy(next, 0, 0, this.p);
    this.buf = next;
    this.dv = new DataView(next.buffer, next.byteOffset, next.byteLength);
  }

  /** Field header with a length patched by end(); returns the field's start. */
  begin(id: number): number {
    this.ensure(6);
    const at = this.p;
    this.dv.setUint16(at, id, true);
    this.p += 6;
    return at;
  }
  end(at: number): void {
    this.dv.setUint32(at + 2, this.p - at - 6, true);
  }

  fields(o: Record<string, unknown>, e: Encoder): void {
    for (const key in o) {
      const v = o[key];
      if (v === undefined || v === null) continue;
      const f = e.byName.get(key);
      if (f === undefined) continue; // not part of the request (e.g. listing-only extras)
      if (f.list) {
        if (!Array.isArray(v)) throw new TypeError(`${e.name}.${key} must be an array`);
        for (const x of v) this.value(f, x, e);
      } else this.value(f, v, e);
    }
  }

  value(f: EncField, v: unknown, e: Encoder): void {
    const at = this.begin(f.id);
    switch (f.type) {
      case T.U8: case T.BOOL:
        this.ensure(1);
        this.buf[this.p++] = f.type === T.BOOL ? (v ? 1 : 0) : num(v, e, f) & 0xff;
        break;
      case T.U16:
        this.ensure(2);
        this.dv.setUint16(this.p, num(v, e, f), true);
        this.p += 2;
        break;
      case T.U32: case T.S32:
        this.ensure(4);
        if (f.type === T.S32) this.dv.setInt32(this.p, num(v, e, f), true);
        else this.dv.setUint32(this.p, num(v, e, f), true);
        this.p += 4;
        break;
      case T.U64:
        this.ensure(8);
        this.dv.setBigUint64(this.p, typeof v === 'bigint' ? v : BigInt(num(v, e, f)), true);
        this.p += 8;
        break;
      case T.STR: {
        if (typeof v !== 'string') throw new TypeError(`${e.name}.${f.name} must be a string`);
        this.ensure(v.length * 3);
        this.p += writeText(this.buf, this.p, v);
        break;
      }
      case T.BYTES: {
        if (!(v instanceof Uint8Array)) throw new TypeError(`${e.name}.${f.name} must be a Buffer`);
        this.ensure(v.length);
        this.buf.set(v, this.p);
        this.p += v.length;
        break;
      }
      case T.REC:
        if (typeof v !== 'object') throw new TypeError(`${e.name}.${f.name} must be an object`);
        this.fields(v as Record<string, unknown>, f.nested!);
        break;
    }
    this.end(at);
  }
}

/** UTF-8 bytes of s at buf[p]; short ASCII strings (most names) without a call into Buffer. */
function writeText(buf: Buffer, p: number, s: string): number {
  const n = s.length;
  if (n <= 32) {
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) break;
      buf[p + i] = c;
    }
    if (i === n) return n;
  }
  return buf.write(s, p, 'utf8');
}

function num(v: unknown, e: Encoder, f: EncField): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError(`${e.name}.${f.name} must be an integer, got ${typeof v}`);
  return v;
}

/**
 * The inverse of decodeRecords: plain objects → one Buffer of records with schema `schema`
 * (keys the schema does not name are left out). The addon reads it with FieldReader.
 */
export function encodeRecords(objs: readonly object[], schema: string, initialBytes = 8 * 1024): Buffer {
  const e = encoderFor(schema);
  // A small first buffer (single tc requests: 512) comes from Node's shared pool instead of a
  // fresh 8 KiB allocation per call (measured: a fifth of an addQdisc's JavaScript time).
  const b = new RecordBuilder(initialBytes);
  for (const o of objs) append(b, o, e);
  return b.buf.subarray(0, b.p);
}

function append(b: RecordBuilder, o: object, e: Encoder): void {
  b.ensure(4);
  const at = b.p;
  b.p += 4;
  b.fields(o as Record<string, unknown>, e);
  b.dv.setUint32(at, b.p - at - 4, true);
}

/** Appends the record of one object to `b`, as encodeRecords writes each. */
export function appendRecord(b: RecordBuilder, o: object, schema: string): void {
  append(b, o, encoderFor(schema));
}
