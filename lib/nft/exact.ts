// Rule zero: a listing is never wrong. The typed form of a rule is accepted only when compiling it
// gives back exactly the kernel's expressions. Equality is on the canonical form the kernel itself
// reports: counter values ignored, attribute order inside a raw expression ignored, and the two
// things the kernel adds on its own to NAT expressions (the MAP_IPS flag when address registers
// are given; max register = min register when only min was given) normalised away.
import { K, NAT_FLAGS } from './consts.js';
import type { Expr } from './types.js';

const NAT = new Set(['nat', 'masq', 'redir']);

type Raw = { type: number; nested?: boolean; data: Buffer };
/** Raw attributes the kernel lists with a value nft does not send: limit burst 0. */
function rawDefault(name: string, a: Raw): boolean {
  return name === 'limit' && a.type === K.NFTA_LIMIT_BURST && a.data.length === 4 && a.data.readUInt32BE(0) === 0;
}
/** objref names: nft sends them without the NUL the kernel lists them with. */
function rawCanon(name: string, a: Raw): string {
  const d = name === 'objref' && a.type === K.NFTA_OBJREF_IMM_NAME && a.data[a.data.length - 1] === 0 ? a.data.subarray(0, -1) : a.data;
  return `${a.type}${a.nested ? 'n' : ''}:${d.toString('hex')}`;
}

function canonical(e: Expr): string {
  const o: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(e)) {
    if (val === undefined) continue;
    if (k === 'raw') continue;
    o[k] = Buffer.isBuffer(val) ? `hex:${val.toString('hex')}` : val;
  }
  if (e.name === 'counter') { delete o.packets; delete o.bytes; }
  // A lookup by set id is resolved by the kernel to the set's name; the id is transaction-local.
  if (e.name === 'lookup' || e.name === 'dynset' || e.name === 'objref') delete o.setId;
  // NFTA_BITWISE_OP = BOOL (0) is the default the kernel reports whether or not it was sent.
  if (e.name === 'bitwise' && !e.op) delete o.op;
  // The kernel reports NFTA_LOOKUP_FLAGS = 0 whether or not it was sent.
  if (e.name === 'lookup' && !e.flags) delete o.flags;
  if (NAT.has(e.name)) {
    const flags = (e.flags ?? 0) & ~(e.regAddrMin !== undefined ? NAT_FLAGS.mapIps : 0);
    if (flags === 0) delete o.flags; else o.flags = flags;
    if (e.regAddrMax !== undefined && e.regAddrMax === e.regAddrMin) delete o.regAddrMax;
    if (e.regProtoMax !== undefined && e.regProtoMax === e.regProtoMin) delete o.regProtoMax;
  }
  const raw = (e.raw ?? []).filter((a) => !rawDefault(e.name, a)).map((a) => rawCanon(e.name, a)).sort();
  const keys = Object.keys(o).sort();
  return JSON.stringify([keys.map((k) => [k, o[k]]), raw]);
}

/** True when the two expression lists mean exactly the same to the kernel. */
export function sameExprs(a: Expr[], b: Expr[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (canonical(a[i]!) !== canonical(b[i]!)) return false;
  return true;
}
