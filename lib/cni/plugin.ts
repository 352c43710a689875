// The CNI commands over BridgeNetwork. run() takes the environment and stdin and returns what to
// print and the exit status, so tests can drive it in-process as well as through the executable.
import { NetlinkError } from '../errors.js';
import { BridgeNetwork } from '../network/bridge.js';
import type { CniResult } from '../network/types.js';
import { cniArgs, networkOptions, parseConf, portMappings, type NetConf } from './config.js';
import { CODES, CniError } from './errors.js';
import { LATEST, SUPPORTED_VERSIONS, versionLess } from './version.js';

export interface CniOutcome { stdout: string; status: number }

function need(env: NodeJS.ProcessEnv, name: string): string {
  const v = env[name];
  if (v === undefined || v === '') throw new CniError(CODES.invalidEnvironment, `${name} is not set`);
  return v;
}

// Kernel and transport conditions that clear up by themselves: the ruleset generation kept
// moving (ERESTART after the retries), a busy resource, the state lock held too long.
const TRANSIENT = new Set(['ERESTART', 'EAGAIN', 'EBUSY', 'EINTR']);

function fail(e: unknown, cniVersion: string): CniOutcome {
  let err: CniError;
  if (e instanceof CniError) err = e;
  else if (e instanceof NetlinkError) {
    const code = e.code === 'EEXIST' && /already has/.test(e.message) ? CODES.alreadyAttached
      : e.op === 'check' && e.code === 'ENOENT' ? CODES.unknownContainer
      : e.op === 'check' ? CODES.checkFailed
      : e.op === 'lock' || TRANSIENT.has(e.code) ? CODES.tryAgainLater
      : e.op === 'ipam' && e.code === 'ENOSPC' ? CODES.notAvailable
      : CODES.kernel;
    err = new CniError(code, e.message, [e.code, e.extack].filter(Boolean).join(': '));
  } else if (e instanceof TypeError || e instanceof RangeError) err = new CniError(CODES.invalidConfig, e.message);
  else if ((e as NodeJS.ErrnoException)?.syscall) err = new CniError(CODES.ioFailure, (e as Error).message, (e as NodeJS.ErrnoException).code);
  else err = new CniError(CODES.kernel, String((e as Error)?.message ?? e));
  return { stdout: JSON.stringify(err.toJSON(cniVersion)), status: 1 };
}

/** Shapes our result for the configuration's version, merged after a chained prevResult. */
function shapeResult(r: CniResult, conf: NetConf): object {
  const prev = conf.prevResult as Partial<CniResult> | undefined;
  const base = prev?.interfaces?.length ?? 0;
  const old = versionLess(conf.cniVersion, '1.0.0');
  const ips = r.ips.map((ip) => ({
    ...(old ? { version: ip.address.includes(':') ? '6' : '4' } : {}),
    ...ip, ...(ip.interface !== undefined ? { interface: ip.interface + base } : {}),
  }));
  return {
    cniVersion: conf.cniVersion,
    interfaces: [...(prev?.interfaces ?? []), ...r.interfaces],
    ips: [...(prev?.ips ?? []), ...ips],
    routes: [...(prev?.routes ?? []), ...r.routes],
    dns: r.dns ?? prev?.dns ?? {},
  };
}

/**
 * CHECK consults prevResult (spec): the addresses it gives our container interface must be the
 * ones the attachment holds. A prevResult without interfaces (an empty object) names nothing.
 */
function checkPrevResult(prev: Record<string, unknown>, ifname: string, ips: string[]): void {
  const ifs = prev.interfaces as { name?: string; sandbox?: string }[] | undefined;
  if (!Array.isArray(ifs)) return;
  const idx = ifs.findIndex((i) => i?.name === ifname && typeof i.sandbox === 'string' && i.sandbox !== '');
  if (idx < 0) throw new CniError(CODES.checkFailed, `prevResult lists no container interface ${ifname}`);
  const listed = ((prev.ips ?? []) as { address?: string; interface?: number }[]).filter((x) => x?.interface === idx).map((x) => x.address).sort();
  const have = [...ips].sort();
  if (JSON.stringify(listed) !== JSON.stringify(have)) {
    throw new CniError(CODES.checkFailed, `prevResult gives ${ifname} ${listed.join(', ') || 'no address'}, the attachment holds ${have.join(', ')}`);
  }
}

