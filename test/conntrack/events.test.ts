// conntrack -E: new/update/destroy events arrive typed, and a too-small queue reports 'overrun'.
import { describe, expect, it } from 'vitest';
import { Netlink, type FlowEvent } from '../../lib/index.js';
import { createFlows } from '../../lib/conntrack/index.js';
import { canAdmin } from '../helpers/ns.js';
import { ctNetns } from './util.js';

describe.skipIf(!canAdmin)('conntrack events', () => {
  it('new and destroy events for flows made and deleted in the namespace', async () => {
    const ns = ctNetns('cte');
    const h = await Netlink.open({ netns: ns });
    const ac = new AbortController();
    const seen: FlowEvent[] = [];
    try {
      const it = h.conntrack.events({ kinds: ['new', 'destroy'], signal: ac.signal });
      // The subscription exists once the generator has started: pull the first event in the
      // background, then make the changes.
      const first = it.next();
      await new Promise((r) => setImmediate(r));
      const reader = (async () => {
        const r = await first;
        if (!r.done) seen.push(r.value);
        for await (const ev of it) {
          seen.push(ev);
          if (seen.some((e) => e.type === 'destroy')) break;
        }
      })();
      await createFlows(h, [{ protocol: 'udp', orig: { src: '10.5.0.1', dst: '10.5.0.2', sport: 1234, dport: 53 }, timeout: 60 }]);
      expect(await h.conntrack.delete({ protocol: 'udp', orig: { dport: 53 } })).toBe(1);
      await reader;
      const types = seen.map((e) => e.type);
      expect(types[0]).toBe('new');
      expect(types).toContain('destroy');
      const n = seen.find((e) => e.type === 'new')!.flow!;
      expect(n.orig).toMatchObject({ src: '10.5.0.1', dst: '10.5.0.2', sport: 1234, dport: 53, protocol: 'udp' });
      expect(seen.find((e) => e.type === 'destroy')!.flow!.id).toBe(n.id);
    } finally {
      ac.abort();
      h.close();
    }
  });

  it('reports overrun when the kernel drops events', async () => {
    const ns = ctNetns('cto');
    const h = await Netlink.open({ netns: ns });
    const ac = new AbortController();
    try {
      const it = h.conntrack.events({ kinds: ['new'], signal: ac.signal, rcvbuf: 1 });
      const first = it.next();
      await new Promise((r) => setImmediate(r));
      // Many events while the event loop is blocked in one synchronous native call: the tiny
      // queue overflows before anything reads it.
      const specs = Array.from({ length: 300 }, (_, i) => ({ protocol: 'udp' as const, orig: { src: '10.6.0.1', dst: '10.6.0.2', sport: 1000 + i, dport: 53 }, timeout: 60 }));
      await createFlows(h, specs);
      const types: string[] = [];
      let r = await first;
      while (!r.done) {
        types.push(r.value.type);
        if (r.value.type === 'overrun') break;
        r = await it.next();
      }
      expect(types).toContain('overrun');
      await it.return(undefined);
    } finally {
      ac.abort();
      h.close();
    }
  });
});
