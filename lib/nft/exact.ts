// Rule zero: a listing is never wrong. The typed form of a rule is accepted only when compiling it
// gives back exactly the kernel's expressions. Equality is on the canonical form the kernel itself
// reports: counter values ignored, attribute order inside a raw expression ignored, and the two
// things the kernel adds on its own to NAT expressions (the MAP_IPS flag when address registers
// are given, PROTO_SPECIFIED when port registers are; max register = min register when only min
// was given) normalised away.
import { K, NAT_FLAGS } from './consts.js';
import { exprOfAttrs } from './raw.js';
import type { Expr } from './types.js';

const NAT = new Set(['nat', 'masq', 'redir']);

type Raw = { type: number; nested?: boolean; data: Buffer };
/** Raw attributes that say nothing the kernel keeps: limit burst 0, dynset timeout/flags 0, connlimit flags 0, exthdr flags 0 (listed though nft does not send them), dynset set id (transaction-local). */
function rawDefault(name: string, a: Raw): boolean {
  const zero = a.data.every((b) => b === 0);
  return (name === 'limit' && a.type === K.NFTA_LIMIT_BURST && zero) ||
    (name === 'dynset' && (a.type === K.NFTA_DYNSET_TIMEOUT || a.type === K.NFTA_DYNSET_FLAGS) && zero) ||
    // nft names the set by its transaction-local id too; the kernel resolves the name
    (name === 'dynset' && a.type === K.NFTA_DYNSET_SET_ID) ||
    (name === 'exthdr' && a.type === K.NFTA_EXTHDR_FLAGS && zero) ||
    (name === 'connlimit' && a.type === K.NFTA_CONNLIMIT_FLAGS && zero);
}
/** objref names: nft sends them without the NUL the kernel lists them with. */
function rawCanon(name: string, a: Raw): string {
  // dynset's per-element expression: compared as an expression (nft nests it with NLA_F_NESTED, the kernel lists it without).
  if (name === 'dynset' && a.type === K.NFTA_DYNSET_EXPR) {
    const inner = exprOfAttrs(a.data, K.NFTA_EXPR_NAME!, K.NFTA_EXPR_DATA!);
    if (inner) return `${a.type}:expr:${canonical(inner)}`;
  }
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
    // The kernel adds PROTO_SPECIFIED itself when a port register is given (nft sends it for
    // `dnat to 1.2.3.4:80` but not for `dnat to tcp dport map @m`).
    const flags = (e.flags ?? 0) & ~(e.regAddrMin !== undefined ? NAT_FLAGS.mapIps : 0) & ~(e.regProtoMin !== undefined ? NAT_FLAGS.protoSpecified : 0);
    if (flags === 0) delete o.flags; else o.flags = flags;
    if (e.regAddrMax !== undefined && e.regAddrMax === e.regAddrMin) delete o.regAddrMax;
    if (e.regProtoMax !== undefined && e.regProtoMax === e.regProtoMin) delete o.regProtoMax;
  }
  // reject with tcp reset: nft sends code 0, the kernel lists no code.
  const tcpReset = e.name === 'reject' && (e.raw ?? []).some((a) => a.type === K.NFTA_REJECT_TYPE && a.data.length === 4 && a.data.readUInt32BE(0) === K.NFT_REJECT_TCP_RST);
  const raw = (e.raw ?? []).filter((a) => !rawDefault(e.name, a) && !(tcpReset && a.type === K.NFTA_REJECT_ICMP_CODE)).map((a) => rawCanon(e.name, a)).sort();
  const keys = Object.keys(o).sort();
  return JSON.stringify([keys.map((k) => [k, o[k]]), raw]);
}

/** True when the two expression lists mean exactly the same to the kernel. */
/**
 * A listed expression made fit to send back: the kernel lists dynset's timeout as 0 even when none
 * was given, but refuses a timeout (even 0) on a set without the timeout flag; it lists exthdr's
 * flags as 0 on `tcp option … set` and refuses them there.
 */
export function sendable(e: Expr): Expr {
  if ((e.name !== 'dynset' && e.name !== 'exthdr') || !e.raw) return e;
  return { ...e, raw: e.raw.filter((a) => !rawDefault(e.name, a as Raw)) };
}

function sameRaw(a: readonly Raw[] | undefined, b: readonly Raw[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!, y = b[i]!;
    if (x.type !== y.type || !x.nested !== !y.nested || !x.data.equals(y.data)) return false;
  }
  return true;
}

/**
 * Field-for-field identity (buffers by content, raw attributes in order). Identical expressions
 * have the same canonical form, so this answers "same" without building it; anything else (a
 * counter's values, a kernel-added NAT flag, another attribute order) goes to canonical(). Listing
 * a ruleset checks every rule this way, and the strings canonical() builds were most of its cost.
 */
function identical(a: Expr, b: Expr): boolean {
  if (a.name !== b.name) return false;
  const ra = a as unknown as Record<string, unknown>, rb = b as unknown as Record<string, unknown>;
  let na = 0, nb = 0;
  for (const k in ra) {
    const va = ra[k];
    if (va === undefined) continue;
    na++;
    const vb = rb[k];
    if (k === 'raw') { if (!sameRaw(va as Raw[], vb as Raw[] | undefined)) return false; }
    else if (Buffer.isBuffer(va)) { if (!Buffer.isBuffer(vb) || !va.equals(vb)) return false; }
    else if (va !== vb) return false;
  }
  for (const k in rb) if (rb[k] !== undefined) nb++;
  return na === nb;
}

export function sameExprs(a: Expr[], b: Expr[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!identical(a[i]!, b[i]!) && canonical(a[i]!) !== canonical(b[i]!)) return false;
  return true;
}
