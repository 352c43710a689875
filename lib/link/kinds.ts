// Validation of the kinds native/link/kinds.h builds: vlan, ipvlan/ipvtap, vrf, bond, the
// gre/ipip tunnel families, geneve (dummy, ifb and wireguard take only the common settings).
import type { NativeLinkSpec } from '../../typings/link.js';
import * as v from '../util/validate.js';
import { native } from '../native.js';
import type { Link, LinkRef, LinkSpec } from './types.js';
import { bridgeSpecFromLink } from './bridge.js'; // issue 9 brvlan: bridges re-create with their options

/** ETH_P_8021Q / ETH_P_8021AD */
const VLAN_PROTOCOLS: Record<string, number> = { '802.1q': 0x8100, '802.1ad': 0x88a8 };
const IPVLAN_MODES: Record<string, number> = { l2: 0, l3: 1, l3s: 2 };
const IPVLAN_FLAGS: Record<string, number> = { bridge: 0, private: 1, vepa: 2 };
export const BOND_MODES: Record<string, number> = {
  'balance-rr': 0, 'active-backup': 1, 'balance-xor': 2, broadcast: 3, '802.3ad': 4, 'balance-tlb': 5, 'balance-alb': 6,
};
const XMIT_HASH: Record<string, number> = { layer2: 0, 'layer3+4': 1, 'layer2+3': 2, 'encap2+3': 3, 'encap3+4': 4, vlan_srcmac: 5 };
const LACP_RATE: Record<string, number> = { slow: 0, fast: 1 };
const TUNNELS4 = new Set(['gre', 'gretap', 'ipip', 'sit']);
const TUNNELS6 = new Set(['ip6gre', 'ip6tnl']);

/** Every kind createLink builds kind data for here. */
export const MORE_KINDS = new Set(['dummy', 'ifb', 'wireguard', 'vlan', 'ipvlan', 'ipvtap', 'vrf', 'bond', ...TUNNELS4, ...TUNNELS6, 'geneve']);

function oneOf(map: Record<string, number>, value: unknown, what: string): number {
  const n = typeof value === 'string' ? map[value] : undefined;
  if (n === undefined) throw new RangeError(`${what} must be one of ${Object.keys(map).join(', ')}; got ${v.describe(value)}`);
  return n;
}

function address(value: unknown, what: string, family: 4 | 6): Buffer {
  const a = v.ip(value, what);
  if (a.family !== family) throw new RangeError(`${what} ${a.text} is IPv${a.family}; this tunnel kind needs IPv${family}`);
  return a.bytes;
}

/**
 * Fills `n` from `s` for the kinds above; `parent` resolves the lower device (vlan, ipvlan).
 * Throws TypeError/RangeError for anything malformed, before any request.
 */
export function moreKindData(s: Record<string, unknown>, n: NativeLinkSpec, parent: (ref: LinkRef, what: string) => number): void {
  const kind = s.kind as string;
  switch (kind) {
    case 'vlan':
      n.vlanId = v.uint(s.id, 'vlan id', 1, 4094);
      if (s.protocol !== undefined) n.vlanProtocol = oneOf(VLAN_PROTOCOLS, s.protocol, 'vlan protocol');
      n.parent = parent(v.linkRef(s.parent, 'vlan parent'), 'vlan parent');
      break;
    case 'ipvlan':
    case 'ipvtap':
      n.ipvlanMode = s.mode === undefined ? 0 : oneOf(IPVLAN_MODES, s.mode, `${kind} mode`);
      n.ipvlanFlags = s.flags === undefined ? 0 : oneOf(IPVLAN_FLAGS, s.flags, `${kind} flags`);
      n.parent = parent(v.linkRef(s.parent, `${kind} parent`), `${kind} parent`);
      break;
    case 'vrf':
      n.vrfTable = v.uint(s.table, 'vrf table', 1, 0xffffffff);
      break;
    case 'bond':
      if (s.mode !== undefined) n.bondMode = oneOf(BOND_MODES, s.mode, 'bond mode');
      if (s.miimon !== undefined) n.miimon = v.uint(s.miimon, 'bond miimon');
      if (s.updelay !== undefined) n.updelay = v.uint(s.updelay, 'bond updelay');
      if (s.downdelay !== undefined) n.downdelay = v.uint(s.downdelay, 'bond downdelay');
      if (s.minLinks !== undefined) n.minLinks = v.uint(s.minLinks, 'bond minLinks');
      if (s.xmitHashPolicy !== undefined) n.xmitHashPolicy = oneOf(XMIT_HASH, s.xmitHashPolicy, 'bond xmitHashPolicy');
      if (s.lacpRate !== undefined) n.lacpRate = oneOf(LACP_RATE, s.lacpRate, 'bond lacpRate');
      break;
    case 'geneve': {
      n.geneveId = v.uint(s.id, 'geneve id', 0, 0xffffff);
      const r = v.ip(s.remote, 'geneve remote');
      n.tunRemote = r.bytes;
      if (s.port !== undefined) n.genevePort = v.uint(s.port, 'geneve port', 1, 65535);
      if (s.ttl !== undefined) n.tunTtl = v.uint(s.ttl, 'geneve ttl', 0, 255);
      if (s.tos !== undefined) n.tunTos = v.uint(s.tos, 'geneve tos', 0, 255);
      break;
    }
    default:
      if (TUNNELS4.has(kind) || TUNNELS6.has(kind)) {
        const family = TUNNELS6.has(kind) ? 6 : 4;
        if (s.local !== undefined) n.tunLocal = address(s.local, `${kind} local`, family);
        if (s.remote !== undefined) n.tunRemote = address(s.remote, `${kind} remote`, family);
        if (s.ttl !== undefined) n.tunTtl = v.uint(s.ttl, `${kind} ttl`, 0, 255);
        if (s.tos !== undefined) n.tunTos = v.uint(s.tos, `${kind} tos`, 0, 255);
        if (s.key !== undefined) {
          if (kind !== 'gre' && kind !== 'gretap' && kind !== 'ip6gre') throw new RangeError(`key applies to gre, gretap and ip6gre tunnels, not ${kind}`);
          n.greKey = v.uint(s.key, `${kind} key`);
        }
        if (s.pmtudisc !== undefined) {
          if (family === 6) throw new RangeError(`pmtudisc applies to IPv4 tunnels, not ${kind}`);
          n.nopmtudisc = !v.bool(s.pmtudisc, `${kind} pmtudisc`);
          if (n.nopmtudisc && n.tunTtl) throw new RangeError(`${kind}: a fixed ttl needs pmtudisc (the kernel refuses nopmtudisc with ttl)`);
        }
      }
      break; // dummy, ifb, wireguard: the common settings only
  }
}

