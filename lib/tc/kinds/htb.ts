// htb: the qdisc (Equivalent to: tc qdisc add … htb [default N] [r2q N] [direct_qlen N]) and
// its classes (Equivalent to: tc class add … htb rate R [ceil C] [burst B] [cburst B] [prio P] [quantum Q]).
import * as u from '../units.js';
import * as v from '../../util/validate.js';
import type { KindCodec } from './kind.js';

export const htb: KindCodec = {
  field: 'htb',
  encode(s) {
    const out: Record<string, unknown> = {};
    if (s.default !== undefined) out.default = v.uint(s.default, 'htb default', 0, 0xffff);
    if (s.r2q !== undefined) out.r2q = v.uint(s.r2q, 'htb r2q', 1);
    if (s.directQlen !== undefined) out.directQlen = v.uint(s.directQlen, 'htb directQlen');
    return out;
  },
  decode: (r) => {
    const o: Record<string, unknown> = { default: r.default, r2q: r.r2q };
    if (r.directQlen !== undefined) o.directQlen = r.directQlen;
    o.directPackets = r.directPackets;
    return o;
  },
};

export const htbClass: KindCodec = {
  field: 'htbClass',
  encode(s, op) {
    if (s.rate === undefined) throw new TypeError(`${op}: an htb class needs a rate`);
    const out: Record<string, unknown> = { rate: u.rate(s.rate, 'htb rate') };
    if (out.rate === 0) throw new RangeError('htb rate must be > 0');
    if (s.ceil !== undefined) out.ceil = u.rate(s.ceil, 'htb ceil');
    if (s.burst !== undefined) out.burst = u.size(s.burst, 'htb burst');
    if (s.cburst !== undefined) out.cburst = u.size(s.cburst, 'htb cburst');
    if (s.prio !== undefined) out.prio = v.uint(s.prio, 'htb prio', 0, 7);
    if (s.quantum !== undefined) out.quantum = v.uint(s.quantum, 'htb quantum');
    if (s.mtu !== undefined) out.mtu = v.uint(s.mtu, 'htb mtu', 1, 0xffff);
    return out;
  },
  decode: (r) => ({ ...r }),
};
