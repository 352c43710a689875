// listRoutesColumnar: the same routes as listRoutes, as typed-array columns. Read back two ways:
// every row's route(i) equals listRoutes' route i key for key, and the columns themselves equal
// what `ip -j route show` reports (dst, prefix length, gateway, device, metric, table). Also the
// reused listing buffer (lib/route/list.ts routeListEntries): a listing larger than it still
// comes back whole, through both APIs.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { Netlink, type RouteColumns } from '../../lib/index.js';
import { native } from '../../lib/native.js';
import { routeListEntries } from '../../lib/route/list.js';
import { ipJson, makeNetns } from '../helpers/ns.js';
import { addEveryRouteKind } from './kinds.js';

const RT_TABLE_MAIN = 254;

/** Row i's address column as text (IPv4 when the row is family 4). */
function addr(col: Uint8Array, c: RouteColumns, i: number): string {
  const w = c.addrLength;
  const b = col.subarray(i * w, i * w + w);
  if (c.family[i] === 4) return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
  const parts: string[] = [];
  for (let k = 0; k < 16; k += 2) parts.push(((b[k]! << 8) | b[k + 1]!).toString(16));
  return parts.join(':').replace(/\b(?:0:)+0\b/, ':').replace(/:{3,}/, '::');
}
/** Every column's bytes (exactly `length` rows), to compare two listings. */
function columnBytes(c: RouteColumns): Record<string, string> {
  const names = ['family', 'dstLen', 'dst', 'via', 'src', 'index', 'table', 'metric', 'scope', 'protocol', 'type', 'flags'] as const;
  return Object.fromEntries(names.map((k) => {
    const a = c[k];
    return [k, Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex')];
  }));
}
const rowsOf = (c: RouteColumns) => Array.from({ length: c.length }, (_, i) => JSON.stringify(c.route(i)));
const isZero = (col: Uint8Array, c: RouteColumns, i: number) => col.subarray(i * c.addrLength, (i + 1) * c.addrLength).every((x) => x === 0);

describe('listRoutesColumnar', () => {
  it('holds exactly what listRoutes returns, row for row, and what ip -j route show reports', async () => {
    const ns = makeNetns('rcol');
    using h = await Netlink.open({ netns: ns });
    await addEveryRouteKind(ns, h);

    // Plain IPv4 routes only (table main, family 4, no multipath/metrics): 4 bytes per address.
    // The multipath and mtu routes make records; list table 5000 and a v4-only subset first.
    const only5000 = await h.listRoutesColumnar({ table: 5000 });
    expect(only5000.length).toBe(1);
    expect(only5000.addrLength).toBe(4);
    expect([only5000.type[0], only5000.table[0], only5000.dstLen[0]]).toEqual([native.constants.RTN_UNREACHABLE, 5000, 24]);
    expect(only5000.route(0)).toEqual((await h.listRoutes({ table: 5000 }))[0]);

    for (const filter of [{}, { family: 4 as const }, { family: 6 as const }, { table: 'all' as const }, { dev: 'veth0' }]) {
      // IPv6 link-local routes come and go while DAD runs: retry until two listings agree.
      const deadline = Date.now() + 30000;
      for (;;) {
        const list = await h.listRoutes(filter);
        const cols = await h.listRoutesColumnar(filter);
        const again = await h.listRoutes(filter);
        if (JSON.stringify(list) === JSON.stringify(again)) {
          expect(cols.length).toBe(list.length);
          expect(cols.length).toBeGreaterThan(0);
          for (let i = 0; i < cols.length; i++) {
            const r = list[i]!;
            expect(JSON.stringify(cols.route(i)), `row ${i} of ${JSON.stringify(filter)}`).toBe(JSON.stringify(r));
            expect(cols.family[i]).toBe(r.family);
            expect(r.dst === 'default' ? 'default' : `${addr(cols.dst, cols, i)}/${cols.dstLen[i]}`).toBe(r.dst);
            expect(cols.index[i]).toBe(r.index ?? 0);
            expect(cols.table[i]).toBe(r.table);
            expect(cols.metric[i]).toBe(r.metric);
            if (r.via !== undefined && r.family === 4 && !r.via.includes(':')) expect(addr(cols.via, cols, i)).toBe(r.via);
            if (r.via === undefined) expect(isZero(cols.via, cols, i)).toBe(true);
            if (r.src !== undefined && r.family === 4) expect(addr(cols.src, cols, i)).toBe(r.src);
          }
          break;
        }
        if (Date.now() > deadline) throw new Error(`routes of ${JSON.stringify(filter)} kept changing for 30 s`);
        await new Promise((res) => setTimeout(res, 50));
      }
    }
    // Mixed families: 16 bytes per address, IPv6 rows in full.
    const all = await h.listRoutesColumnar({ table: 'all' });
    expect(all.addrLength).toBe(16);
    const i6 = [...Array(all.length).keys()].find((i) => all.family[i] === 6 && all.dstLen[i] === 64 && all.route(i).dst === '2001:db8:1::/64')!;
    expect(i6).toBeGreaterThanOrEqual(0);
    expect(addr(all.via, all, i6)).toBe('2001:db8::2');

    // The oracle: ip's own view of table main, IPv4.
    const cols = await h.listRoutesColumnar({ family: 4 });
    const fromCols = Array.from({ length: cols.length }, (_, i) => ({
      dst: cols.dstLen[i] === 0 ? 'default' : cols.dstLen[i] === 32 ? addr(cols.dst, cols, i) : `${addr(cols.dst, cols, i)}/${cols.dstLen[i]}`,
      gateway: isZero(cols.via, cols, i) ? undefined : addr(cols.via, cols, i),
      metric: cols.metric[i] || undefined,
      table: cols.table[i],
    })).sort((a, b) => a.dst.localeCompare(b.dst));
    const fromIp = ipJson(ns, '-4', 'route', 'show').map((r: any) => ({
      dst: r.dst, gateway: r.gateway, metric: r.metric, table: RT_TABLE_MAIN,
    })).sort((a: any, b: any) => a.dst.localeCompare(b.dst));
    expect(fromCols).toEqual(fromIp);

    // A table that does not exist: no rows.
    const none = await h.listRoutesColumnar({ table: 4321, family: 4 });
    expect(none.length).toBe(0);
    expect(() => none.route(0)).toThrow(RangeError);
    expect(() => cols.route(-1)).toThrow(/route index must be an integer in \[0, \d+\), got number -1/);
    expect(() => cols.route(0.5)).toThrow(RangeError);
  });

  it('lists more routes than the reused listing buffer holds, whole, through both APIs', async () => {
    const ns = makeNetns('rcolbig');
    using h = await Netlink.open({ netns: ns });
    await h.createVeth('veth0', 'veth1', { up: true });
    // 3,000 plain routes = 168 KB of entries: more than the 64 KiB the buffer starts with.
    const lines = Array.from({ length: 3000 }, (_, i) => `route add 10.${(i >> 8) & 255}.${i & 255}.0/24 dev veth0`);
    execFileSync('ip', ['-n', ns, '-batch', '-'], { input: `${lines.join('\n')}\n` });
    const expected = ipJson(ns, '-4', 'route', 'show').map((r: any) => r.dst).sort();
    expect(expected.length).toBe(3000);
    for (let k = 0; k < 2; k++) { // the second time into the grown buffer
      const list = await h.listRoutes({ family: 4 });
      expect(list.map((r) => r.dst).sort()).toEqual(expected);
      const cols = await h.listRoutesColumnar({ family: 4 });
      expect(cols.length).toBe(3000);
      expect(cols.addrLength).toBe(4);
      expect(Array.from({ length: cols.length }, (_, i) => cols.route(i).dst).sort()).toEqual(expected);
    }
    // The native half: entries into a Buffer that fits are counted, into one that does not come back new.
    const sock = h.routeSocket('test');
    const small = Buffer.alloc(16);
    const fresh = native.routeList(sock, native.constants.AF_INET!, RT_TABLE_MAIN, 0, small);
    expect(Buffer.isBuffer(fresh) && fresh.length).toBe(3000 * native.routeListLayout().size!);
    const big = Buffer.alloc((fresh as Buffer).length + 100);
    expect(native.routeList(sock, native.constants.AF_INET!, RT_TABLE_MAIN, 0, big)).toBe((fresh as Buffer).length);
    expect(big.subarray(0, (fresh as Buffer).length).equals(fresh as Buffer)).toBe(true);
    expect(routeListEntries(sock, native.constants.AF_INET!, RT_TABLE_MAIN, 0).equals(fresh as Buffer)).toBe(true);
    expect(() => native.routeList(sock, 0, 0, 0, 'x' as never)).toThrow(/out must be a Buffer/);
    // The C++ column fill: exactly n plain entries, or false (the TypeScript loop then decodes).
    const rows = new Uint8Array(3000 * 33);
    expect(native.routeListColumns(fresh as Buffer, rows, 3000)).toBe(true);
    const cols = await h.listRoutesColumnar({ family: 4 });
    expect(Buffer.from(rows).equals(Buffer.from(cols.index.buffer as ArrayBuffer))).toBe(true);
    expect(native.routeListColumns((fresh as Buffer).subarray(56), new Uint8Array(3000 * 33), 3000)).toBe(false);
    const recordFirst = Buffer.from(fresh as Buffer);
    recordFirst[0] = native.routeListLayout().kindRecord!;
    expect(native.routeListColumns(recordFirst, new Uint8Array(3000 * 33), 3000)).toBe(false);
    expect(() => native.routeListColumns(fresh as Buffer, new Uint8Array(10), 3000)).toThrow(/out must hold exactly n rows/);
    expect(() => native.routeListColumns('x' as never, rows, 3000)).toThrow(TypeError);
  });

  it('refills an earlier listing in place (reuse): the same rows as a fresh listing, as ip sees them', async () => {
    const ns = makeNetns('rcolreuse');
    using h = await Netlink.open({ netns: ns });
    await h.createVeth('veth0', 'veth1', { up: true });
    const batch = (verb: string, from: number, to: number) => execFileSync('ip', ['-n', ns, '-batch', '-'], {
      input: `${Array.from({ length: to - from }, (_, k) => `route ${verb} 10.7.${(from + k) >> 8}.${(from + k) & 255}/32 dev veth0 metric ${from + k}`).join('\n')}\n`,
    });
    const ipDsts = () => ipJson(ns, '-4', 'route', 'show').map((r: any) => `${r.dst}:${r.metric ?? 0}`).sort();
    const colDsts = (c: RouteColumns) => Array.from({ length: c.length }, (_, i) => `${addr(c.dst, c, i)}:${c.metric[i]}`).sort();
    // Checks a refilled listing against a fresh one, listRoutes and ip.
    const same = async (c: RouteColumns, filter: { family?: 4 }) => {
      const fresh = await h.listRoutesColumnar(filter);
      expect(fresh).not.toBe(c);
      expect(c.length).toBe(fresh.length);
      expect(c.addrLength).toBe(fresh.addrLength);
      expect(columnBytes(c)).toEqual(columnBytes(fresh));
      expect(rowsOf(c)).toEqual((await h.listRoutes(filter)).map((r) => JSON.stringify(r)));
    };

    batch('add', 0, 300);
    const first = await h.listRoutesColumnar({ family: 4 });
    expect(first.length).toBe(300);
    const index0 = first.index;
    // More routes than its memory holds: grown, still the same object.
    batch('add', 300, 700);
    const grown = await h.listRoutesColumnar({ family: 4 }, { reuse: first });
    expect(grown).toBe(first);
    expect(grown.length).toBe(700);
    expect(grown.index).not.toBe(index0); // column arrays read before are stale: read them again
    expect(colDsts(grown)).toEqual(ipDsts());
    await same(grown, { family: 4 });
    // Fewer: the rows left over from the larger listing are gone.
    batch('del', 100, 650);
    const fewer = await h.listRoutesColumnar({ family: 4 }, { reuse: grown });
    expect(fewer.length).toBe(150);
    expect(colDsts(fewer)).toEqual(ipDsts());
    await same(fewer, { family: 4 });

    // Both families (the veth pair's IPv6 link-local routes): 16 bytes per address, C++ fills the
    // IPv4 rows and names the IPv6 ones for TypeScript. They come and go while DAD runs: retry
    // until two listings agree.
    const deadline = Date.now() + 30000;
    for (;;) {
      const before = JSON.stringify(await h.listRoutes());
      const mixed = await h.listRoutesColumnar({}, { reuse: fewer });
      if (before === JSON.stringify(await h.listRoutes())) {
        expect(mixed).toBe(first);
        expect(mixed.addrLength).toBe(16);
        expect([...mixed.family].filter((f) => f === 6).length).toBeGreaterThan(0);
        expect(rowsOf(mixed)).toEqual(JSON.parse(before).map((r: unknown) => JSON.stringify(r)));
        const v6 = ipJson(ns, '-6', 'route', 'show').map((r: any) => r.dst).sort();
        expect(Array.from({ length: mixed.length }, (_, i) => i).filter((i) => mixed.family[i] === 6).map((i) => mixed.route(i).dst).sort()).toEqual(v6);
        break;
      }
      if (Date.now() > deadline) throw new Error('routes kept changing for 30 s');
      await new Promise((res) => setTimeout(res, 50));
    }
    // Back to IPv4 only (4 bytes per address again), then a table that does not exist: no rows.
    const again = await h.listRoutesColumnar({ family: 4 }, { reuse: first });
    expect(again.addrLength).toBe(4);
    await same(again, { family: 4 });
    const none = await h.listRoutesColumnar({ table: 4321, family: 4 }, { reuse: again });
    expect(none).toBe(first);
    expect(none.length).toBe(0);
    expect(none.dst.length).toBe(0);

    // The native half: a held listing fills the columns; a wrong shape is refused.
    const ref = await h.listRoutesColumnar({ family: 4 }); // fresh memory: its columns only
    const sock = h.routeSocket('test');
    const [rows, width] = native.routeListHeld(sock, native.constants.AF_INET!, RT_TABLE_MAIN, 0);
    expect([rows, width]).toEqual([150, 4]);
    // Every byte written: memory full of old bytes comes out as zeroed memory does.
    const out = new Uint8Array(rows * 33).fill(0xaa), zeroed = new Uint8Array(rows * 33);
    expect(native.routeListTakeColumns(out, rows, 4)).toBe(true);
    expect(native.routeListTakeColumns(zeroed, rows, 4)).toBe(true);
    expect(Buffer.from(out).equals(Buffer.from(zeroed))).toBe(true);
    expect(Buffer.from(out).equals(Buffer.from(ref.index.buffer as ArrayBuffer))).toBe(true);
    expect(() => native.routeListTakeColumns(out, rows + 1, 4)).toThrow(/out must hold exactly n rows/);
    expect(() => native.routeListTakeColumns(out, rows, 16 as never)).toThrow(RangeError);
    expect(() => native.routeListTakeColumns(new Uint32Array(out.buffer) as never, rows, 4)).toThrow(RangeError);
    expect(() => native.routeListTakeColumns(out, -1, 4)).toThrow(RangeError);
  });
});
