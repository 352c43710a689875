#!/usr/bin/env node
// netlinkts-cni: the CNI plugin executable. Startup cost is the point of this file: VERSION is
// answered from a tiny module, and the network layer (and the native addon) load only for the
// commands that need them.
// NETLINKTS_CNI_TIMING=1 (bench/cni.mjs): report on stderr when user code started (node start),
// when the plugin was loaded (import) and how long the command took (work), in ms since the
// process started.
// bin/netlinkts-cni.js stamps the moment before it loads this file (or the bundle holding it).
const started = (globalThis as { netlinktsCniStart?: number }).netlinktsCniStart ?? performance.now();
const command = process.env.CNI_COMMAND;
const loaded = performance.now();
let stdin = '';
if (command !== 'VERSION') {
  // Read the pipe as a stream: readFileSync(0) can fail with EAGAIN on a non-blocking pipe.
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  stdin = Buffer.concat(chunks).toString('utf8');
}
if (command === 'VERSION') {
  const { LATEST, SUPPORTED_VERSIONS } = await import('./version.js');
  process.stdout.write(JSON.stringify({ cniVersion: LATEST, supportedVersions: SUPPORTED_VERSIONS }));
} else {
  const beforeImport = performance.now();
  const { run } = await import('./plugin.js');
  const imported = performance.now();
  const out = await run(process.env, stdin);
  if (process.env.NETLINKTS_CNI_TIMING === '1') {
    const ms = (x: number): number => Math.round(x * 100) / 100;
    process.stderr.write(`${JSON.stringify({ nodeStart: ms(started), import: ms(imported - started - (beforeImport - loaded)), work: ms(performance.now() - imported) })}\n`);
  }
  if (out.stdout !== '') process.stdout.write(out.stdout);
  if (out.status !== 0) {
    process.stderr.write(`netlinkts-cni ${command}: ${out.stdout}\n`);
    process.exitCode = out.status;
  }
}
