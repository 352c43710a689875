// A throw-away "host" namespace (the network's hostNetns, never the root one) with an uplink to an
// "outside" namespace, and container namespaces. Everything is removed after each test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { ipCmd, makeNetns } from '../helpers/ns.js';

export const UPLINK = { host: '10.77.0.1', outside: '10.77.0.2' } as const;

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A temporary state directory, removed after the test. */
export function stateDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'nlts-net-'));
  dirs.push(d);
  return d;
}

/** host + outside namespaces joined by host:uplink 10.77.0.1/24 ↔ outside:eth0 10.77.0.2/24. */
export function hostWithOutside(tag = 'n'): { host: string; out: string } {
  const host = makeNetns(`${tag}h`);
  const out = makeNetns(`${tag}o`);
  ipCmd(host, 'link', 'add', 'uplink', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', out);
  ipCmd(host, 'addr', 'add', `${UPLINK.host}/24`, 'dev', 'uplink');
  ipCmd(out, 'addr', 'add', `${UPLINK.outside}/24`, 'dev', 'eth0');
  for (const [ns, dev] of [[host, 'uplink'], [host, 'lo'], [out, 'eth0'], [out, 'lo']] as const) ipCmd(ns, 'link', 'set', dev, 'up');
  return { host, out };
}
