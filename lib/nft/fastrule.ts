// The most common typed rule (NAT and filter rules of container networking: `ip saddr CIDR`,
// `iifname`/`oifname`, optional counter, masquerade or a simple verdict) written straight into
// its "nftop" record: the bytes encodeRecords() would write for the op compileRule() builds, field
// for field and in the same order, without the expression objects and the generic encoder in
// between. Why: a fresh process compiles a 1,000-rule transaction before V8 has optimized
// anything, and the objects + generic encoding were most of its time (bench/README, issue #13
// round 3). Anything outside this shape, and any value that does not validate, goes the general
// way (compile.ts), which also reports the error; test/nft/fastrule.test.ts checks the bytes
// against that way across a corpus.
import * as v from '../util/validate.js';
import { RecordBuilder, appendRecord } from '../records.js';
import { ADDR, CMP, FAMILIES, META, NETWORK, REG_1, REG_VERDICT, VERDICT } from './consts.js';

type Bytes = Uint8Array;

/**
 * The bytes the generic encoder (records.ts) writes for `expr` as one element of an op's
 * "exprs" list: made by that encoder itself, once per distinct expression, so the fast path
 * copies exactly what the general way writes. The variable part of a cmp (its data) is written
 * after a header made the same way (cmpHead).
 */
function exprField(expr: object): Bytes {
  const b = new RecordBuilder(128);
  appendRecord(b, { exprs: [expr] }, 'nftop');
  return b.buf.subarray(4, b.p); // past the record's length
}
const payloads = new Map<number, Bytes>(); // offset * 256 + len
const bitwise: (Bytes | undefined)[] = []; // by prefix length
const cmpHeads: (Bytes | undefined)[] = []; // by data length: all but the data bytes
const ifnames = [new Map<string, Bytes>(), new Map<string, Bytes>()]; // iifname, oifname: meta + cmp
const heads = new Map<string, Map<string, Bytes[]>>(); // table → chain → [append, insert] record fields
let fixed: { counter: Bytes; masq: Bytes; verdict: Map<number, Bytes> } | undefined;
const CACHE_MAX = 1024; // names and tables seen; beyond, the caches start over

function payloadBytes(offset: number, len: number): Bytes {
  const k = offset * 256 + len;
  let x = payloads.get(k);
  if (!x) payloads.set(k, x = exprField({ name: 'payload', dreg: REG_1, base: NETWORK, offset, len }));
  return x;
}
function maskOf(prefix: number, len: number): Buffer {
  const mask = Buffer.alloc(len);
  for (let bit = 0; bit < prefix; bit++) mask[bit >> 3]! |= 0x80 >> (bit & 7);
  return mask;
}
function bitwiseBytes(prefix: number): Bytes {
  return bitwise[prefix] ??= exprField({ name: 'bitwise', sreg: REG_1, dreg: REG_1, len: 4, mask: maskOf(prefix, 4), xor: Buffer.alloc(4) });
}
function cmpHead(len: number): Bytes {
  let x = cmpHeads[len];
  if (!x) {
    const whole = exprField({ name: 'cmp', sreg: REG_1, op: CMP.eq, data: Buffer.alloc(len) });
    cmpHeads[len] = x = whole.subarray(0, whole.length - len);
  }
  return x;
}
function ifnameBytes(which: 0 | 1, name: string): Bytes {
  const m = ifnames[which]!;
  let x = m.get(name);
  if (!x) {
    if (m.size >= CACHE_MAX) m.clear();
    const data = Buffer.alloc(v.IFNAMSIZ);
    data.write(name);
    const meta = exprField({ name: 'meta', key: which === 0 ? META.iifname : META.oifname, dreg: REG_1 });
    const c = exprField({ name: 'cmp', sreg: REG_1, op: CMP.eq, data });
    m.set(name, x = Buffer.concat([meta, c]));
  }
  return x;
}
/** kind, mode, family, table, chain: the op's fields before its expressions, in transaction.ts's order. */
function headBytes(mode: 'append' | 'insert', table: string, chain: string): Bytes {
  let t = heads.get(table);
  if (!t) {
    if (heads.size >= CACHE_MAX) heads.clear();
    heads.set(table, t = new Map());
  }
  let c = t.get(chain);
  if (!c) {
    if (t.size >= CACHE_MAX) t.clear();
    const one = (m: string): Bytes => {
      const b = new RecordBuilder(128);
      appendRecord(b, { kind: 'newrule', mode: m, family: FAMILIES.ip, table, chain }, 'nftop');
      return b.buf.subarray(4, b.p);
    };
    t.set(chain, c = [one('append'), one('insert')]);
  }
  return c[mode === 'append' ? 0 : 1]!;
}
function fixedBytes(): NonNullable<typeof fixed> {
  return fixed ??= {
    counter: exprField({ name: 'counter' }),
    masq: exprField({ name: 'masq' }),
    verdict: new Map(Object.values(SIMPLE).map((n) => [n, exprField({ name: 'immediate', dreg: REG_VERDICT, verdict: n })])),
  };
}

const RULE_KEYS = new Set(['family', 'table', 'chain', 'match', 'action', 'counter']);
const SIMPLE: Record<string, number> = { accept: VERDICT.accept, drop: VERDICT.drop, return: VERDICT.return };

function put(b: RecordBuilder, x: Bytes): void {
  b.ensure(x.length);
  b.buf.set(x, b.p);
  b.p += x.length;
}
const ascii = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
};

type Key = 'saddr' | 'daddr' | 'iifname' | 'oifname';
interface Plan { keys: Key[]; addr: number; prefix: number; names: string[]; counter: boolean; action: number | 'masq' | null }

