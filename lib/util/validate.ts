// Argument checks done before anything reaches the kernel (TypeScript validates, native trusts).
// Each failure is a TypeError (wrong kind of value) or RangeError (right kind, bad value) whose
// message says what to fix.

export const IFNAMSIZ = 16;

export function ifname(value: unknown, what = 'interface name'): string {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string, got ${describe(value)}`);
  if (value.length === 0) throw new RangeError(`${what} must not be empty`);
  const bytes = Buffer.byteLength(value);
  if (bytes >= IFNAMSIZ) throw new RangeError(`${what} "${value}" is ${bytes} bytes; Linux allows at most ${IFNAMSIZ - 1}`);
  if (value === '.' || value === '..') throw new RangeError(`${what} must not be "." or ".."`);
  // The kernel's dev_valid_name(): no '/', ':' or whitespace; NUL would truncate silently.
  if (/[/:\s\0]/.test(value)) throw new RangeError(`${what} "${value}" must not contain '/', ':', whitespace or NUL`);
  return value;
}

/** A LinkRef: an interface name or a positive ifindex. */
export function linkRef(value: unknown, what = 'link'): string | number {
  if (typeof value === 'number') return ifindex(value, what);
  if (typeof value === 'string') return ifname(value, what);
  throw new TypeError(`${what} must be an interface name (string) or ifindex (number), got ${describe(value)}`);
}

export function ifindex(value: unknown, what = 'ifindex'): number {
  return uint(value, what, 1, 0x7fffffff);
}

export function uint(value: unknown, what: string, min = 0, max = 0xffffffff): number {
  if (typeof value !== 'number') throw new TypeError(`${what} must be a number, got ${describe(value)}`);
  if (!Number.isInteger(value)) throw new RangeError(`${what} must be an integer, got ${value}`);
  if (value < min || value > max) throw new RangeError(`${what} must be between ${min} and ${max}, got ${value}`);
  return value;
}

export function bool(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${what} must be true or false, got ${describe(value)}`);
  return value;
}

export function str(value: unknown, what: string, maxBytes = 255): string {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string, got ${describe(value)}`);
  if (Buffer.byteLength(value) > maxBytes) throw new RangeError(`${what} is longer than ${maxBytes} bytes`);
  if (value.includes('\0')) throw new RangeError(`${what} must not contain NUL`);
  return value;
}

export function mtu(value: unknown): number {
  return uint(value, 'mtu', 68, 65535);
}

/** 'aa:bb:cc:dd:ee:ff' (or '-' separators) → 6 bytes. */
export function mac(value: unknown, what = 'MAC address'): Buffer {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string like "02:00:00:00:00:01", got ${describe(value)}`);
  if (!/^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$/.test(value)) {
    throw new RangeError(`${what} "${value}" is not six hex bytes like "02:00:00:00:00:01"`);
  }
  const b = Buffer.from(value.split(/[:-]/).map((h) => parseInt(h, 16)));
  if (b[0]! & 1) throw new RangeError(`${what} "${value}" is a multicast address; unicast addresses have an even first byte`);
  return b;
}

export type Family = 4 | 6;
export interface IpAddr { family: Family; bytes: Buffer; text: string }
export interface Cidr extends IpAddr { prefix: number }

