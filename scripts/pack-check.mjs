#!/usr/bin/env node
// npm run test:pack — the package as a user installs it. Packs the tarball (`npm pack`, so the
// prepack prebuildify step runs), checks what it carries, installs it into throw-away projects
// with `npm i --ignore-scripts`, with pnpm 10 (which runs no dependency build scripts) and with a
// plain `npm i` (the install script must find the prebuild and compile nothing), all on a PATH
// holding only node, npm, pnpm and sh — no compiler, no make, no python. Then a probe, as ESM
// import and CommonJS require, opens a handle in a throw-away namespace, creates and lists a veth
// and reports which addon file the process mapped; under this Node and under Node 22 and 24
// (the npm `node@22` / `node@24` packages, installed once into a cache folder).
//
//   --tarball FILE   check this tarball instead of packing one
//   --keep           keep the work folder (printed) for a look afterwards
//
// Ends with "pack: N passed, N failed, N skipped"; .ci/run counts it and lists the FAIL lines.
// When the registry cannot be reached the check is skipped, with the reason printed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const keep = args.includes('--keep');
const cache = process.env.NLTS_TOOL_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'netlinkts-ci');
const started = Date.now();
let passed = 0, failed = 0;

function check(name, fn) {
  try {
    const note = fn();
    passed++;
    console.log(`ok   ${name}${note ? ` (${note})` : ''}`);
  } catch (e) {
    failed++;
    const msg = String(e?.stderr || e?.message || e).trim().split('\n').slice(-6).join(' | ');
    console.log(`FAIL ${name}: ${msg}`);
  }
}

function run(cmd, argv, o = {}) {
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000, ...o });
}

