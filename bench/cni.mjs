#!/usr/bin/env node
// npm run bench:cni — ADD+DEL latency per container: netlinkts in-process (BridgeNetwork
// attach + detach on an open network), the netlinkts-cni executable (bundled, and unbundled), and
// the reference chain (Debian containernetworking-plugins: bridge + portmap, host-local IPAM).
// Contenders alternate container by container in one run; each has its own fresh host namespace
// and every container a fresh namespace (made and removed outside the timed part). Every ADD maps
// one TCP port. The executables run through `ip netns exec HOST` (as a runtime in that namespace
// would run them; the `ip netns exec HOST true` baseline is reported). For netlinkts-cni the
// plugin reports node start / import / work (NETLINKTS_CNI_TIMING=1), in wall and CPU time.
// CPU time next to wall time, because the machine may be loaded by other work: an exec'd
// plugin's (and its children's: the reference chain's iptables) user+system CPU comes from
// /usr/bin/time, the in-process contender's from process.cpuUsage().
// Options: --n 200  --contenders inproc,exec,exec-unbundled,ref  --out bench/results/cni-<date>.json
//   --baseline DIR  adds inproc@base and exec@base: the same from another built checkout (an A/B of
//                   a change in one run, e.g. a worktree of main).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, release, tmpdir, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const arg = (name, def) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : def; };
const N = Number(arg('n', '200'));
const BASE = arg('baseline', null);
const contenders = arg('contenders', 'inproc,exec,exec-unbundled,ref').split(',').concat(BASE ? ['inproc@base', 'exec@base'] : []);
const root = fileURLToPath(new URL('..', import.meta.url));
const BIN = `${root}bin/netlinkts-cni.js`;
const UNBUNDLED = `${root}dist/cni/bin.js`;
const REF = '/usr/lib/cni';
if (contenders.includes('ref') && !existsSync(`${REF}/bridge`)) { console.error('reference plugins missing (apt-get install containernetworking-plugins)'); process.exit(1); }
if (contenders.includes('exec') && !existsSync(`${root}dist/netlinkts-cni.cjs`)) { console.error('bundle missing: npm run build:cni'); process.exit(1); }

