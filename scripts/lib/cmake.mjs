// Configures and builds native/test/CMakeLists.txt through cmake-js (the project's CMake driver,
// STYLE.md). This is a plain CMake project, not an addon: cmake-js only needs a Node "dist"
// folder to hand CMAKE_JS_INC over, which we never use. npm passes nodedir=/usr; when run
// straight with `node`, we point it at /usr too, so it never tries to download Node headers.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

export function haveCommand(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

// Builds into `out` with the given CMake -D options; returns nothing, exits on failure.
export function cmakeBuild({ out, cxx, config, defines }) {
  if (!process.env.npm_config_nodedir && existsSync('/usr/include/node/node.h')) process.env.npm_config_nodedir = '/usr';
  const cli = require.resolve('cmake-js/bin/cmake-js');
  const args = [cli, 'build', '-d', join(root, 'native', 'test'), '-O', out, '-B', config, '-l', 'warn'];
  if (cxx) args.push('--cxx', cxx);
  for (const [k, v] of Object.entries(defines)) args.push(`--CD${k}=${v}`);
  args.push('-p', String(Math.max(1, Number(process.env.NLTS_JOBS) || 2)));
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', cwd: root });
  if (r.status !== 0) {
    console.error(`native build failed (cmake-js exit ${r.status})`);
    process.exit(r.status || 1);
  }
}

// Minimal --flag / --key value parser.
export function parseArgs(argv, defaults) {
  const o = { ...defaults, _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) { o._.push(a); continue; }
    const [k, inline] = a.slice(2).split('=', 2);
    if (typeof defaults[k] === 'boolean') o[k] = inline === undefined ? true : inline !== 'false';
    else if (k.startsWith('no-') && typeof defaults[k.slice(3)] === 'boolean') o[k.slice(3)] = false;
    else if (k in defaults) o[k] = inline ?? argv[++i];
    else { console.error(`unknown option --${k}`); process.exit(2); }
  }
  return o;
}
