// conntrack list/count/delete/flush against the kernel, read back two ways: our API and
// `conntrack -L -o extended,id` in the same namespace; delete compared with `conntrack -D` doing
// the same in a second namespace (differential). Flows are made with IPCTNL_MSG_CT_NEW (what
// `conntrack -I` sends) so they exist without traffic; the packet tests make real ones.
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { createFlows, type FlowSpec } from '../../lib/conntrack/index.js';
import { canAdmin } from '../helpers/ns.js';
import { canonFlow, conntrackList, ct, ctNetns, haveConntrackCli } from './util.js';

const skip = !canAdmin ? 'not root' : !haveConntrackCli ? 'conntrack CLI not installed' : false;

const FLOWS: FlowSpec[] = [
  { protocol: 'udp', orig: { src: '10.1.0.1', dst: '10.1.0.2', sport: 1000, dport: 2000 }, timeout: 300 },
  { protocol: 'udp', orig: { src: '10.1.0.1', dst: '10.1.0.2', sport: 1001, dport: 2000 }, timeout: 300, mark: 7 },
  { protocol: 'udp', orig: { src: '10.1.0.1', dst: '10.1.0.3', sport: 1002, dport: 2001 }, timeout: 300 },
  // DNAT-ed: replies come from 10.1.0.9:3000, not from the address the client used. (The IPS_*_NAT
// status bits cannot be set through IPCTNL_MSG_CT_NEW: EBUSY; packets.test.ts has real NAT.)
  { protocol: 'udp', orig: { src: '10.1.0.1', dst: '10.1.0.100', sport: 1003, dport: 53 },
    reply: { src: '10.1.0.9', dst: '10.1.0.1', sport: 3000, dport: 1003 }, timeout: 300 },
  { protocol: 'tcp', orig: { src: '10.1.0.1', dst: '10.1.0.2', sport: 40000, dport: 80 }, state: 'ESTABLISHED', timeout: 300, mark: 0x105 },
  { protocol: 'tcp', orig: { src: '10.1.0.4', dst: '10.1.0.2', sport: 40001, dport: 443 }, state: 'SYN_SENT', timeout: 300 },
  { protocol: 'udp', orig: { src: 'fd00::1', dst: 'fd00::2', sport: 5000, dport: 2000 }, timeout: 300 },
];

async function populated(tag: string): Promise<{ ns: string; h: Netlink }> {
  const ns = ctNetns(tag);
  const h = await Netlink.open({ netns: ns });
  expect(await createFlows(h, FLOWS)).toBe(FLOWS.length);
  return { ns, h };
}

/** What stays equal between two namespaces given the same flows (ids and timeouts differ). */
const portable = (flows: ReturnType<typeof conntrackList>) => flows.map(({ id: _id, ...rest }) => rest)
  .sort((a, b) => (a.orig < b.orig ? -1 : a.orig > b.orig ? 1 : 0));

