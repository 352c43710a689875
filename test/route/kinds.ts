// A namespace table holding every kind of route the listing fast path takes (plain IPv4 with
// and without gateway, src, metric, protocol, scope) and every kind it hands to the generic
// decoder (IPv6, multipath, RTA_VIA, blackhole, metrics, another table, onlink): shared by the
// listing tests (list.test.ts, columnar.test.ts).
import type { Netlink } from '../../lib/index.js';
import { ipCmd } from '../helpers/ns.js';

export async function addEveryRouteKind(ns: string, h: Netlink): Promise<void> {
  await h.createVeth('veth0', 'veth1', { up: true });
  await h.addAddress('veth0', '10.1.0.1/24');
  await h.addAddress('veth0', '2001:db8::1/64', { nodad: true });
  ipCmd(ns, 'route', 'add', '10.9.0.0/24', 'dev', 'veth0', 'metric', '10');
  ipCmd(ns, 'route', 'add', '10.8.0.0/24', 'via', '10.1.0.2', 'src', '10.1.0.1');
  ipCmd(ns, 'route', 'add', 'default', 'via', '10.1.0.254', 'proto', 'static');
  ipCmd(ns, 'route', 'add', '10.7.0.1', 'dev', 'veth0', 'proto', '77', 'scope', 'host');
  ipCmd(ns, 'route', 'add', '10.6.0.0/24', 'nexthop', 'via', '10.1.0.2', 'dev', 'veth0', 'nexthop', 'via', '10.1.0.3', 'dev', 'veth0', 'weight', '4');
  ipCmd(ns, 'route', 'add', '10.4.0.0/24', 'via', 'inet6', '2001:db8::2', 'dev', 'veth0');
  ipCmd(ns, 'route', 'add', 'blackhole', '10.5.0.0/24');
  ipCmd(ns, 'route', 'add', 'unreachable', '10.5.1.0/24', 'table', '5000');
  ipCmd(ns, 'route', 'add', '10.3.0.0/24', 'dev', 'veth0', 'mtu', '1400');
  ipCmd(ns, 'route', 'add', '10.2.0.0/24', 'dev', 'veth0', 'onlink', 'via', '10.200.0.1');
  ipCmd(ns, '-6', 'route', 'add', '2001:db8:1::/64', 'via', '2001:db8::2');
}
