#!/usr/bin/env node
// netlinkts-cni: the CNI plugin executable. Startup cost is the point of this file: VERSION is
// answered from a tiny module, and the network layer (and the native addon) load only for the
// commands that need them.
// NETLINKTS_CNI_TIMING=1 (bench/cni.mjs): report on stderr when user code started (node start),
// when the plugin was loaded (import) and how long the command took (work), in ms since the
// process started.
// bin/netlinkts-cni.js stamps the moment (and the CPU time used) before it loads this file (or
// the bundle holding it); the CPU times are totals of the process, user + system, in ms.
import { readSync } from 'node:fs';

/**
 * stdin, read synchronously: a `for await` over process.stdin would load Node's stream machinery
 * (~15 internal modules compiled at every start). A non-blocking pipe (EAGAIN) falls back to it.
 */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  const buf = Buffer.allocUnsafe(65536);
  try {
    for (;;) {
      const n = readSync(0, buf, 0, buf.length, null);
      if (n === 0) return Buffer.concat(chunks).toString('utf8');
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
  }
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// No top-level await: the bundle may be CommonJS (run from a V8 code cache, scripts/bundle-cni.mjs).
async function main(): Promise<void> {
  const g = globalThis as { netlinktsCniStart?: number; netlinktsCniStartCpu?: NodeJS.CpuUsage };
  const started = g.netlinktsCniStart ?? performance.now();
  const cpuMs = (u: NodeJS.CpuUsage = process.cpuUsage()): number => Math.round((u.user + u.system) / 10) / 100;
  const startedCpu = cpuMs(g.netlinktsCniStartCpu);
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
    try {
      stdin = await readStdin();
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
      const importedCpu = cpuMs();
      const out = await plugin.run(process.env, stdin);
      if (process.env.NETLINKTS_CNI_TIMING === '1') {
        const ms = (x: number): number => Math.round(x * 100) / 100;
        const workCpu = cpuMs();
        process.stderr.write(`${JSON.stringify({
          nodeStart: ms(started), import: ms(imported - started - (beforeImport - loaded)), work: ms(performance.now() - imported),
          cpuNodeStart: startedCpu, cpuImport: ms(importedCpu - startedCpu), cpuWork: ms(workCpu - importedCpu),
        })}\n`);
      }
      if (out.stdout !== '') process.stdout.write(out.stdout);
      if (out.status !== 0) {
        process.stderr.write(`netlinkts-cni ${command}: ${out.stdout}\n`);
        process.exitCode = out.status;
      }
    }
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`netlinkts-cni: ${String((e as Error)?.stack ?? e)}\n`);
  process.exitCode = 1;
});
