// The network configuration on stdin → BridgeNetwork options. The keys are the reference
// `bridge` plugin's (bridge, isGateway, isDefaultGateway, ipMasq, hairpinMode, mtu, ipam with
// host-local's ranges/dataDir/routes), so a conflist can swap "type": "bridge" for this plugin;
// runtimeConfig.portMappings replaces a chained portmap.
import { join } from 'node:path';
import type { BridgeNetworkOptions, CniDns, PortMapping } from '../network/types.js';
import { fromBig, parseSubnet } from '../network/ip.js';
import { CODES, CniError } from './errors.js';
import { SUPPORTED_VERSIONS } from './version.js';

export interface NetConf {
  cniVersion: string; name: string; type: string;
  bridge?: string; isGateway?: boolean; isDefaultGateway?: boolean; ipMasq?: boolean; hairpinMode?: boolean; mtu?: number;
  isolate?: boolean;
  ipam?: { type?: string; ranges?: RangeConf[][]; subnet?: string; rangeStart?: string; rangeEnd?: string; gateway?: string; dataDir?: string; routes?: { dst: string; gw?: string }[] };
  dns?: CniDns;
  runtimeConfig?: { portMappings?: { hostPort: number; containerPort: number; protocol?: string; hostIP?: string }[]; ips?: string[]; mac?: string };
  prevResult?: Record<string, unknown>;
  'cni.dev/valid-attachments'?: { containerID: string; ifname: string }[];
  [k: string]: unknown;
}
interface RangeConf { subnet: string; rangeStart?: string; rangeEnd?: string; gateway?: string }

// Reference bridge keys that change behaviour this plugin does not implement: refuse them
// (spec code 2) rather than silently doing something else.
const UNSUPPORTED = ['vlan', 'vlanTrunk', 'promiscMode', 'macspoofchk', 'enabledad', 'preserveDefaultVlan', 'disableContainerInterface', 'portIsolation'];

export function parseConf(stdin: string): NetConf {
  let c: NetConf;
  try {
    c = JSON.parse(stdin) as NetConf;
  } catch (e) {
    throw new CniError(CODES.decodeFailure, 'cannot decode the network configuration', (e as Error).message);
  }
  if (c === null || typeof c !== 'object' || Array.isArray(c)) throw new CniError(CODES.decodeFailure, 'the network configuration must be a JSON object');
  if (typeof c.cniVersion !== 'string') throw new CniError(CODES.invalidConfig, 'cniVersion is missing');
  if (!SUPPORTED_VERSIONS.includes(c.cniVersion)) {
    throw new CniError(CODES.incompatibleVersion, `incompatible CNI version ${c.cniVersion}`, `supported: ${SUPPORTED_VERSIONS.join(', ')}`);
  }
  if (typeof c.name !== 'string' || c.name === '') throw new CniError(CODES.invalidConfig, 'name is missing');
  for (const k of UNSUPPORTED) if (c[k] !== undefined && c[k] !== false && c[k] !== 0) throw new CniError(CODES.unsupportedField, `unsupported field "${k}"`);
  return c;
}

