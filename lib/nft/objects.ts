// Named stateful objects: counter, quota, limit, ct helper, ct timeout. compileObject builds the
// attributes inside NFTA_OBJ_DATA in libnftnl's order (so our NEWOBJ bytes equal nft's);
// objectFromRecord names a listed object only when compiling the typed form gives back exactly
// the kernel's attributes (rule zero, as for rules), otherwise it is an UnknownObject.
import { call } from '../errors.js';
import type { Handle } from '../core/handle.js';
import { native } from '../native.js';
import { decodeRecords } from '../records.js';
import * as v from '../util/validate.js';
import { checkFamily } from './compile.js';
import { FAMILIES, LIMIT_UNITS, PROTOCOLS, familyName } from './consts.js';
import { be16Of, be32Of, be64Of, rawBe32, rawBe64, rawU8, type RawAttr } from './raw.js';
import type { NftObject, NftObjectType, ObjectFilter, UnknownObject } from './objtypes.js';
import { OBJECT_TYPES, OK, objectTypeName } from './objconsts.js';

export { OBJECT_TYPES, OK, objectTypeName };
const TYPE_NAMES = Object.keys(OBJECT_TYPES).join(', ');
import type { NftFamily } from './types.js';

export function objectType(value: unknown, what: string): NftObjectType {
  if (typeof value !== 'string' || !(value in OBJECT_TYPES)) throw new RangeError(`${what} must be one of ${TYPE_NAMES}, got ${v.describe(value)}`);
  return value as NftObjectType;
}

// ct timeout states by protocol, in attribute order (CTA_TIMEOUT_TCP_SYN_SENT = 1 …), with nft's
// defaults (nft fills every state it is not given: src/ct.c timeout_protocol).
const TIMEOUT_STATES: Record<'tcp' | 'udp', [string, number][]> = {
  tcp: [['syn_sent', 120], ['syn_recv', 60], ['established', 432000], ['fin_wait', 120], ['close_wait', 60], ['last_ack', 30],
    ['time_wait', 120], ['close', 10], ['syn_sent2', 120], ['retrans', 300], ['unack', 300]],
  udp: [['unreplied', 30], ['replied', 120]],
};
const L3: Record<'ip' | 'ip6' | 'inet', number> = { ip: FAMILIES.ip, ip6: FAMILIES.ip6, inet: FAMILIES.inet };
const l3Name = (n: number | undefined) => (Object.keys(L3) as ('ip' | 'ip6' | 'inet')[]).find((k) => L3[k] === n);

const nla = (type: number, data: Buffer): Buffer => {
  const h = Buffer.alloc(4);
  h.writeUInt16LE(4 + data.length, 0);
  h.writeUInt16LE(type, 2);
  const pad = Buffer.alloc((4 - (data.length % 4)) % 4);
  return Buffer.concat([h, data, pad]);
};
const be32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32BE(n >>> 0); return b; };
const be16raw = (type: number, n: number): RawAttr => { const b = Buffer.alloc(2); b.writeUInt16BE(n); return { type, data: b }; };

function only(o: Record<string, unknown>, keys: string[], what: string): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) throw new RangeError(`${what}: unknown key "${k}"; use ${keys.join(', ')}`);
}
const BASE = ['family', 'table', 'name', 'type', 'comment', 'handle', 'use'];