/**
 * `a.b.c.d[/len]` as validate.ts cidr() reads IPv4 (four decimal parts 0–255 without leading
 * zeros, 7–15 characters; len 1–3 digits ≤ 32, /32 when absent) into p.addr (a u32) and
 * p.prefix, without a Buffer per rule; false for anything else (the general way then decides,
 * IPv6 included, and reports errors). test/nft/fastrule.test.ts compares it with cidr().
 */
export function cidr4(x: string, p: { addr: number; prefix: number }): boolean {
  let end = x.indexOf('/');
  if (end < 0) end = x.length;
  if (end < 7 || end > 15) return false;
  let addr = 0, part = 0, val = 0, digits = 0;
  for (let i = 0; i <= end; i++) {
    const c = i < end ? x.charCodeAt(i) : 0x2e;
    if (c === 0x2e) {
      if (digits === 0 || part > 3) return false;
      addr = addr * 256 + val;
      part++;
      val = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && val === 0) return false;
      val = val * 10 + (c - 0x30);
      digits++;
      if (val > 255) return false;
    } else return false;
  }
  if (part !== 4) return false;
  let prefix = 32;
  if (end < x.length) {
    const n = x.length - end - 1;
    if (n < 1 || n > 3) return false;
    prefix = 0;
    for (let i = end + 1; i < x.length; i++) {
      const c = x.charCodeAt(i);
      if (c < 0x30 || c > 0x39) return false;
      prefix = prefix * 10 + (c - 0x30);
    }
    if (prefix > 32) return false;
  }
  p.addr = addr;
  p.prefix = prefix;
  return true;
}

/** The rule's plan when it has the fast shape and every value validates; null otherwise (general way). */
function planOf(s: Record<string, unknown>): Plan | null {
  for (const k in s) if (!RULE_KEYS.has(k)) return null; // counter/action undefined = absent, as in compile.ts
  const m = s.match;
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return null;
  const p: Plan = { keys: [], addr: 0, prefix: -1, names: [], counter: false, action: null };
  for (const key of Object.keys(m)) {
    const x = (m as Record<string, unknown>)[key];
    if (typeof x !== 'string' || x.length === 0 || x.charCodeAt(0) === 0x40 /* @set */) return null;
    if (key === 'saddr' || key === 'daddr') {
      if (p.prefix >= 0) return null; // two addresses: nft merges their loads (merge.ts), left to the general way
      if (!cidr4(x, p)) return null;
    } else if (key === 'iifname' || key === 'oifname') {
      // A name in the cache was checked when it went in.
      if (!ifnames[0]!.has(x) && !ifnames[1]!.has(x)) {
        if (x.endsWith('*') || !ascii(x)) return null;
        try { v.ifname(x, 'match'); } catch { return null; }
      }
      p.names.push(x);
    } else return null;
    p.keys.push(key);
  }
  if (s.counter !== undefined) {
    if (typeof s.counter !== 'boolean') return null;
    p.counter = s.counter;
  }
  const a = s.action;
  if (typeof a === 'string') {
    if (!(a in SIMPLE)) return null;
    p.action = SIMPLE[a]!;
  } else if (a !== undefined) {
    if (typeof a !== 'object' || a === null || Array.isArray(a)) return null;
    const ks = Object.keys(a);
    if (ks.length !== 1 || ks[0] !== 'masquerade') return null;
    const mq = (a as { masquerade: unknown }).masquerade;
    if (typeof mq !== 'object' || mq === null || Array.isArray(mq) || Object.keys(mq).length !== 0) return null;
    p.action = 'masq';
  }
  return p;
}

/**
 * Appends the "nftop" record of `ip` rule `s` (already checked: family 'ip', table and chain valid
 * names) to `b` when it has the fast shape; returns false, writing nothing, otherwise.
 */
export function writeFastRule(b: RecordBuilder, s: Record<string, unknown>, mode: 'append' | 'insert', table: string, chain: string): boolean {
  if (!ascii(table) || !ascii(chain)) return false;
  const p = planOf(s);
  if (!p) return false;
  b.ensure(4);
  const rec = b.p;
  b.p += 4;
  put(b, headBytes(mode, table, chain));
  let n = 0;
  for (const key of p.keys) {
    if (key === 'saddr' || key === 'daddr') {
      // emitter.ts address(): a byte-aligned prefix loads only its bytes; otherwise 4 bytes, a mask, then cmp.
      const aligned = p.prefix > 0 && p.prefix % 8 === 0;
      const len = aligned ? p.prefix / 8 : 4;
      put(b, payloadBytes(ADDR[4][key], len));
      if (!aligned) put(b, bitwiseBytes(p.prefix));
      put(b, cmpHead(len));
      b.ensure(len);
      for (let i = 0; i < len; i++) {
        const bits = p.prefix - i * 8; // host bits cleared (v.networkOf)
        const byte = (p.addr >>> (24 - 8 * i)) & 0xff;
        b.buf[b.p + i] = bits >= 8 ? byte : bits <= 0 ? 0 : byte & (0xff00 >> bits);
      }
      b.p += len;
    } else {
      // emitter.ts ifname(): meta load, then cmp with the name NUL-padded to IFNAMSIZ.
      put(b, ifnameBytes(key === 'iifname' ? 0 : 1, p.names[n++]!));
    }
  }
  const f = fixedBytes();
  if (p.counter) put(b, f.counter);
  if (p.action === 'masq') put(b, f.masq);
  else if (p.action !== null) put(b, f.verdict.get(p.action)!);
  b.dv.setUint32(rec, b.p - rec - 4, true);
  return true;
}
