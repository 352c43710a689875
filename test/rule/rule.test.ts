// Policy routing rules: read back through netlinkts and `ip -j rule`, the same rules added by
// `ip rule` in a second namespace, the list → add round trip, and a rule steering marked
// traffic into another table, proven by packets.
import { describe, expect, it } from 'vitest';
import { Netlink, type RoutingRuleSpec } from '../../lib/index.js';
import { inNs, ipCmd, ipJson, isRoot, makeNetns } from '../helpers/ns.js';

// uid ranges are checked against the caller's user namespace: under `unshare -r` only uid 0 is
// mapped, so the unprivileged run uses 0-0 (the kernel refuses unmapped ids: "Invalid uid range").
const UIDS: [number, number] = isRoot ? [100, 200] : [0, 0];

const SPECS: [RoutingRuleSpec, string[]][] = [
  [{ priority: 1000, src: '10.1.0.0/16', table: 100 }, ['pref', '1000', 'from', '10.1.0.0/16', 'table', '100']],
  [{ priority: 1100, fwmark: 0x10, fwmask: 0xff, table: 200 }, ['pref', '1100', 'fwmark', '0x10/0xff', 'table', '200']],
  [{ invert: true, priority: 1200, dst: '10.9.0.0/24', tos: 0x10, iif: 'v0', oif: 'v1', ipProto: 'tcp', sport: [1000, 2000], dport: 80, table: 'main' },
    ['not', 'pref', '1200', 'to', '10.9.0.0/24', 'tos', '0x10', 'iif', 'v0', 'oif', 'v1', 'ipproto', 'tcp', 'sport', '1000-2000', 'dport', '80', 'table', 'main']],
  [{ priority: 1300, uidRange: UIDS, suppressPrefixLength: 0, protocol: 'static', table: 7 },
    ['pref', '1300', 'uidrange', `${UIDS[0]}-${UIDS[1]}`, 'suppress_prefixlength', '0', 'protocol', 'static', 'table', '7']],
  [{ priority: 1400, action: 'blackhole' }, ['pref', '1400', 'blackhole']],
  [{ priority: 1500, goto: 1600 }, ['pref', '1500', 'goto', '1600']],
  [{ priority: 1600, l3mdev: true }, ['pref', '1600', 'l3mdev']],
  [{ priority: 1700, action: 'unreachable' }, ['pref', '1700', 'unreachable']],
  [{ priority: 1800, action: 'prohibit', iif: 'lo' }, ['pref', '1800', 'iif', 'lo', 'prohibit']],
  [{ family: 6, priority: 1900, src: '2001:db8::/32', table: 300 }, ['-6', 'pref', '1900', 'from', '2001:db8::/32', 'table', '300']],
  [{ family: 6, priority: 2000, ipProto: 'udp', dport: [53, 54], table: 301 }, ['-6', 'pref', '2000', 'ipproto', 'udp', 'dport', '53-54', 'table', '301']],
];

function ipRuleArgs(args: string[]): string[] {
  return args[0] === '-6' ? ['-6', 'rule', 'add', ...args.slice(1)] : ['rule', 'add', ...args];
}
const view = (ns: string) => [ipJson(ns, 'rule', 'show'), ipJson(ns, '-6', 'rule', 'show')];
const DEFAULTS = new Set([0, 32766, 32767]);

