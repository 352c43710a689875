#!/usr/bin/env node
// Which dumps does the kernel mark NLM_F_DUMP_INTR, and how often does netlinkts retry them?
// In a namespace of its own (nlts-<pid>-intr1, removed at the end) with 4000 routes and 4000
// addresses, `ip -batch` adds and removes addresses, routes and veths in a loop while this
// process dumps links, addresses and IPv4/IPv6 routes for 5 s. Prints dumps and retries per kind.
// Needs root and a build (dist/ and the addon).   node scripts/dump-intr-probe.mjs [seconds]
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Netlink } from '../dist/index.js';
import { native } from '../dist/native.js';

const seconds = Number(process.argv[2] ?? 5);
const ns = `nlts-${process.pid}-intr1`;
const dir = mkdtempSync(join(tmpdir(), 'nlts-intr-'));
execFileSync('ip', ['netns', 'add', ns]);
try {
  const ip = (...a) => execFileSync('ip', ['-n', ns, ...a]);
  ip('link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1');
  ip('link', 'set', 'v0', 'up');
  const setup = [];
  for (let i = 0; i < 4000; i++) setup.push(`route add 10.${(i >> 8) & 255}.${i & 255}.0/24 dev v0`, `addr add 172.16.${(i >> 8) & 255}.${i & 255}/32 dev v0`);
  writeFileSync(join(dir, 'setup'), setup.join('\n') + '\n');
  ip('-batch', join(dir, 'setup'));
  const churn = [];
  for (let i = 0; i < 200; i++) churn.push(`route add 10.200.${i}.0/24 dev v0`, `addr add 172.17.0.${i}/32 dev v0`, `link add c${i} type veth peer name d${i}`);
  for (let i = 0; i < 200; i++) churn.push(`route del 10.200.${i}.0/24 dev v0`, `addr del 172.17.0.${i}/32 dev v0`, `link del c${i}`);
  writeFileSync(join(dir, 'churn'), churn.join('\n') + '\n');

  const h = await Netlink.open({ netns: ns });
  const sock = h.routeSocket('probe');
  let stop = false;
  const churner = (async () => {
    while (!stop) await new Promise((r) => spawn('ip', ['-n', ns, '-force', '-batch', join(dir, 'churn')], { stdio: 'ignore' }).on('exit', r));
  })();
  await new Promise((r) => setTimeout(r, 200));
  const kinds = {
    link: () => native.linkDump(sock, '', -1),
    address: () => native.addrDump(sock, 0, 0),
    'route v4': () => native.routeDump(sock, native.constants.AF_INET ?? 2, 254, 0),
    'route v6': () => native.routeDump(sock, native.constants.AF_INET6 ?? 10, 0, 0),
  };
  const stats = Object.fromEntries(Object.keys(kinds).map((k) => [k, { dumps: 0, retries: 0, outOfAttempts: 0 }]));
  const t0 = Date.now();
  while (Date.now() - t0 < seconds * 1000) {
    for (const [k, dump] of Object.entries(kinds)) {
      stats[k].dumps++;
      try {
        const b = dump();
        if (b.dumpAttempts) stats[k].retries += b.dumpAttempts - 1;
      } catch (e) {
        if (e.nlDumpInterrupted) { stats[k].outOfAttempts++; stats[k].retries += 4; } else throw e;
      }
    }
    await new Promise((r) => setImmediate(r));
  }
  stop = true;
  await churner;
  h.close();
  console.table(stats);
} finally {
  execFileSync('ip', ['netns', 'del', ns]);
  rmSync(dir, { recursive: true, force: true });
}
