#!/usr/bin/env node
// netlinkts-cni: the CNI plugin executable. Startup cost is the point of this file: VERSION is
// answered from a tiny module, and the network layer (and the native addon) load only for the
// commands that need them.
import { readFileSync } from 'node:fs';

const command = process.env.CNI_COMMAND;
let stdin = '';
if (command !== 'VERSION') {
  try { stdin = readFileSync(0, 'utf8'); } catch { /* no stdin: the config parser reports it */ }
}
if (command === 'VERSION') {
  const { LATEST, SUPPORTED_VERSIONS } = await import('./version.js');
  process.stdout.write(JSON.stringify({ cniVersion: LATEST, supportedVersions: SUPPORTED_VERSIONS }));
} else {
  const { run } = await import('./plugin.js');
  const out = await run(process.env, stdin);
  if (out.stdout !== '') process.stdout.write(out.stdout);
  if (out.status !== 0) {
    process.stderr.write(`netlinkts-cni ${command}: ${out.stdout}\n`);
    process.exitCode = out.status;
  }
}