/** A spec's NFT_OBJECT_* and the attributes of its NFTA_OBJ_DATA, in nft's order. */
export function compileObject(spec: unknown, what = 'object'): { type: NftObjectType; typeId: number; data: RawAttr[] } {
  const s = v.object(spec, what);
  const type = objectType(s.type, `${what}.type`);
  const data: RawAttr[] = [];
  switch (type) {
    case 'counter':
      only(s, [...BASE, 'packets', 'bytes'], what);
      data.push(rawBe64(OK.NFTA_COUNTER_BYTES!, s.bytes === undefined ? 0 : v.uint(s.bytes, `${what}.bytes`, 0, Number.MAX_SAFE_INTEGER)));
      data.push(rawBe64(OK.NFTA_COUNTER_PACKETS!, s.packets === undefined ? 0 : v.uint(s.packets, `${what}.packets`, 0, Number.MAX_SAFE_INTEGER)));
      break;
    case 'quota': {
      only(s, [...BASE, 'bytes', 'used', 'over', 'depleted'], what);
      if (s.bytes === undefined) throw new TypeError(`${what}: a quota needs bytes (e.g. { type: 'quota', bytes: 1e6 })`);
      data.push(rawBe64(OK.NFTA_QUOTA_BYTES!, v.uint(s.bytes, `${what}.bytes`, 1, Number.MAX_SAFE_INTEGER)));
      data.push(rawBe64(OK.NFTA_QUOTA_CONSUMED!, s.used === undefined ? 0 : v.uint(s.used, `${what}.used`, 0, Number.MAX_SAFE_INTEGER)));
      const over = s.over !== undefined && v.bool(s.over, `${what}.over`);
      if (s.depleted !== undefined) v.bool(s.depleted, `${what}.depleted`); // listed state: not sent
      data.push(rawBe32(OK.NFTA_QUOTA_FLAGS!, over ? OK.NFT_QUOTA_F_INV! : 0));
      break;
    }
    case 'limit': {
      only(s, [...BASE, 'rate', 'per', 'burst', 'unit', 'over'], what);
      const rate = v.uint(s.rate, `${what}.rate`, 1, Number.MAX_SAFE_INTEGER);
      if (typeof s.per !== 'string' || !(s.per in LIMIT_UNITS)) throw new RangeError(`${what}.per must be one of ${Object.keys(LIMIT_UNITS).join(', ')}, got ${v.describe(s.per)}`);
      if (s.unit !== undefined && s.unit !== 'packets' && s.unit !== 'bytes') throw new RangeError(`${what}.unit must be packets or bytes, got ${v.describe(s.unit)}`);
      const bytes = s.unit === 'bytes';
      const burst = s.burst === undefined ? (bytes ? 0 : 5) : v.uint(s.burst, `${what}.burst`);
      const over = s.over !== undefined && v.bool(s.over, `${what}.over`);
      // Unlike the limit statement, nft sends a limit object's burst even when it is 0.
      data.push(rawBe64(OK_LIMIT.RATE, rate), rawBe64(OK_LIMIT.UNIT, LIMIT_UNITS[s.per]!), rawBe32(OK_LIMIT.BURST, burst),
        rawBe32(OK_LIMIT.TYPE, bytes ? OK_LIMIT.PKT_BYTES : OK_LIMIT.PKTS), rawBe32(OK_LIMIT.FLAGS, over ? OK_LIMIT.INV : 0));
      break;
    }
    case 'ct helper': {
      only(s, [...BASE, 'helper', 'protocol', 'l3proto'], what);
      const helper = v.str(s.helper, `${what}.helper`, 15);
      if (!helper) throw new RangeError(`${what}.helper needs a helper name like "ftp"`);
      const proto = l4(s.protocol, `${what}.protocol`);
      // nft sends the helper name without its NUL (the kernel lists it with one), as objref names.
      data.push({ type: OK.NFTA_CT_HELPER_NAME!, data: Buffer.from(helper) });
      if (s.l3proto !== undefined) data.push(be16raw(OK.NFTA_CT_HELPER_L3PROTO!, l3(s.l3proto, `${what}.l3proto`)));
      data.push(rawU8(OK.NFTA_CT_HELPER_L4PROTO!, PROTOCOLS[proto]));
      break;
    }
    case 'ct timeout': {
      only(s, [...BASE, 'protocol', 'l3proto', 'policy'], what);
      const proto = l4(s.protocol, `${what}.protocol`);
      if (s.l3proto !== undefined) data.push(be16raw(OK.NFTA_CT_TIMEOUT_L3PROTO!, l3(s.l3proto, `${what}.l3proto`)));
      data.push(rawU8(OK.NFTA_CT_TIMEOUT_L4PROTO!, PROTOCOLS[proto]));
      const states = TIMEOUT_STATES[proto];
      const policy = s.policy === undefined ? {} : v.object(s.policy, `${what}.policy`);
      for (const k of Object.keys(policy)) {
        if (!states.some(([n]) => n === k)) throw new RangeError(`${what}.policy: unknown ${proto} state "${k}"; use ${states.map(([n]) => n).join(', ')}`);
      }
      const inner = states.map(([n, d], i) => nla(i + 1, be32(policy[n] === undefined ? d : v.uint(policy[n], `${what}.policy.${n}`, 1))));
      data.push({ type: OK.NFTA_CT_TIMEOUT_DATA!, nested: true, data: Buffer.concat(inner) });
      break;
    }
  }
  return { type, typeId: OBJECT_TYPES[type], data };
}

const OK_LIMIT = {
  RATE: native.nftConstants.NFTA_LIMIT_RATE!, UNIT: native.nftConstants.NFTA_LIMIT_UNIT!, BURST: native.nftConstants.NFTA_LIMIT_BURST!,
  TYPE: native.nftConstants.NFTA_LIMIT_TYPE!, FLAGS: native.nftConstants.NFTA_LIMIT_FLAGS!,
  PKTS: native.nftConstants.NFT_LIMIT_PKTS!, PKT_BYTES: native.nftConstants.NFT_LIMIT_PKT_BYTES!, INV: native.nftConstants.NFT_LIMIT_F_INV!,
};

