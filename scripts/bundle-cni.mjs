#!/usr/bin/env node
// npm run build:cni — bundles the CNI plugin (dist/cni/bin.js and everything it imports, the
// native addon excepted) into one CommonJS file, dist/netlinkts-cni.cjs. A plugin runs once per
// ADD/DEL, so its startup is part of every container start: one file instead of ~50 ES modules,
// loaded without Node's ES module loader and from a V8 code cache (bin/netlinkts-cni.js; the
// measurements are in bench/README.md "CNI"). bin/netlinkts-cni.js falls back to dist/cni/bin.js
// when the bundle is missing. Uses rolldown (already installed as vite's bundler for the tests);
// without it, the plugin simply runs unbundled.
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';

let rolldown;
try {
  rolldown = await import('rolldown');
} catch {
  console.log('build:cni: rolldown not installed; the plugin runs from dist/cni/bin.js (unbundled)');
  process.exit(0);
}
const out = 'dist/netlinkts-cni.cjs';
await rolldown.build({
  input: 'dist/cni/bin.js',
  platform: 'node',
  logLevel: 'warn',
  // node-gyp-build locates the addon from the package root at run time (lib/native.ts): keep it
  // external; dist/netlinkts-cni.cjs sits in dist/ like dist/native.js, so '..' is the root.
  external: ['node-gyp-build'],
  output: { file: out, format: 'cjs', codeSplitting: false },
});
// The bundle runs wrapped in a function (Module.wrap), where a shebang line is a syntax error.
writeFileSync(out, readFileSync(out, 'utf8').replace(/^#!.*\n/, ''));
// Code caches of earlier builds (their names carry the old bundle's size and mtime) and the
// ES module bundle of earlier versions.
for (const f of readdirSync('dist')) {
  if (/^netlinkts-cni\.cjs\..*\.cache/.test(f) || f === 'netlinkts-cni.mjs') rmSync(`dist/${f}`, { force: true });
}
console.log(`build:cni: ${out}`);
