// Crash-safe files for IPAM and attachment state: a file is either absent or complete.
// Writes go to a temporary file that is fsync'd, then renamed (replace) or hard-linked
// (create-exclusive) into place, and the directory is fsync'd so the name survives a crash.
import { closeSync, fsyncSync, linkSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

let seq = 0;

function writeTemp(path: string, data: string): string {
  const tmp = `${path}.tmp-${process.pid}-${++seq}`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try { unlinkSync(tmp); } catch { /* best effort */ }
    throw e;
  }
  closeSync(fd);
  return tmp;
}

function fsyncDir(path: string): void {
  const fd = openSync(dirname(path), 'r');
  try { fsyncSync(fd); } finally { closeSync(fd); }
}

/** Writes path atomically (replacing it). */
export function writeAtomic(path: string, data: string): void {
  const tmp = writeTemp(path, data);
  try {
    renameSync(tmp, path);
  } catch (e) {
    try { unlinkSync(tmp); } catch { /* best effort */ }
    throw e;
  }
  fsyncDir(path);
}

/** Creates path atomically with data; false when it already exists (nothing changed). */
export function createExclusive(path: string, data: string): boolean {
  const tmp = writeTemp(path, data);
  try {
    linkSync(tmp, path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
  fsyncDir(path);
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