export function ip(value: unknown, what = 'IP address'): IpAddr {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string, got ${describe(value)}`);
  const v4 = ipv4Bytes(value);
  if (v4) return { family: 4, bytes: v4, text: value };
  const v6 = value.includes(':') ? ipv6Bytes(value) : null;
  if (v6) return { family: 6, bytes: v6, text: value };
  throw new RangeError(`${what} "${value}" is not an IPv4 or IPv6 address`);
}

/**
 * Dotted-quad IPv4 (what net.isIPv4 accepts: four decimal parts 0–255, no leading zeros), parsed
 * in one pass: bulk callers (nft rules, batched routes) validate thousands of addresses.
 */
function ipv4Bytes(s: string): Buffer | null {
  if (s.length < 7 || s.length > 15) return null;
  const out = Buffer.allocUnsafe(4);
  let part = 0, val = 0, digits = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 0x2e; // a '.' after the end closes the last part
    if (c === 0x2e) {
      if (digits === 0 || part > 3) return null;
      out[part++] = val;
      val = 0;
      digits = 0;
    } else if (c >= 0x30 && c <= 0x39) {
      if (digits > 0 && val === 0) return null; // leading zero
      val = val * 10 + (c - 0x30);
      digits++;
      if (val > 255) return null;
    } else return null;
  }
  return part === 4 ? out : null;
}

/** 'addr/len'; without '/len' a host prefix (/32, /128) when allowHost. */
export function cidr(value: unknown, what = 'CIDR', allowHost = true): Cidr {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a string like "172.18.0.1/24", got ${describe(value)}`);
  const slash = value.indexOf('/');
  const addrText = slash < 0 ? value : value.slice(0, slash);
  let a: IpAddr;
  try {
    a = ip(addrText, what);
  } catch {
    throw new RangeError(`${what} "${value}" is not an address/prefix like "172.18.0.1/24" or "2001:db8::1/64"`);
  }
  const max = a.family === 4 ? 32 : 128;
  if (slash < 0) {
    if (!allowHost) throw new RangeError(`${what} "${value}" needs a prefix length, like "${value}/24"`);
    return { family: a.family, bytes: a.bytes, text: a.text, prefix: max };
  }
  const lenText = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lenText)) throw new RangeError(`${what} "${value}": prefix length must be a number 0–${max}`);
  const prefix = Number(lenText);
  if (prefix > max) throw new RangeError(`${what} "${value}": prefix length ${prefix} is over ${max} for IPv${a.family}`);
  // Spelled out: an object spread here cost 0.4 µs per call, most of an nft rule's compile time.
  return { family: a.family, bytes: a.bytes, text: a.text, prefix };
}

/** Zeroes host bits: 172.18.0.5/24 → 172.18.0.0. */
export function networkOf(c: Cidr): Buffer {
  const b = Buffer.from(c.bytes);
  for (let bit = c.prefix; bit < b.length * 8; bit++) b[bit >> 3]! &= ~(0x80 >> (bit & 7));
  return b;
}

export function sameFamily(a: { family: Family; text: string }, b: { family: Family; text: string }, what: string): void {
  if (a.family !== b.family) throw new RangeError(`${what}: ${a.text} is IPv${a.family} but ${b.text} is IPv${b.family}; families cannot be mixed`);
}

/**
 * IPv6 text (RFC 4291 2.2: up to eight 1–4 digit hex groups, one '::' standing for one or more
 * zero groups, an optional dotted-quad tail as the last two groups; no zone) → 16 bytes, or null.
 * What net.isIPv6 accepts, without loading node:net into every process (the CNI plugin's start)
 * and without its regex, whose first use compiles for milliseconds.
 */
function ipv6Bytes(text: string): Buffer | null {
  if (text.length < 2 || text.length > 45) return null;
  const dbl = text.indexOf('::');
  if (dbl >= 0 && text.indexOf('::', dbl + 1) >= 0) return null;
  const parse = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const groups = part.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = ipv4Bytes(g);
        if (!v4) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  let groups: number[];
  if (dbl < 0) {
    const all = parse(text);
    if (!all || all.length !== 8) return null;
    groups = all;
  } else {
    const head = parse(text.slice(0, dbl)), tail = parse(text.slice(dbl + 2));
    // An embedded IPv4 tail only at the very end: "::1.2.3.4" yes, "1.2.3.4::" no.
    if (!head || !tail || head.length + tail.length > 7 || text.slice(0, dbl).includes('.')) return null;
    groups = [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  const b = Buffer.alloc(16);
  groups.forEach((g, i) => b.writeUInt16BE(g, i * 2));
  return b;
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

export function object(value: unknown, what: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${what} must be an object, got ${describe(value)}`);
  }
  return value as Record<string, unknown>;
}
