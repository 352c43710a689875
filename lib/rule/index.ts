// Policy routing rules (`ip rule`): which routing table a packet is looked up in, chosen by its
// source, destination, marks, interfaces, ports, uid … Named "routing rule" so it is never
// confused with an nftables rule. Validation here; native/rule builds and decodes the messages.
import type { Handle } from '../core/handle.js';
import { query, send } from '../core/request.js';
import type { RawAttribute } from '../link/types.js';
import { native } from '../native.js';
import { ROUTE_PROTOCOLS, ROUTE_TABLES, afOf, familyOf, protocolName } from '../util/rtnames.js';
import * as v from '../util/validate.js';

const k = native.constants;

/** What a matching rule does (`ip rule … lookup|goto|nop|blackhole|unreachable|prohibit`). */
export type RoutingRuleAction = 'lookup' | 'goto' | 'nop' | 'blackhole' | 'unreachable' | 'prohibit';
const ACTIONS = new Map<RoutingRuleAction, number>([
  ['lookup', k.FR_ACT_TO_TBL!], ['goto', k.FR_ACT_GOTO!], ['nop', k.FR_ACT_NOP!], ['blackhole', k.FR_ACT_BLACKHOLE!],
  ['unreachable', k.FR_ACT_UNREACHABLE!], ['prohibit', k.FR_ACT_PROHIBIT!],
]);
const ACTION_NAMES = new Map([...ACTIONS].map(([n, x]) => [x, n]));
const IP_PROTOS = new Map<string, number>([
  ['icmp', k.IPPROTO_ICMP!], ['tcp', k.IPPROTO_TCP!], ['udp', k.IPPROTO_UDP!], ['ipv6-icmp', k.IPPROTO_ICMPV6!],
  ['sctp', k.IPPROTO_SCTP!], ['gre', k.IPPROTO_GRE!], ['esp', k.IPPROTO_ESP!],
]);
const IP_PROTO_NAMES = new Map([...IP_PROTOS].map(([n, x]) => [x, n]));

/** A port or an inclusive port range. */
export type PortRange = number | [number, number];

/** A policy routing rule to add or delete: its selectors, priority and action (`ip rule add …`). */
export interface RoutingRuleSpec {
  /** 4 or 6; default: the family of src/dst, else 4. */
  family?: 4 | 6;
  /** Preference (lower first), 0..4294967295; the kernel picks one below the last when omitted. */
  priority?: number;
  /** Table to look up (action 'lookup'); default main. */
  table?: number | 'main' | 'local' | 'default';
  /** Source prefix ('10.0.0.0/8'; a bare address is a host prefix). */
  src?: string;
  dst?: string;
  /** Input interface name (ip rule iif; may name a link that does not exist yet). */
  iif?: string;
  oif?: string;
  fwmark?: number;
  fwmask?: number;
  tos?: number;
  /** IP protocol: a number or 'tcp', 'udp', 'icmp', 'ipv6-icmp', 'sctp', 'gre', 'esp'. */
  ipProto?: number | string;
  sport?: PortRange;
  dport?: PortRange;
  uidRange?: [number, number];
  /** Look up the table of the l3mdev (VRF) the packet came in on or goes out of. */
  l3mdev?: boolean;
  /** Match packets that do NOT match the selectors (ip rule not …). */
  invert?: boolean;
  /** Default 'lookup' (or 'goto' when `goto` is given). */
  action?: RoutingRuleAction;
  /** Priority of the rule to continue at (action 'goto'). */
  goto?: number;
  /** Reject lookup results with a prefix length ≤ this (suppress_prefixlength). */
  suppressPrefixLength?: number;
  suppressIfgroup?: number;
  /** Who installed the rule: a name ('static', 'boot', 'kernel' …) or a number. */
  protocol?: string | number;
  /** Realms (ip rule realms), as the kernel packs them. */
  flow?: number;
}

/** A listed policy routing rule (`ip rule show`), with family, priority, table and action filled in. */
export interface RoutingRule extends RoutingRuleSpec {
  family: 4 | 6;
  priority: number;
  /** Table number (0 for actions that look up no table). */
  table: number;
  action: RoutingRuleAction;
  /** FRA_* attributes not decoded above, as received. */
  raw?: RawAttribute[];
}

function portRange(x: unknown, what: string): [number, number] {
  if (typeof x === 'number') { const p = v.uint(x, what, 0, 65535); return [p, p]; }
  if (!Array.isArray(x) || x.length !== 2) throw new TypeError(`${what} must be a port or a [first, last] range, got ${v.describe(x)}`);
  const lo = v.uint(x[0], `${what} first`, 0, 65535);
  const hi = v.uint(x[1], `${what} last`, 0, 65535);
  if (lo > hi) throw new RangeError(`${what} range ${lo}-${hi} ends before it starts`);
  return [lo, hi];
}

