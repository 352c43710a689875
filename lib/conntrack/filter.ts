// Validation of list/count/delete filters (TypeError/RangeError before the addon is called) and
// their encoding as one "ctfilter" record for native/conntrack, which matches flows natively.
import { encodeRecords } from '../records.js';
import * as v from '../util/validate.js';
import { FAMILIES, PROTOCOLS, STATUS_BITS, TCP_STATES, K } from './consts.js';
import type { ConntrackFilter, CtProtocol, TupleFilter } from './types.js';

const FILTER_KEYS = new Set(['family', 'protocol', 'orig', 'reply', 'mark', 'mask', 'zone', 'status', 'state']);
const TUPLE_KEYS = new Set(['src', 'dst', 'sport', 'dport']);

function unknownKeys(o: Record<string, unknown>, allowed: Set<string>, what: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.has(k)) throw new RangeError(`${what}: unknown field "${k}" (expected ${[...allowed].join(', ')})`);
  }
}

export function protocolNumber(p: unknown, what: string): number {
  if (typeof p === 'number') return v.uint(p, what, 0, 255);
  if (typeof p !== 'string') throw new TypeError(`${what} must be a protocol name or number, got ${v.describe(p)}`);
  const n = PROTOCOLS[p];
  if (n === undefined) throw new RangeError(`${what} "${p}" is not one of ${Object.keys(PROTOCOLS).join(', ')} (or give the number)`);
  return n;
}

/** Validates `filter` and returns the record the addon reads (empty object: match all). */
export function filterRecord(filter: unknown, op: string): Record<string, unknown> {
  const f = v.object(filter, `${op} filter`) as ConntrackFilter & Record<string, unknown>;
  unknownKeys(f, FILTER_KEYS, `${op} filter`);
  const r: Record<string, unknown> = {};
  let family: 4 | 6 | undefined;
  if (f.family !== undefined) {
    if (f.family !== 'ipv4' && f.family !== 'ipv6') throw new RangeError(`${op} filter family must be 'ipv4' or 'ipv6', got ${v.describe(f.family)}`);
    r.family = FAMILIES[f.family];
    family = f.family === 'ipv4' ? 4 : 6;
  }
  if (f.protocol !== undefined) r.proto = protocolNumber(f.protocol as CtProtocol, `${op} filter protocol`);
  const hasPorts = (t: TupleFilter | undefined) => t !== undefined && (t.sport !== undefined || t.dport !== undefined);
  for (const dir of ['orig', 'reply'] as const) {
    if (f[dir] === undefined) continue;
    const t = v.object(f[dir], `${op} filter ${dir}`) as TupleFilter & Record<string, unknown>;
    unknownKeys(t, TUPLE_KEYS, `${op} filter ${dir}`);
    for (const end of ['src', 'dst'] as const) {
      if (t[end] === undefined) continue;
      const c = v.cidr(t[end], `${op} filter ${dir}.${end}`);
      if (family !== undefined && c.family !== family) throw new RangeError(`${op} filter ${dir}.${end} ${c.text} is IPv${c.family} but family is ${f.family}`);
      family = c.family;
      const key = `${dir}${end === 'src' ? 'Src' : 'Dst'}`;
      r[key] = c.bytes;
      r[`${key}Plen`] = c.prefix;
    }
    if (t.sport !== undefined) r[`${dir}Sport`] = v.uint(t.sport, `${op} filter ${dir}.sport`, 0, 0xffff);
    if (t.dport !== undefined) r[`${dir}Dport`] = v.uint(t.dport, `${op} filter ${dir}.dport`, 0, 0xffff);
  }
  if ((hasPorts(f.orig) || hasPorts(f.reply)) && f.protocol === undefined) {
    // conntrack refuses --sport/--dport without -p too: ports mean nothing across protocols.
    throw new TypeError(`${op} filter: ports need a protocol (protocol: 'tcp' | 'udp' | …)`);
  }
  if (f.mark !== undefined) r.mark = v.uint(f.mark, `${op} filter mark`);
  if (f.mask !== undefined) {
    if (f.mark === undefined) throw new TypeError(`${op} filter: mask needs a mark`);
    r.markMask = v.uint(f.mask, `${op} filter mask`);
  }
  if (f.zone !== undefined) r.zone = v.uint(f.zone, `${op} filter zone`, 0, 0xffff);
  if (f.status !== undefined) {
    if (!Array.isArray(f.status)) throw new TypeError(`${op} filter status must be an array of flag names, got ${v.describe(f.status)}`);
    let bits = 0;
    for (const s of f.status) {
      const b = STATUS_BITS.get(s);
      if (b === undefined) throw new RangeError(`${op} filter status: unknown flag ${v.describe(s)} (expected ${[...STATUS_BITS.keys()].join(', ')})`);
      bits |= 1 << b;
    }
    r.status = bits >>> 0;
  }
  if (f.state !== undefined) {
    const s = typeof f.state === 'string' ? TCP_STATES.get(f.state) : undefined;
    if (s === undefined) throw new RangeError(`${op} filter state must be a TCP state (${[...TCP_STATES.keys()].join(', ')}), got ${v.describe(f.state)}`);
    if (f.protocol !== undefined && r.proto !== K.IPPROTO_TCP) throw new RangeError(`${op} filter state applies to tcp flows only`);
    r.proto = K.IPPROTO_TCP;
    r.state = s;
  }
  return r;
}

/** The filter as the Buffer native ctList/ctCount/ctDelete take (empty: everything). */
export function encodeFilter(filter: unknown, op: string): Buffer {
  const r = filterRecord(filter, op);
  return Object.keys(r).length === 0 ? Buffer.alloc(0) : encodeRecords([r], 'ctfilter');
}
