// Lifecycle: fds and memory stay flat over many operations and handles; worker threads use
// their own handles; a process exits cleanly with handles still open.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { Netlink } from '../lib/index.js';
import { ipJson, makeNetns } from './helpers/ns.js';

const fdCount = () => readdirSync('/proc/self/fd').length;
const root = new URL('..', import.meta.url).pathname;

describe('lifecycle', () => {
  it('1,000 handle open/close cycles (in a namespace) leave the fd count exactly unchanged', async () => {
    const ns = makeNetns('lc');
    const before = fdCount();
    for (let i = 0; i < 1000; i++) {
      const h = await Netlink.open({ netns: ns });
      if (i % 100 === 0) await h.listLinks();
      h.close();
    }
    expect(fdCount()).toBe(before);
  });

  it('100,000 mixed operations keep fds exact and memory bounded', async () => {
    const ns = makeNetns('lc');
    using h = await Netlink.open({ netns: ns });
    await h.createVeth('v0', 'v1');
    const before = fdCount();
    const rss0 = process.memoryUsage().rss;
    for (let i = 0; i < 100_000; i++) {
      switch (i % 4) {
        case 0: await h.getLink('v0'); break;
        case 1: await h.setLink('v0', { txqlen: 1000 + (i % 7) }); break;
        case 2: await h.getLink(1); break;
        default: await h.getLink('nope0').catch(() => {}); break; // errors too
      }
    }
    expect(fdCount()).toBe(before);
    // Generous bound: the point is "not proportional to the number of operations".
    expect(process.memoryUsage().rss - rss0).toBeLessThan(200 * 1024 * 1024);
    expect(ipJson(ns, 'link', 'show', 'v0')[0].txqlen).toBe(1000 + (99_997 % 7));
  }, 120_000);

  it('worker threads each use their own handle in their own namespace, at once', async () => {
    const spaces = [makeNetns('w'), makeNetns('w'), makeNetns('w'), makeNetns('w')];
    const code = `
      const { parentPort, workerData } = require('node:worker_threads');
      import(workerData.entry).then(async ({ Netlink }) => {
        const h = await Netlink.open({ netns: workerData.ns });
        for (let i = 0; i < 20; i++) await h.createBridge('br' + i);
        const n = (await h.listLinks({ kind: 'bridge' })).length;
        // exit with the handle still open: the addon's cleanup must cope
        parentPort.postMessage(n);
      }).catch((e) => parentPort.postMessage(String(e)));`;
    const counts = await Promise.all(spaces.map((ns) => new Promise((resolve, reject) => {
      const w = new Worker(code, { eval: true, workerData: { ns, entry: `${root}dist/index.js` } });
      w.once('message', (m) => { resolve(m); void w.terminate(); });
      w.once('error', reject);
    })));
    expect(counts).toEqual([20, 20, 20, 20]);
    for (const ns of spaces) expect(ipJson(ns, 'link', 'show', 'type', 'bridge')).toHaveLength(20);
  });

  it('a process that exits with open handles and a running monitor exits cleanly', () => {
    const ns = makeNetns('exit');
    const script = `
      const { Netlink } = await import(${JSON.stringify(`${root}dist/index.js`)});
      const h = await Netlink.open({ netns: ${JSON.stringify(ns)} });
      const h2 = await Netlink.open();
      const it = h.monitor(['link']);
      const p = it.next();
      await h.createBridge('bx');
      await p;
      console.log('ok');
      process.exit(0);`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20000 });
    expect(out.trim()).toBe('ok');
  });
});
