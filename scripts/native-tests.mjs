#!/usr/bin/env node
// npm run test:native — builds the native unit tests (native/test/*.cc against every pure C++
// source under native/, excluding native/napi) with ASan+UBSan through cmake-js, and runs them.
// The test binary moves itself into a fresh network namespace; run as root for the kernel tests
// (they skip otherwise).
//
//   --cxx g++|clang++    compiler (default clang++ when installed, else g++)
//   --no-sanitize        plain build (faster; for a quick look)
//   --filter SUBSTR      run only the test cases whose name contains SUBSTR
//   --out DIR            build folder (default build-native-tests/)
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { cmakeBuild, haveCommand, parseArgs, root } from './lib/cmake.mjs';

const o = parseArgs(process.argv.slice(2), {
  cxx: haveCommand('clang++') ? 'clang++' : 'g++',
  sanitize: true,
  filter: '',
  out: join(root, 'build-native-tests'),
});
const out = o.sanitize ? o.out : `${o.out}-plain`;
cmakeBuild({ out, cxx: o.cxx, config: 'Debug', defines: { NLTS_SANITIZE: o.sanitize ? 'ON' : 'OFF', NLTS_FUZZ: 'OFF' } });

const env = {
  ...process.env,
  // Leaks are failures too; halt on the first UBSan report with a stack.
  ASAN_OPTIONS: process.env.ASAN_OPTIONS ?? 'detect_leaks=1:abort_on_error=0',
  UBSAN_OPTIONS: process.env.UBSAN_OPTIONS ?? 'print_stacktrace=1:halt_on_error=1',
};
const args = o.filter ? [o.filter] : [];
const r = spawnSync(join(out, 'native_tests'), args, { stdio: 'inherit', env });
if (r.error) { console.error(r.error.message); process.exit(1); }
process.exit(r.status ?? 1);
