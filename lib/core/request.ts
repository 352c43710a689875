// Option-rich requests cross into the addon as one compact record (native/nl/request.h), never
// as long positional argument lists: lib/<family>/ validates and fills a plain object whose keys
// are the request schema's field names; this encodes and sends it.
import { call } from '../errors.js';
import { native } from '../native.js';
import { decodeRecords, encodeRecords } from '../records.js';
import type { Handle } from './handle.js';

/** Encodes `fields` as one record of request schema `schema`. */
export function encodeRequest(schema: string, fields: object): Buffer {
  return encodeRecords([fields], schema);
}

/** Sends request `name` (an ACK-only request). */
export function send(h: Handle, op: string, name: string, schema: string, fields: object): void {
  const buf = encodeRequest(schema, fields);
  const sock = h.routeSocket(op);
  call(op, () => native.rtRequest(sock, name, buf));
}

/** Sends request `name` and returns its reply records (dumps and gets), decoded with `replySchema`. */
export function query(h: Handle, op: string, name: string, schema: string, fields: object, replySchema: string): Record<string, unknown>[] {
  const buf = encodeRequest(schema, fields);
  const sock = h.routeSocket(op);
  const out = call(op, () => native.rtRequest(sock, name, buf));
  return out ? decodeRecords(out, replySchema, op) : [];
}

/** The bytes request `name` would send (codec tests compare them with iproute2's). */
export function encodeMessage(name: string, schema: string, fields: object, seq = 0): Buffer {
  return native.rtEncode(name, encodeRequest(schema, fields), seq);
}
