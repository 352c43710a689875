// nft named objects (counter, quota, limit, ct helper, ct timeout): created through the typed API,
// read back two ways (our listObjects / listRuleset and `nft -j list …`), the same objects written
// by `nft -f` in a second namespace listing identically, reset returning the values before the
// reset, deletion, rules referencing them typed both ways, and packets counted by a named
// counter and dropped by a quota `over`.
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { objectFromRecord } from '../../lib/nft/objects.js';
import type { NftObjectSpec } from '../../lib/nft/objtypes.js';
import { canAdmin, inNs, ipCmd, makeNetns } from '../helpers/ns.js';
import { nftApply, nftJson } from './util.js';

const T = { family: 'inet', table: 'o' } as const;
const SPECS: NftObjectSpec[] = [
  { ...T, name: 'c1', type: 'counter', comment: 'web hits' },
  { ...T, name: 'c2', type: 'counter', packets: 7, bytes: 700 },
  { ...T, name: 'q1', type: 'quota', bytes: 104857600, used: 10, over: true },
  { ...T, name: 'q2', type: 'quota', bytes: 5000 },
  { ...T, name: 'l1', type: 'limit', rate: 10, per: 'second', burst: 5 },
  { ...T, name: 'l2', type: 'limit', rate: 1048576, per: 'second', burst: 102400, unit: 'bytes', over: true },
  { ...T, name: 'l3', type: 'limit', rate: 409600, per: 'minute', unit: 'bytes' },
  { ...T, name: 'ftp-x', type: 'ct helper', helper: 'ftp', protocol: 'tcp' },
  { ...T, name: 'sip4', type: 'ct helper', helper: 'sip', protocol: 'udp', l3proto: 'ip' },
  { ...T, name: 't1', type: 'ct timeout', protocol: 'tcp', policy: { established: 100, close: 4 } },
  { ...T, name: 't2', type: 'ct timeout', protocol: 'udp', l3proto: 'ip6', policy: { replied: 50 } },
];
// As listed: every value the kernel reports (counter values, quota used, limit burst).
const LISTED = SPECS.map((s) => (s.type === 'counter' ? { packets: 0, bytes: 0, ...s } : s.type === 'quota' ? { used: 0, ...s } : s.type === 'limit' ? { burst: 0, ...s } : s));
// The same objects as nft text (the differential oracle).
const NFT_TEXT = `table inet o {
  counter c1 { comment "web hits" }
  counter c2 { packets 7 bytes 700 }
  quota q1 { over 100 mbytes used 10 bytes }
  quota q2 { 5000 bytes }
  limit l1 { rate 10/second burst 5 packets }
  limit l2 { rate over 1 mbytes/second burst 100 kbytes }
  limit l3 { rate 400 kbytes/minute }
  ct helper ftp-x { type "ftp" protocol tcp; }
  ct helper sip4 { type "sip" protocol udp; l3proto ip; }
  ct timeout t1 { protocol tcp; policy = { established: 100, close: 4 }; }
  ct timeout t2 { protocol udp; l3proto ip6; policy = { replied: 50 }; }
  chain c {
    type filter hook input priority filter; policy accept;
    counter name "c1"
    quota name "q1" drop
    limit name "l1" accept
    ct helper set "ftp-x"
    ct timeout set "t1"
  }
}`;
const RULES = [
  { statements: [{ counterRef: 'c1' }] },
  { statements: [{ quotaRef: 'q1' }], action: 'drop' },
  { statements: [{ limitRef: 'l1' }], action: 'accept' },
  { statements: [{ setCtHelper: 'ftp-x' }] },
  { statements: [{ setCtTimeout: 't1' }] },
] as const;

async function ours(ns: string) {
  using h = await Netlink.open({ netns: ns });
  const tx = h.nft.transaction();
  tx.addTable({ family: 'inet', name: 'o' });
  for (const s of SPECS) tx.addObject(s);
  tx.addChain({ ...T, name: 'c', type: 'filter', hook: 'input', priority: 'filter', policy: 'accept' });
  for (const r of RULES) tx.addRule({ ...T, chain: 'c', ...r });
  return tx.commit();
}

const strip = (o: object) => { const { handle: _h, use: _u, ...rest } = o as Record<string, unknown>; return rest; };

