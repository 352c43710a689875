#!/usr/bin/env node
// netlinkts benchmark runner: `npm run bench` (= node bench/run.mjs).
//   --quick            small counts, 1 repetition (< 60 s; for CI)
//   --only W1,W4       run only these workloads
//   --contenders a,b   run only these contenders (ids from trials.mjs)
//   --reps N           repetitions (default 3; quick: 1); the table shows the median
//   --no-build         do not (re)build dist/, the addon or nlbench
//   --render FILE      print the table of a saved results JSON and rewrite latest.svg from it
// Every trial gets a fresh namespace (nlts-<pid>-b<n>, deleted in a finally and on signals)
// and a fresh child process running inside it. Repetitions are interleaved (rep 1 of every
// contender, then rep 2, …) so slow drift hits everyone alike.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { contenders, workloads } from './trials.mjs';
import { createNs, deleteAllNs, deleteNs, runSetup } from './lib/ns.mjs';
import { environment } from './lib/env.mjs';
import { Settler } from './lib/settle.mjs';
import { summarize, svg, table } from './lib/report.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const nlbench = join(here, 'c', 'build', 'nlbench');
const TRIAL_TIMEOUT_MS = 300_000;

// ---- options ----
function parseArgs(argv) {
  const o = { quick: false, only: null, contenders: null, reps: null, build: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const list = () => (argv[++i] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (a === '--quick') o.quick = true;
    else if (a === '--only') o.only = list().map((s) => s.toUpperCase());
    else if (a === '--contenders') o.contenders = list();
    else if (a === '--reps') o.reps = Number(argv[++i]);
    else if (a === '--no-build') o.build = false;
    else if (a === '--render') o.render = argv[++i];
    else if (a === '--help' || a === '-h') {
      console.log('usage: node bench/run.mjs [--quick] [--only W1,W4] [--contenders id,…] [--reps N] [--no-build] [--render FILE]');
      console.log(`contenders: ${contenders.map((c) => c.id).join(', ')}`);
      process.exit(0);
    } else throw new Error(`unknown option ${a} (try --help)`);
  }
  o.reps ??= o.quick ? 1 : 3;
  if (!Number.isInteger(o.reps) || o.reps < 1) throw new Error('--reps needs a positive integer');
  return o;
}

// ---- builds (only when sources are newer than what was built) ----
function newest(dir) {
  let t = 0;
  if (!existsSync(dir)) return t;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
const mtime = (p) => (existsSync(p) ? statSync(p).mtimeMs : 0);
const sh = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

/** Builds what is stale; returns a map of build problems (skip reasons) by contender family. */
function build() {
  const problems = {};
  const src = join(here, 'c', 'nlbench.c');
  if (mtime(nlbench) < mtime(src)) {
    log('building bench/c/build/nlbench');
    mkdirSync(dirname(nlbench), { recursive: true });
    try { sh('cc', ['-O2', '-o', nlbench, src]); } catch { problems.c = 'nlbench did not compile'; }
  }
  const addon = join(root, 'build', 'Release', 'netlinkts.node');
  if (mtime(addon) < Math.max(newest(join(root, 'native')), mtime(join(root, 'binding.gyp')))) {
    log('building the addon (node-gyp)');
    const verb = existsSync(join(root, 'build', 'Makefile')) ? 'build' : 'rebuild';
    try { sh('npx', ['node-gyp', verb, '--nodedir=/usr', '-j', '2']); } catch { problems.netlinkts = 'addon did not build'; }
  }
  const dist = join(root, 'dist', 'index.js');
  if (mtime(dist) < Math.max(newest(join(root, 'lib')), newest(join(root, 'typings')))) {
    log('compiling TypeScript (tsc → dist/)');
    try { sh('npx', ['tsc', '-p', 'tsconfig.json']); } catch { problems.netlinkts = 'TypeScript did not compile'; }
  }
  return problems;
}

// ---- running one trial ----
let current = null; // the child running now, killed on Ctrl-C

function runChild(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    current = child;
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), TRIAL_TIMEOUT_MS);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      current = null;
      resolve({ code, signal, stdout, stderr });
    });
  });
}

