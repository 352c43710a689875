#!/usr/bin/env node
// npm run fuzz — builds the libFuzzer targets (native/test/fuzz/*.cc; clang++ with
// -fsanitize=fuzzer,address,undefined) through cmake-js and runs each for a bounded time,
// starting from the checked-in seed corpus (native/test/fuzz/corpus/<target>/). New inputs go to
// build-fuzz/corpus/<target>/ (kept between runs, so runs build on each other); crashing inputs
// to build-fuzz/artifacts/<target>/. Prints execs, corpus growth and crashes per target; exits 1
// if any target crashed.
//
//   --seconds N     time per target (default 30)
//   --target SUB    only targets whose name contains SUB
//   --parallel N    run N targets at once (default 1; the machine has 2 cores)
//   --out DIR       build folder (default build-fuzz/)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cmakeBuild, haveCommand, parseArgs, root } from './lib/cmake.mjs';

const o = parseArgs(process.argv.slice(2), { seconds: '30', target: '', parallel: '1', out: join(root, 'build-fuzz') });
const seconds = Math.max(1, Number(o.seconds) || 30);
if (!haveCommand('clang++')) {
  console.error('fuzz: clang++ is required (libFuzzer ships with clang; on Debian: apt-get install clang)');
  process.exit(1);
}
cmakeBuild({ out: o.out, cxx: 'clang++', config: 'Release', defines: { NLTS_FUZZ: 'ON', NLTS_SANITIZE: 'ON' } });

const fuzzDir = join(root, 'native', 'test', 'fuzz');
const targets = readdirSync(fuzzDir)
  .filter((f) => f.endsWith('.cc'))
  .map((f) => f.replace(/\.cc$/, ''))
  .filter((t) => t.includes(o.target))
  .sort();
if (!targets.length) { console.error(`fuzz: no target matches "${o.target}"`); process.exit(1); }

function runTarget(t) {
  const work = join(o.out, 'corpus', t);
  const artifacts = join(o.out, 'artifacts', t);
  mkdirSync(work, { recursive: true });
  mkdirSync(artifacts, { recursive: true });
  const seeds = join(fuzzDir, 'corpus', t);
  const args = [`-max_total_time=${seconds}`, '-print_final_stats=1', '-timeout=10', '-rss_limit_mb=2048',
    `-artifact_prefix=${artifacts}/`, work];
  if (existsSync(seeds)) args.push(seeds);
  return new Promise((resolve) => {
    const p = spawn(join(o.out, t), args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1', ASAN_OPTIONS: 'detect_leaks=1' },
    });
    let log = '';
    p.stderr.on('data', (d) => { log += d; if (log.length > 4e6) log = log.slice(-2e6); });
    p.on('close', (code) => {
      const stat = (k) => Number((new RegExp(`stat::${k}:\\s+(\\d+)`).exec(log) ?? [])[1] ?? NaN);
      const crashed = code !== 0;
      const artifact = (/Test unit written to (\S+)/.exec(log) ?? [])[1] ?? null;
      const reason = crashed ? (/(ERROR: \w+Sanitizer: [^\n]*|runtime error: [^\n]*|deadly signal|ERROR: libFuzzer: [^\n]*)/.exec(log) ?? ['exit ' + code])[0] : '';
      resolve({ t, code, execs: stat('number_of_executed_units'), newUnits: stat('new_units_added'),
        corpus: readdirSync(work).length, crashed, artifact, reason, log });
    });
  });
}

const results = [];
const queue = [...targets];
const workers = Array.from({ length: Math.max(1, Number(o.parallel) || 1) }, async () => {
  while (queue.length) {
    const t = queue.shift();
    console.log(`fuzz: ${t} for ${seconds}s …`);
    const r = await runTarget(t);
    results.push(r);
    if (r.crashed) console.log(r.log.split('\n').slice(-60).join('\n'));
  }
});
await Promise.all(workers);

results.sort((a, b) => a.t.localeCompare(b.t));
console.log('\ntarget              execs      exec/s  new  corpus  crashes');
for (const r of results) {
  console.log(`${r.t.padEnd(18)} ${String(r.execs).padStart(9)}  ${String(Math.round(r.execs / seconds)).padStart(7)}  ${String(r.newUnits).padStart(4)}  ${String(r.corpus).padStart(6)}  ${r.crashed ? 1 : 0}${r.crashed ? `  ${r.reason}${r.artifact ? ` → ${r.artifact}` : ''}` : ''}`);
}
const crashed = results.filter((r) => r.crashed).length;
console.log(`fuzz: ${results.length - crashed} passed, ${crashed} failed`);
process.exit(crashed ? 1 : 0);
