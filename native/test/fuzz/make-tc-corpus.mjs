#!/usr/bin/env node
// Writes corpus/fuzz_tc/ from test/codec/tc.fixtures.txt: each captured tc request as a decode
// seed (0x00 + message) and the record our decoder makes of it as a build seed (0x01 + record
// fields). Needs the built addon. Re-run after re-capturing: node native/test/fuzz/make-tc-corpus.mjs
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const native = createRequire(import.meta.url)(join(root, 'build', 'Release', 'netlinkts.node'));
const out = join(here, 'corpus', 'fuzz_tc');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
let name = '';
for (const line of readFileSync(join(root, 'test', 'codec', 'tc.fixtures.txt'), 'utf8').split('\n')) {
  if (line.startsWith('## ')) { name = line.slice(3).trim(); continue; }
  if (!/^[0-9a-f]+$/.test(line.trim())) continue;
  const msg = Buffer.from(line.trim(), 'hex');
  writeFileSync(join(out, `decode_${name}`), Buffer.concat([Buffer.from([0]), msg]));
  const recs = native.decodeTcMessages(msg);
  if (recs.length > 4) writeFileSync(join(out, `build_${name}`), Buffer.concat([Buffer.from([1]), recs.subarray(4, 4 + recs.readUInt32LE(0))]));
}