function lastJson(text) {
  const line = text.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  return line ? JSON.parse(line) : null;
}

/** Runs one contender on one workload in namespace `ns`; returns { status, phases, … }. */
async function trial(w, c, ns, n, iter, warmup) {
  if (c.kind === 'c') {
    const phases = [];
    let maxrssKb = 0;
    for (const [name, args] of w.c(c, n, iter, warmup)) {
      const r = await runChild('ip', ['netns', 'exec', ns, nlbench, ...args]);
      const j = r.code === 0 ? lastJson(r.stdout) : null;
      if (!j) return { status: 'error', reason: (r.stderr.trim() || `nlbench exited ${r.code ?? r.signal}`).split('\n').pop() };
      phases.push({ name, n: j.n, us: j.us_total, cpu: j.cpu_us_total });
      maxrssKb = Math.max(maxrssKb, j.maxrss_kb);
    }
    return { status: 'ok', phases, maxrssKb };
  }
  const spec = { workload: w.id, module: c.module, export: c.export, n, iter, warmup, ns };
  const r = await runChild('ip', ['netns', 'exec', ns, process.execPath, join(here, 'child.mjs'), JSON.stringify(spec)]);
  const j = lastJson(r.stdout);
  if (!j) return { status: 'error', reason: (r.stderr.trim() || `child exited ${r.code ?? r.signal}`).split('\n').slice(-3).join(' | ') };
  if (j.status === 'ok') return { status: 'ok', phases: j.phases, maxrssKb: j.maxrss_kb };
  if (j.status === 'skipped') return { status: 'skipped', reason: j.reason };
  return { status: 'error', reason: j.error.split('\n')[0] };
}