function l4(value: unknown, what: string): 'tcp' | 'udp' {
  if (value !== 'tcp' && value !== 'udp') throw new RangeError(`${what} must be tcp or udp, got ${v.describe(value)}`);
  return value;
}
function l3(value: unknown, what: string): number {
  if (typeof value !== 'string' || !(value in L3)) throw new RangeError(`${what} must be ip, ip6 or inet, got ${v.describe(value)}`);
  return L3[value as 'ip'];
}

// ---- listing ----

type Rec = Record<string, any>;

/** Nested attributes of a raw attribute (ct timeout's policy), or null if malformed. */
function nested(b: Buffer): Map<number, Buffer> | null {
  const m = new Map<number, Buffer>();
  for (let p = 0; p < b.length;) {
    if (p + 4 > b.length) return null;
    const len = b.readUInt16LE(p), type = b.readUInt16LE(p + 2) & 0x3fff;
    if (len < 4 || p + len > b.length || m.has(type)) return null;
    m.set(type, b.subarray(p + 4, p + len));
    p += (len + 3) & ~3;
  }
  return m;
}

/** A helper name, with or without its trailing NUL (nft sends none, the kernel lists one). */
function helperName(a: RawAttr | undefined): string | undefined {
  if (!a || a.nested) return undefined;
  const d = a.data[a.data.length - 1] === 0 ? a.data.subarray(0, -1) : a.data;
  return d.length && !d.includes(0) ? d.toString('utf8') : undefined;
}

/** The typed fields a listed object's data describes (without checking exactness). */
function typedFields(type: NftObjectType, family: NftFamily, m: Map<number, RawAttr>): Record<string, unknown> | null {
  switch (type) {
    case 'counter': return { packets: be64Of(m.get(OK.NFTA_COUNTER_PACKETS!)), bytes: be64Of(m.get(OK.NFTA_COUNTER_BYTES!)) };
    case 'quota': {
      const flags = be32Of(m.get(OK.NFTA_QUOTA_FLAGS!));
      if (flags === undefined) return null;
      const o: Record<string, unknown> = { bytes: be64Of(m.get(OK.NFTA_QUOTA_BYTES!)), used: be64Of(m.get(OK.NFTA_QUOTA_CONSUMED!)) ?? 0 };
      if (flags & OK.NFT_QUOTA_F_INV!) o.over = true;
      if (flags & OK.NFT_QUOTA_F_DEPLETED!) o.depleted = true;
      return o;
    }
    case 'limit': {
      const per = Object.keys(LIMIT_UNITS).find((u) => LIMIT_UNITS[u] === be64Of(m.get(OK_LIMIT.UNIT)));
      const t = be32Of(m.get(OK_LIMIT.TYPE)), flags = be32Of(m.get(OK_LIMIT.FLAGS));
      const o: Record<string, unknown> = { rate: be64Of(m.get(OK_LIMIT.RATE)), per, burst: be32Of(m.get(OK_LIMIT.BURST)) ?? 0 };
      if (t === OK_LIMIT.PKT_BYTES) o.unit = 'bytes';
      if (flags) o.over = true;
      return o;
    }
    case 'ct helper': case 'ct timeout': {
      const helper = type === 'ct helper';
      const pa = m.get(helper ? OK.NFTA_CT_HELPER_L4PROTO! : OK.NFTA_CT_TIMEOUT_L4PROTO!);
      const p = pa && !pa.nested && pa.data.length === 1 ? pa.data[0] : undefined;
      const protocol = p === PROTOCOLS.tcp ? 'tcp' : p === PROTOCOLS.udp ? 'udp' : undefined;
      if (!protocol) return null;
      const o: Record<string, unknown> = helper ? { helper: helperName(m.get(OK.NFTA_CT_HELPER_NAME!)), protocol } : { protocol };
      // The kernel lists l3proto always; it is the table's family when none was given.
      const l3 = be16Of(m.get(helper ? OK.NFTA_CT_HELPER_L3PROTO! : OK.NFTA_CT_TIMEOUT_L3PROTO!));
      if (l3 !== undefined && l3 !== FAMILIES[family]) o.l3proto = l3Name(l3) ?? l3;
      if (!helper) {
        const d = m.get(OK.NFTA_CT_TIMEOUT_DATA!);
        const inner = d ? nested(d.data) : null;
        if (!inner) return null;
        const policy: Record<string, number> = {};
        TIMEOUT_STATES[protocol].forEach(([n, def], i) => {
          const x = inner.get(i + 1);
          const val = x?.length === 4 ? x.readUInt32BE(0) : undefined;
          if (val !== def) policy[n] = val as number;
        });
        if (Object.keys(policy).length) o.policy = policy;
      }
      return o;
    }
  }
}

