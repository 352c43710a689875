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
const fail = (code: number, msg: string, details: string): void => {
  // The spec's error result; cniVersion as the configuration asked, when it can be read.
  let cniVersion = '1.1.0';
  try { cniVersion = (JSON.parse(stdin) as { cniVersion?: string }).cniVersion ?? cniVersion; } catch { /* keep */ }
  const out = JSON.stringify({ cniVersion, code, msg, details });
  process.stdout.write(out);
  process.stderr.write(`netlinkts-cni ${command}: ${out}\n`);
  process.exitCode = 1;
};
let stdin = '';
let readFailed: unknown = null;
if (command !== 'VERSION') {
  // Read the pipe as a stream: readFileSync(0) can fail with EAGAIN on a non-blocking pipe.
  try {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    stdin = Buffer.concat(chunks).toString('utf8');
  } catch (e) {
    readFailed = e;
  }
}
if (command === 'VERSION') {
  const { LATEST, SUPPORTED_VERSIONS } = await import('./version.js');
  process.stdout.write(JSON.stringify({ cniVersion: LATEST, supportedVersions: SUPPORTED_VERSIONS }));
} else if (readFailed !== null) {
  fail(5, 'cannot read the network configuration from stdin', String((readFailed as Error).message ?? readFailed));
} else {
  const beforeImport = performance.now();
  let plugin: typeof import('./plugin.js') | null = null;
  try {
    plugin = await import('./plugin.js');
  } catch (e) {
    // The network layer or the native addon cannot load (a broken install, a missing build):
    // no command can be served. STATUS's "not available" code says exactly that.
    fail(50, 'the plugin is not available: its native addon or modules cannot load', String((e as Error).message ?? e).split('\n')[0]!);
  }
  if (plugin !== null) {
    const imported = performance.now();
    const out = await plugin.run(process.env, stdin);
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
}
