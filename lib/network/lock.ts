// Cross-process lock on a state directory: flock(2) on <dir>/lock, the file the reference
// host-local plugin locks too, so the two exclude each other on a shared data dir. The kernel
// releases a flock when its holder dies (even SIGKILL), so there is no stale lock to detect.
// flock is per open file description: two opens in one process would exclude each other and,
// if the wait blocked the thread, deadlock. So waiting never blocks the thread (LOCK_NB, retried
// with a short backoff; a lock wait, not test synchronization), and callers in one process queue
// on a promise first, so at most one of them polls the file.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { NetlinkError } from '../errors.js';
import { native } from '../native.js';

const queues = new Map<string, Promise<unknown>>();

export interface LockOptions { timeoutMs?: number }

/** Runs fn while holding the lock on dir (created if missing). */
export async function withDirLock<T>(dir: string, fn: () => Promise<T> | T, opts: LockOptions = {}): Promise<T> {
  const prev = queues.get(dir) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  const chained = prev.then(() => mine);
  queues.set(dir, chained);
  try {
    await prev.catch(() => {});
    return await lockedFile(dir, fn, opts.timeoutMs ?? 60_000);
  } finally {
    release();
    if (queues.get(dir) === chained) queues.delete(dir);
  }
}

async function lockedFile<T>(dir: string, fn: () => Promise<T> | T, timeoutMs: number): Promise<T> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fd = openSync(join(dir, 'lock'), 'a', 0o600);
  try {
    const deadline = Date.now() + timeoutMs;
    let wait = 1;
    while (!native.flockTry(fd, 'exclusive')) {
      if (Date.now() > deadline) throw new NetlinkError('lock', 110 /* ETIMEDOUT */, `timed out after ${timeoutMs} ms waiting for the lock on ${dir}`);
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 25);
    }
    return await fn();
  } finally {
    closeSync(fd); // closing the last fd of the open file drops the flock
  }
}
