// tbf: Equivalent to: tc qdisc add … tbf rate R burst B latency L|limit N [peakrate P mtu M]
import * as u from '../units.js';
import * as v from '../../util/validate.js';
import type { KindCodec } from './kind.js';

export const tbf: KindCodec = {
  field: 'tbf',
  encode(s, op) {
    if (s.rate === undefined || s.burst === undefined) throw new TypeError(`${op}: tbf needs rate and burst`);
    const out: Record<string, unknown> = { rate: u.rate(s.rate, 'tbf rate'), burst: u.size(s.burst, 'tbf burst') };
    if (out.rate === 0) throw new RangeError('tbf rate must be > 0');
    if (out.burst === 0) throw new RangeError('tbf burst must be > 0');
    if ((s.latency === undefined) === (s.limit === undefined)) throw new TypeError(`${op}: tbf needs latency or limit (one of them)`);
    if (s.latency !== undefined) out.latency = u.time(s.latency, 'tbf latency');
    if (s.limit !== undefined) out.limit = u.size(s.limit, 'tbf limit');
    if (s.peakrate !== undefined) {
      out.peakrate = u.rate(s.peakrate, 'tbf peakrate');
      if (s.mtu === undefined) throw new TypeError(`${op}: tbf peakrate needs mtu`);
    }
    if (s.mtu !== undefined) out.mtu = u.size(s.mtu, 'tbf mtu');
    if (s.mpu !== undefined) out.mpu = u.size(s.mpu, 'tbf mpu');
    if (s.overhead !== undefined) out.overhead = v.uint(s.overhead, 'tbf overhead', 0, 0xffff);
    return out;
  },
  decode: (r) => ({ ...r }),
};