describe.skipIf(!canAdmin)('nft named objects', () => {
  it('created typed, listed typed with their values, identical to nft -f in nft -j list ruleset', async () => {
    const a = makeNetns('nfoa'), b = makeNetns('nfob');
    const res = await ours(a);
    nftApply(b, NFT_TEXT);
    // each object learned its handle
    expect(res.handles.slice(1, 1 + SPECS.length).every((x) => typeof x === 'number' && x > 0)).toBe(true);
    using h = await Netlink.open({ netns: a });
    const listed = await h.nft.listObjects();
    expect(listed.map(strip)).toEqual(LISTED);
    expect(listed.every((o) => o.handle > 0)).toBe(true);
    // the objects the rules use count their users
    expect(listed.find((o) => o.name === 'c1')!.use).toBe(1);
    // the ruleset listing has them per table, and nft -f's objects list back the same
    const rs = await h.nft.listRuleset();
    expect(rs.tables[0]!.objects.map(strip)).toEqual(LISTED);
    using hb = await Netlink.open({ netns: b });
    expect((await hb.nft.listObjects()).map(strip)).toEqual(LISTED);
    // rules typed both ways
    const rules = await h.nft.listRules({ family: 'inet', table: 'o' });
    expect(rules.map((r) => ({ statements: r.statements, action: r.action, unknown: r.unknown }))).toEqual(
      RULES.map((r) => ({ statements: r.statements, action: 'action' in r ? r.action : undefined, unknown: undefined })));
    // oracle: nft's own JSON of both namespaces
    expect(nftJson(a)).toEqual(nftJson(b));
  });

  it('filters by type/table/name; nft -j list counters|quotas|limits agrees', async () => {
    const ns = makeNetns('nfof');
    await ours(ns);
    using h = await Netlink.open({ netns: ns });
    expect((await h.nft.listObjects({ type: 'quota' })).map((o) => o.name)).toEqual(['q1', 'q2']);
    expect((await h.nft.listObjects({ family: 'inet', table: 'o', type: 'limit', name: 'l2' })).map(strip)).toEqual([LISTED[5]]);
    expect(await h.nft.listObjects({ family: 'ip' })).toEqual([]);
    for (const [kind, type] of [['counters', 'counter'], ['quotas', 'quota'], ['limits', 'limit']] as const) {
      const j = JSON.parse(inNs(ns, 'nft', ['-j', 'list', kind])).nftables.filter((x: object) => type in x).map((x: Record<string, { name: string; handle: number }>) => [x[type]!.name, x[type]!.handle]);
      const o = (await h.nft.listObjects({ type })).map((x) => [x.name, x.handle]);
      expect(o).toEqual(j);
    }
  });

  it('reset returns the values before the reset and zeroes them; delete by name and by handle', async () => {
    const ns = makeNetns('nfor');
    await ours(ns);
    using h = await Netlink.open({ netns: ns });
    const before = await h.nft.resetObjects({ family: 'inet', table: 'o', type: 'counter', name: 'c2' });
    expect(before.map(strip)).toEqual([SPECS[1]]);
    expect((await h.nft.listObjects({ family: 'inet', table: 'o', type: 'counter', name: 'c2' })).map(strip)).toEqual([{ ...SPECS[1], packets: 0, bytes: 0 }]);
    const quotas = await h.nft.resetObjects({ type: 'quota' });
    expect(quotas.map((q) => ('used' in q ? q.used : null))).toEqual([10, 0]);
    expect((await h.nft.listObjects({ type: 'quota' })).map((q) => ('used' in q ? q.used : null))).toEqual([0, 0]);
    // an object in use cannot go; a free one can, by name or handle
    await expect(h.nft.deleteObject({ ...T, type: 'counter', name: 'c1' })).rejects.toMatchObject({ code: 'EBUSY' });
    await h.nft.deleteObject({ ...T, type: 'counter', name: 'c2' });
    const l3 = (await h.nft.listObjects({ type: 'limit' })).find((o) => o.name === 'l3')!;
    await h.nft.deleteObject({ ...T, type: 'limit', handle: l3.handle });
    expect((await h.nft.listObjects()).map((o) => o.name)).toEqual(SPECS.map((s) => s.name).filter((n) => n !== 'c2' && n !== 'l3'));
    expect(inNs(ns, 'nft', ['list', 'counters'])).not.toMatch(/c2/);
  });

  it('an object the typed form cannot describe exactly is unknown, never approximated', () => {
    const rec = (data: { type: number; data: Buffer }[], type = 1) => ({ family: 1, table: 't', name: 'x', type, handle: 1, use: 0, data });
    const b64 = (n: number) => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b; };
    expect(objectFromRecord(rec([{ type: 1, data: b64(5) }, { type: 2, data: b64(1) }]))).toMatchObject({ type: 'counter', bytes: 5, packets: 1 });
    expect(objectFromRecord(rec([{ type: 1, data: b64(5) }, { type: 2, data: b64(1) }, { type: 9, data: b64(1) }]))).toMatchObject({ unknown: true, typeId: 1 });
    expect(objectFromRecord(rec([{ type: 1, data: b64(5) }], 99))).toMatchObject({ unknown: true, typeId: 99 });
    // a tcp ct timeout whose state list is short of what nft writes
    expect(objectFromRecord(rec([{ type: 2, data: Buffer.from([6]) }, { type: 3, data: Buffer.from([8, 0, 1, 0, 0, 0, 0, 9]) }], 7))).toMatchObject({ unknown: true });
  });

  it('objref maps (counter name ip saddr map …) are not typed yet: listed exactly as unknown, never approximated', async () => {
    const ns = makeNetns('nfom');
    nftApply(ns, `table ip m {
      counter c1 { }
      counter c2 { }
      map cm { type ipv4_addr : counter; elements = { 10.0.0.1 : "c1", 10.0.0.2 : "c2" }; }
      chain c {
        counter name ip saddr map @cm
      }
    }`);
    using h = await Netlink.open({ netns: ns });
    const [rule] = await h.nft.listRules({ family: 'ip', table: 'm' });
    expect(rule!.statements).toBeUndefined();
    expect(rule!.unknown!.map((e) => e.name)).toEqual(['payload', 'objref']);
    const sets = await h.nft.listSets({ family: 'ip', table: 'm' });
    expect(sets).toMatchObject([{ name: 'cm', unknown: true }]);
    expect((await h.nft.listObjects()).map((o) => o.name)).toEqual(['c1', 'c2']);
  });

  it('packets: a named counter counts pings, a quota `over` drops once used up', async () => {
    const a = makeNetns('nfpa'), b = makeNetns('nfpb');
    ipCmd(a, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1', 'netns', b);
    ipCmd(a, 'addr', 'add', '10.77.0.1/24', 'dev', 'v0');
    ipCmd(b, 'addr', 'add', '10.77.0.2/24', 'dev', 'v1');
    ipCmd(a, 'link', 'set', 'v0', 'up');
    ipCmd(b, 'link', 'set', 'v1', 'up');
    using h = await Netlink.open({ netns: b });
    const tx = h.nft.transaction();
    tx.addTable({ family: 'ip', name: 'p' });
    tx.addObject({ family: 'ip', table: 'p', name: 'pings', type: 'counter' });
    tx.addObject({ family: 'ip', table: 'p', name: 'budget', type: 'quota', bytes: 3 * 84, over: true });
    tx.addChain({ family: 'ip', table: 'p', name: 'in', type: 'filter', hook: 'input', priority: 0 });
    tx.addRule({ family: 'ip', table: 'p', chain: 'in', match: { protocol: 'icmp', icmpType: 'echo-request' }, statements: [{ counterRef: 'pings' }] });
    tx.addRule({ family: 'ip', table: 'p', chain: 'in', match: { protocol: 'icmp', icmpType: 'echo-request' }, statements: [{ quotaRef: 'budget' }], action: 'drop' });
    await tx.commit();
    const ping = () => { try { inNs(a, 'ping', ['-c', '1', '-W', '2', '10.77.0.2']); return true; } catch { return false; } };
    // 84-byte IPv4 echo requests: three fit the quota, the fourth is over it
    expect([ping(), ping(), ping(), ping(), ping()]).toEqual([true, true, true, false, false]);
    const [c] = await h.nft.listObjects({ family: 'ip', table: 'p', type: 'counter', name: 'pings' });
    expect(c).toMatchObject({ packets: 5, bytes: 5 * 84 });
    const [q] = await h.nft.listObjects({ family: 'ip', table: 'p', type: 'quota', name: 'budget' });
    expect(q).toMatchObject({ bytes: 252, used: 252, over: true, depleted: true });
    // a reset refills the quota: pings pass again
    await h.nft.resetObjects({ family: 'ip', table: 'p', type: 'quota', name: 'budget' });
    expect(ping()).toBe(true);
  });
});
