// examples/ are programs users copy from: each runs here as a user runs it (`node examples/X.mjs`,
// importing 'netlinkts' — the package resolves itself through its "exports", i.e. dist/), in the
// throw-away namespaces it creates (nlts-<its pid>-…), and must leave none behind. The README's
// walkthrough is the same code as examples/walkthrough.mjs.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listNetns } from '../lib/index.js';
import { canAdmin } from './helpers/ns.js';

const root = fileURLToPath(new URL('..', import.meta.url));

function runExample(file: string): Promise<{ out: string; pid: number }> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [`examples/${file}`], { cwd: root, encoding: 'utf8', timeout: 120_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${file} failed: ${stderr || err.message}\n${stdout}`));
      else resolve({ out: stdout, pid: child.pid! });
    });
  });
}

const EXPECT: Record<string, RegExp[]> = {
  'walkthrough.mjs': [/veth peer: \{ index: \d+, netnsId: \d+ \}/, /container routes: default dev eth0/, /postrouting: .*"saddr":"172\.18\.0\.0\/24".*masquerade/,
    /prerouting: .*"dport":80.*"dnat":\{"addr":"172\.18\.0\.2","port":80\}/, /ping container → bridge: ok/],
  'macvlan-container.mjs': [/mv0: macvlan ([0-9a-f]{2}:){5}[0-9a-f]{2} in the container/, /ping container → LAN: ok/],
  'vxlan-overlay.mjs': [/-a: vxlan42 \(vxlan, mtu 1450\) 192\.168\.100\.1 over 10\.0\.0\.1/, /-b: vxlan42 \(vxlan, mtu 1450\) 192\.168\.100\.2 over 10\.0\.0\.2/,
    /ping a → b over the overlay: ok/],
  'monitor.mjs': [/^newlink v0 \(veth\)$/m, /^newaddr 10\.1\.0\.1\/24$/m, /^newroute 10\.2\.0\.0\/16$/m, /^dellink v0 \(veth\)$/m],
  'bridge-network.mjs': [/attached web1: 10\.89\.0\.\d+\/24 via 10\.89\.0\.1/, /check: the kernel holds what attach made/,
    /\d+ rules for web1; in \S+: \{"protocol":"tcp","dport":8080\} → \{"dnat":\{"addr":"10\.89\.0\.\d+","port":80\}\}/, /ping container → gateway: ok/, /detached and removed/],
  'nft-firewall.mjs': [/committed 6 rules/, /\{"iifname":"lo"\} → "accept"/, /"saddr":"10\.0\.0\.0\/8","protocol":"tcp","dport":22\} → "accept" # ssh from the LAN/,
    /\{\} → "drop" # counted drops/],
};

describe.skipIf(!canAdmin)('examples/ run as a user runs them (needs root)', () => {
  it('every example file is covered here', () => {
    const files = readFileSync(`${root}examples/README.md`, 'utf8').match(/\]\(([\w-]+\.mjs)\)/g)!.map((m) => m.slice(2, -1));
    expect(files.sort()).toEqual(Object.keys(EXPECT).sort());
    for (const f of files) expect(existsSync(`${root}examples/${f}`), f).toBe(true);
  });

  for (const [file, patterns] of Object.entries(EXPECT)) {
    it(`${file} runs, prints what it did, and leaves no namespace behind`, async () => {
      const { out, pid } = await runExample(file);
      for (const p of patterns) expect(out).toMatch(p);
      expect((await listNetns()).filter((n) => n.startsWith(`nlts-${pid}-`))).toEqual([]);
    });
  }

  it("the README's walkthrough is examples/walkthrough.mjs's code", () => {
    const src = readFileSync(`${root}examples/walkthrough.mjs`, 'utf8');
    const block = src.split("// --- the README's walkthrough ---\n")[1]!.split('  // --- end ---')[0]!;
    const code = block.split('\n').map((l) => l.replace(/^ {2}/, '')).join('\n').trim();
    expect(code.split('\n').length).toBeGreaterThan(10);
    expect(readFileSync(`${root}README.md`, 'utf8')).toContain(code);
  });
});