export async function run(env: NodeJS.ProcessEnv, stdin: string): Promise<CniOutcome> {
  const command = env.CNI_COMMAND;
  if (command === 'VERSION') return { stdout: JSON.stringify({ cniVersion: LATEST, supportedVersions: SUPPORTED_VERSIONS }), status: 0 };
  let version = LATEST;
  try {
    if (command === undefined || command === '') throw new CniError(CODES.invalidEnvironment, 'CNI_COMMAND is not set');
    const conf = parseConf(stdin);
    version = conf.cniVersion;
    if (!['ADD', 'DEL', 'CHECK', 'GC', 'STATUS'].includes(command)) throw new CniError(CODES.invalidEnvironment, `unknown CNI_COMMAND ${command}`);
    if ((command === 'GC' || command === 'STATUS') && versionLess(version, '1.1.0')) throw new CniError(CODES.incompatibleVersion, `${command} needs cniVersion 1.1.0, the configuration has ${version}`);
    if (command === 'CHECK' && versionLess(version, '0.4.0')) throw new CniError(CODES.incompatibleVersion, `CHECK needs cniVersion 0.4.0 or later`);
    const opts = networkOptions(conf);
    // A test (and an operator) can bound the wait for the state lock: past it, code 11.
    const lockMs = Number(env.NETLINKTS_CNI_LOCK_TIMEOUT_MS);
    if (Number.isInteger(lockMs) && lockMs > 0) opts.lockTimeoutMs = lockMs;
    const id = command === 'GC' || command === 'STATUS' ? '' : need(env, 'CNI_CONTAINERID');
    const ifname = command === 'GC' || command === 'STATUS' ? '' : need(env, 'CNI_IFNAME');
    if (command === 'DEL') {
      // DEL needs no namespace and must succeed when everything is already gone; it builds nothing.
      await using net = await BridgeNetwork.open(opts, { create: false });
      await net.detach({ id, ifname });
      return { stdout: '', status: 0 };
    }
    if (command === 'STATUS') {
      // 50: no ADD can succeed now; 51: that, and existing containers may have lost connectivity.
      const s = await BridgeNetwork.status(opts);
      if (s.degraded.length > 0) throw new CniError(CODES.limitedConnectivity, 'the plugin is not available, and existing containers may have limited connectivity', [...s.degraded, ...s.unavailable].join('; '));
      if (s.unavailable.length > 0) throw new CniError(CODES.notAvailable, 'the plugin is not available', s.unavailable.join('; '));
      return { stdout: '', status: 0 };
    }
    if (command === 'GC') {
      const live = conf['cni.dev/valid-attachments'];
      // Without the list GC would remove every attachment: refuse rather than guess.
      if (!Array.isArray(live)) throw new CniError(CODES.invalidConfig, 'GC needs cni.dev/valid-attachments (an array of { containerID, ifname })');
      await using net = await BridgeNetwork.open(opts, { create: false });
      await net.gc(live.map((a) => ({ id: a.containerID, ifname: a.ifname })));
      return { stdout: '', status: 0 };
    }
    const netns = need(env, 'CNI_NETNS');
    if (command === 'CHECK') {
      if (conf.prevResult === undefined) throw new CniError(CODES.invalidConfig, 'CHECK needs prevResult');
      await using net = await BridgeNetwork.open(opts, { create: false });
      await net.check({ id, ifname, netns: { path: netns } });
      checkPrevResult(conf.prevResult, ifname, net.attachment({ id, ifname })!.ips);
      return { stdout: '', status: 0 };
    }
    // ADD
    const args = cniArgs(env.CNI_ARGS);
    const ips = conf.runtimeConfig?.ips ?? (args.IP ? args.IP.split(',') : []);
    const ip = ips.find((x) => !x.includes(':'))?.split('/')[0];
    const ip6 = ips.find((x) => x.includes(':'))?.split('/')[0];
    const mac = conf.runtimeConfig?.mac ?? args.MAC;
    await using net = await BridgeNetwork.open(opts);
    const r = await net.attach({
      id, ifname, netns: { path: netns }, ports: portMappings(conf),
      ...(ip ? { ip } : {}), ...(ip6 ? { ip6 } : {}), ...(mac ? { mac } : {}), ...(conf.dns ? { dns: conf.dns } : {}),
    });
    return { stdout: JSON.stringify(shapeResult(r, conf)), status: 0 };
  } catch (e) {
    return fail(e, version);
  }
}