function finish(skippedWhy) {
  if (skippedWhy) console.log(`pack: skipped — ${skippedWhy}`);
  console.log(`pack: ${passed} passed, ${failed} failed, ${skippedWhy ? 1 : 0} skipped (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  process.exit(failed ? 1 : 0);
}

// The registry: needed for the tools (once) and the package's two dependencies.
const ping = spawnSync('npm', ['ping'], { encoding: 'utf8', timeout: 30_000 });
if (ping.status !== 0) finish(`registry unreachable (npm ping: ${(ping.stderr || ping.error?.message || '').trim().split('\n').at(-1)})`);

/** Installs `spec` into `cache/<dir>` once; concurrent runs each install aside and the first rename wins. */
function tool(spec, dir, bin) {
  const final = join(cache, dir);
  if (!existsSync(join(final, bin))) {
    mkdirSync(cache, { recursive: true });
    const aside = mkdtempSync(join(cache, `.${dir}-`));
    run('npm', ['install', '--prefix', aside, '--no-audit', '--no-fund', '--no-save', spec], { timeout: 300_000 });
    try { renameSync(aside, final); } catch { rmSync(aside, { recursive: true, force: true }); }
  }
  return join(final, bin);
}

let pnpm, node22, node24;
try {
  pnpm = tool('pnpm@10', 'pnpm10', 'node_modules/pnpm/bin/pnpm.cjs');
  node22 = tool('node@22', 'node22', 'node_modules/node/bin/node');
  node24 = tool('node@24', 'node24', 'node_modules/node/bin/node');
} catch (e) {
  finish(`cannot install pnpm@10 / node@22 / node@24 from the registry: ${String(e.stderr || e.message).trim().split('\n').at(-1)}`);
}

const work = mkdtempSync(join(tmpdir(), 'nlts-pack-'));
try {
  // 1. The tarball, made as `npm pack` makes it (prepack: prebuildify; prepare: tsc).
  let tarball = opt('--tarball');
  if (!tarball) {
    const out = run('npm', ['pack', '--json', '--pack-destination', work], { cwd: repo, timeout: 2_400_000 }); // compiles: minutes on a loaded machine
    tarball = join(work, JSON.parse(out.slice(out.indexOf('[')))[0].filename);
  }
  const files = run('tar', ['-tzf', tarball]).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
  check('tarball carries the prebuild, dist, typings, native sources, binding.gyp, README, LICENSE, CHANGELOG', () => {
    for (const f of ['prebuilds/linux-x64/netlinkts.glibc.node', 'dist/index.js', 'dist/index.d.ts', 'typings/native.d.ts',
      'binding.gyp', 'native/napi/binding.cc', 'README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']) {
      if (!files.includes(f)) throw new Error(`missing ${f}`);
    }
    return `${files.length} files`;
  });
  check('tarball ships no tests, fixtures, fuzzers, bench, scripts or source maps', () => {
    const bad = files.filter((f) => /^(test|bench|scripts|examples|lib|docs|native\/test|\.ci)\//.test(f) || f.endsWith('.map'));
    if (bad.length) throw new Error(`ships ${bad.slice(0, 5).join(', ')}${bad.length > 5 ? ` and ${bad.length - 5} more` : ''}`);
  });

  // 2. A PATH without a compiler: only node, npm, pnpm and sh.
  const bin = join(work, 'bin');
  mkdirSync(bin);
  const npmCli = realpathSync(run('sh', ['-c', 'command -v npm']).trim());
  symlinkSync(process.execPath, join(bin, 'node'));
  symlinkSync(npmCli, join(bin, 'npm'));
  symlinkSync(pnpm, join(bin, 'pnpm'));
  symlinkSync('/bin/sh', join(bin, 'sh'));
  const env = { ...process.env, PATH: bin };
  delete env.CC; delete env.CXX;
  for (const k of Object.keys(env)) if (k.startsWith('npm_') && k !== 'npm_config_cache') delete env[k];
  check('the install PATH has no compiler, make or python', () => {
    const found = ['cc', 'gcc', 'g++', 'c++', 'clang', 'clang++', 'make', 'python3', 'python']
      .filter((c) => spawnSync('sh', ['-c', `command -v ${c}`], { env }).status === 0);
    if (found.length) throw new Error(`found ${found.join(', ')}`);
  });

  // 3. Three installs, each in a fresh project.
  const project = (name) => {
    const dir = join(work, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `probe-${name}`, version: '1.0.0', private: true }));
    return dir;
  };
  const installs = {
    'npm-ignore-scripts': ['npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', tarball]],
    pnpm10: ['pnpm', ['add', tarball, '--store-dir', join(cache, 'pnpm-store'), '--config.confirmModulesPurge=false']],
    'npm-scripts': ['npm', ['install', '--no-audit', '--no-fund', tarball]],
  };
  const dirs = {};
  for (const [name, [cmd, argv]] of Object.entries(installs)) {
    check(`install with ${cmd} ${argv.filter((a) => a.startsWith('--ignore')).join(' ')}`.trim() + ` (${name})`, () => {
      const dir = project(name);
      run(join(bin, cmd), argv, { cwd: dir, env });
      const pkg = realpathSync(join(dir, 'node_modules', 'netlinkts'));
      if (existsSync(join(pkg, 'build'))) throw new Error(`${pkg}/build exists: the addon was compiled`);
      dirs[name] = dir;
    });
  }

  // 4. The probe: ESM and CommonJS, under this Node, Node 22 and Node 24.
  const body = (imp) => `${imp}
const maps = () => require('node:fs').readFileSync('/proc/self/maps', 'utf8');
(async () => {
  const ns = 'nlts-' + process.pid + '-pack';
  await createNetns(ns);
  let h;
  try {
    h = await Netlink.open({ netns: ns });
    await h.createVeth('pk0', 'pk1');
    const names = (await h.listLinks()).map((l) => l.name).sort();
    const addon = maps().split('\\n').map((l) => l.split(/\\s+/)[5]).find((p) => p && p.endsWith('.node'));
    process.stdout.write(JSON.stringify({ node: process.version, names, addon }));
  } finally {
    h?.close();
    await deleteNetns(ns);
  }
})().catch((e) => { console.error(e); process.exit(1); });
`;
  const probes = {
    'probe.mjs': body("import { createNetns, deleteNetns, Netlink } from 'netlinkts';\nimport { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);"),
    'probe.cjs': body("const { createNetns, deleteNetns, Netlink } = require('netlinkts');"),
  };
  const nodes = { [`node ${process.version}`]: process.execPath, 'node 22': node22, 'node 24': node24 };
  const plan = [
    ['npm-ignore-scripts', Object.keys(nodes), ['probe.mjs', 'probe.cjs']],
    ['pnpm10', Object.keys(nodes), ['probe.mjs', 'probe.cjs']],
    ['npm-scripts', [`node ${process.version}`], ['probe.mjs']],
  ];
  for (const [install, nodeNames, files] of plan) {
    if (!dirs[install]) continue;
    for (const f of Object.keys(probes)) writeFileSync(join(dirs[install], f), probes[f]);
    for (const n of nodeNames) {
      for (const f of files) {
        check(`${install}: ${n}: ${f === 'probe.cjs' ? "require('netlinkts')" : "import 'netlinkts'"}: veth in a throw-away namespace`, () => {
          const r = JSON.parse(run(nodes[n], [f], { cwd: dirs[install], env, timeout: 60_000 }));
          if (JSON.stringify(r.names) !== JSON.stringify(['lo', 'pk0', 'pk1'])) throw new Error(`listed ${r.names}`);
          if (!r.addon?.endsWith('/prebuilds/linux-x64/netlinkts.glibc.node')) throw new Error(`loaded ${r.addon}`);
          return r.node;
        });
      }
    }
  }
} finally {
  if (keep) console.log(`pack: work folder kept: ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
finish();
