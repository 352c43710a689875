// Filter kinds: u32 (typed matches), matchall, flower (a subset), bpf (classic bytecode); any
// other kind travels as raw options. Converts a FilterSpec's kind part to its tcobj field.
import type { Handle } from '../../core/handle.js';
import { native } from '../../native.js';
import * as v from '../../util/validate.js';
import { decodeActions, encodeActions } from '../actions.js';
import * as handles from '../handles.js';
import { u32Keys } from './u32.js';

const IP_PROTO: Record<string, number> = { icmp: 1, tcp: 6, udp: 17 };
const ETH_P_ALL = native.constants.ETH_P_ALL!;

/** [tcobj field, nested record] for a filter spec, or null for a kind without a typed encoder. */
export function encodeFilterKind(h: Handle, s: Record<string, unknown>, op: string, ethType: number,
  resolve?: (r: string | number) => number): [string, Record<string, unknown>] | null {
  const common: Record<string, unknown> = {};
  if (s.classid !== undefined) common.classid = handles.parse(s.classid, 'classid');
  if (s.actions !== undefined) common.actions = encodeActions(h, s.actions, op, resolve);
  switch (s.kind) {
    case 'u32': {
      const rec: Record<string, unknown> = { ...common, keys: u32Keys(s.match, s.keys) };
      // tc marks the selector terminal when the filter decides (a classid or actions).
      rec.terminal = s.classid !== undefined || (Array.isArray(s.actions) && s.actions.length > 0);
      return ['u32', rec];
    }
    case 'matchall': {
      let flags = 0;
      if (s.skipHw !== undefined && v.bool(s.skipHw, 'skipHw')) flags |= 1;
      if (s.skipSw !== undefined && v.bool(s.skipSw, 'skipSw')) flags |= 2;
      return ['matchall', flags ? { ...common, flags } : common];
    }
    case 'flower': {
      const rec: Record<string, unknown> = { ...common };
      if (s.ipProto !== undefined) rec.ipProto = v.uint(typeof s.ipProto === 'string' ? IP_PROTO[s.ipProto] : s.ipProto, 'flower ipProto', 0, 255);
      if (s.srcPort !== undefined) rec.srcPort = v.uint(s.srcPort, 'flower srcPort', 0, 65535);
      if (s.dstPort !== undefined) rec.dstPort = v.uint(s.dstPort, 'flower dstPort', 0, 65535);
      // tc sends the filter's protocol again as the flower key (none for 'all').
      if (ethType !== ETH_P_ALL) rec.ethType = ethType;
      return ['flower', rec];
    }
    case 'bpf': {
      if (!Array.isArray(s.bytecode) || s.bytecode.length === 0 || s.bytecode.length > 4096) throw new RangeError('bpf bytecode must be 1…4096 instructions');
      const ops = Buffer.alloc(8 * s.bytecode.length);
      s.bytecode.forEach((ins: unknown, i: number) => {
        if (!Array.isArray(ins) || ins.length !== 4) throw new TypeError(`bpf instruction ${i} must be [code, jt, jf, k]`);
        ops.writeUInt16LE(v.uint(ins[0], 'bpf code', 0, 0xffff), 8 * i);
        ops[8 * i + 2] = v.uint(ins[1], 'bpf jt', 0, 255);
        ops[8 * i + 3] = v.uint(ins[2], 'bpf jf', 0, 255);
        ops.writeUInt32LE(v.uint(ins[3], 'bpf k'), 8 * i + 4);
      });
      return ['bpf', { ...common, ops }];
    }
    default:
      return null;
  }
}

/** A listed filter's typed part → public fields (the shape encodeFilterKind takes back). */
export function decodeFilterKind(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const sub = (r.u32 ?? r.matchall ?? r.flower ?? r.bpf) as Record<string, unknown> | undefined;
  if (!sub) return out;
  if (sub.classid !== undefined) out.classid = handles.format(sub.classid as number);
  if (sub.actions !== undefined) out.actions = decodeActions(sub.actions as Record<string, unknown>[]);
  if (r.u32) {
    if (sub.keys) out.keys = sub.keys;
    if (sub.divisor !== undefined) out.divisor = sub.divisor;
    if (sub.hash !== undefined) out.hash = sub.hash;
    if (sub.link !== undefined) out.link = sub.link;
  } else if (r.matchall) {
    const flags = (sub.flags as number | undefined) ?? 0;
    if (flags & 1) out.skipHw = true;
    if (flags & 2) out.skipSw = true;
  } else if (r.flower) {
    for (const key of ['ipProto', 'srcPort', 'dstPort'] as const) if (sub[key] !== undefined) out[key] = sub[key];
  } else if (r.bpf) {
    const ops = sub.ops as Buffer | undefined;
    if (ops) {
      out.bytecode = [];
      for (let i = 0; i + 8 <= ops.length; i += 8) {
        (out.bytecode as number[][]).push([ops.readUInt16LE(i), ops[i + 2]!, ops[i + 3]!, ops.readUInt32LE(i + 4)]);
      }
    }
  }
  return out;
}