/** Attributes the kernel reports that nft does not send (padding, the depleted flag, l3proto = table family). */
function canon(type: NftObjectType, family: NftFamily, data: RawAttr[]): string {
  const out: string[] = [];
  let hasL3 = false;
  for (const a of data) {
    let d = a.data;
    if (type === 'quota' && a.type === OK.NFTA_QUOTA_FLAGS && d.length === 4) d = be32(d.readUInt32BE(0) & ~OK.NFT_QUOTA_F_DEPLETED!);
    if (type === 'ct helper' && a.type === OK.NFTA_CT_HELPER_NAME && d[d.length - 1] === 0) d = d.subarray(0, -1);
    if ((type === 'ct helper' && a.type === OK.NFTA_CT_HELPER_L3PROTO) || (type === 'ct timeout' && a.type === OK.NFTA_CT_TIMEOUT_L3PROTO)) hasL3 = true;
    out.push(`${a.type}${a.nested ? 'n' : ''}:${d.toString('hex')}`);
  }
  if (!hasL3 && (type === 'ct helper' || type === 'ct timeout')) {
    const t = type === 'ct helper' ? OK.NFTA_CT_HELPER_L3PROTO! : OK.NFTA_CT_TIMEOUT_L3PROTO!;
    const b = Buffer.alloc(2); b.writeUInt16BE(FAMILIES[family]);
    out.push(`${t}:${b.toString('hex')}`);
  }
  return out.sort().join(' ');
}

export function objectFromRecord(r: Rec): NftObject | UnknownObject {
  const family = familyName(r.family);
  const data = ((r.data ?? []) as RawAttr[]).filter((a) => !(a.data.length === 0 && !a.nested));
  const base = { family, table: r.table as string, name: r.name as string, handle: (r.handle ?? 0) as number, use: (r.use ?? 0) as number };
  const unknown = (): UnknownObject => ({ ...base, unknown: true, typeId: r.type ?? 0, data, ...(r.comment !== undefined ? { comment: r.comment } : {}) });
  const type = objectTypeName(r.type);
  if (!type || r.raw?.length) return unknown();
  const m = new Map<number, RawAttr>();
  for (const a of data) { if (m.has(a.type)) return unknown(); m.set(a.type, a); }
  const fields = typedFields(type, family, m);
  if (!fields) return unknown();
  const obj = { ...base, type, ...fields, ...(r.comment !== undefined ? { comment: r.comment } : {}) } as NftObject;
  try {
    if (canon(type, family, compileObject(obj).data) !== canon(type, family, data)) return unknown();
  } catch {
    return unknown(); // a typed form our own compiler refuses is not a faithful description
  }
  return obj;
}

function filterArgs(filter: ObjectFilter, op: string): [number, string, string, number] {
  const f = v.object(filter, `${op} filter`) as ObjectFilter;
  const family = f.family === undefined ? 0 : FAMILIES[checkFamily(f.family, `${op} family`)];
  const table = f.table === undefined ? '' : v.str(f.table, `${op} table`, 255);
  const type = f.type === undefined ? 0 : OBJECT_TYPES[objectType(f.type, `${op} type`)];
  const name = f.name === undefined ? '' : v.str(f.name, `${op} name`, 255);
  if (name && (!table || !type || f.family === undefined)) throw new TypeError(`${op}: naming one object needs its family, table and type too`);
  return [family, table, name, type];
}

function objects(h: Handle, op: string, filter: ObjectFilter, reset: boolean): (NftObject | UnknownObject)[] {
  const [family, table, name, type] = filterArgs(filter, op);
  const sock = h.netfilterSocket(op);
  return decodeRecords(call(op, () => native.nftObjDump(sock, family, table, name, type, reset)), 'nftobj', op).map(objectFromRecord);
}

/** Equivalent to: nft -j list counters|quotas|limits|ct helpers [table FAMILY TABLE] */
export async function listObjects(h: Handle, filter: ObjectFilter = {}): Promise<(NftObject | UnknownObject)[]> {
  return objects(h, 'nft.listObjects', filter, false);
}

/**
 * Reads and zeroes counters and quotas atomically; resolves to the values before the reset.
 * Equivalent to: nft reset counters|quotas [table FAMILY TABLE] / nft reset counter FAMILY TABLE NAME
 */
export async function resetObjects(h: Handle, filter: ObjectFilter = {}): Promise<(NftObject | UnknownObject)[]> {
  return objects(h, 'nft.resetObjects', filter, true);
}
