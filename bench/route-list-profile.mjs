// Where a big route listing's time goes (W5), with measures that a loaded machine does not
// distort, next to the C limit (bench/c/nlbench dump-routes):
//   node bench/route-list-profile.mjs [--n 10000] [--reps 5] [--iter 7] [--warmup 3] [--callgrind]
// Needs root, a built addon, dist/ and bench/c/build/nlbench (npm run bench builds it). Works
// only in a namespace it creates (nlts-<pid>-rl, removed on exit), holding n routes as W5 does.
// Per repetition (contenders interleaved, each in a fresh process):
//   C          nlbench dump-routes: CPU µs/route of the median dump
//   list       listRoutes(): CPU µs/route (median of iter, after warmup untimed listings)
//   columnar   listRoutesColumnar(): the same
//   native     the native dump alone (routeListEntries), and the JS decode alone (decodeRouteList,
//              decodeRouteColumns), measured apart in one process
// --callgrind: also user-space instructions per route under valgrind (deterministic under load):
// a process doing warmup + iter listings minus one doing warmup listings only, per contender.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt; };
const N = opt('--n', 10000), REPS = opt('--reps', 5), ITER = opt('--iter', 7), WARM = opt('--warmup', 3);
const root = fileURLToPath(new URL('..', import.meta.url));
const nlbench = join(root, 'bench/c/build/nlbench');

// ---- child mode: one measurement in this process, inside the namespace ----
if (args[0] === '--child') {
  const [, mode, iterS, warmS] = args;
  const iter = Number(iterS), warm = Number(warmS);
  const dist = new URL('../dist/', import.meta.url);
  const { Netlink } = await import(new URL('index.js', dist).href);
  const { decodeRouteList, routeListEntries } = await import(new URL('route/list.js', dist).href);
  const { decodeRouteColumns } = await import(new URL('route/columns.js', dist).href);
  const h = await Netlink.open();
  const linkMap = new Map((await h.listLinks()).map((l) => [l.index, l.name]));
  const names = () => linkMap;
  const cpu = (fn) => { const c0 = process.cpuUsage(); fn(); const d = process.cpuUsage(c0); return d.user + d.system; };
  const med = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  let out;
  if (mode === 'list' || mode === 'columnar') {
    const fn = mode === 'list' ? () => h.listRoutes() : () => h.listRoutesColumnar();
    const n = (await fn()).length;
    for (let k = 0; k < warm; k++) await fn();
    const c = [];
    for (let k = 0; k < iter; k++) { const c0 = process.cpuUsage(); await fn(); const d = process.cpuUsage(c0); c.push(d.user + d.system); }
    out = { n, cpu: c.length ? med(c) / n : 0 };
  } else if (mode === 'split') {
    const sock = h.routeSocket('profile');
    const parts = { native: [], decodeList: [], decodeColumnar: [] };
    let n = 0;
    for (let k = 0; k < warm + iter; k++) {
      let buf;
      const a = cpu(() => { buf = routeListEntries(sock, 0, 254, 0); });
      let r;
      const b = cpu(() => { r = decodeRouteList(buf, names, 'profile'); });
      n = r.length;
      const buf2 = routeListEntries(sock, 0, 254, 0);
      const c = cpu(() => { decodeRouteColumns(buf2, names, 'profile'); });
      if (k >= warm) { parts.native.push(a); parts.decodeList.push(b); parts.decodeColumnar.push(c); }
    }
    out = Object.fromEntries(Object.entries(parts).map(([k, xs]) => [k, med(xs) / n]));
  }
  h.close();
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0);
}

// ---- driver ----
const ns = `nlts-${process.pid}-rl`;
const cleanup = () => { try { execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' }); } catch { /* gone */ } };
process.on('exit', cleanup);
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => { cleanup(); process.exit(130); });

execFileSync('ip', ['netns', 'add', ns]);
const ipn = (...a) => execFileSync('ip', ['-n', ns, ...a]);
ipn('link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1');
ipn('link', 'set', 'veth0', 'up');
ipn('link', 'set', 'veth1', 'up');
const lines = Array.from({ length: N }, (_, i) => `route add 10.${i >> 16}.${(i >> 8) & 255}.${i & 255}/32 dev veth0`);
execFileSync('ip', ['-n', ns, '-batch', '-'], { input: `${lines.join('\n')}\n` });

const self = fileURLToPath(import.meta.url);
const inNs = (cmd, argv) => JSON.parse(execFileSync('ip', ['netns', 'exec', ns, cmd, ...argv], { encoding: 'utf8', maxBuffer: 1 << 20 }).trim().split('\n').pop());
const runC = (iter, warm) => inNs(nlbench, ['dump-routes', '--iter', String(iter), '--warmup', String(warm)]);
const runNode = (mode, iter, warm) => inNs(process.execPath, [self, '--child', mode, String(iter), String(warm)]);

const rows = { C: [], list: [], columnar: [], native: [], decodeList: [], decodeColumnar: [] };
for (let r = 0; r < REPS; r++) {
  const c = runC(ITER, WARM);
  rows.C.push(c.cpu_us_total / c.n);
  rows.list.push(runNode('list', ITER, WARM).cpu);
  rows.columnar.push(runNode('columnar', ITER, WARM).cpu);
  const s = runNode('split', ITER, WARM);
  rows.native.push(s.native); rows.decodeList.push(s.decodeList); rows.decodeColumnar.push(s.decodeColumnar);
}
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const cMed = med(rows.C);
console.log(`route listing, ${N} routes, CPU µs per route (median of ${REPS} processes, each the median of ${ITER} after ${WARM} warm-up listings)`);
for (const [k, xs] of Object.entries(rows)) {
  console.log(`  ${k.padEnd(15)} ${med(xs).toFixed(3)}  ×C ${(med(xs) / cMed).toFixed(2)}   [${xs.map((x) => x.toFixed(3)).join(' ')}]`);
}

if (args.includes('--callgrind')) {
  // User-space instructions per route: (1 + iter timed listings) − (1 timed listing), per contender.
  const dir = mkdtempSync(join(tmpdir(), 'nlts-cg-'));
  const instr = (argv) => {
    for (const f of readdirSync(dir)) rmSync(join(dir, f));
    const r = spawnSync('ip', ['netns', 'exec', ns, 'valgrind', '--tool=callgrind', '--trace-children=no',
      `--callgrind-out-file=${join(dir, 'cg.%p')}`, ...argv], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`valgrind failed: ${r.stderr.slice(-500)}`);
    let total = 0;
    for (const f of readdirSync(dir)) {
      const m = /^summary:\s+(\d+)/m.exec(readFileSync(join(dir, f), 'utf8'));
      if (m) total += Number(m[1]);
    }
    return total;
  };
  const per = (argvOf) => (instr(argvOf(ITER + 1)) - instr(argvOf(1))) / (ITER * N);
  const res = {
    C: per((it) => [nlbench, 'dump-routes', '--iter', String(it), '--warmup', String(WARM)]),
    list: per((it) => [process.execPath, self, '--child', 'list', String(it), String(WARM)]),
    columnar: per((it) => [process.execPath, self, '--child', 'columnar', String(it), String(WARM)]),
  };
  rmSync(dir, { recursive: true, force: true });
  console.log(`user-space instructions per route (callgrind, ${ITER} listings after ${WARM}):`);
  for (const [k, x] of Object.entries(res)) console.log(`  ${k.padEnd(15)} ${x.toFixed(0)}  ×C ${(x / res.C).toFixed(2)}`);
}