const tag = `nlts-${process.pid}-bcni`;
const made = new Set();
const ip = (...a) => execFileSync('ip', a, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
const nsAdd = (n) => { ip('netns', 'add', n); made.add(n); };
const nsDel = (n) => { try { ip('netns', 'del', n); } catch { /* gone */ } made.delete(n); };
const dirs = [];
const cleanup = () => { for (const n of [...made]) nsDel(n); for (const d of dirs) rmSync(d, { recursive: true, force: true }); };
process.on('SIGINT', () => { cleanup(); process.exit(130); });

function conf(dataDir, subnetByte) {
  return { cniVersion: '1.0.0', name: `bench${subnetByte}`, type: 'bridge', bridge: 'cni0', isGateway: true, isDefaultGateway: true, ipMasq: true,
    ipam: { type: 'host-local', ranges: [[{ subnet: `10.${subnetByte}.0.0/16` }]], dataDir } };
}
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
function exec(host, file, env, input) {
  const t = performance.now();
  // dist/cni/bin.js is not an executable file: run it with node (what its shebang would do).
  const argv = file.endsWith('.js') && !file.endsWith('bin/netlinkts-cni.js') ? ['node', file] : [file];
  const cpuFile = `${dirs[0]}/cpu`;
  const cmd = ['ip', 'netns', 'exec', host, ...argv];
  const full = TIME ? [TIME, '-f', '%U %S', '-o', cpuFile, ...cmd] : cmd;
  const r = spawnSync(full[0], full.slice(1), { env: { PATH: process.env.PATH, ...env }, input: JSON.stringify(input), encoding: 'utf8', timeout: 60000 });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${file} ${env.CNI_COMMAND} failed (${r.status}): ${r.stdout} ${r.stderr}`);
  let timing = null;
  for (const line of r.stderr.split('\n')) if (line.startsWith('{"nodeStart"')) timing = JSON.parse(line);
  // /usr/bin/time counts in 10 ms ticks: fine for medians over many runs.
  const cpu = TIME ? readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').reduce((a, x) => a + Number(x) * 1000, 0) : NaN;
  return { ms, cpu, out: r.stdout, timing };
}

const samples = Object.fromEntries(contenders.map((c) => [c, { add: [], del: [], cpu: [], breakdown: [] }]));
const hosts = {};
const setups = {};
let subnet = 100;
for (const c of contenders) {
  const host = `${tag}-${c.replace("@", "-")}`;
  nsAdd(host);
  hosts[c] = host;
  const d = mkdtempSync(`${tmpdir()}/nlts-bench-cni-`);
  dirs.push(d);
  setups[c] = conf(d, subnet++);
}

const nets = {};
try {
  for (const k of ['inproc', 'inproc@base']) {
    if (!contenders.includes(k)) continue;
    const { BridgeNetwork } = await import(k === 'inproc' ? '../dist/index.js' : `${BASE}/dist/index.js`);
    const c = setups[k];
    nets[k] = await BridgeNetwork.open({ name: c.name, bridge: 'cni0', subnet: c.ipam.ranges[0][0].subnet, masquerade: true, stateDir: `${c.ipam.dataDir}/${c.name}`, hostNetns: hosts[k] });
  }
  const baseline = [];
  for (let i = 0; i < 20; i++) { const t = performance.now(); ip('netns', 'exec', hosts[contenders[0]], 'true'); baseline.push(performance.now() - t); }
  const t0 = Date.now();
  for (let i = 0; i < N; i++) {
    const order = i % 2 === 0 ? contenders : [...contenders].reverse();
    for (const c of order) {
      const ctr = `${tag}-c${c.replace("@", "-")}${i}`;
      nsAdd(ctr);
      const id = `b${i}`;
      const ports = [{ hostPort: 20000 + (i % 40000), containerPort: 80, protocol: 'tcp' }];
      const env = { CNI_CONTAINERID: id, CNI_NETNS: `/run/netns/${ctr}`, CNI_IFNAME: 'eth0', CNI_PATH: REF };
      const s = samples[c];
      if (c === 'inproc' || c === 'inproc@base') {
        const net = nets[c];
        const c0 = process.cpuUsage();
        let t = performance.now();
        await net.attach({ id, netns: ctr, ifname: 'eth0', ports });
        s.add.push(performance.now() - t);
        t = performance.now();
        await net.detach({ id, ifname: 'eth0' });
        s.del.push(performance.now() - t);
        const c1 = process.cpuUsage(c0);
        s.cpu.push((c1.user + c1.system) / 1000);
      } else if (c === 'exec' || c === 'exec-unbundled' || c === 'exec@base') {
        const file = c === 'exec' ? BIN : c === 'exec@base' ? `${BASE}/bin/netlinkts-cni.js` : UNBUNDLED;
        const cf = { ...setups[c], runtimeConfig: { portMappings: ports } };
        const a = exec(hosts[c], file, { ...env, CNI_COMMAND: 'ADD', NETLINKTS_CNI_TIMING: '1' }, cf);
        const d = exec(hosts[c], file, { ...env, CNI_COMMAND: 'DEL', NETLINKTS_CNI_TIMING: '1' }, cf);
        s.add.push(a.ms); s.del.push(d.ms); s.cpu.push(a.cpu + d.cpu);
        s.breakdown.push({ add: a.timing, del: d.timing });
      } else if (c === 'ref') {
        const cf = setups.ref;
        const pm = { cniVersion: cf.cniVersion, name: cf.name, type: 'portmap', capabilities: { portMappings: true }, snat: true, runtimeConfig: { portMappings: ports } };
        const b = exec(hosts.ref, `${REF}/bridge`, { ...env, CNI_COMMAND: 'ADD' }, cf);
        const p = exec(hosts.ref, `${REF}/portmap`, { ...env, CNI_COMMAND: 'ADD' }, { ...pm, prevResult: JSON.parse(b.out) });
        const pd = exec(hosts.ref, `${REF}/portmap`, { ...env, CNI_COMMAND: 'DEL' }, pm);
        const bd = exec(hosts.ref, `${REF}/bridge`, { ...env, CNI_COMMAND: 'DEL' }, cf);
        s.add.push(b.ms + p.ms); s.del.push(pd.ms + bd.ms); s.cpu.push(b.cpu + p.cpu + pd.cpu + bd.cpu);
      }
      nsDel(ctr);
    }
    if ((i + 1) % 20 === 0) process.stderr.write(`  ${i + 1}/${N} containers (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
  const q = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
  const med = (xs) => q(xs, 0.5);
  const summary = {};
  for (const c of contenders) {
    const s = samples[c];
    const both = s.add.map((a, i) => a + s.del[i]);
    summary[c] = { n: s.add.length, addP50: med(s.add), addP99: q(s.add, 0.99), delP50: med(s.del), delP99: q(s.del, 0.99), addDelP50: med(both), addDelP99: q(both, 0.99), cpuAddDelP50: med(s.cpu), cpuAddDelP99: q(s.cpu, 0.99) };
    if (s.breakdown.length) {
      for (const k of ['add', 'del']) {
        summary[c][`${k}Breakdown`] = Object.fromEntries(['nodeStart', 'import', 'work', 'cpuNodeStart', 'cpuImport', 'cpuWork'].map((f) => [f, med(s.breakdown.map((b) => b[k][f] ?? NaN))]));
      }
    }
  }
  const ref = summary.ref?.addDelP50;
  const result = {
    date: new Date().toISOString(), kernel: release(), cpu: cpus()[0]?.model, cpus: cpus().length, node: process.version, loadavg: loadavg(),
    n: N, ipNetnsExecBaselineMs: med(baseline), summary,
    ratiosToReference: ref ? Object.fromEntries(contenders.map((c) => [c, summary[c].addDelP50 / ref])) : null,
    cpuRatiosToReference: summary.ref ? Object.fromEntries(contenders.map((c) => [c, summary[c].cpuAddDelP50 / summary.ref.cpuAddDelP50])) : null,
  };
  const out = arg('out', `${root}bench/results/cni-${result.date.replace(/[:.]/g, '-').slice(0, 19)}.json`);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  const f = (x) => (x === undefined ? '—' : x.toFixed(1));
  console.log(`ADD+DEL per container, ms (n=${N}, load ${loadavg().map((x) => x.toFixed(1)).join(' ')}; ip netns exec baseline ${f(result.ipNetnsExecBaselineMs)} ms)`);
  console.log('contender        ADD p50  ADD p99  DEL p50  DEL p99  ADD+DEL p50  ADD+DEL p99  ratio to ref   CPU p50  CPU p99  CPU ratio');
  for (const c of contenders) {
    const s = summary[c];
    const cr = summary.ref ? (s.cpuAddDelP50 / summary.ref.cpuAddDelP50).toFixed(3) : '—';
    console.log(`${c.padEnd(16)} ${f(s.addP50).padStart(7)}  ${f(s.addP99).padStart(7)}  ${f(s.delP50).padStart(7)}  ${f(s.delP99).padStart(7)}  ${f(s.addDelP50).padStart(11)}  ${f(s.addDelP99).padStart(11)}  ${(ref ? (s.addDelP50 / ref).toFixed(3) : '—').padStart(12)}  ${f(s.cpuAddDelP50).padStart(7)}  ${f(s.cpuAddDelP99).padStart(7)}  ${cr.padStart(9)}`);
    for (const k of ['add', 'del']) {
      const b = s[`${k}Breakdown`];
      if (b) console.log(`  ${k} breakdown (p50) wall: node start ${f(b.nodeStart)}, import ${f(b.import)}, work ${f(b.work)}; CPU: node start ${f(b.cpuNodeStart)}, import ${f(b.cpuImport)}, work ${f(b.cpuWork)}`);
    }
  }
  console.log(`results: ${out}`);
} finally {
  for (const n of Object.values(nets)) n.close();
  cleanup();
}
