#!/usr/bin/env node
// tc bench: N × (add a root tbf + delete it) — `tc qdisc add dev veth0 root handle 1: tbf rate
// 1mbit burst 32kbit latency 400ms` then `tc qdisc del dev veth0 root handle 1:` — by netlinkts
// (awaited addQdisc + deleteQdisc), by the raw C loop (bench/c/tcbench.c, the limit) and by
// execFileSync('tc') per op. Each trial runs in a fresh namespace and a fresh process; the
// median of --reps repetitions (interleaved) is reported with the ratio to C.
//   node bench/tc.mjs [--n 2000] [--cli-n 200] [--reps 3]
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (k, d) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? Number(process.argv[i + 1]) : d; };
const N = arg('n', 2000), CLI_N = arg('cli-n', 200), REPS = arg('reps', 3);

execFileSync('cc', ['-O2', '-o', join(root, 'bench/c/build/tcbench'), join(root, 'bench/c/tcbench.c')]);

const NODE_CHILD = `
const { Netlink } = await import(${JSON.stringify(join(root, 'dist/index.js'))});
const h = await Netlink.open();
const dev = (await h.getLink('veth0')).index;
const spec = { kind: 'tbf', handle: '1:', rate: '1mbit', burst: '32kbit', latency: '400ms' };
const del = { parent: 'root', handle: '1:' };
const n = Number(process.argv[1]);
// Warm-up (untimed): V8 compiles the validation and record paths.
for (let i = 0; i < 300; i++) { await h.addQdisc(dev, spec); await h.deleteQdisc(dev, del); }
const t0 = process.hrtime.bigint();
for (let i = 0; i < n; i++) { await h.addQdisc(dev, spec); await h.deleteQdisc(dev, del); }
console.log(JSON.stringify({ n, us_per_op: Number(process.hrtime.bigint() - t0) / 1e3 / n }));
h.close();
`;
const CLI_CHILD = `
const { execFileSync } = require('node:child_process');
const n = Number(process.argv[1]);
const t0 = process.hrtime.bigint();
for (let i = 0; i < n; i++) {
  execFileSync('tc', ['qdisc', 'add', 'dev', 'veth0', 'root', 'handle', '1:', 'tbf', 'rate', '1mbit', 'burst', '32kbit', 'latency', '400ms']);
  execFileSync('tc', ['qdisc', 'del', 'dev', 'veth0', 'root', 'handle', '1:']);
}
console.log(JSON.stringify({ n, us_per_op: Number(process.hrtime.bigint() - t0) / 1e3 / n }));
`;

const contenders = {
  c: (ns) => ['ip', ['netns', 'exec', ns, join(root, 'bench/c/build/tcbench'), String(N), 'veth0']],
  netlinkts: (ns) => ['ip', ['netns', 'exec', ns, process.execPath, '--input-type=module', '-e', NODE_CHILD, String(N)]],
  'tc (execFileSync per op)': (ns) => ['ip', ['netns', 'exec', ns, process.execPath, '-e', CLI_CHILD, String(CLI_N)]],
};

const results = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
let seq = 0;
for (let rep = 0; rep < REPS; rep++) {
  for (const [name, cmd] of Object.entries(contenders)) {
    const ns = `nlts-${process.pid}-tcb${++seq}`;
    execFileSync('ip', ['netns', 'add', ns]);
    try {
      execFileSync('ip', ['-n', ns, 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1']);
      const [file, args] = cmd(ns);
      results[name].push(JSON.parse(execFileSync(file, args, { encoding: 'utf8', timeout: 600000 })).us_per_op);
    } finally {
      execFileSync('ip', ['netns', 'del', ns]);
    }
  }
}
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const c = median(results.c);
console.log(`tc bench: add + delete a root tbf, µs per op (median of ${REPS}); n = ${N} (tc: ${CLI_N})`);
for (const [name, r] of Object.entries(results)) {
  console.log(`${name.padEnd(26)} ${median(r).toFixed(2).padStart(10)} µs   ${(median(r) / c).toFixed(2)}× C   [${r.map((x) => x.toFixed(1)).join(', ')}]`);
}
const out = join(root, 'bench/results');
mkdirSync(out, { recursive: true });
const file = join(out, `tc-${new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19)}.json`);
writeFileSync(file, JSON.stringify({ date: new Date().toISOString(), kernel: release(), cpu: cpus()[0]?.model, node: process.version,
  load: loadavg(), n: N, cliN: CLI_N, reps: REPS, results }, null, 2));
console.log(`written ${file}`);