describe.skipIf(skip)('conntrack', () => {
  it('lists what conntrack -L -o extended lists', async () => {
    const { ns, h } = await populated('ctl');
    try {
      const ours = (await h.conntrack.list()).map(canonFlow).sort((a, b) => a.id - b.id);
      expect(ours).toHaveLength(FLOWS.length);
      expect(ours).toEqual(conntrackList(ns));
      const flows = await h.conntrack.list();
      const dnat = flows.find((f) => f.orig.dport === 53)!;
      expect(dnat.nat).toEqual({ dst: { address: '10.1.0.9', port: 3000 } });
      const tcp = flows.find((f) => f.orig.dport === 80)!;
      expect(tcp).toMatchObject({ family: 'ipv4', protocol: 'tcp', state: 'ESTABLISHED', mark: 0x105, zone: 0 });
      expect(tcp.timeout).toBeGreaterThan(200);
      expect(tcp.timeout).toBeLessThanOrEqual(300);
      expect(flows.find((f) => f.family === 'ipv6')!.orig).toMatchObject({ src: 'fd00::1', dst: 'fd00::2', sport: 5000, dport: 2000 });
    } finally {
      h.close();
    }
  });

  it('filters list and count like conntrack -L with options', async () => {
    const { ns, h } = await populated('ctf');
    try {
      const cases: [Parameters<typeof h.conntrack.list>[0], string[]][] = [
        [{ protocol: 'udp' }, ['-p', 'udp']],
        [{ protocol: 'udp', orig: { dport: 2000 } }, ['-p', 'udp', '--dport', '2000']],
        [{ family: 'ipv6' }, ['-f', 'ipv6']],
        [{ mark: 7 }, ['-m', '7']],
        [{ mark: 0x100, mask: 0xf00 }, ['-m', '0x100/0xf00']],
        [{ orig: { src: '10.1.0.4' } }, ['-s', '10.1.0.4']],
        [{ orig: { dst: '10.1.0.2' } }, ['-d', '10.1.0.2']],
        [{ reply: { src: '10.1.0.9' } }, ['-r', '10.1.0.9']],
        [{ state: 'SYN_SENT' }, ['-p', 'tcp', '--state', 'SYN_SENT']],
      ];
      for (const [filter, args] of cases) {
        const cli = conntrackList(ns, ...args);
        expect(cli.length, JSON.stringify(filter)).toBeGreaterThan(0);
        expect((await h.conntrack.list(filter)).map(canonFlow).sort((a, b) => a.id - b.id), JSON.stringify(filter)).toEqual(cli);
        expect(await h.conntrack.count(filter)).toBe(cli.length);
      }
      // Status flags: every listed one must be set.
      expect(await h.conntrack.count({ status: ['CONFIRMED'] })).toBe(FLOWS.length);
      expect(await h.conntrack.count({ status: ['CONFIRMED', 'ASSURED'] })).toBe(0);
      // Prefixes: our filter takes CIDRs (conntrack's -s takes addresses only).
      expect(await h.conntrack.count({ orig: { dst: '10.1.0.0/30' } })).toBe(5);
      expect(await h.conntrack.count()).toBe(FLOWS.length);
    } finally {
      h.close();
    }
  });

  it('deletes only the matching flows, like conntrack -D in a second namespace', async () => {
    const a = await populated('ctda');
    const b = await populated('ctdb');
    try {
      const before = conntrackList(a.ns);
      const n = await a.h.conntrack.delete({ protocol: 'udp', orig: { dport: 2000 } });
      expect(n).toBe(3);
      ct(b.ns, 'conntrack', '-D', '-p', 'udp', '--dport', '2000');
      const after = conntrackList(a.ns);
      // Exactly the matching ones went; the rest kept their ids.
      expect(after.map((f) => f.id)).toEqual(before.filter((f) => !(f.protocol === 'udp' && f.orig.endsWith(':2000'))).map((f) => f.id));
      expect(portable(after)).toEqual(portable(conntrackList(b.ns)));
      expect((await a.h.conntrack.list()).map(canonFlow).sort((x, y) => x.id - y.id)).toEqual(after);
      // Nothing left to match: 0, not an error.
      expect(await a.h.conntrack.delete({ protocol: 'udp', orig: { dport: 2000 } })).toBe(0);
      expect(await a.h.conntrack.delete({ mark: 0x105 })).toBe(1);
      expect(await a.h.conntrack.delete({})).toBe(FLOWS.length - 4);
      expect(conntrackList(a.ns)).toEqual([]);
    } finally {
      a.h.close();
      b.h.close();
    }
  });

  it('flushes one family or all', async () => {
    const { ns, h } = await populated('ctfl');
    try {
      await h.conntrack.flush({ family: 'ipv6' });
      expect(conntrackList(ns).map((f) => f.family)).toEqual(Array(FLOWS.length - 1).fill('ipv4'));
      await h.conntrack.flush();
      expect(await h.conntrack.count()).toBe(0);
      expect(conntrackList(ns)).toEqual([]);
    } finally {
      h.close();
    }
  });

  it('re-creates what it lists (round trip)', async () => {
    const { h } = await populated('ctrt');
    const ns2 = ctNetns('ctrt2');
    const h2 = await Netlink.open({ netns: ns2 });
    try {
      const listed = await h.conntrack.list();
      const specs: FlowSpec[] = listed.map((f) => ({
        protocol: f.protocol, orig: f.orig, reply: f.reply, timeout: f.timeout!, mark: f.mark,
        ...(typeof f.state === 'string' ? { state: f.state } : {}),
      }));
      expect(await createFlows(h2, specs)).toBe(listed.length);
      const strip = (fs: typeof listed) => fs.map((f) => ({ ...canonFlow(f), id: 0 })).sort((x, y) => (x.orig < y.orig ? -1 : 1));
      expect(strip(await h2.conntrack.list())).toEqual(strip(listed));
    } finally {
      h.close();
      h2.close();
    }
  });

  it('module-level conntrack is the default handle\'s, and a closed handle refuses', async () => {
    const { conntrack } = await import('../../lib/index.js');
    expect(typeof conntrack.list).toBe('function');
    const ns = ctNetns('ctcl');
    const h = await Netlink.open({ netns: ns });
    h.close();
    await expect(h.conntrack.list()).rejects.toMatchObject({ code: 'EBADF' });
  });
});