describe('routing rules', () => {
  it('added rules read back through listRoutingRules and ip -j rule', async () => {
    const ns = makeNetns('ru');
    using h = await Netlink.open({ netns: ns });
    for (const [spec] of SPECS) await h.addRoutingRule(spec);
    const listed = (await h.listRoutingRules()).filter((r) => !DEFAULTS.has(r.priority));
    expect(listed).toHaveLength(SPECS.length);
    for (const [spec] of SPECS) {
      const r = listed.find((x) => x.priority === spec.priority)!;
      const { table, ...rest } = spec;
      expect(r, `priority ${spec.priority}`).toMatchObject(rest);
      if (table !== undefined) expect(r.table).toBe(table === 'main' ? 254 : table);
    }
    // The CLI sees the same rules.
    const ip = ipJson(ns, 'rule', 'show') as Record<string, unknown>[];
    expect(ip.find((r) => r.priority === 1100)).toMatchObject({ fwmark: '0x10', fwmask: '0xff', table: '200' });
    expect(ip.find((r) => r.priority === 1200)).toMatchObject({ not: null, dst: '10.9.0.0', dstlen: 24, iif: 'v0', oif: 'v1', ipproto: 'tcp', sport_start: 1000, sport_end: 2000, dport: 80 });
    expect(ip.find((r) => r.priority === 1500)).toMatchObject({ goto: 1600 });
    expect(ipJson(ns, '-6', 'rule', 'show').find((r: { priority: number }) => r.priority === 1900)).toMatchObject({ src: '2001:db8::', srclen: 32, table: '300' });
    expect((await h.listRoutingRules({ family: 6 })).every((r) => r.family === 6)).toBe(true);
  });

  it('differential: the same rules added by `ip rule` render identically', async () => {
    const ours = makeNetns('ruA');
    const theirs = makeNetns('ruB');
    using h = await Netlink.open({ netns: ours });
    for (const [spec, args] of SPECS) {
      await h.addRoutingRule(spec);
      ipCmd(theirs, ...ipRuleArgs(args));
    }
    expect(view(ours)).toEqual(view(theirs));
  });

  it('round trip: every listed rule re-added into a fresh namespace gives the same rules', async () => {
    const a = makeNetns('ruA');
    const b = makeNetns('ruB');
    for (const [, args] of SPECS) ipCmd(a, ...ipRuleArgs(args));
    using ha = await Netlink.open({ netns: a });
    using hb = await Netlink.open({ netns: b });
    for (const r of await ha.listRoutingRules()) if (!DEFAULTS.has(r.priority)) await hb.addRoutingRule(r);
    expect(view(b)).toEqual(view(a));
  });

  it('deleteRoutingRule removes one rule; a missing one is ENOENT', async () => {
    const ns = makeNetns('ru');
    using h = await Netlink.open({ netns: ns });
    await h.addRoutingRule({ priority: 1000, src: '10.1.0.0/16', table: 100 });
    await h.addRoutingRule({ priority: 1001, src: '10.1.0.0/16', table: 100 });
    await expect(h.addRoutingRule({ priority: 1000, src: '10.1.0.0/16', table: 100 })).rejects.toMatchObject({ code: 'EEXIST' });
    await h.deleteRoutingRule({ priority: 1000 });
    expect((ipJson(ns, 'rule', 'show') as { priority: number }[]).map((r) => r.priority)).toEqual([0, 1001, 32766, 32767]);
    await expect(h.deleteRoutingRule({ priority: 1000 })).rejects.toMatchObject({ code: 'ENOENT', op: 'deleteRoutingRule' });
  });
});

describe('a rule steering marked traffic into another table, proven by packets', () => {
  // R reaches 10.99.0.1 through B in the main table and through C in table 100. Only C has
  // 10.99.0.1, so a ping is answered only when it goes via C: when it is marked (ping -m).
  it('fwmark 1 → table 100: marked pings are answered, unmarked are not', async () => {
    const r = makeNetns('pkR');
    const b = makeNetns('pkB');
    const c = makeNetns('pkC');
    for (const [peer, i] of [[b, 1], [c, 2]] as const) {
      ipCmd(r, 'link', 'add', `r${i}`, 'type', 'veth', 'peer', 'name', 'e0', 'netns', peer);
      ipCmd(r, 'addr', 'add', `10.${i}.0.1/24`, 'dev', `r${i}`);
      ipCmd(r, 'link', 'set', `r${i}`, 'up');
      ipCmd(peer, 'addr', 'add', `10.${i}.0.2/24`, 'dev', 'e0');
      ipCmd(peer, 'link', 'set', 'e0', 'up');
      ipCmd(peer, 'route', 'add', 'default', 'via', `10.${i}.0.1`);
    }
    ipCmd(c, 'addr', 'add', '10.99.0.1/32', 'dev', 'lo');
    ipCmd(c, 'link', 'set', 'lo', 'up');
    // Replies from C come in on r2 while the main table points 10.99.0.1 at r1.
    for (const k of ['all', 'default', 'r2']) inNs(r, 'sysctl', ['-qw', `net.ipv4.conf.${k}.rp_filter=0`]);
    ipCmd(r, 'route', 'add', '10.99.0.1/32', 'via', '10.1.0.2');
    ipCmd(r, 'route', 'add', '10.99.0.1/32', 'via', '10.2.0.2', 'table', '100');
    const ping = (mark: number | null, count: number, wait: number) => {
      try {
        inNs(r, 'ping', ['-c', String(count), '-W', String(wait), '-i', '0.2', ...(mark === null ? [] : ['-m', String(mark)]), '10.99.0.1']);
        return true;
      } catch {
        return false;
      }
    };
    using h = await Netlink.open({ netns: r });
    expect(ping(1, 2, 1)).toBe(false); // no rule yet: marked traffic goes to B, which drops it
    await h.addRoutingRule({ priority: 100, fwmark: 1, table: 100 });
    expect(ping(1, 5, 5)).toBe(true);
    expect(ping(null, 2, 1)).toBe(false);
    expect(ipCmd(r, 'route', 'get', '10.99.0.1', 'mark', '1')).toMatch(/via 10\.2\.0\.2 dev r2 table 100/);
    await h.deleteRoutingRule({ priority: 100 });
    expect(ping(1, 2, 1)).toBe(false);
  });
});
