#!/usr/bin/env node
// npm run build:cni — bundles the CNI plugin (dist/cni/bin.js and everything it imports, the
// native addon excepted) into one file, dist/netlinkts-cni.mjs. A plugin runs once per ADD/DEL,
// so its startup is part of every container start: one file instead of ~50 ES modules roughly
// halves the import time here (see bench/cni.mjs). bin/netlinkts-cni.js uses the bundle when it
// exists and falls back to dist/cni/bin.js otherwise. Uses rolldown (already installed as
// vite's bundler for the tests); without it, the plugin simply runs unbundled.
let rolldown;
try {
  rolldown = await import('rolldown');
} catch {
  console.log('build:cni: rolldown not installed; the plugin runs from dist/cni/bin.js (unbundled)');
  process.exit(0);
}
await rolldown.build({
  input: 'dist/cni/bin.js',
  platform: 'node',
  logLevel: 'warn',
  // node-gyp-build locates the addon from the package root at run time (lib/native.ts): keep it
  // external; dist/netlinkts-cni.mjs sits in dist/ like dist/native.js, so '..' is the root.
  external: ['node-gyp-build'],
  output: { file: 'dist/netlinkts-cni.mjs', format: 'esm', codeSplitting: false },
});
console.log('build:cni: dist/netlinkts-cni.mjs');
