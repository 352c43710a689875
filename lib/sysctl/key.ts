// sysctl keys and values as sysctl(8) takes them, turned into a path below /proc/sys and the
// bytes to write. Only net.* keys: those are the per-namespace ones this library manages.
import { describe } from '../util/validate.js';

const MAX_KEY_BYTES = 4096;
const MAX_VALUE_BYTES = 4096;

/**
 * 'net.ipv4.conf.all.forwarding' → 'net/ipv4/conf/all/forwarding'. Follows sysctl(8)'s rule:
 * the first separator decides the form. Dotted keys swap '.' and '/', so an interface name
 * holding a dot is written with '/' ('net.ipv4.conf.eth0/1.forwarding' → …/conf/eth0.1/…);
 * a key whose first separator is '/' is already a path and its dots are literal.
 * Anything that is not a plain path under net/ is a RangeError.
 */
export function sysctlPath(key: unknown): string {
  if (typeof key !== 'string') throw new TypeError(`sysctl key must be a string like "net.ipv4.ip_forward", got ${describe(key)}`);
  if (key.length === 0) throw new RangeError('sysctl key must not be empty');
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new RangeError(`sysctl key is longer than ${MAX_KEY_BYTES} bytes`);
  if (/[\0\s]/.test(key)) throw new RangeError(`sysctl key ${JSON.stringify(key)} must not contain whitespace or NUL`);
  if (key.startsWith('/')) {
    throw new RangeError(`sysctl key "${key}" must be relative to /proc/sys, like "net.ipv4.ip_forward" or "net/ipv4/ip_forward"`);
  }
  const first = key.search(/[./]/);
  const path = first >= 0 && key[first] === '.' ? key.replace(/[./]/g, (c) => (c === '.' ? '/' : '.')) : key;
  const parts = path.split('/');
  if (parts[0] !== 'net') {
    throw new RangeError(`sysctl key "${key}" is not under net.: only network sysctls (which belong to a namespace) are supported`);
  }
  if (parts.length < 2) throw new RangeError(`sysctl key "${key}" names a directory, not a setting`);
  for (const p of parts) {
    if (p === '' || p === '.' || p === '..') {
      throw new RangeError(`sysctl key "${key}" has an empty, "." or ".." component`);
    }
  }
  return path;
}

/** A value to write: a string without newline/NUL, or a safe integer. */
export function sysctlValue(value: unknown): string {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`sysctl value must be an integer, got ${value}`);
    return String(value);
  }
  if (typeof value !== 'string') throw new TypeError(`sysctl value must be a string or number, got ${describe(value)}`);
  if (/[\n\0]/.test(value)) throw new RangeError(`sysctl value ${JSON.stringify(value)} must not contain a newline or NUL`);
  if (Buffer.byteLength(value) > MAX_VALUE_BYTES) throw new RangeError(`sysctl value is longer than ${MAX_VALUE_BYTES} bytes`);
  return value;
}