/** Untimed check of what a trial left behind; returns an error result, or null when all is well. */
function verify(w, ns) {
  if (w.verify !== 'only-lo') throw new Error(`${w.id}: unknown verify ${w.verify}`);
  const links = JSON.parse(execFileSync('ip', ['-n', ns, '-j', 'link', 'show'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  const left = links.filter((l) => l.ifname !== 'lo').map((l) => l.ifname);
  if (left.length === 0) return null;
  return { status: 'error', reason: `${left.length} links left behind (${left.slice(0, 5).join(', ')}${left.length > 5 ? ', …' : ''})` };
}

/** Reasons known before any namespace is made. */
function precheck(c, problems) {
  if (c.kind === 'c' && problems.c) return problems.c;
  if (c.module === 'netlinkts.mjs' && problems.netlinkts) return problems.netlinkts;
  if (c.check === 'npm-netlink') {
    try {
      createRequire(join(root, 'package.json')).resolve('netlink');
    } catch {
      return 'not installed (npm install: it is a devDependency)';
    }
  }
  return null;
}

function log(msg) {
  process.stderr.write(`${msg}\n`);
}

// ---- main ----
async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.render) return render(opts.render);
  if (process.getuid?.() !== 0) throw new Error('the benchmark needs root (it creates network namespaces)');
  const mode = opts.quick ? 'quick' : 'full';
  const problems = opts.build ? build() : {};
  const env = environment(root);
  const selected = workloads.filter((w) => !opts.only || opts.only.includes(w.id));
  if (selected.length === 0) throw new Error(`--only matched no workload (have ${workloads.map((w) => w.id).join(', ')})`);

  // rows[w.id] = one entry per contender, filled rep by rep
  const rows = new Map();
  for (const w of selected) {
    rows.set(w.id, w.contenders
      .filter((id) => !opts.contenders || opts.contenders.includes(id))
      .map((id) => {
        const c = contenders.find((x) => x.id === id);
        if (!c) throw new Error(`${w.id} names unknown contender ${id}`);
        const n = Math.min(w.n[mode], w.cap?.[id] ?? Infinity);
        return { id, kind: c.kind, label: w.labels?.[id] ?? c.label, n, status: 'ok', reps: [], c };
      }));
  }

  // Without nlbench there is no probe: fall back to a fixed pause between trials.
  const settler = problems.c ? null : new Settler(nlbench);
  const started = Date.now();
  for (let rep = 1; rep <= opts.reps; rep++) {
    for (const w of selected) {
      const iter = w.iter?.[mode];
      for (const row of rows.get(w.id)) {
        if (row.status !== 'ok') continue; // skipped or failed once: no point repeating
        const pre = precheck(row.c, problems);
        if (pre) {
          Object.assign(row, { status: 'skipped', reason: pre });
          continue;
        }
        const ns = createNs();
        let r;
        try {
          runSetup(ns, w.setup(row.n));
          r = await trial(w, row.c, ns, row.n, iter, w.warmup?.[mode]);
          if (r.status === 'ok' && w.verify) r = verify(w, ns) ?? r;
        } catch (e) {
          r = { status: 'error', reason: e.message.split('\n')[0] };
        } finally {
          deleteNs(ns);
        }
        if (r.status === 'ok') {
          r.n = row.n;
          r.usPerOp = r.phases.reduce((s, p) => s + p.us, 0) / row.n;
          r.cpuPerOp = r.phases.reduce((s, p) => s + (p.cpu ?? NaN), 0) / row.n;
          row.reps.push(r);
          log(`[${rep}/${opts.reps}] ${w.id} ${row.id.padEnd(18)} n=${row.n}  ${r.usPerOp.toFixed(2)} µs/op`);
        } else {
          Object.assign(row, { status: r.status, reason: r.reason });
          log(`[${rep}/${opts.reps}] ${w.id} ${row.id.padEnd(18)} ${r.status}: ${r.reason}`);
        }
        // Namespace teardown finishes later in the kernel: wait for it (see lib/settle.mjs).
        if (settler) await settler.settle();
        else await sleep(250);
      }
    }
  }

  settler?.close();
  const summaries = selected.map((w) => summarize(w, rows.get(w.id)));
  console.log(`netlinkts benchmark (${mode}, ${opts.reps} rep${opts.reps > 1 ? 's' : ''}, median) — ${env.date}`);
  console.log(`kernel ${env.kernel} · ${env.cpu} × ${env.cpus} · Node ${env.node} · load ${env.loadavg.join(' ')} at start · ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(table(summaries));

  // Full runs are kept (committed); quick runs (CI, smoke tests) go to the ignored results/tmp/.
  const out = opts.quick ? join(here, 'results', 'tmp') : join(here, 'results');
  mkdirSync(out, { recursive: true });
  const json = {
    ...env,
    mode,
    reps: opts.reps,
    workloads: summaries.map((s) => ({
      ...s,
      rows: s.rows.map(({ c, ...r }) => ({ ...r, reps: r.reps.map(({ status, ...x }) => x) })),
    })),
  };
  const stamp = env.date.replace(/:/g, '-').replace(/\..*$/, '');
  const file = join(out, `${stamp}.json`);
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(out, 'latest.svg'), svg(summaries, env, opts.reps));
  log(`\nwrote ${file} and ${join(out, 'latest.svg')}`);
  const errors = summaries.flatMap((s) => s.rows.filter((r) => r.status === 'error'));
  if (errors.length) process.exitCode = 1;
}

/** Re-renders a saved run (e.g. after changing the chart): table to stdout, SVG next to it. */
function render(file) {
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  // Summarized again from the saved repetitions: runs saved before a summary column existed
  // (e.g. the per-phase ratios) get it too.
  const summaries = saved.workloads.map((w) => summarize(w, w.rows.map((r) => ({ ...r, reps: r.reps.map((x) => ({ status: 'ok', ...x })) }))));
  console.log(table(summaries));
  const out = join(dirname(file), 'latest.svg');
  writeFileSync(out, svg(summaries, saved, saved.reps));
  log(`wrote ${out}`);
}

// Ctrl-C / kill: stop the running child, remove every namespace we made, then exit.
let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    log(`\n${sig}: stopping, removing benchmark namespaces`);
    if (current?.pid) {
      try { process.kill(current.pid, 'SIGKILL'); } catch { /* already gone */ }
    }
    deleteAllNs();
    process.exit(130);
  });
}
process.on('exit', deleteAllNs);

main().catch((e) => {
  deleteAllNs();
  log(`bench: ${e.stack ?? e.message}`);
  process.exitCode = 1;
});
