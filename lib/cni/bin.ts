#!/usr/bin/env node
// netlinkts-cni: the CNI plugin executable. Startup cost is the point of this file: VERSION is
// answered from a tiny module, and the network layer (and the native addon) load only for the
// commands that need them.
const command = process.env.CNI_COMMAND;
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
  const { run } = await import('./plugin.js');
  const out = await run(process.env, stdin);
  if (out.stdout !== '') process.stdout.write(out.stdout);
  if (out.status !== 0) {
    process.stderr.write(`netlinkts-cni ${command}: ${out.stdout}\n`);
    process.exitCode = out.status;
  }
}
