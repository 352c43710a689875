// tc's units, parsed as iproute2 parses them (lib/utils_math.c get_rate64/get_size, get_time):
// a number is already in our unit (bytes/s, bytes, µs); a string carries tc's suffixes.
import * as v from '../util/validate.js';

// Rate suffixes in bits per second (tc matches them case-insensitively).
const RATE: [string, number][] = [
  ['bit', 1], ['kibit', 1024], ['kbit', 1000], ['mibit', 1024 ** 2], ['mbit', 1e6], ['gibit', 1024 ** 3],
  ['gbit', 1e9], ['tibit', 1024 ** 4], ['tbit', 1e12], ['bps', 8], ['kibps', 8 * 1024], ['kbps', 8000],
  ['mibps', 8 * 1024 ** 2], ['mbps', 8e6], ['gibps', 8 * 1024 ** 3], ['gbps', 8e9], ['tibps', 8 * 1024 ** 4], ['tbps', 8e12],
];
const SIZE: [string, number][] = [
  ['b', 1], ['k', 1024], ['kb', 1024], ['m', 1024 ** 2], ['mb', 1024 ** 2], ['g', 1024 ** 3], ['gb', 1024 ** 3],
  ['kbit', 1024 / 8], ['mbit', 1024 ** 2 / 8], ['gbit', 1024 ** 3 / 8],
];
const TIME: [string, number][] = [
  ['s', 1e6], ['sec', 1e6], ['secs', 1e6], ['ms', 1e3], ['msec', 1e3], ['msecs', 1e3], ['us', 1], ['usec', 1], ['usecs', 1],
];

const NUM = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)([a-z]*)\s*$/i;

function parse(value: unknown, what: string, table: [string, number][], bare: number, max: number, example: string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0 || value > max || !Number.isInteger(value)) {
      throw new RangeError(`${what} must be an integer in 0…${max}, got ${v.describe(value)}`);
    }
    return value;
  }
  if (typeof value !== 'string') throw new TypeError(`${what} must be a number or a string like '${example}', got ${v.describe(value)}`);
  const m = NUM.exec(value);
  const unit = m?.[2]?.toLowerCase() ?? '';
  const scale = unit === '' ? bare : table.find(([s]) => s === unit)?.[1];
  if (!m || scale === undefined) throw new RangeError(`${what}: cannot parse ${v.describe(value)} (e.g. '${example}')`);
  const n = Math.floor(Number(m[1]) * scale);
  if (!(n <= max)) throw new RangeError(`${what} ${v.describe(value)} is out of range`);
  return n;
}

/** Bytes per second: a number (bytes/s) or a tc rate ('1mbit', '100kbps'; a bare string is bit/s, as tc). */
export function rate(value: unknown, what = 'rate'): number {
  const bits = typeof value === 'string';
  const n = parse(value, what, RATE, 1, Number.MAX_SAFE_INTEGER, '1mbit');
  return bits ? Math.floor(n / 8) : n;
}

/** Bytes: a number or a tc size ('32kbit', '10kb', '1mb'). */
export function size(value: unknown, what = 'size'): number {
  return parse(value, what, SIZE, 1, 0xffffffff, '10kb');
}

/** Microseconds: a number or a tc time ('400ms', '1s', '50us'). */
export function time(value: unknown, what = 'time'): number {
  return parse(value, what, TIME, 1, 0xffffffff, '25ms');
}

/** A percentage (0…100) as the u32 fraction tc sends (round(p / 100 · (2^32 - 1))). */
export function percent(value: unknown, what: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 100)) throw new RangeError(`${what} must be a percentage 0…100, got ${v.describe(value)}`);
  return Math.round((value / 100) * 0xffffffff);
}

/** The inverse of percent(), rounded to 1e-6 %. */
export function fromPercent(u32: number): number {
  return Math.round((u32 / 0xffffffff) * 100 * 1e6) / 1e6;
}
