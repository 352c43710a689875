// Kinds this kernel lacks (encoders checked byte for byte against tc): fq_codel, netem, prio,
// sfq, fq. Equivalent to: tc qdisc add … fq_codel|netem|prio|sfq|fq …
import * as u from '../units.js';
import * as v from '../../util/validate.js';
import type { KindCodec } from './kind.js';

function pick(s: Record<string, unknown>, conv: Record<string, (x: unknown, what: string) => unknown>, kind: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, f] of Object.entries(conv)) if (s[key] !== undefined) out[key] = f(s[key], `${kind} ${key}`);
  return out;
}
const uint = (x: unknown, what: string) => v.uint(x, what);

export const fqCodel: KindCodec = {
  field: 'fqCodel',
  encode: (s) => pick(s, { limit: uint, flows: uint, quantum: uint, target: u.time, interval: u.time, ecn: (x, w) => v.bool(x, w) }, 'fq_codel'),
  decode: (r) => ({ ...r }),
};

export const netem: KindCodec = {
  field: 'netem',
  encode: (s) => pick(s, { delay: u.time, jitter: u.time, limit: uint, loss: u.percent, gap: uint, duplicate: u.percent }, 'netem'),
  decode: (r) => ({ ...r, loss: u.fromPercent(r.loss as number), duplicate: u.fromPercent(r.duplicate as number) }),
};

export const prio: KindCodec = {
  field: 'prioQdisc',
  encode(s) {
    const out: Record<string, unknown> = {};
    if (s.bands !== undefined) out.bands = v.uint(s.bands, 'prio bands', 2, 16);
    if (s.priomap !== undefined) {
      if (!Array.isArray(s.priomap) || s.priomap.length !== 16) throw new RangeError('prio priomap must be 16 band numbers');
      out.priomap = Buffer.from(s.priomap.map((b, i) => v.uint(b, `prio priomap[${i}]`, 0, 15)));
    }
    return out;
  },
  decode: (r) => ({ bands: r.bands, priomap: [...(r.priomap as Buffer)] }),
};

export const sfq: KindCodec = {
  field: 'sfq',
  encode: (s) => pick(s, { quantum: uint, perturb: uint, limit: uint }, 'sfq'),
  decode: (r) => ({ ...r }),
};

export const fq: KindCodec = {
  field: 'fq',
  encode: (s) => pick(s, { limit: uint, flowLimit: uint, quantum: uint, initialQuantum: uint, maxrate: u.rate }, 'fq'),
  decode: (r) => ({ ...r }),
};
