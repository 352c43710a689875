// One trial in a fresh process: `node bench/child.mjs '<spec json>'`, started by run.mjs inside
// the trial's namespace (ip netns exec). Runs one contender on one workload and prints one JSON
// line: { status: 'ok', phases: [{ name, n, us, cpu }], maxrss_kb } (cpu: µs of CPU time) | { status: 'skipped', reason }
// | { status: 'error', error }. Only the work inside ctx.time() is timed; imports, handle opening
// and name lookups are not.
import { performance } from 'node:perf_hooks';
import { skipReason } from './lib/skip.mjs';

const spec = JSON.parse(process.argv[2] ?? '{}');

function out(result) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const phases = [];
/** µs of CPU (user + system, every thread of this process) since `c0` = process.cpuUsage(). */
const cpuSince = (c0) => {
  const c = process.cpuUsage(c0);
  return c.user + c.system;
};
const ctx = {
  ...spec,
  /** Times fn once as phase `name` covering n operations. */
  async time(name, n, fn) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await fn();
    const us = (performance.now() - t0) * 1000;
    phases.push({ name, n, us, cpu: cpuSince(c0) });
    return r;
  },
  /**
   * Runs fn `warmup` times untimed, then `iter` times, and records the median as phase `name`
   * (for read-only work). The untimed runs let the JIT compile and the heap grow to its working
   * size first, as a long-lived program would have done (C does the same, for symmetry).
   */
  async timeMedian(name, n, iter, fn) {
    for (let k = 0; k < (spec.warmup ?? 0); k++) await fn();
    const t = [], c = [];
    for (let k = 0; k < iter; k++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      await fn();
      t.push((performance.now() - t0) * 1000);
      c.push(cpuSince(c0));
    }
    const mid = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    phases.push({ name, n, us: mid(t), cpu: mid(c), iter });
  },
};

try {
  const mod = await import(new URL(`./contenders/${spec.module}`, import.meta.url).href);
  const trial = mod[spec.export]?.[spec.workload];
  if (typeof trial !== 'function') {
    out({ status: 'skipped', reason: 'not applicable' });
  } else {
    await trial(ctx);
    out({ status: 'ok', phases, maxrss_kb: process.resourceUsage().maxRSS });
  }
} catch (e) {
  const reason = skipReason(e);
  if (reason !== null) out({ status: 'skipped', reason });
  else out({ status: 'error', error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
}
