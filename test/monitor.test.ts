// Events from the kernel, in a namespace the test owns, compared with what the test did.
import { describe, expect, it } from 'vitest';
import { Netlink, type NetlinkEvent } from '../lib/index.js';
import { ipCmd, makeNetns } from './helpers/ns.js';

describe('monitor', () => {
  it('streams newlink/dellink for changes made by another program (ip)', async () => {
    const ns = makeNetns('mon');
    using h = await Netlink.open({ netns: ns });
    const ac = new AbortController();
    const seen: NetlinkEvent[] = [];
    const done = (async () => {
      for await (const ev of h.monitor(['link'], { signal: ac.signal })) {
        seen.push(ev);
        if (ev.type === 'dellink' && ev.link?.name === 'mon0') break;
      }
    })();
    // No wait needed: the IIFE's first next() ran the generator to its first await, so the
    // monitor socket is subscribed before the changes below.
    ipCmd(ns, 'link', 'add', 'mon0', 'type', 'bridge');
    ipCmd(ns, 'link', 'del', 'mon0');
    const timer = setTimeout(() => ac.abort(), 30000); // a deadline; the loop ends at the dellink
    await done;
    clearTimeout(timer);
    const mine = seen.filter((e) => e.link?.name === 'mon0');
    expect(mine[0]).toMatchObject({ type: 'newlink', link: { name: 'mon0', kind: 'bridge' } });
    expect(mine.at(-1)!.type).toBe('dellink');
  });

  it('stops when the signal aborts, and rejects unknown kinds', async () => {
    const ns = makeNetns('mon');
    using h = await Netlink.open({ netns: ns });
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 30);
    const events: NetlinkEvent[] = [];
    for await (const ev of h.monitor(['link'], { signal: ac.signal })) events.push(ev);
    expect(events).toEqual([]);
    await expect(h.monitor(['bogus' as 'link']).next()).rejects.toThrow(RangeError);
  });
});

describe('monitor: addresses and routes', () => {
  it('streams newaddr and newroute with typed payloads', async () => {
    const ns = makeNetns('mon');
    using h = await Netlink.open({ netns: ns });
    await h.createVeth('m0', 'm1', { up: true });
    const ac = new AbortController();
    const seen: NetlinkEvent[] = [];
    const done = (async () => {
      for await (const ev of h.monitor(['address', 'route'], { signal: ac.signal })) {
        seen.push(ev);
        if (ev.type === 'newroute' && ev.route?.dst === '10.77.0.0/24') break;
      }
    })();
    // No wait needed: the IIFE's first next() ran the generator to its first await, so the
    // monitor socket is subscribed before the changes below.
    ipCmd(ns, 'addr', 'add', '10.66.0.1/24', 'dev', 'm0');
    ipCmd(ns, 'route', 'add', '10.77.0.0/24', 'via', '10.66.0.2');
    const timer = setTimeout(() => ac.abort(), 30000); // a deadline; the loop ends at the newroute
    await done;
    clearTimeout(timer);
    expect(seen.find((e) => e.type === 'newaddr' && e.address?.cidr === '10.66.0.1/24')).toBeTruthy();
    const r = seen.find((e) => e.type === 'newroute' && e.route?.dst === '10.77.0.0/24');
    expect(r?.route).toMatchObject({ via: '10.66.0.2', family: 4 });
  });
});
