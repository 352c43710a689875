// Where the time of a big nft transaction goes, phase by phase, next to the C limit.
//   node bench/nft-profile.mjs [--n 1000] [--reps 7] [--no-c]
// Needs root, a built addon and dist/ (npx tsc -p .). Works only in namespaces it creates
// (nlts-<pid>-p<k>), removed on exit. Prints µs per rule (median of reps) for:
//   compile   tx.addRule() × n: validation + typed match/action → expressions (or, for the common
//             shape, the records directly: lib/nft/fastrule.ts)
//   encode    native.nftEncode: the whole batch as netlink bytes (no kernel)
//   commit    tx.commit() end to end (echo on / off)
//   list      nft.listRuleset() on n rules, split into dump (native) / records / rules
//   C         bench/c/nlbench.c nft-rules n (one transaction), same namespace setup
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : dflt; };
const N = opt('--n', 1000);
const REPS = opt('--reps', 7);
const withC = !args.includes('--no-c');

const dist = new URL('../dist/', import.meta.url);
const { Netlink } = await import(new URL('index.js', dist).href);
const { native } = await import(new URL('native.js', dist).href);
const { decodeRecords, encodeRecords = null } = await import(new URL('records.js', dist).href);
const { ruleFromRecord } = await import(new URL('nft/list.js', dist).href);

const live = [];
let k = 0;
function makeNs() {
  const name = `nlts-${process.pid}-p${++k}`;
  execFileSync('ip', ['netns', 'add', name]);
  live.push(name);
  execFileSync('ip', ['netns', 'exec', name, 'nft', '-f', '-'], {
    input: 'table ip nat {\n  chain postrouting { type nat hook postrouting priority srcnat; policy accept; }\n}\n',
  });
  return name;
}
function cleanup() {
  for (const n of live.splice(0)) { try { execFileSync('ip', ['netns', 'del', n]); } catch { /* gone */ } }
}
process.on('exit', cleanup);
for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => { cleanup(); process.exit(130); });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = () => process.hrtime.bigint();
const us = (a, b) => Number(b - a) / 1000;

// The rule of the brief (/32, counter) and the one nlbench.c sends (/24, no counter: same 6 expressions).
const RULES = {
  brief: (i) => ({ family: 'ip', table: 'nat', chain: 'postrouting', match: { saddr: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`, oifname: 'eth0' }, counter: true, action: { masquerade: {} } }),
  c: (i) => ({ family: 'ip', table: 'nat', chain: 'postrouting', match: { saddr: `10.${(i >> 8) & 255}.${i & 255}.0/24`, oifname: 'veth0' }, action: { masquerade: {} } }),
};

async function profile(kind) {
  const ns = makeNs();
  const h = await Netlink.open({ netns: ns });
  const rows = { compile: [], records_enc: [], encode: [], commitEcho: [], commitNoEcho: [], list: [], dump: [], records: [], rules: [] };
  try {
    for (let r = 0; r < REPS; r++) {
      for (const echo of [true, false]) {
        await h.nft.flushChain({ family: 'ip', table: 'nat', name: 'postrouting' });
        let t0 = now();
        const tx = h.nft.transaction();
        for (let i = 0; i < N; i++) tx.addRule(RULES[kind](i));
        let t1 = now();
        if (echo) rows.compile.push(us(t0, t1) / N);
        if (echo) {
          // Encoding of the queued elements (TypeScript) and the netlink batch built from it (C++).
          // (Builds before the nftop records passed the op objects themselves: nothing to encode.)
          // On a second transaction: reading `ops` makes a transaction send what `ops` shows,
          // the general encoding instead of the fast rules' records (lib/nft/fastrule.ts).
          const tx2 = h.nft.transaction();
          for (let i = 0; i < N; i++) tx2.addRule(RULES[kind](i));
          const ops = tx2.ops;
          t0 = now();
          const enc = native.schemas.nftop ? encodeRecords(ops, 'nftop') : ops;
          t1 = now();
          native.nftEncode(enc, -1, 1);
          const t2 = now();
          rows.records_enc.push(us(t0, t1) / N);
          rows.encode.push(us(t1, t2) / N);
        }
        t0 = now();
        const res = await tx.commit({ echo });
        t1 = now();
        (echo ? rows.commitEcho : rows.commitNoEcho).push(us(t0, t1) / N);
        if (echo && res.rules.length !== N) throw new Error(`expected ${N} rule refs, got ${res.rules.length}`);
      }
      // Listing (the last commit left N rules in place).
      let t0 = now();
      const rs = await h.nft.listRuleset();
      let t1 = now();
      rows.list.push(us(t0, t1) / N);
      const count = rs.tables[0].chains[0].rules.length;
      if (count !== N) throw new Error(`listed ${count} rules, expected ${N}`);
      const sock = h.netfilterSocket('profile');
      t0 = now();
      const buf = native.nftDump(sock, 'rules', 0, '', '');
      t1 = now();
      const recs = decodeRecords(buf, 'nftrule', 'profile');
      const t2 = now();
      recs.map(ruleFromRecord);
      const t3 = now();
      rows.dump.push(us(t0, t1) / N);
      rows.records.push(us(t1, t2) / N);
      rows.rules.push(us(t2, t3) / N);
    }
  } finally {
    h.close();
  }
  const out = {};
  for (const [key, xs] of Object.entries(rows)) if (xs.length) out[key] = +median(xs).toFixed(2);
  return out;
}

function cBench() {
  const bin = '/tmp/nlbench';
  if (!existsSync(bin)) execFileSync('cc', ['-O2', '-o', bin, new URL('c/nlbench.c', import.meta.url).pathname]);
  const xs = [];
  for (let r = 0; r < REPS; r++) {
    const ns = makeNs();
    const line = execFileSync('ip', ['netns', 'exec', ns, bin, 'nft-rules', String(N)], { encoding: 'utf8' });
    xs.push(JSON.parse(line).us_per_op);
    cleanup();
  }
  return +median(xs).toFixed(2);
}

mkdirSync('/tmp', { recursive: true });
const result = { n: N, reps: REPS, brief: await profile('brief'), cRule: await profile('c') };
cleanup();
if (withC) result.c = cBench();
if (result.c) result.ratioToC = +(result.cRule.commitEcho / result.c).toFixed(2);
if (result.c) result.ratioToCNoEcho = +(result.cRule.commitNoEcho / result.c).toFixed(2);
console.log(JSON.stringify(result, null, 1));
