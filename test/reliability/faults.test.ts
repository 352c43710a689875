// Kernel faults (issue #5): interrupted dumps are retried (NLM_F_DUMP_INTR forced by a concurrent
// `ip -batch` changing the same namespace), an event queue overflow (ENOBUFS) is an 'overrun'
// event after which the monitor keeps working, and a closed handle is a clear EBADF everywhere.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Netlink, NetlinkError, type NetlinkEvent } from '../../lib/index.js';
import { native } from '../../lib/native.js';
import { ipJson, makeNetns } from '../helpers/ns.js';

const STABLE = 2000;

function batchFile(dir: string, name: string, lines: string[]): string {
  const f = join(dir, name);
  writeFileSync(f, lines.join('\n') + '\n');
  return f;
}

describe('NLM_F_DUMP_INTR', () => {
  it('dumps interrupted by concurrent changes are retried and come back consistent', async () => {
    const ns = makeNetns('intr');
    const dir = mkdtempSync(join(tmpdir(), 'nlts-intr-'));
    let stop = false;
    let churner: Promise<void> = Promise.resolve();
    try {
      const setup = ['link add v0 type veth peer name v1', 'link set v0 up'];
      for (let i = 0; i < STABLE; i++) setup.push(`addr add 172.16.${i >> 8}.${i & 255}/32 dev v0`);
      execFileSync('ip', ['-n', ns, '-batch', batchFile(dir, 'setup', setup)]);
      // The churn: addresses and links appear and vanish, continuously, from another process.
      const churn: string[] = [];
      for (let i = 0; i < 100; i++) churn.push(`addr add 172.17.0.${i}/32 dev v0`, `link add c${i} type veth peer name d${i}`);
      for (let i = 0; i < 100; i++) churn.push(`addr del 172.17.0.${i}/32 dev v0`, `link del c${i}`);
      const churnFile = batchFile(dir, 'churn', churn);
      churner = (async () => {
        while (!stop) {
          await new Promise((r) => spawn('ip', ['-n', ns, '-force', '-batch', churnFile], { stdio: 'ignore' }).on('exit', r));
        }
      })();

      using h = await Netlink.open({ netns: ns });
      const sock = h.routeSocket('test');
      let dumps = 0, retried = 0, exhausted = 0;
      const t0 = Date.now();
      // Until interruptions have been seen a few times (they come within ~1 s here), at most 15 s.
      while ((retried < 5 || dumps < 50) && Date.now() - t0 < 15000) {
        for (const [kind, dump] of [['addr', () => native.addrDump(sock, 0, 0)], ['link', () => native.linkDump(sock, '', -1)]] as const) {
          dumps++;
          try {
            const buf = dump();
            if (buf.dumpAttempts) retried += buf.dumpAttempts - 1;
          } catch (e) {
            // Out of attempts: a clear EINTR, never a partial result.
            const err = e as { nlErrno: number; nlDumpInterrupted?: boolean; message: string };
            expect(err.nlErrno, `${kind}: ${err.message}`).toBe(4);
            expect(err.nlDumpInterrupted).toBe(true);
            exhausted++;
          }
        }
        // The public API under the same churn: every stable address exactly once.
        try {
          const addrs = (await h.listAddresses({ family: 4 })).filter((a) => a.address.startsWith('172.16.'));
          expect(addrs.length).toBe(STABLE);
          expect(new Set(addrs.map((a) => a.address)).size).toBe(STABLE);
          const links = await h.listLinks();
          expect(new Set(links.map((l) => l.index)).size).toBe(links.length);
          expect(links.filter((l) => l.name === 'v0' || l.name === 'v1' || l.name === 'lo').length).toBe(3);
        } catch (e) {
          if (!(e instanceof NetlinkError && e.code === 'EINTR')) throw e;
          expect(e.message).toMatch(/interrupted the dump .* on each of 5 attempts; .* retry when changes settle/);
          exhausted++;
        }
        await new Promise((r) => setImmediate(r));
      }
      console.log(`DUMP_INTR: ${dumps} raw dumps under churn, ${retried} retries, ${exhausted} out of attempts (EINTR)`);
      expect(retried, 'the churn must have interrupted some dumps').toBeGreaterThan(0);
    } finally {
      stop = true;
      await churner;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 40000);
});

describe('ENOBUFS on the event socket', () => {
  it('a monitor that is not drained overflows, reports overrun, and keeps working', async () => {
    const ns = makeNetns('nobufs');
    using h = await Netlink.open({ netns: ns });
    await h.createVeth('v0', 'v1', { up: true });
    const ac = new AbortController();
    const mon = h.monitor(['route', 'link'], { signal: ac.signal, rcvbuf: 4096 });
    const first = mon.next(); // starts the monitor (its socket subscribes now)
    await new Promise((r) => setTimeout(r, 20));
    // 3000 route changes while the event loop never runs the monitor's callback: each await
    // below resumes as a microtask, so the monitor socket's queue (4 KiB) overflows.
    for (let i = 0; i < 3000; i++) await h.addRoute({ dst: `10.${(i >> 8) & 255}.${i & 255}.0/24`, dev: 'v0' });
    const events: NetlinkEvent[] = [(await first).value as NetlinkEvent];
    let overrun: NetlinkEvent | undefined = events[0]!.type === 'overrun' ? events[0] : undefined;
    while (!overrun) {
      const r = await mon.next();
      if (r.done) break;
      events.push(r.value);
      if (r.value.type === 'overrun') overrun = r.value;
    }
    expect(overrun, 'an overrun event').toBeDefined();
    expect((overrun!.error as NetlinkError).code, String(overrun!.error)).toBe('ENOBUFS');
    const before = events.length;
    // Still alive: a link created now shows up as an event.
    await h.createBridge('after0');
    let seen = false;
    const deadline = Date.now() + 30000; // generous: the loop ends as soon as the event arrives
    while (!seen && Date.now() < deadline) {
      const r = await Promise.race([mon.next(), new Promise<null>((res) => setTimeout(() => res(null), 30000))]);
      if (r === null || r.done) break;
      events.push(r.value);
      if (r.value.type === 'newlink' && r.value.link?.name === 'after0') seen = true;
    }
    ac.abort();
    await mon.return(undefined);
    console.log(`ENOBUFS: 3000 route adds into a 4 KiB event queue: ${before} events before the overrun, then the monitor saw 'after0'`);
    expect(seen).toBe(true);
    expect(ipJson(ns, 'route', 'show').length).toBe(3000);
  });
});

describe('use after close()', () => {
  it('nft and monitor on a closed handle fail with EBADF naming the fix', async () => {
    const ns = makeNetns('closed');
    const h = await Netlink.open({ netns: ns });
    await h.nft.addTable({ family: 'ip', name: 't' }); // opens the netfilter socket
    h.close();
    for (const p of [
      h.nft.addTable({ family: 'ip', name: 'u' }),
      h.nft.listRuleset(),
      h.nft.generation(),
      h.nft.masquerade({ source: '10.0.0.0/24' }),
      h.monitor(['link']).next(),
      h.listRoutes(),
    ]) {
      const e = await p.then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(NetlinkError);
      expect((e as NetlinkError).code).toBe('EBADF');
      expect((e as NetlinkError).message).toMatch(/handle is closed; open a new one with Netlink.open\(\)/);
    }
    // A transaction built before close() cannot commit after it either.
    const h2 = await Netlink.open({ netns: ns });
    const tx = h2.nft.transaction();
    tx.addTable({ family: 'ip', name: 'late' });
    h2.close();
    await expect(tx.commit()).rejects.toMatchObject({ code: 'EBADF' });
    const tables = JSON.parse(execFileSync('ip', ['netns', 'exec', ns, 'nft', '-j', 'list', 'tables'], { encoding: 'utf8' })).nftables
      .filter((x: Record<string, unknown>) => 'table' in x).map((x: { table: { name: string } }) => x.table.name);
    expect(tables).toEqual(['t']);
  });
});
