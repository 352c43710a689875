#!/usr/bin/env node
// npm run test:runtime — netlinkts-cni under a real container runtime: podman 4.3 (Debian) with
// its CNI backend, containers from a busybox image built offline (busybox-static + podman import),
// on a network served by netlinkts-cni. Proves: ping the gateway, reach an "outside" namespace
// masqueraded, a published port reached from outside, `podman rm` leaves nothing.
// Nothing lands in the root namespace: podman runs inside a throw-away host netns (ip netns exec,
// nsenter --net) and a private mount namespace (that netns' sysfs bound over /sys/class/net) with tmpfs over
// /run, /var/lib and /var/tmp, held by one process that every podman command joins (nsenter);
// private CONTAINERS_CONF / storage / CNI config and plugin dirs; cgroups disabled (this VM's
// cgroup layout is hybrid). Prints "runtime tests: N passed, N failed" (or skipped, with why).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { tcpRequest, tcpServer } from './lib/proof.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const missing = ['podman', 'crun', 'conmon', 'busybox', 'nsenter', 'unshare'].filter((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status !== 0);
if (missing.length) {
  console.log(`runtime tests: 0 passed, 0 failed, 1 skipped (missing ${missing.join(', ')}; apt-get install podman crun busybox-static)`);
  process.exit(0);
}

const tag = `nlts-${process.pid}-rt`;
const H = `${tag}-host`, O = `${tag}-out`;
const T = mkdtempSync(`${tmpdir()}/nlts-rt-`);
const ip = (...a) => execFileSync('ip', a, { encoding: 'utf8' });
let holder = null;
let passed = 0, failed = 0;
const check = (what, ok, detail = '') => { console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}${!ok && detail ? `\n     ${detail}` : ''}`); ok ? passed++ : failed++; };

function podman(...args) {
  const r = spawnSync('nsenter', ['-t', String(holder.pid), '-m', '-n', 'podman', '--root', `${T}/graph`, '--runroot', `/run/nlts-podman`, ...args], {
    env: { ...process.env, CONTAINERS_CONF: `${T}/containers.conf`, CONTAINERS_STORAGE_CONF: `${T}/storage.conf`, CONTAINERS_REGISTRIES_CONF: `${T}/registries.conf` },
    encoding: 'utf8', timeout: 120000,
  });
  return { status: r.status, out: (r.stdout ?? '').trim(), err: (r.stderr ?? '').trim() };
}

try {
  for (const n of [H, O]) ip('netns', 'add', n);
  ip('-n', H, 'link', 'add', 'uplink', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', O);
  ip('-n', H, 'addr', 'add', '10.77.0.1/24', 'dev', 'uplink');
  ip('-n', O, 'addr', 'add', '10.77.0.2/24', 'dev', 'eth0');
  for (const [n, d] of [[H, 'uplink'], [H, 'lo'], [O, 'eth0'], [O, 'lo']]) ip('-n', n, 'link', 'set', d, 'up');

  // Private configuration: CNI backend, our plugin only, no cgroups, files under T.
  for (const d of ['cni-bin', 'net.d', 'cni-data', 'tmp', 'rootfs/bin', 'rootfs/www', 'rootfs/tmp']) mkdirSync(`${T}/${d}`, { recursive: true });
  symlinkSync(`${root}bin/netlinkts-cni.js`, `${T}/cni-bin/netlinkts-cni`);
  writeFileSync(`${T}/containers.conf`, `[containers]
