#!/usr/bin/env node
// The CNI plugin executable (package.json "bin"). Copy or symlink it into a CNI_PATH directory as
// "netlinkts-cni". A plugin runs once per ADD/DEL, so its start is part of every container start;
// this file is CommonJS (bin/package.json) to keep Node's ES module loader out of the process
// entirely, and runs the one-file bundle dist/netlinkts-cni.cjs (npm run build:cni) from a V8
// code cache beside it: the bytecode of every function an earlier ADD compiled, so this run
// neither parses nor compiles them. The cache is written after a successful ADD that had none (or
// had it rejected by a different node), atomically; where dist/ is read-only the plugin runs
// uncached.
// The cache file is named after the bundle's size and mtime: V8 itself checks only the source's
// length, so a rebuilt bundle must never meet the old cache. Without the bundle, the compiled
// modules (dist/cni/bin.js) run instead.
'use strict';
globalThis.netlinktsCniStart = performance.now();
globalThis.netlinktsCniStartCpu = process.cpuUsage();
const fs = require('node:fs');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist');
const bundle = path.join(dist, 'netlinkts-cni.cjs');
let st = null;
try { st = fs.statSync(bundle); } catch { /* not built: run unbundled */ }
if (st === null) {
  import('../dist/cni/bin.js');
} else {
  const vm = require('node:vm');
  const Module = require('node:module');
  const cacheFile = path.join(dist, `netlinkts-cni.cjs.${st.size}-${Math.trunc(st.mtimeMs)}.cache`);
  let cachedData;
  try { cachedData = fs.readFileSync(cacheFile); } catch { /* first run */ }
  const source = fs.readFileSync(bundle, 'utf8');
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData, importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER });
  if (cachedData === undefined || script.cachedDataRejected) {
    process.once('exit', (code) => {
      // After a successful ADD: the run that compiles the most of the plugin.
      if (code !== 0 || process.env.CNI_COMMAND !== 'ADD') return;
      const tmp = `${cacheFile}.tmp-${process.pid}`;
      try {
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {
        try { fs.unlinkSync(tmp); } catch { /* nothing written */ }
      }
    });
  }
  const module = { exports: {} };
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(bundle), module, bundle, dist);
}
