#!/usr/bin/env node
// Writes the checked-in seed corpus (corpus/<target>/) from the captured kernel replies in
// ../fixtures (see scripts/capture-native-fixtures.mjs). Re-run after re-capturing: node native/test/fuzz/make-corpus.mjs
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, '..', 'fixtures');
const bins = readdirSync(fixtures).filter((f) => f.endsWith('.bin')).sort();
const load = (f) => readFileSync(join(fixtures, f));

// Messages of one datagram.
function messages(buf) {
  const out = [];
  for (let off = 0; buf.length - off >= 16;) {
    const len = buf.readUInt32LE(off);
    if (len < 16 || len > buf.length - off) break;
    out.push(buf.subarray(off, off + len));
    off += (len + 3) & ~3;
  }
  return out;
}
const frame = (d) => { const h = Buffer.alloc(2); h.writeUInt16LE(d.length); return Buffer.concat([h, d]); };

const corpus = { fuzz_attr: {}, fuzz_error: {}, fuzz_link_decode: {}, fuzz_reply: {}, fuzz_link_build: {} };
for (const f of bins) {
  const base = f.replace(/\.bin$/, '');
  const d = load(f);
  messages(d).forEach((m, i) => {
    const type = m.readUInt16LE(4);
    if (type === 16) {  // RTM_NEWLINK
      corpus.fuzz_link_decode[`${base}_${i}`] = m;
      corpus.fuzz_attr[`${base}_${i}`] = m.subarray(32);  // attributes after nlmsghdr + ifinfomsg
    } else if (type === 20) {  // RTM_NEWADDR: ifaddrmsg is 8 bytes
      if (i < 2) corpus.fuzz_attr[`${base}_${i}`] = m.subarray(24);
    } else if (type === 2 || type === 3) {  // NLMSG_ERROR / NLMSG_DONE
      corpus.fuzz_error[`${base}_${i}`] = m;
    }
  });
}
// Replies as transact sees them: one request, the datagrams of one exchange in order.
const exchange = (files) => Buffer.concat([Buffer.from([0, 0]), ...files.map((f) => frame(load(f)))]);
corpus.fuzz_reply.dump_link = exchange(['dump_link_1.bin', 'dump_link_2.bin']);
corpus.fuzz_reply.dump_addr = exchange(bins.filter((f) => f.startsWith('dump_addr_')));
corpus.fuzz_reply.err_mtu_extack = exchange(['err_mtu_extack.bin']);
corpus.fuzz_reply.err_exists = exchange(['err_exists.bin']);
for (const f of bins.filter((b) => b.startsWith('link_'))) corpus.fuzz_reply[f.replace('.bin', '')] = exchange([f]);
// The encoder's input is a choice stream, not bytes from the kernel: a few fixed ones.
let x = 0x9e3779b9;
for (let i = 0; i < 4; i++) {
  const b = Buffer.alloc(64 * (i + 1));
  for (let j = 0; j < b.length; j++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; b[j] = x & 0xff; }
  corpus.fuzz_link_build[`choices_${i}`] = b;
}

for (const [target, files] of Object.entries(corpus)) {
  const dir = join(here, 'corpus', target);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, buf] of Object.entries(files)) writeFileSync(join(dir, name), buf);
  console.log(`${target}: ${Object.keys(files).length} seeds`);
}