/** Validates a spec into the "rule" request record's fields (exported for codec tests). */
export function ruleFields(spec: RoutingRuleSpec, forDelete: boolean): Record<string, unknown> {
  const s = v.object(spec, 'routing rule spec') as RoutingRuleSpec;
  const out: Record<string, unknown> = {};
  let family: 4 | 6 | undefined;
  if (s.family !== undefined) {
    if (s.family !== 4 && s.family !== 6) throw new RangeError(`routing rule family must be 4 or 6, got ${v.describe(s.family)}`);
    family = s.family;
  }
  for (const key of ['src', 'dst'] as const) {
    if (s[key] === undefined) continue;
    const c = v.cidr(s[key], `routing rule ${key}`);
    if (family !== undefined && c.family !== family) throw new RangeError(`routing rule ${key} ${c.text} is not an IPv${family} prefix`);
    family = c.family;
    out[key] = v.networkOf(c);
    out[key === 'src' ? 'srcLen' : 'dstLen'] = c.prefix;
  }
  out.family = afOf(family ?? 4);
  if (s.priority !== undefined) out.priority = v.uint(s.priority, 'routing rule priority');
  if (s.tos !== undefined) out.tos = v.uint(s.tos, 'routing rule tos', 0, 255);
  if (s.fwmark !== undefined) out.fwmark = v.uint(s.fwmark, 'routing rule fwmark');
  if (s.fwmask !== undefined) {
    if (s.fwmark === undefined) throw new TypeError('routing rule fwmask needs fwmark');
    out.fwmask = v.uint(s.fwmask, 'routing rule fwmask');
  }
  if (s.flow !== undefined) out.flow = v.uint(s.flow, 'routing rule flow');
  if (s.iif !== undefined) out.iif = v.ifname(s.iif, 'routing rule iif');
  if (s.oif !== undefined) out.oif = v.ifname(s.oif, 'routing rule oif');
  if (s.uidRange !== undefined) {
    if (!Array.isArray(s.uidRange) || s.uidRange.length !== 2) throw new TypeError(`routing rule uidRange must be [first, last], got ${v.describe(s.uidRange)}`);
    out.uidStart = v.uint(s.uidRange[0], 'routing rule uidRange first');
    out.uidEnd = v.uint(s.uidRange[1], 'routing rule uidRange last');
    if ((out.uidStart as number) > (out.uidEnd as number)) throw new RangeError('routing rule uidRange ends before it starts');
  }
  if (s.ipProto !== undefined) {
    const p = typeof s.ipProto === 'number' ? v.uint(s.ipProto, 'routing rule ipProto', 0, 255) : IP_PROTOS.get(s.ipProto);
    if (p === undefined) throw new RangeError(`routing rule ipProto must be a number or one of ${[...IP_PROTOS.keys()].join(', ')}, got ${v.describe(s.ipProto)}`);
    out.ipProto = p;
  }
  for (const key of ['sport', 'dport'] as const) {
    if (s[key] === undefined) continue;
    const [lo, hi] = portRange(s[key], `routing rule ${key}`);
    out[`${key}Lo`] = lo;
    out[`${key}Hi`] = hi;
  }
  if (s.l3mdev !== undefined && v.bool(s.l3mdev, 'routing rule l3mdev')) out.l3mdev = 1;
  if (s.suppressPrefixLength !== undefined) out.suppressPrefixLength = v.uint(s.suppressPrefixLength, 'routing rule suppressPrefixLength', 0, 128);
  if (s.suppressIfgroup !== undefined) out.suppressIfgroup = v.uint(s.suppressIfgroup, 'routing rule suppressIfgroup');
  if (s.protocol !== undefined) {
    const p = typeof s.protocol === 'number' ? v.uint(s.protocol, 'routing rule protocol', 0, 255) : ROUTE_PROTOCOLS.get(s.protocol);
    if (p === undefined) throw new RangeError(`routing rule protocol must be a number or one of ${[...ROUTE_PROTOCOLS.keys()].join(', ')}, got ${v.describe(s.protocol)}`);
    out.protocol = p;
  }
  if (s.invert !== undefined && v.bool(s.invert, 'routing rule invert')) out.flags = k.FIB_RULE_INVERT!;
  let action = s.action ?? (s.goto !== undefined ? 'goto' : undefined);
  if (action !== undefined && !ACTIONS.has(action)) throw new RangeError(`routing rule action must be one of ${[...ACTIONS.keys()].join(', ')}, got ${v.describe(action)}`);
  if (s.goto !== undefined) {
    if (action !== 'goto') throw new TypeError(`routing rule goto needs action 'goto', got ${v.describe(action)}`);
    out.goto = v.uint(s.goto, 'routing rule goto');
  } else if (action === 'goto' && !forDelete) throw new TypeError("routing rule action 'goto' needs goto (the priority to continue at)");
  let table: number | undefined;
  if (s.table !== undefined) {
    table = typeof s.table === 'number' ? v.uint(s.table, 'routing rule table') : ROUTE_TABLES.get(s.table);
    if (table === undefined) throw new RangeError(`routing rule table must be a number or 'main', 'local', 'default', got ${v.describe(s.table)}`);
    if (table !== 0 && action !== undefined && action !== 'lookup') throw new TypeError(`routing rule table applies to action 'lookup', not '${action}'`);
  }
  // As iproute2: an added rule looks up a table (main unless said otherwise); a deletion leaves
  // unsaid fields out, so they match any rule.
  if (!forDelete) {
    action ??= 'lookup';
    if (action === 'lookup' && table === undefined && out.l3mdev === undefined) table = k.RT_TABLE_MAIN!;
  }
  if (action !== undefined) out.action = ACTIONS.get(action);
  if (table !== undefined && table !== 0) out.table = table;
  return out;
}

