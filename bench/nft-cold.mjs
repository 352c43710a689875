// A 1,000-rule nft transaction in a FRESH process (what W6 `netlinkts-batch` times), split into
// phases, next to nlbench's `nft-rules` (the C limit, one transaction), interleaved run by run:
//   node bench/nft-cold.mjs [--n 1000] [--runs 7] [--baseline DIR] [--no-c] [--node-flags "…"]
// Needs root, a built addon and dist/. Each run: a fresh namespace (nlts-<pid>-c<k>) with
// `table ip nat { chain postrouting … }`, then a fresh `node` inside it. The child prints µs for
// import (dist/index.js), open, first addRule, the other n-1 addRule, commit (echo on, as W6),
// and the timed total as W6 counts it (addRule × n + commit), plus CPU µs of that part.
// --baseline DIR: also run another checkout's dist/ (DIR/dist/index.js), alternating with this one,
// so that load on the machine hits both alike.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };

if (args[0] === '--child') {
  // One fresh process: the work of W6's netlinkts-batch contender, phase by phase.
  const dist = args[1];
  const n = Number(args[2]);
  const now = () => process.hrtime.bigint();
  const us = (a, b) => Number(b - a) / 1000;
  const t0 = now();
  const { Netlink } = await import(new URL('index.js', `file://${dist}/`).href);
  const t1 = now();
  const h = await Netlink.open();
  const t2 = now();
  const rule = (i) => ({ family: 'ip', table: 'nat', chain: 'postrouting', match: { saddr: `10.${(i >> 8) & 255}.${i & 255}.0/24`, oifname: 'veth0' }, action: { masquerade: {} } });
  const cpu0 = process.cpuUsage();
  const t3 = now();
  const tx = h.nft.transaction();
  tx.addRule(rule(0));
  const t4 = now();
  for (let i = 1; i < n; i++) tx.addRule(rule(i));
  const t5 = now();
  const res = await tx.commit();
  const t6 = now();
  const cpu = process.cpuUsage(cpu0);
  if (res.rules.length !== n) throw new Error(`expected ${n} rule refs, got ${res.rules.length}`);
  h.close();
  console.log(JSON.stringify({
    import: us(t0, t1), open: us(t1, t2), first: us(t3, t4), rest: us(t4, t5) / (n - 1), commit: us(t5, t6) / n,
    total: us(t3, t6) / n, cpu: (cpu.user + cpu.system) / n,
  }));
  process.exit(0);
}

const N = Number(opt('--n', 1000));
const RUNS = Number(opt('--runs', 7));
const baseline = opt('--baseline', null);
const nodeFlags = (opt('--node-flags', '') ?? '').split(' ').filter(Boolean);
const withC = !args.includes('--no-c');
const self = fileURLToPath(import.meta.url);
const here = fileURLToPath(new URL('../dist', import.meta.url));

const live = [];
let k = 0;
function makeNs() {
  const name = `nlts-${process.pid}-c${++k}`;
  execFileSync('ip', ['netns', 'add', name]);
  live.push(name);
  execFileSync('ip', ['netns', 'exec', name, 'nft', '-f', '-'], {
    input: 'table ip nat {\n  chain postrouting { type nat hook postrouting priority srcnat; policy accept; }\n}\n',
  });
  return name;
}
function drop(name) {
  const i = live.indexOf(name);
  if (i >= 0) live.splice(i, 1);
  try { execFileSync('ip', ['netns', 'del', name]); } catch { /* gone */ }
}
function cleanup() { for (const n of live.splice(0)) { try { execFileSync('ip', ['netns', 'del', n]); } catch { /* gone */ } } }
process.on('exit', cleanup);
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => { cleanup(); process.exit(130); });

const nlbench = fileURLToPath(new URL('c/build/nlbench', import.meta.url));
function runC() {
  const ns = makeNs();
  try {
    const out = JSON.parse(execFileSync('ip', ['netns', 'exec', ns, nlbench, 'nft-rules', String(N), '--per-tx', String(N), '--dev', 'veth0'], { encoding: 'utf8' }));
    return { total: out.us_per_op, cpu: out.cpu_us_total / N };
  } finally { drop(ns); }
}
function runNode(dist) {
  const ns = makeNs();
  try {
    return JSON.parse(execFileSync('ip', ['netns', 'exec', ns, process.execPath, ...nodeFlags, self, '--child', dist, String(N)], { encoding: 'utf8' }));
  } finally { drop(ns); }
}

const contenders = { c: withC && existsSync(nlbench) ? runC : null, here: () => runNode(here), base: baseline ? () => runNode(`${baseline}/dist`) : null };
const rows = {};
for (let r = 0; r < RUNS; r++) {
  for (const [name, fn] of Object.entries(contenders)) {
    if (!fn) continue;
    (rows[name] ??= []).push(fn());
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const out = { n: N, runs: RUNS, load: (await import('node:os')).loadavg().map((x) => +x.toFixed(1)), nodeFlags };
for (const [name, xs] of Object.entries(rows)) {
  out[name] = {};
  // median [min–max] per phase
  for (const key of Object.keys(xs[0])) {
    const vals = xs.map((x) => x[key]);
    out[name][key] = `${median(vals).toFixed(2)} [${Math.min(...vals).toFixed(2)}–${Math.max(...vals).toFixed(2)}]`;
  }
}
if (out.c) for (const name of ['here', 'base']) if (out[name]) out[name].ratioToC = +(median(rows[name].map((x) => x.total)) / median(rows.c.map((x) => x.total))).toFixed(2);
console.log(JSON.stringify(out, null, 1));
