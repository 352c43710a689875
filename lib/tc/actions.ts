// Filter actions: mirred (redirect/mirror to a device), gact (drop/pass/…), police, and any
// other kind as raw options. Equivalent to: tc filter … action mirred|gact|police …
import type { Handle } from '../core/handle.js';
import { resolveIndex } from '../core/resolve.js';
import { native } from '../native.js';
import * as v from '../util/validate.js';
import type { Action, ListedAction, Verdict } from './types.js';
import * as u from './units.js';

const k = native.constants;
const VERDICTS: Record<string, number> = {
  pass: k.TC_ACT_OK!, ok: k.TC_ACT_OK!, reclassify: k.TC_ACT_RECLASSIFY!, drop: k.TC_ACT_SHOT!, shot: k.TC_ACT_SHOT!,
  pipe: k.TC_ACT_PIPE!, stolen: k.TC_ACT_STOLEN!, continue: k.TC_ACT_UNSPEC! >>> 0,
};
const VERDICT_NAMES = new Map<number, Verdict>([
  [k.TC_ACT_OK!, 'pass'], [k.TC_ACT_RECLASSIFY!, 'reclassify'], [k.TC_ACT_SHOT!, 'drop'], [k.TC_ACT_PIPE!, 'pipe'],
  [k.TC_ACT_STOLEN!, 'stolen'], [k.TC_ACT_UNSPEC! >>> 0, 'continue'],
]);
const MIRRED: Record<string, number> = {
  'egress redirect': k.TCA_EGRESS_REDIR!, 'egress mirror': k.TCA_EGRESS_MIRROR!,
  'ingress redirect': k.TCA_INGRESS_REDIR!, 'ingress mirror': k.TCA_INGRESS_MIRROR!,
};

function verdict(value: unknown, what: string): number {
  const n = typeof value === 'string' ? VERDICTS[value] : undefined;
  if (n === undefined) throw new RangeError(`${what} must be one of ${Object.keys(VERDICTS).join(', ')}, got ${v.describe(value)}`);
  return n;
}

/** Validated actions → "tc_act" records (mirred targets resolved to ifindexes). */
export function encodeActions(h: Handle, actions: unknown, op: string,
  resolve: (r: string | number) => number = (r) => resolveIndex(h, r, op)): Record<string, unknown>[] {
  if (!Array.isArray(actions)) throw new TypeError(`${op}: actions must be an array`);
  if (actions.length > 32) throw new RangeError(`${op}: at most 32 actions`);
  return actions.map((a0, i) => {
    const a = v.object(a0, `action ${i}`);
    switch (a.kind) {
      case 'mirred': {
        const code = MIRRED[`${String(a.direction)} ${String(a.action)}`];
        if (code === undefined) throw new RangeError(`mirred: direction must be 'egress'|'ingress' and action 'redirect'|'mirror'`);
        return { kind: 'mirred', mirredAction: code, ifindex: resolve(v.linkRef(a.dev, 'mirred dev')) };
      }
      case 'gact':
        return { kind: 'gact', verdict: verdict(a.verdict, 'gact verdict') };
      case 'police': {
        const r: Record<string, unknown> = { kind: 'police', rate: u.rate(a.rate, 'police rate'), burst: u.size(a.burst, 'police burst') };
        if (a.mtu !== undefined) r.mtu = u.size(a.mtu, 'police mtu');
        if (a.exceed !== undefined) r.verdict = verdict(a.exceed, 'police exceed');
        return r;
      }
      default: {
        if (typeof a.kind !== 'string' || a.kind.length === 0 || a.kind.length > 15) throw new TypeError(`action ${i} needs a kind`);
        if (a.options !== undefined && !Buffer.isBuffer(a.options)) throw new TypeError(`action ${a.kind}: options must be a Buffer`);
        return { kind: a.kind, options: a.options };
      }
    }
  });
}

function stats(r: Record<string, unknown>) {
  return r.bytes === undefined ? undefined
    : { bytes: r.bytes as number, packets: r.packets as number, drops: (r.drops as number) ?? 0, overlimits: (r.overlimits as number) ?? 0 };
}

/** "tc_act" records from a listing → public actions (the shape encodeActions takes back). */
export function decodeActions(recs: Record<string, unknown>[] | undefined): ListedAction[] {
  return (recs ?? []).map((r) => {
    let a: ListedAction;
    const vname = VERDICT_NAMES.get(r.verdict as number);
    if (r.kind === 'mirred' && r.mirredAction !== undefined) {
      const [direction, action] = Object.entries(MIRRED).find(([, c]) => c === r.mirredAction)?.[0].split(' ') ?? ['egress', 'redirect'];
      a = { kind: 'mirred', direction: direction as 'egress', action: action as 'redirect', dev: r.ifindex as number };
    } else if (r.kind === 'gact' && vname) {
      a = { kind: 'gact', verdict: vname };
    } else if (r.kind === 'police' && r.rate !== undefined) {
      a = { kind: 'police', rate: r.rate as number, burst: r.burst as number, exceed: vname ?? 'reclassify' };
      if (r.mtu !== undefined) (a as { mtu?: number }).mtu = r.mtu as number;
    } else {
      a = { kind: r.kind as string, options: r.options as Buffer | undefined };
    }
    if (r.index !== undefined) a.index = r.index as number;
    const s = stats(r);
    if (s) a.stats = s;
    return a;
  });
}