/** BridgeNetwork.open options for a configuration. */
export function networkOptions(c: NetConf): BridgeNetworkOptions {
  const ipam = c.ipam;
  if (ipam === undefined || ipam.type !== 'host-local') {
    throw new CniError(CODES.unsupportedField, `ipam.type must be "host-local" (built in), got ${JSON.stringify(ipam?.type)}`);
  }
  const ranges: RangeConf[] = (ipam.ranges ?? (ipam.subnet ? [[{ subnet: ipam.subnet, rangeStart: ipam.rangeStart, rangeEnd: ipam.rangeEnd, gateway: ipam.gateway }]] : []))
    .map((set, i) => {
      if (!Array.isArray(set) || set.length !== 1) throw new CniError(CODES.unsupportedField, `ipam.ranges[${i}] must hold exactly one range (several ranges per set are not supported)`);
      return set[0]!;
    });
  if (ranges.length === 0 || ranges.length > 2) throw new CniError(CODES.invalidConfig, 'ipam.ranges must hold one IPv4 range set and optionally one IPv6 set');
  const v4 = ranges.find((r) => !r.subnet.includes(':')) ?? ranges[0]!;
  const v6 = ranges.find((r) => r !== v4 && r.subnet.includes(':'));
  const gateway = c.isDefaultGateway || c.isGateway ? true : false;
  const dataDir = ipam.dataDir ?? '/var/lib/cni/networks';
  const gwOf = (dst: string): string | undefined => {
    const r = dst.includes(':') ? v6 : v4;
    return r?.gateway ?? (r ? firstHost(r.subnet) : undefined);
  };
  return {
    name: c.name,
    bridge: c.bridge ?? 'cni0',
    subnet: v4.subnet, rangeStart: v4.rangeStart, rangeEnd: v4.rangeEnd, gateway: v4.gateway,
    ...(v6 ? { subnet6: v6.subnet, gateway6: v6.gateway } : {}),
    mtu: c.mtu,
    masquerade: !!c.ipMasq,
    isolate: !!c.isolate,
    hairpin: !!c.hairpinMode,
    isGateway: gateway,
    defaultRoute: !!c.isDefaultGateway,
    // host-local routes without gw go via the range's gateway (ipam.ConfigureIface does so).
    routes: (ipam.routes ?? []).map((r) => ({ dst: r.dst, gw: r.gw ?? gwOf(r.dst) })),
    stateDir: join(dataDir, c.name),
  };
}

/** The subnet's first address (host-local's default gateway), as text. */
function firstHost(subnet: string): string {
  const s = parseSubnet(subnet, 'ipam subnet');
  return fromBig(s.network + 1n, s.family);
}

export function portMappings(c: NetConf): PortMapping[] {
  const pm = c.runtimeConfig?.portMappings ?? [];
  if (!Array.isArray(pm)) throw new CniError(CODES.invalidConfig, 'runtimeConfig.portMappings must be an array');
  return pm.map((p) => ({
    hostPort: p.hostPort, containerPort: p.containerPort, protocol: (p.protocol ?? 'tcp').toLowerCase() as 'tcp' | 'udp',
    ...(p.hostIP ? { hostIp: p.hostIP } : {}),
  }));
}

/**
 * CNI_ARGS "K=V;K=V", as libcni's types.LoadArgs reads it: every pair exactly one '=', the keys
 * this plugin knows (IP, MAC — what host-local and the bridge plugin read) taken, an unknown key
 * an error unless IgnoreUnknown is 1/true (runtimes pass K8S_POD_NAME and the like with it).
 */
export function cniArgs(text: string | undefined): { IP?: string; MAC?: string } {
  const out: { IP?: string; MAC?: string } = {};
  if (text === undefined || text === '') return out;
  const unknown: string[] = [];
  let ignoreUnknown = false;
  for (const pair of text.split(';')) {
    const kv = pair.split('=');
    if (kv.length !== 2) throw new CniError(CODES.invalidEnvironment, `CNI_ARGS: invalid pair "${pair}"`);
    const [k, val] = kv as [string, string];
    if (k === 'IP' || k === 'MAC') out[k] = val;
    else if (k === 'IgnoreUnknown') {
      const b = val.toLowerCase();
      if (b !== '1' && b !== 'true' && b !== '0' && b !== 'false') throw new CniError(CODES.invalidEnvironment, `CNI_ARGS: IgnoreUnknown must be 1, true, 0 or false, got "${val}"`);
      ignoreUnknown = b === '1' || b === 'true';
    } else unknown.push(pair);
  }
  if (unknown.length > 0 && !ignoreUnknown) throw new CniError(CODES.invalidEnvironment, `CNI_ARGS: unknown args ${unknown.map((u) => `"${u}"`).join(', ')} (add IgnoreUnknown=1 to ignore them)`);
  return out;
}
