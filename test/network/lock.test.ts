// The state lock across processes: flock(2) on <dir>/lock. Another process holding it makes
// flockTry fail; the holder killed with SIGKILL releases it (the kernel drops the lock), so a
// crashed CNI ADD never leaves the network locked.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { native } from '../../lib/native.js';
import { withDirLock } from '../../lib/network/lock.js';
import { stateDir } from './topo.js';

const HOLDER = `
const { native } = await import(process.argv[1]);
const fd = require('fs').openSync(process.argv[2], 'a');
if (!native.flockTry(fd, 'exclusive')) process.exit(3);
console.log('held');
setInterval(() => {}, 1000);`;

describe('state lock (flock)', () => {
  it('held by another process: not taken; that process SIGKILLed: taken', async () => {
    const dir = stateDir();
    const file = join(dir, 'lock');
    closeSync(openSync(file, 'a'));
    const nativeUrl = new URL('../../dist/native.js', import.meta.url).href;
    const child = spawn(process.execPath, ['--input-type=module', '-e', HOLDER.replace('require(', "(await import('node:module')).createRequire(import.meta.url)("), nativeUrl, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((res, rej) => { child.stdout.once('data', () => res()); child.once('exit', (c) => rej(new Error(`holder exited ${c}`))); });
      const fd = openSync(file, 'a');
      try {
        expect(native.flockTry(fd, 'exclusive')).toBe(false);
        child.kill('SIGKILL');
        await new Promise((r) => child.once('exit', r));
        expect(native.flockTry(fd, 'exclusive')).toBe(true);
        expect(native.flockTry(fd, 'unlock')).toBe(true);
      } finally {
        closeSync(fd);
      }
      // And withDirLock gets it now.
      expect(await withDirLock(dir, () => 'got it')).toBe('got it');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('withDirLock waits for the other process, then runs', async () => {
    const dir = stateDir();
    const file = join(dir, 'lock');
    closeSync(openSync(file, 'a'));
    const nativeUrl = new URL('../../dist/native.js', import.meta.url).href;
    const child = spawn(process.execPath, ['--input-type=module', '-e', HOLDER.replace('require(', "(await import('node:module')).createRequire(import.meta.url)("), nativeUrl, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((res) => child.stdout.once('data', () => res()));
    let ran = false;
    const p = withDirLock(dir, () => { ran = true; });
    await new Promise((r) => setTimeout(r, 50)); // only to show it does not run while held; not a sync point
    expect(ran).toBe(false);
    child.kill('SIGKILL');
    await p;
    expect(ran).toBe(true);
  });
});
