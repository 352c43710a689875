// The container side of an attach, done through a handle in the container's namespace:
// addresses, link up, lo up, sysctls, routes. And the check of that side.
import type { Netlink } from '../handle.js';
import type { NetlinkError } from '../errors.js';
import type { CniRoute } from './types.js';

export interface ContainerPlan {
  ifname: string;
  addrs: { cidr: string; family: 4 | 6 }[];
  routes: CniRoute[];
}

/** Configures the container end (born in the namespace as ifname). */
export async function setupContainer(c: Netlink, p: ContainerPlan): Promise<void> {
  const v6 = p.addrs.some((a) => a.family === 6);
  // Before addresses: announce the address when it comes up (gratuitous ARP), and no DAD delay
  // for v6 (a fresh veth cannot collide; DAD would keep the address tentative for a second).
  await c.setSysctl(`net.ipv4.conf.${p.ifname}.arp_notify`, 1);
  if (v6) await c.setSysctl(`net.ipv6.conf.${p.ifname}.accept_dad`, 0);
  for (const a of p.addrs) await c.addAddress(p.ifname, a.cidr);
  await c.setLinkUp(p.ifname);
  await c.setLinkUp('lo');
  for (const r of p.routes) {
    await c.addRoute({ dst: r.dst === '0.0.0.0/0' ? 'default' : r.dst, via: r.gw, dev: p.ifname });
  }
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