/**
 * Adds a policy routing rule. Equivalent to: ip rule add [not] [pref P] [from S] [to D] [tos T]
 * [fwmark M[/K]] [iif I] [oif O] [uidrange A-B] [ipproto X] [sport A[-B]] [dport A[-B]] [l3mdev]
 * [suppress_prefixlength N] [protocol P] [table T | goto G | blackhole | unreachable | prohibit | nop]
 */
export async function addRoutingRule(h: Handle, spec: RoutingRuleSpec): Promise<void> {
  send(h, 'addRoutingRule', 'rule.add', 'rule', ruleFields(spec, false));
}

/**
 * Deletes the first rule matching every field given (at least one). NetlinkError ENOENT when none
 * matches. Equivalent to: ip rule del …
 */
export async function deleteRoutingRule(h: Handle, spec: RoutingRuleSpec): Promise<void> {
  const fields = ruleFields(spec, true);
  if (Object.keys(fields).length <= 1) throw new TypeError('deleteRoutingRule needs at least one field besides family (e.g. priority)');
  send(h, 'deleteRoutingRule', 'rule.delete', 'rule', fields);
}

/** Equivalent to: ip [-4|-6] rule show (both families when none is given). */
export async function listRoutingRules(h: Handle, filter: { family?: 4 | 6 } = {}): Promise<RoutingRule[]> {
  const op = 'listRoutingRules';
  const f = v.object(filter, 'listRoutingRules filter');
  if (f.family !== undefined && f.family !== 4 && f.family !== 6) throw new RangeError(`family must be 4 or 6, got ${v.describe(f.family)}`);
  const recs = query(h, op, 'rule.dump', 'rule', f.family === undefined ? {} : { family: afOf(f.family) }, 'routingRule');
  const out: RoutingRule[] = [];
  for (const r of recs) {
    const x = toRoutingRule(r);
    if (x) out.push(x);
  }
  return out;
}

/** A "routingRule" record → the public shape: only what the rule sets (null for other families). */
export function toRoutingRule(r: Record<string, unknown>): RoutingRule | null {
  const family = familyOf(r.family as number);
  if (family === null) return null;
  const action = ACTION_NAMES.get(r.action as number) ?? (String(r.action) as RoutingRuleAction);
  const out: RoutingRule = { family, priority: (r.priority as number | undefined) ?? 0, table: r.table as number, action };
  if (r.src !== undefined) out.src = `${r.src as string}/${r.srcLen as number}`;
  if (r.dst !== undefined) out.dst = `${r.dst as string}/${r.dstLen as number}`;
  if (r.iif !== undefined) out.iif = r.iif as string;
  if (r.oif !== undefined) out.oif = r.oif as string;
  if (r.fwmark !== undefined) out.fwmark = r.fwmark as number;
  // The kernel reports mask 0xffffffff when none was given (an exact match).
  if (r.fwmask !== undefined && r.fwmask !== 0xffffffff) out.fwmask = r.fwmask as number;
  if (r.tos) out.tos = r.tos as number;
  if (r.ipProto) out.ipProto = IP_PROTO_NAMES.get(r.ipProto as number) ?? (r.ipProto as number);
  if (r.sportLo !== undefined) out.sport = r.sportLo === r.sportHi ? (r.sportLo as number) : [r.sportLo as number, r.sportHi as number];
  if (r.dportLo !== undefined) out.dport = r.dportLo === r.dportHi ? (r.dportLo as number) : [r.dportLo as number, r.dportHi as number];
  if (r.uidStart !== undefined) out.uidRange = [r.uidStart as number, r.uidEnd as number];
  if (r.l3mdev) out.l3mdev = true;
  if (((r.flags as number) & k.FIB_RULE_INVERT!) !== 0) out.invert = true;
  if (r.goto !== undefined) out.goto = r.goto as number;
  // 0xffffffff (-1) is the kernel's "not set".
  if (r.suppressPrefixLength !== undefined && r.suppressPrefixLength !== 0xffffffff) out.suppressPrefixLength = r.suppressPrefixLength as number;
  if (r.suppressIfgroup !== undefined && r.suppressIfgroup !== 0xffffffff) out.suppressIfgroup = r.suppressIfgroup as number;
  if (r.protocol !== undefined) out.protocol = protocolName(r.protocol as number);
  if (r.flow) out.flow = r.flow as number;
  if (r.raw) out.raw = r.raw as RawAttribute[];
  return out;
}
