#!/usr/bin/env node
// conntrack.delete of N flows (default 10,000) against its alternatives, each trial in a fresh
// namespace filled with N UDP flows by bench/c/ctbench (IPCTNL_MSG_CT_NEW, untimed):
//   c-128       bench/c/ctbench: dump + deletes by tuple + id, 128 per sendmsg, each ACKed (the limit)
//   c-1         the same, one delete per sendmsg
//   netlinkts   h.conntrack.delete({ protocol: 'udp' }) in a fresh Node process (timed inside it)
//   cli         `conntrack -D -p udp` (one process: it dumps, then deletes one flow per sendto)
// Prints µs per deleted flow (median of the trials) and the ratio to c-128; writes
// bench/results/conntrack-<date>.json. Usage: node bench/conntrack.mjs [--n N] [--trials T]
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { environment } from './lib/env.mjs';
import { createNs, deleteAllNs, deleteNs, runSetup } from './lib/ns.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const arg = (k, d) => { const i = process.argv.indexOf(k); return i > 0 ? Number(process.argv[i + 1]) : d; };
const N = arg('--n', 10000);
const TRIALS = arg('--trials', 3);

const ctbench = join(here, 'c', 'build', 'ctbench');
const src = join(here, 'c', 'ctbench.c');
const mtime = (p) => { try { return statSync(p).mtimeMs; } catch { return 0; } };
if (mtime(ctbench) < mtime(src)) {
  mkdirSync(dirname(ctbench), { recursive: true });
  execFileSync('cc', ['-O2', '-o', ctbench, src]);
}
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => { deleteAllNs(); process.exit(1); });

// Runs in a fresh Node process inside nothing: the handle opens its socket in the namespace.
const NODE_DELETE = `
const { Netlink } = await import(process.argv[1]);
const h = await Netlink.open({ netns: process.argv[2] });
await h.conntrack.count({ protocol: 'tcp' }); // opens the netfilter socket, like a warm program
const t0 = process.hrtime.bigint();
const n = await h.conntrack.delete({ protocol: 'udp' });
const us = Number(process.hrtime.bigint() - t0) / 1e3;
console.log(JSON.stringify({ n, us_total: us }));
h.close();`;

const contenders = {
  'c-128': (ns) => JSON.parse(execFileSync('ip', ['netns', 'exec', ns, ctbench, 'ct-delete', '--per-send', '128'], { encoding: 'utf8' })),
  'c-1': (ns) => JSON.parse(execFileSync('ip', ['netns', 'exec', ns, ctbench, 'ct-delete', '--per-send', '1'], { encoding: 'utf8' })),
  netlinkts: (ns) => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', NODE_DELETE, join(root, 'dist', 'index.js'), ns], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').pop());
  },
  cli: (ns) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('ip', ['netns', 'exec', ns, 'conntrack', '-D', '-p', 'udp'], { encoding: 'utf8', maxBuffer: 256 << 20 });
    const us = Number(process.hrtime.bigint() - t0) / 1e3;
    const m = /(\d+) flow entries have been deleted/.exec(r.stderr);
    return { n: m ? Number(m[1]) : -1, us_total: us };
  },
};

const results = {};
try {
  for (let t = 0; t < TRIALS; t++) {
    for (const [id, run] of Object.entries(contenders)) {
      const ns = createNs();
      try {
        runSetup(ns, [['nft', 'add table ip t', 'add chain ip t c { type filter hook prerouting priority 0; }', 'add rule ip t c ct state new counter']]);
        execFileSync('ip', ['netns', 'exec', ns, ctbench, 'ct-create', String(N)], { stdio: 'ignore' });
        const r = run(ns);
        if (r.n !== N) throw new Error(`${id} deleted ${r.n} of ${N}`);
        const left = Number(execFileSync('ip', ['netns', 'exec', ns, 'conntrack', '-C'], { encoding: 'utf8' }).trim());
        if (left !== 0) throw new Error(`${id} left ${left} flows`);
        (results[id] ??= []).push(r.us_total / N);
      } finally {
        deleteNs(ns);
      }
    }
  }
} finally {
  deleteAllNs();
}

const median = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
const limit = median(results['c-128']);
const rows = Object.entries(results).map(([id, us]) => ({ id, usPerFlow: Number(median(us).toFixed(2)), min: Number(Math.min(...us).toFixed(2)),
  max: Number(Math.max(...us).toFixed(2)), ratio: Number((median(us) / limit).toFixed(2)) }));
console.log(`conntrack delete of ${N} flows, median of ${TRIALS} trials (µs per flow; ratio to c-128)`);
for (const r of rows) console.log(`  ${r.id.padEnd(10)} ${String(r.usPerFlow).padStart(8)} µs  [${r.min}–${r.max}]  ${r.ratio}×`);
const env = environment(root);
mkdirSync(join(here, 'results'), { recursive: true });
const file = join(here, 'results', `conntrack-${env.date.replace(/:/g, '-').slice(0, 19)}.json`);
writeFileSync(file, JSON.stringify({ env, n: N, trials: TRIALS, rows, raw: results }, null, 2));
console.log(`wrote ${file}`);