cgroups = "disabled"
default_ulimits = ["nofile=1024:1024", "nproc=4096:4096"]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "${T}/events.log"
runtime = "crun"
tmp_dir = "${T}/tmp"
[network]
network_backend = "cni"
cni_plugin_dirs = ["${T}/cni-bin"]
network_config_dir = "${T}/net.d"
`);
  writeFileSync(`${T}/storage.conf`, `[storage]\ndriver = "vfs"\nrunroot = "/run/nlts-podman"\ngraphroot = "${T}/graph"\n`);
  writeFileSync(`${T}/registries.conf`, 'unqualified-search-registries = []\n');
  writeFileSync(`${T}/net.d/nlrt.conflist`, JSON.stringify({
    cniVersion: '0.4.0', name: 'nlrt',
    plugins: [{ type: 'netlinkts-cni', bridge: 'nlrt0', isGateway: true, isDefaultGateway: true, ipMasq: true,
      capabilities: { portMappings: true }, ipam: { type: 'host-local', ranges: [[{ subnet: '10.89.0.0/24' }]], routes: [{ dst: '0.0.0.0/0' }], dataDir: `${T}/cni-data` } }],
  }, null, 2));
  // The image: busybox-static and its applets, a page for httpd.
  copyFileSync('/bin/busybox', `${T}/rootfs/bin/busybox`);
  for (const applet of execFileSync('/bin/busybox', ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean)) {
    if (applet !== 'busybox') symlinkSync('busybox', `${T}/rootfs/bin/${applet}`); // relative: valid inside the container
  }
  writeFileSync(`${T}/rootfs/www/index.html`, 'hello from a podman container\n');
  execFileSync('tar', ['-C', `${T}/rootfs`, '-cf', `${T}/rootfs.tar`, '.']);

  // One process holds the mount namespace (tmpfs over /run, /var/lib, /var/tmp) inside H.
  // The netns' own sysfs is bound over /sys/class/net only: crun needs the real /sys/fs/cgroup.
  mkdirSync(`${T}/sys`);
  holder = spawn('nsenter', [`--net=/run/netns/${H}`, 'unshare', '-m', '--propagation', 'private', 'sh', '-c',
    `mount -t sysfs none ${T}/sys && mount --bind ${T}/sys/class/net /sys/class/net && ` +
    // crun refuses this VM's hybrid cgroup layout: show it the unified (v2) hierarchy alone.
    'mount -t cgroup2 none /sys/fs/cgroup && ' +
    'mount -t tmpfs none /run && mount -t tmpfs none /var/lib && mount -t tmpfs none /var/tmp && echo ready && exec sleep 600'],
  { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((res, rej) => { holder.stdout.once('data', res); holder.once('exit', (c) => rej(new Error(`mount holder exited ${c}`))); });
  // nsenter → unshare → sh → sleep: find the sleep (the process in the new mount ns).
  const kids = (pid) => { try { return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number); } catch { return []; } };
  let pid = holder.pid;
  for (let k = kids(pid); k.length; k = kids(pid)) pid = k[0];
  holder = { pid, proc: holder };

  const imp = podman('import', `${T}/rootfs.tar`, 'localhost/nlbb:latest');
  check('podman import busybox image', imp.status === 0, imp.err);
  const web = podman('run', '-d', '--name', 'web', '--network', 'nlrt', '-p', '8080:80', 'localhost/nlbb', 'httpd', '-f', '-p', '80', '-h', '/www');
  check('podman run -d -p 8080:80 (httpd) on the netlinkts-cni network', web.status === 0, web.err);
  const inspect = podman('inspect', 'web', '--format', '{{.NetworkSettings.Networks.nlrt.IPAddress}}');
  const ctrIp = inspect.out;
  check(`container got an address from our IPAM: ${ctrIp}`, /^10\.89\.0\.\d+$/.test(ctrIp), inspect.err);
  const gw = podman('run', '--rm', '--network', 'nlrt', 'localhost/nlbb', 'ping', '-c', '1', '-W', '3', '10.89.0.1');
  check('container → gateway ping 10.89.0.1', gw.status === 0, gw.out + gw.err);
  const srv = tcpServer(O, '0.0.0.0', 9000, 'outside');
  await srv.ready;
  const nc = podman('run', '--rm', '--network', 'nlrt', 'localhost/nlbb', 'sh', '-c', 'nc 10.77.0.2 9000 </dev/null');
  srv.close();
  check(`container → outside masqueraded (outside saw ${nc.out.split(' ')[1]})`, nc.out === 'outside 10.77.0.1', nc.err);
  // The published port from outside (HTTP over a plain TCP client: the first line of the answer).
  let page = '';
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline && !page.includes('hello')) {
    page = execFileSync('ip', ['netns', 'exec', O, process.execPath, '-e',
      `const c=require('net').connect(8080,'10.77.0.1');let o='';c.on('data',d=>o+=d);c.on('end',()=>{console.log(o);process.exit(0)});c.on('error',e=>{console.log('ERR '+e.code);process.exit(0)});c.write('GET / HTTP/1.0\\r\\n\\r\\n');setTimeout(()=>process.exit(0),5000)`],
    { encoding: 'utf8' });
  }
  check('outside → host:8080 → container httpd', page.includes('hello from a podman container'), page.slice(0, 200));
  const rm = podman('rm', '-f', 'web');
  check('podman rm -f web', rm.status === 0, rm.err);
  const veths = JSON.parse(execFileSync('ip', ['-n', H, '-j', 'link', 'show', 'master', 'nlrt0'], { encoding: 'utf8' }) || '[]');
  const rules = execFileSync('ip', ['netns', 'exec', H, 'nft', 'list', 'ruleset'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes('comment "nl:nlrt:'));
  const ips = existsSync(`${T}/cni-data/nlrt`) ? readdirSync(`${T}/cni-data/nlrt`).filter((f) => /^\d+\.\d+\.\d+\.\d+$/.test(f)) : [];
  check('after podman rm: no veth on the bridge, no rule, no address reserved', veths.length === 0 && rules.length === 0 && ips.length === 0,
    JSON.stringify({ veths: veths.map((l) => l.ifname), rules, ips }));
} catch (e) {
  failed++;
  console.error('runtime test failed:', e);
} finally {
  if (holder?.pid) { try { process.kill(holder.pid, 'SIGKILL'); } catch { /* gone */ } }
  for (const n of [H, O]) { try { ip('netns', 'del', n); } catch { /* gone */ } }
  rmSync(T, { recursive: true, force: true });
}
console.log(`runtime tests: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
