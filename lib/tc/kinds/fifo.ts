// pfifo / bfifo: Equivalent to: tc qdisc add … pfifo|bfifo [limit N]
import * as v from '../../util/validate.js';
import type { KindCodec } from './kind.js';

export const fifo: KindCodec = {
  field: 'fifo',
  // Without a limit tc sends no options (the kernel uses the link's txqueuelen).
  encode: (s) => (s.limit === undefined ? undefined : { limit: v.uint(s.limit, 'fifo limit') }),
  decode: (r) => ({ limit: r.limit }),
};
