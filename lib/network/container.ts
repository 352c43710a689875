// The container side of an attach, done through a handle in the container's namespace:
// addresses, link up, lo up, sysctls, routes. And the check of that side.
import type { Netlink } from '../handle.js';
import { NetlinkError } from '../errors.js';
import type { CniRoute } from './types.js';

export interface ContainerPlan {
  ifname: string;
  addrs: { cidr: string; family: 4 | 6 }[];
  routes: CniRoute[];
}

/** The loopback device's ifindex: the first device every network namespace registers. */
const LOOPBACK_INDEX = 1;

/**
 * Configures the container end (born in the namespace as ifname, ifindex `index` there): the
 * sysctls, then addresses, link up, lo up and routes as one pipelined batch (one sendmsg; the
 * kernel runs them in order, so each route finds its address and an up link).
 */
export async function setupContainer(c: Netlink, p: ContainerPlan, index: number): Promise<void> {
  const v6 = p.addrs.some((a) => a.family === 6);
  // Before addresses: announce the address when it comes up (gratuitous ARP), and no DAD delay
  // for v6 (a fresh veth cannot collide; DAD would keep the address tentative for a second).
  await c.setSysctl(`net.ipv4.conf.${p.ifname}.arp_notify`, 1);
  if (v6) await c.setSysctl(`net.ipv6.conf.${p.ifname}.accept_dad`, 0);
  const b = c.batch();
  const ops: string[] = []; // what each queued request is, to name the one that fails
  for (const a of p.addrs) { b.addAddress(index, a.cidr); ops.push('addAddress'); }
  b.setLinkUp(index).setLinkUp(LOOPBACK_INDEX); ops.push('setLinkUp', 'setLinkUp');
  for (const r of p.routes) { b.addRoute({ dst: r.dst === '0.0.0.0/0' ? 'default' : r.dst, via: r.gw, dev: index }); ops.push('addRoute'); }
  const results = await b.commit();
  const i = results.findIndex((r) => !r.ok);
  if (i < 0) return;
  const r = results[i]!;
  const e = (r.ok ? null : r.error) as NetlinkError;
  // The batch reports 'batch.commit': name the request instead, as the one-by-one calls did.
  if (!(e instanceof NetlinkError)) throw e;
  const text = e.message.startsWith(`${e.op}: `) ? e.message.slice(e.op.length + 2) : e.message;
  throw new NetlinkError(ops[i]!, e.errno, text, { extack: e.extack, extackOffset: e.extackOffset, cause: e });
}

/** Differences between the container side and the plan (empty when equal). */
export async function checkContainer(c: Netlink, p: ContainerPlan): Promise<string[]> {
  const diff: string[] = [];
  let link;
  try {
    link = await c.getLink(p.ifname);
  } catch (e) {
    return [`container interface ${p.ifname} is missing (${(e as NetlinkError).code ?? e})`];
  }
  if (link.kind !== 'veth') diff.push(`container interface ${p.ifname} is a ${link.kind}, not a veth`);
  if (!link.up) diff.push(`container interface ${p.ifname} is down`);
  const have = new Set((await c.listAddresses({ link: p.ifname })).map((a) => a.cidr));
  for (const a of p.addrs) if (!have.has(a.cidr)) diff.push(`container address ${a.cidr} is missing on ${p.ifname}`);
  const routes4 = await c.listRoutes({ dev: p.ifname, family: 4 });
  const routes6 = p.routes.some((r) => (r.gw ?? r.dst).includes(':')) ? await c.listRoutes({ dev: p.ifname, family: 6 }) : [];
  for (const r of p.routes) {
    const dst = r.dst.endsWith('/0') ? 'default' : r.dst;
    const family = (r.gw ?? r.dst).includes(':') ? 6 : 4;
    const routes = family === 6 ? routes6 : routes4;
    if (!routes.some((x) => (x.dst === dst || x.dst === `${dst}/${family === 4 ? 32 : 128}`) && (r.gw === undefined || x.via === r.gw))) {
      diff.push(`container route ${r.dst}${r.gw ? ` via ${r.gw}` : ''} is missing`);
    }
  }
  return diff;
}
