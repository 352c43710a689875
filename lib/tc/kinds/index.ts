// The typed qdisc and class kinds by name.
import { fifo } from './fifo.js';
import { htb, htbClass } from './htb.js';
import type { KindCodec } from './kind.js';
import { fq, fqCodel, netem, prio, sfq } from './others.js';
import { tbf } from './tbf.js';

export type { KindCodec } from './kind.js';

export const QDISC_KINDS: ReadonlyMap<string, KindCodec> = new Map([
  ['tbf', tbf], ['htb', htb], ['pfifo', fifo], ['bfifo', fifo],
  ['fq_codel', fqCodel], ['netem', netem], ['prio', prio], ['sfq', sfq], ['fq', fq],
]);
export const CLASS_KINDS: ReadonlyMap<string, KindCodec> = new Map([['htb', htbClass]]);
