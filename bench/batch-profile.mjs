// Where a fresh process's W4 batch goes (10,000 routes queued, then committed at 256 per
// sendmsg, ack each; then the same deleted), next to the C limit (nlbench --per-send 256):
//   node bench/batch-profile.mjs [--n 10000] [--reps 5] [--base DIR] [--prof DIR]
// Needs root, a built addon, dist/ and bench/c/build/nlbench. Per repetition, contenders
// interleaved, each in a fresh namespace (nlts-<pid>-bp<k>, removed afterwards) and process:
//   C      nlbench route-add / route-del N --per-send 256 --ack each
//   now    this checkout's dist/: queue (batch.addRoute × N) and commit timed apart
//   base   --base DIR: another built checkout (its dist/ and build/Release) timed the same way
//   floor  the caller's loop alone (specs built and handed to a no-op): queueing's lower bound
// Reported: CPU µs per route (user + system of the process, median of reps) and wall µs,
// per phase. --prof DIR: also run `now` once under --cpu-prof into DIR.
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const N = Number(opt('--n', 10000)), REPS = Number(opt('--reps', 5));
const root = fileURLToPath(new URL('..', import.meta.url));
const nlbench = join(root, 'bench/c/build/nlbench');

// ---- child mode: one fresh process, inside the namespace ----
if (args[0] === '--child') {
  const [, distDir, nS] = args;
  const n = Number(nS);
  const dst = (i) => `10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`; // bench/names.mjs routeDst
  if (distDir === 'floor') {
    // The caller's own loop with no library behind it: the specs built and handed to a function
    // that keeps only the last (what queueing costs at best in a fresh process).
    let last;
    const take = (spec) => { last = spec; };
    const out = {};
    for (const op of ['add', 'del']) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < n; i++) take({ dst: dst(i), dev: 2 });
      const d = process.cpuUsage(c0);
      out[`${op}.queue`] = { cpu: (d.user + d.system) / n, wall: ((performance.now() - t0) * 1000) / n };
    }
    if (last === undefined) throw new Error('the loop did not run');
    process.stdout.write(`${JSON.stringify(out)}\n`);
    process.exit(0);
  }
  const { Netlink } = await import(join(distDir, 'index.js'));
  const h = await Netlink.open();
  const dev = (await h.getLink('veth0')).index;
  const out = {};
  const phase = async (name, fn) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await fn();
    const d = process.cpuUsage(c0);
    out[name] = { cpu: (d.user + d.system) / n, wall: ((performance.now() - t0) * 1000) / n };
    return r;
  };
  for (const [op, m] of [['add', 'addRoute'], ['del', 'deleteRoute']]) {
    const b = h.batch();
    await phase(`${op}.queue`, () => { for (let i = 0; i < n; i++) b[m]({ dst: dst(i), dev }); });
    const rs = await phase(`${op}.commit`, () => b.commit({ perSend: 256, ack: 'each' }));
    const bad = rs.find((r) => !r.ok);
    if (bad) throw bad.error;
  }
  h.close();
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}

// ---- driver ----
let made = [];
const cleanup = () => { for (const ns of made) { try { execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' }); } catch { /* gone */ } } made = []; };
process.on('exit', cleanup);
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => { cleanup(); process.exit(130); });

let seq = 0;
function withNs(fn) {
  const ns = `nlts-${process.pid}-bp${seq++}`;
  execFileSync('ip', ['netns', 'add', ns]);
  made.push(ns);
  try {
    const ipn = (...a) => execFileSync('ip', ['-n', ns, ...a]);
    ipn('link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1');
    ipn('link', 'set', 'veth0', 'up');
    ipn('link', 'set', 'veth1', 'up');
    return fn(ns);
  } finally {
    cleanup();
  }
}

function run(ns, argv) {
  const r = spawnSync('ip', ['netns', 'exec', ns, ...argv], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}

const contenders = { C: null, now: join(root, 'dist'), floor: 'floor' };
if (opt('--base')) contenders.base = join(opt('--base'), 'dist');
const results = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
const prof = opt('--prof');
for (let rep = 0; rep < REPS; rep++) {
  for (const [name, dist] of Object.entries(contenders)) {
    results[name].push(withNs((ns) => {
      if (!dist) {
        const one = (cmd) => run(ns, [nlbench, cmd, String(N), '--per-send', '256', '--ack', 'each']);
        const a = one('route-add'), d = one('route-del');
        return { add: { cpu: a.cpu_us_total / N, wall: a.us_per_op }, del: { cpu: d.cpu_us_total / N, wall: d.us_per_op } };
      }
      const flags = prof && rep === 0 && name === 'now' ? ['--cpu-prof', '--cpu-prof-dir', prof] : [];
      return run(ns, [process.execPath, ...flags, fileURLToPath(import.meta.url), '--child', dist, String(N)]);
    }));
  }
}
const med = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => x.toFixed(2);
console.log(`n=${N} reps=${REPS} load=${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
for (const [name, rs] of Object.entries(results)) {
  const keys = Object.keys(rs[0]);
  const parts = keys.map((k) => `${k} ${fmt(med(rs.map((r) => r[k].cpu)))} [wall ${fmt(med(rs.map((r) => r[k].wall)))}]`);
  const tot = (op) => med(rs.map((r) => keys.filter((k) => k.startsWith(op)).reduce((s, k) => s + r[k].cpu, 0)));
  const totw = (op) => med(rs.map((r) => keys.filter((k) => k.startsWith(op)).reduce((s, k) => s + r[k].wall, 0)));
  console.log(`${name.padEnd(5)} add ${fmt(tot('add'))} [wall ${fmt(totw('add'))}]  del ${fmt(tot('del'))} [wall ${fmt(totw('del'))}]  | ${parts.join(', ')}`);
}
