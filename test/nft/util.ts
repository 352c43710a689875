// Oracles for the nft tests: `nft -j list ruleset` (handles dropped) and the exact bytes nft
// sends (captured with strace -e write=FD). Always inside a namespace the test made.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** nft -j list ruleset, without metainfo and handles (they differ between namespaces). */
export function nftJson(ns: string): unknown[] {
  const out = execFileSync('ip', ['netns', 'exec', ns, 'nft', '-j', 'list', 'ruleset'], { encoding: 'utf8' });
  const items = (JSON.parse(out) as { nftables: Record<string, Record<string, unknown>>[] }).nftables;
  return items.filter((x) => !('metainfo' in x)).map((x) => {
    const [k, body] = Object.entries(x)[0]!;
    const { handle: _h, ...rest } = body;
    return { [k]: rest };
  });
}

/** nft list ruleset (text). */
export function nftText(ns: string): string {
  return execFileSync('ip', ['netns', 'exec', ns, 'nft', 'list', 'ruleset'], { encoding: 'utf8' });
}

/** Applies an nft script with nft -f. */
export function nftApply(ns: string, script: string): void {
  const dir = mkdtempSync(join(tmpdir(), 'nlts-nft-'));
  try {
    const f = join(dir, 'rules.nft');
    writeFileSync(f, script);
    execFileSync('ip', ['netns', 'exec', ns, 'nft', '-f', f], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `nft ARGS` under strace and returns the bytes of its batch sendmsg (the last sendmsg). */
export function captureNft(ns: string, args: string[]): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'nlts-strace-'));
  try {
    const log = join(dir, 'trace');
    execFileSync('ip', ['netns', 'exec', ns, 'strace', '-f', '-e', 'trace=sendmsg', '-e', 'write=all', '-o', log, 'nft', ...args], { encoding: 'utf8' });
    const text = readFileSync(log, 'utf8');
    // Each sendmsg is followed by its hex dump: " | 00000  14 00 00 00 …  |…|"
    const dumps: Buffer[] = [];
    let cur: number[] | null = null;
    for (const line of text.split('\n')) {
      if (/sendmsg\(/.test(line)) { if (cur) dumps.push(Buffer.from(cur)); cur = []; continue; }
      const m = /^\d*\s*\| [0-9a-f]{5}  ((?:[0-9a-f]{2} {1,2}){1,16})/.exec(line);
      if (m && cur) cur.push(...m[1]!.trim().split(/\s+/).map((h) => parseInt(h, 16)));
    }
    if (cur) dumps.push(Buffer.from(cur));
    return dumps[dumps.length - 1]!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Splits a netlink buffer into messages. */
export function messages(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let p = 0;
  while (p + 16 <= buf.length) {
    const len = buf.readUInt32LE(p);
    if (len < 16 || p + len > buf.length) break;
    out.push(buf.subarray(p, p + len));
    p += (len + 3) & ~3;
  }
  return out;
}

/** A message with seq and port id zeroed (they legitimately differ). */
export function normalized(msg: Buffer): Buffer {
  const b = Buffer.from(msg);
  b.writeUInt32LE(0, 8);
  b.writeUInt32LE(0, 12);
  return b;
}
