// Crash-safe files for IPAM and attachment state: a file is either absent or complete.
// Writes go to a temporary file, then renamed (replace) or hard-linked (create-exclusive) into
// place, so a process killed at any point (SIGKILL, OOM) leaves the old or the new content.
// Durability against a kernel crash or power loss (fsync of the file and of its directory) is
// asked for per write: it costs ~1-5 ms per fsync on this VM's disk (a journal commit), and only
// the IPAM reservations need it (they outlive a reboot; attachment records describe veths and
// rules that a reboot removes anyway). Reservations are synced off the event loop (syncPaths),
// while the attach does its kernel work, and awaited before the attach reports the address.
import { closeSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname } from 'node:path';

let seq = 0;

/** durable: fsync the file (data reaches the disk before its name does) and its directory. */
export interface WriteOptions { durable: boolean }

function writeTemp(path: string, data: string, durable: boolean): string {
  const tmp = `${path}.tmp-${process.pid}-${++seq}`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, data);
    if (durable) fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try { unlinkSync(tmp); } catch { /* best effort */ }
    throw e;
  }
  closeSync(fd);
  return tmp;
}

/** fsync a directory: the names created, renamed or removed in it reach the disk. */
export function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}

/** Writes path atomically (replacing it); durable also syncs the directory. */
export function writeAtomic(path: string, data: string, o: WriteOptions): void {
  const tmp = writeTemp(path, data, o.durable);
  try {
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* best effort */ }
    throw e;
  }
  if (o.durable) fsyncDir(dirname(path));
}

/**
 * Creates path atomically with data; false when it already exists (nothing changed). Nothing is
 * synced here: the caller makes the name and its data durable with syncPaths before it reports
 * the file as created (ipam.ts). A power loss before that can leave the name with empty content,
 * never a torn one; for a reservation that means an address owned by nobody, which allocation
 * skips and gc removes (its owner is no live attachment).
 */
export function createExclusive(path: string, data: string): boolean {
  const tmp = writeTemp(path, data, false);
  try {
    linkSync(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
  return true;
}

/**
 * fsyncs every path (files and directories) on libuv's thread pool, all at once: the event loop
 * keeps sending netlink requests meanwhile. A path removed since (an undone reservation) is fine.
 */
export async function syncPaths(paths: string[]): Promise<void> {
  await Promise.all(paths.map(async (p) => {
    let fh;
    try {
      fh = await open(p, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    try { await fh.sync(); } finally { await fh.close(); }
  }));
}

/** Removes path; true when it existed. */
export function removeFile(path: string): boolean {
  try {
    unlinkSync(path);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}
