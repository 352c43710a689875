#!/usr/bin/env node
// The CNI plugin executable (package.json "bin"). Copy or symlink it into a CNI_PATH directory as
// "netlinkts-cni". It runs the single-file bundle (npm run build:cni) when present — faster to
// start — and the compiled modules (dist/cni/bin.js) otherwise.
import { existsSync } from 'node:fs';

globalThis.netlinktsCniStart = performance.now();
const bundle = new URL('../dist/netlinkts-cni.mjs', import.meta.url);
await import(existsSync(bundle) ? bundle.href : '../dist/cni/bin.js');
