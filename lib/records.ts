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
        case T.U64: v = Number(dv.getBigUint64(p, true)); break;
        case T.BOOL: v = buf[p] !== 0; break;
        case T.STR: v = buf.toString('utf8', p, q); break;
        case T.BYTES: v = Buffer.from(buf.subarray(p, q)); break;
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
