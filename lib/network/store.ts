// Crash-safe files for IPAM and attachment state: a file is either absent or complete.
// Writes go to a temporary file, then renamed (replace) or hard-linked (create-exclusive) into
// place, so a process killed at any point (SIGKILL, OOM) leaves the old or the new content.
// Durability against a kernel crash or power loss (fsync of the file and of its directory) is
// asked for per write: it costs ~2-5 ms per fsync on this VM's disk, and only the IPAM
// reservations need it (they outlive a reboot; attachment records describe veths and rules that
// a reboot removes anyway). See bench/README.md "CNI" for the measurement.
import { closeSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
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
 * Creates path atomically with data; false when it already exists (nothing changed). The data is
 * synced before the name appears; syncing the name (the directory) is the caller's, so one
 * fsyncDir covers every name it changed in that directory (ipam.ts: reservation + last_reserved).
 */
export function createExclusive(path: string, data: string): boolean {
  const tmp = writeTemp(path, data, true);
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
