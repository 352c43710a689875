// setBandwidth / clearBandwidth: what the CNI bandwidth plugin (containernetworking/plugins
// plugins/meta/bandwidth) puts in the kernel, in one call, undone on failure:
//   towards the container (ingress): tbf on the host veth's root (latency 25 ms);
//   from the container (egress):     an ifb device (up, the veth's MTU) with the same tbf, fed by
//     an ingress qdisc on the veth and a u32 match-all filter (prio 1, protocol all, classid 1:1)
//     whose mirred action redirects every packet to the ifb's egress.
import type { Handle } from '../core/handle.js';
import { resolveIndex } from '../core/resolve.js';
import { NetlinkError } from '../errors.js';
import { createLink, deleteLink, getLink } from '../link/index.js';
import type { LinkRef, LinkSpec } from '../link/types.js';
import * as v from '../util/validate.js';
import { deleteQdisc, addQdisc, listQdiscs } from './qdisc.js';
import { addFilter, listFilters } from './filter.js';
import type { BandwidthLimit, BandwidthOptions } from './types.js';
import * as u from './units.js';

const LATENCY = '25ms'; // the CNI plugin's latencyInMillis

function limit(l: unknown, what: string): { rate: number; burst: number } {
  const o = v.object(l, what);
  const rate = u.rate(o.rate, `${what}.rate`);
  if (rate === 0) throw new RangeError(`${what}.rate must be > 0`);
  // Default bucket: 25 ms at the rate, at least 16 KiB (several full-size packets).
  const burst = o.burst === undefined ? Math.max(Math.ceil(rate / 40), 16384) : u.size(o.burst, `${what}.burst`);
  if (burst === 0) throw new RangeError(`${what}.burst must be > 0`);
  return { rate, burst };
}

/**
 * Limits a container's bandwidth on its host-side interface `ref`, as the CNI bandwidth plugin:
 * `ingress` shapes traffic towards the container, `egress` traffic from it (through an ifb).
 * Everything created is removed again if a later step fails.
 * Equivalent to: tc qdisc add dev REF root handle 1: tbf rate R burst B latency 25ms;
 *   ip link add IFB type ifb; ip link set IFB up; tc qdisc add dev REF ingress;
 *   tc filter add dev REF parent ffff: protocol all prio 1 u32 match u32 0 0 classid 1:1 action mirred egress redirect dev IFB;
 *   tc qdisc add dev IFB root handle 1: tbf rate R burst B latency 25ms
 */
export async function setBandwidth(h: Handle, ref: LinkRef, opts: BandwidthOptions): Promise<void> {
  const op = 'setBandwidth';
  const o = v.object(opts, `${op} options`);
  if (o.ingress === undefined && o.egress === undefined) throw new TypeError(`${op}: give ingress and/or egress`);
  const ingress = o.ingress === undefined ? null : limit(o.ingress, 'ingress');
  const egress = o.egress === undefined ? null : limit(o.egress, 'egress');
  const given = o.ifb === undefined ? null : v.ifname(o.ifb, 'ifb');
  const index = resolveIndex(h, v.linkRef(ref), op);
  const ifbName = given ?? `nlifb${index}`;
  const undo: (() => Promise<void>)[] = [];
  try {
    if (ingress) {
      await addQdisc(h, index, { kind: 'tbf', parent: 'root', handle: '1:', ...ingress, latency: LATENCY });
      undo.push(() => deleteQdisc(h, index, { parent: 'root', handle: '1:' }));
    }
    if (egress) {
      const mtu = (await getLink(h, index)).mtu;
      const ifb = await createLink(h, { kind: 'ifb', name: ifbName, mtu, up: true } as unknown as LinkSpec);
      undo.push(() => deleteLink(h, ifb.index));
      await addQdisc(h, index, { kind: 'ingress' });
      undo.push(() => deleteQdisc(h, index, { parent: 'ingress' }));
      await addFilter(h, index, {
        kind: 'u32', parent: 'ffff:', protocol: 'all', prio: 1, match: 'all', classid: '1:1',
        actions: [{ kind: 'mirred', direction: 'egress', action: 'redirect', dev: ifb.index }],
      });
      await addQdisc(h, ifb.index, { kind: 'tbf', parent: 'root', handle: '1:', ...egress, latency: LATENCY });
    }
  } catch (e) {
    for (const step of undo.reverse()) {
      try { await step(); } catch { /* best effort: the original error is what matters */ }
    }
    throw e;
  }
}

function gone(e: unknown): boolean {
  return e instanceof NetlinkError && ['ENOENT', 'EINVAL', 'ENODEV'].includes(e.code);
}

/**
 * Removes what setBandwidth put on `ref`: its root tbf, its ingress qdisc (with the redirect)
 * and the ifb the redirect fed. Parts already gone are not an error.
 * Equivalent to: tc qdisc del dev REF root; tc qdisc del dev REF ingress; ip link del IFB
 */
export async function clearBandwidth(h: Handle, ref: LinkRef): Promise<void> {
  const op = 'clearBandwidth';
  const index = resolveIndex(h, v.linkRef(ref), op);
  const qdiscs = await listQdiscs(h, { dev: index });
  const ifbs = new Set<number>();
  if (qdiscs.some((q) => q.kind === 'ingress')) {
    for (const f of await listFilters(h, { dev: index, parent: 'ffff:' })) {
      for (const a of (f.actions as { kind: string; dev?: number }[] | undefined) ?? []) if (a.kind === 'mirred' && typeof a.dev === 'number') ifbs.add(a.dev);
    }
    try { await deleteQdisc(h, index, { parent: 'ingress' }); } catch (e) { if (!gone(e)) throw e; }
  }
  for (const ifb of ifbs) {
    try {
      if ((await getLink(h, ifb)).kind === 'ifb') await deleteLink(h, ifb);
    } catch (e) { if (!gone(e)) throw e; }
  }
  if (qdiscs.some((q) => q.kind === 'tbf' && q.parent === 'root')) {
    try { await deleteQdisc(h, index, { parent: 'root' }); } catch (e) { if (!gone(e)) throw e; }
  }
}
