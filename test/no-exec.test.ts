// The library never runs another program: the whole walkthrough (NAT included) under
// `strace -f -e trace=execve` shows node's own execve and nothing after it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

describe('no child processes', () => {
  it('builds and removes the whole walkthrough with exactly one execve (node itself)', () => {
    expect(existsSync(join(root, 'dist/demo/walkthrough.js')), 'dist/ is missing: run npm run build:ts').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'nlts-strace-'));
    try {
      const log = join(dir, 'trace');
      execFileSync('strace', ['-f', '-qq', '-e', 'trace=execve', '-o', log, process.execPath, join(root, 'scripts/build-walkthrough.mjs'), `${process.pid}-trace`],
        { stdio: 'pipe', timeout: 60000 });
      const execs = readFileSync(log, 'utf8').split('\n').filter((l) => l.includes('execve('));
      expect(execs).toHaveLength(1);
      expect(execs[0]).toContain(process.execPath);
      const left = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(`nlts-${process.pid}-trace`));
      expect(left).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
