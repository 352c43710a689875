// Events for neighbours, FDB entries and routing rules (issue 9), typed like their listings with
// dev names resolved; and route events now carrying the dev name too.
import { describe, expect, it } from 'vitest';
import { Netlink, type MonitorKind, type NetlinkEvent } from '../lib/index.js';
import { bridgeCmd } from './helpers/cli.js';
import { ipCmd, makeNetns } from './helpers/ns.js';

/** Collects events of `kinds` until `stop` returns true (deadline 20 s), while `act` runs. */
async function collect(h: Netlink, kinds: MonitorKind[], act: () => void, stop: (seen: NetlinkEvent[]) => boolean): Promise<NetlinkEvent[]> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), 20000);
  const it = h.monitor(kinds, { signal: ac.signal });
  const seen: NetlinkEvent[] = [];
  // The generator subscribes on its first step, before anything is changed.
  let next = it.next();
  act();
  for (;;) {
    const r = await next;
    if (r.done) break;
    seen.push(r.value);
    if (stop(seen)) break;
    next = it.next();
  }
  await it.return(undefined);
  clearTimeout(timer);
  return seen;
}

describe('monitor: neighbours, FDB, routing rules', () => {
  it('newneigh/delneigh, newfdb, newrule/delrule with typed payloads and dev names', async () => {
    const ns = makeNetns('mo');
    ipCmd(ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    ipCmd(ns, 'link', 'add', 'br0', 'type', 'bridge');
    ipCmd(ns, 'link', 'set', 'v1', 'master', 'br0');
    using h = await Netlink.open({ netns: ns });
    const seen = await collect(h, ['neighbor', 'fdb', 'routingRule'], () => {
      ipCmd(ns, 'neigh', 'add', '10.0.0.2', 'lladdr', '02:00:00:00:00:02', 'dev', 'v0');
      bridgeCmd(ns, 'fdb', 'add', '02:00:00:00:00:aa', 'dev', 'v1', 'master', 'static');
      ipCmd(ns, 'rule', 'add', 'pref', '1000', 'fwmark', '7', 'table', '100');
      ipCmd(ns, 'rule', 'del', 'pref', '1000');
      ipCmd(ns, 'neigh', 'del', '10.0.0.2', 'dev', 'v0');
    }, (s) => s.some((e) => e.type === 'delneigh' && e.neighbor?.address === '10.0.0.2'));
    expect(seen.find((e) => e.type === 'newneigh')).toMatchObject({ neighbor: { dev: 'v0', address: '10.0.0.2', lladdr: '02:00:00:00:00:02', state: 'permanent' } });
    expect(seen.find((e) => e.type === 'newfdb' && e.fdb?.lladdr === '02:00:00:00:00:aa')).toMatchObject({ fdb: { dev: 'v1', master: true, state: 'static' } });
    expect(seen.find((e) => e.type === 'newrule')).toMatchObject({ routingRule: { priority: 1000, fwmark: 7, table: 100, action: 'lookup' } });
    expect(seen.find((e) => e.type === 'delrule')).toMatchObject({ routingRule: { priority: 1000 } });
    // Only the kinds asked for: no link/address/route payloads.
    expect(seen.every((e) => e.neighbor || e.fdb || e.routingRule)).toBe(true);
  });

  it("a 'neighbor' subscription does not deliver FDB entries (same kernel group)", async () => {
    const ns = makeNetns('mo');
    ipCmd(ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    ipCmd(ns, 'link', 'add', 'br0', 'type', 'bridge');
    ipCmd(ns, 'link', 'set', 'v1', 'master', 'br0');
    using h = await Netlink.open({ netns: ns });
    const seen = await collect(h, ['neighbor'], () => {
      bridgeCmd(ns, 'fdb', 'add', '02:00:00:00:00:aa', 'dev', 'v1', 'master', 'static');
      ipCmd(ns, 'neigh', 'add', '10.0.0.2', 'lladdr', '02:00:00:00:00:02', 'dev', 'v0');
    }, (s) => s.some((e) => e.neighbor?.address === '10.0.0.2'));
    expect(seen.filter((e) => e.fdb)).toEqual([]);
  });

  it('route events name their dev', async () => {
    const ns = makeNetns('mo');
    ipCmd(ns, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
    ipCmd(ns, 'link', 'set', 'v0', 'up');
    using h = await Netlink.open({ netns: ns });
    const seen = await collect(h, ['route'], () => ipCmd(ns, 'route', 'add', '10.77.0.0/24', 'dev', 'v0'),
      (s) => s.some((e) => e.route?.dst === '10.77.0.0/24'));
    expect(seen.find((e) => e.route?.dst === '10.77.0.0/24')).toMatchObject({ type: 'newroute', route: { dev: 'v0' } });
  });
});