const nameOf = (map: Record<string, number>, n: number | undefined): string | undefined =>
  n === undefined ? undefined : Object.keys(map).find((k) => map[k] === n);

/**
 * The createLink spec that re-creates a listed link of the kinds above from its decoded
 * IFLA_INFO_DATA (plus name, mtu, address and txqlen): what snapshot/restore tools need.
 * `parentName` maps the listed parent ifindex (Link.link) to a name or index in the target
 * namespace (default: the index itself). Bridges re-create with their options
 * (bridgeSpecFromLink). Null for other kinds.
 * Equivalent to: none (a pure conversion of `ip -d link show` output into `ip link add` arguments)
 */
export function linkSpecFromLink(l: Link, parentName: (index: number) => LinkRef = (i) => i): LinkSpec | null {
  if (l.kind === 'bridge') return bridgeSpecFromLink(l); // issue 9 brvlan
  if (l.kind === 'macvlan' || l.kind === 'macvtap') return macvlanSpecFromLink(l, parentName); // issue 9 brvlan
  if (l.kind === null || !MORE_KINDS.has(l.kind)) return null;
  const i = l.info ?? {};
  const base: Record<string, unknown> = { kind: l.kind, name: l.name };
  if (l.mtu) base.mtu = l.mtu;
  const put = (k: string, v: unknown) => { if (v !== undefined && v !== null) base[k] = v; };
  switch (l.kind) {
    case 'vlan':
      put('parent', l.link === null ? undefined : parentName(l.link));
      put('id', i.vlanId);
      put('protocol', nameOf(VLAN_PROTOCOLS, i.vlanProtocol));
      break;
    case 'ipvlan':
    case 'ipvtap':
      put('parent', l.link === null ? undefined : parentName(l.link));
      put('mode', nameOf(IPVLAN_MODES, i.ipvlanMode));
      put('flags', nameOf(IPVLAN_FLAGS, i.ipvlanFlags));
      break;
    case 'vrf':
      put('table', i.vrfTable);
      break;
    case 'bond':
      put('mode', nameOf(BOND_MODES, i.bondMode));
      if (i.miimon) put('miimon', i.miimon);
      if (i.updelay) put('updelay', i.updelay);
      if (i.downdelay) put('downdelay', i.downdelay);
      if (i.minLinks) put('minLinks', i.minLinks);
      put('xmitHashPolicy', nameOf(XMIT_HASH, i.xmitHashPolicy));
      put('lacpRate', nameOf(LACP_RATE, i.lacpRate));
      break;
    case 'geneve':
      put('id', i.vni);
      put('remote', i.remote);
      put('port', i.port);
      if (i.ttl) put('ttl', i.ttl);
      if (i.tos) put('tos', i.tos);
      break;
    default:
      if (TUNNELS4.has(l.kind) || TUNNELS6.has(l.kind)) {
        const any = TUNNELS6.has(l.kind) ? '::' : '0.0.0.0';
        if (i.local !== any) put('local', i.local);
        if (i.remote !== any) put('remote', i.remote);
        // ip6 tunnels default to hop limit 64; v4 to 0 (inherit)
        if (i.ttl !== undefined && i.ttl !== (TUNNELS6.has(l.kind) ? 64 : 0)) put('ttl', i.ttl);
        if (i.tos) put('tos', i.tos);
        if (i.ikey) put('key', i.ikey);
        if (i.pmtudisc === 0 && TUNNELS4.has(l.kind)) put('pmtudisc', false);
      }
      break;
  }
  return base as unknown as LinkSpec;
}

/** MACVLAN_MODE_* (from the addon's UAPI constants) by the name createLink takes. */
const MACVLAN_MODES: Record<string, number> = Object.fromEntries(['private', 'vepa', 'bridge', 'passthru', 'source']
  .map((m) => [m, native.constants[`MACVLAN_MODE_${m.toUpperCase()}`]!]));

/** A listed macvlan/macvtap → the createLink spec (parent via parentName, mode by name). */
function macvlanSpecFromLink(l: Link, parentName: (index: number) => LinkRef): LinkSpec | null {
  if (l.link === null) return null; // the parent is gone: nothing to attach to
  const spec: Record<string, unknown> = { kind: l.kind, name: l.name, parent: parentName(l.link) };
  if (l.mtu) spec.mtu = l.mtu;
  const mode = nameOf(MACVLAN_MODES, l.info?.macvlanMode);
  if (mode !== undefined) spec.mode = mode;
  return spec as unknown as LinkSpec;
}
