// Argument checks of the network layer (TypeError/RangeError before anything is touched), and
// the fault-injection hook the reliability tests use.
import * as v from '../util/validate.js';
import type { AttachOptions, BridgeNetworkOptions, PortMapping } from './types.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/;
// CNI spec: container ids are alphanumeric plus '_', '.', '-'.
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export function validOpen(opts: BridgeNetworkOptions): BridgeNetworkOptions {
  const o = v.object(opts, 'BridgeNetwork options') as unknown as BridgeNetworkOptions;
  if (typeof o.name !== 'string' || !NAME.test(o.name)) throw new RangeError(`network name must be 1-32 letters, digits, '_', '.', '-', got ${v.describe(o.name)}`);
  v.ifname(o.bridge, 'bridge');
  if (typeof o.stateDir !== 'string' || !o.stateDir.startsWith('/')) throw new TypeError(`stateDir must be an absolute path, got ${v.describe(o.stateDir)}`);
  if (o.mtu !== undefined) v.mtu(o.mtu);
  if (o.lockTimeoutMs !== undefined) v.uint(o.lockTimeoutMs, 'lockTimeoutMs', 1);
  for (const k of ['masquerade', 'isolate', 'hairpin', 'isGateway', 'defaultRoute'] as const) if (o[k] !== undefined) v.bool(o[k], k);
  for (const r of o.routes ?? []) {
    v.cidr(r?.dst, 'route dst');
    if (r.gw !== undefined) v.ip(r.gw, 'route gw');
  }
  return o;
}

export function validAttach(a: AttachOptions): AttachOptions {
  const o = v.object(a, 'attach options') as unknown as AttachOptions;
  if (typeof o.id !== 'string' || !ID.test(o.id)) throw new RangeError(`container id must be letters, digits, '_', '.', '-' (at most 128), got ${v.describe(o.id)}`);
  v.ifname(o.ifname, 'ifname');
  if (o.netns === undefined) throw new TypeError('attach needs netns (the container\'s network namespace)');
  if (o.mac !== undefined) v.mac(o.mac, 'mac');
  return o;
}

export function checkPorts(ports: unknown): PortMapping[] {
  if (!Array.isArray(ports)) throw new TypeError('ports must be an array');
  const seen = new Set<string>();
  return ports.map((p, i) => {
    const what = `ports[${i}]`;
    const o = v.object(p, what);
    const hostPort = v.uint(o.hostPort, `${what}.hostPort`, 1, 65535);
    const containerPort = v.uint(o.containerPort, `${what}.containerPort`, 1, 65535);
    const protocol = o.protocol ?? 'tcp';
    if (protocol !== 'tcp' && protocol !== 'udp') throw new RangeError(`${what}.protocol must be tcp or udp, got ${v.describe(protocol)}`);
    const hostIp = o.hostIp === undefined || o.hostIp === '' ? undefined : v.ip(o.hostIp, `${what}.hostIp`).text;
    const key = `${protocol}/${hostIp ?? '*'}/${hostPort}`;
    if (seen.has(key)) throw new RangeError(`${what}: host port ${protocol} ${hostIp ?? '*'}:${hostPort} is mapped twice`);
    seen.add(key);
    return hostIp === undefined ? { hostPort, containerPort, protocol } : { hostPort, containerPort, protocol, hostIp };
  });
}

/**
 * Fault injection for the reliability tests: when NETLINKTS_FAULT names this step, the process
 * kills itself with SIGKILL right here (what a crash or an OOM kill does), leaving whatever the
 * previous steps made for DEL/GC to clean up.
 */
export function faultPoint(step: string): void {
  if (process.env.NETLINKTS_FAULT === step) process.kill(process.pid, 'SIGKILL');
}
