// Concurrency (issue #5): 10,000 requests in flight on one handle each settle with their own
// answer; handles in 8 namespaces used at once stay in their own namespace; fds come back.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Netlink, NetlinkError } from '../../lib/index.js';
import { ipJson, makeNetns } from '../helpers/ns.js';

const N = 10_000;
const openFds = () => readdirSync('/proc/self/fd').length;

describe('requests in flight', () => {
  it(`${N} addRoute in one Promise.all, then listRoutes: each resolves to its own answer`, async () => {
    const ns = makeNetns('flight');
    using h = await Netlink.open({ netns: ns });
    await h.createVeth('v0', 'v1', { up: true });
    // Every 250th request repeats the one before it: exactly those must fail, with EEXIST.
    const dst = (i: number) => {
      const j = i % 250 === 249 ? i - 1 : i;
      return `10.${(j >> 8) & 255}.${j & 255}.0/24`;
    };
    const results = await Promise.all(Array.from({ length: N }, (_, i) =>
      h.addRoute({ dst: dst(i), dev: 'v0' }).then(() => 'ok', (e: unknown) => e)));
    const failed = results.flatMap((r, i) => (r === 'ok' ? [] : [i]));
    expect(failed).toEqual(Array.from({ length: N / 250 }, (_, k) => k * 250 + 249));
    for (const i of failed) {
      expect(results[i]).toBeInstanceOf(NetlinkError);
      expect((results[i] as NetlinkError).code).toBe('EEXIST');
    }
    const [listed, again] = await Promise.all([h.listRoutes(), h.listRoutes({ dev: 'v0', family: 4 })]);
    const expected = N - N / 250;
    expect(listed.filter((r) => r.dst.startsWith('10.')).length).toBe(expected);
    expect(again.length).toBe(expected);
    expect(ipJson(ns, 'route', 'show').length).toBe(expected);
    console.log(`concurrency: ${N} addRoute in flight on one handle, ${failed.length} EEXIST exactly where expected, ${expected} routes listed`);
  }, 60000);
});

describe('many namespaces at once', () => {
  it('8 handles in 8 namespaces used concurrently each change only their own; fds return', async () => {
    const fdsBefore = openFds();
    const names = Array.from({ length: 8 }, () => makeNetns('par'));
    const handles = await Promise.all(names.map((ns) => Netlink.open({ netns: ns })));
    await Promise.all(handles.map(async (h, k) => {
      await h.createVeth(`a${k}`, `b${k}`, { up: true });
      await h.addAddress(`a${k}`, `10.${k}.0.1/24`);
      await Promise.all(Array.from({ length: 100 }, (_, i) => h.addRoute({ dst: `172.${16 + k}.${i}.0/24`, via: `10.${k}.0.2` })));
      await h.nft.masquerade({ source: `10.${k}.0.0/24`, outInterface: `a${k}` });
      await h.setSysctl('net.ipv4.ip_forward', k % 2);
    }));
    const lists = await Promise.all(handles.map((h) => Promise.all([h.listLinks(), h.listRoutes(), h.getSysctl('net.ipv4.ip_forward'), h.nft.listRules()])));
    lists.forEach(([links, routes, fwd, rules], k) => {
      expect(links.map((l) => l.name).sort()).toEqual(['lo', `a${k}`, `b${k}`].sort());
      expect(routes.filter((r) => r.via === `10.${k}.0.2`).length).toBe(100);
      expect(fwd).toBe(String(k % 2));
      expect(rules.length).toBe(1);
      // The oracle agrees, and nothing leaked across namespaces.
      const ns = names[k]!;
      expect(ipJson(ns, 'route', 'show').filter((r: { gateway?: string }) => r.gateway !== undefined).length).toBe(100);
      expect(ipJson(ns, 'addr', 'show').flatMap((l: { addr_info: { local: string }[] }) => l.addr_info.map((a) => a.local))).toContain(`10.${k}.0.1`);
    });
    const fdsOpen = openFds();
    for (const h of handles) h.close();
    const fdsAfter = openFds();
    console.log(`namespaces: 8 handles used at once; fds ${fdsBefore} before, ${fdsOpen} open, ${fdsAfter} after close`);
    expect(fdsOpen).toBeGreaterThan(fdsBefore);
    expect(fdsAfter).toBe(fdsBefore);
  }, 60000);
});
