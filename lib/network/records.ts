// Attachment records: <stateDir>/attachments/<id>_<ifname>.json, written before the kernel is
// touched (state 'adding') and rewritten when the attach is complete ('ready'). The file name is
// a hash-free encoding of (id, ifname); the content is what counts.
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AttachmentRecord } from './types.js';
import { removeFile, writeAtomic } from './store.js';

export class RecordStore {
  readonly dir: string;
  constructor(stateDir: string) { this.dir = join(stateDir, 'attachments'); }

  #path(id: string, ifname: string): string {
    return join(this.dir, `${id}_${encodeURIComponent(ifname)}.json`);
  }

  get(id: string, ifname: string): AttachmentRecord | null {
    try {
      return JSON.parse(readFileSync(this.#path(id, ifname), 'utf8')) as AttachmentRecord;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  put(r: AttachmentRecord): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    // Atomic (a killed process leaves the old or the new record) but not fsync'd: a record
    // describes veths and rules, and whatever loses unsynced files (a kernel crash, power loss)
    // loses those too; the IP reservations, which do outlive a reboot, are synced (ipam.ts).
    writeAtomic(this.#path(r.id, r.ifname), JSON.stringify(r), { durable: false });
  }

  delete(id: string, ifname: string): boolean {
    return removeFile(this.#path(id, ifname));
  }

  list(): AttachmentRecord[] {
    let names: string[];
    try { names = readdirSync(this.dir); } catch { return []; }
    const out: AttachmentRecord[] = [];
    for (const n of names) {
      if (!n.endsWith('.json')) continue;
      try { out.push(JSON.parse(readFileSync(join(this.dir, n), 'utf8')) as AttachmentRecord); } catch { /* torn tmp cannot exist: writes are atomic */ }
    }
    return out;
  }
}
