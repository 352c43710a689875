// Differential: the same changes made by netlinkts in one namespace and by `ip` in another give
// the same `ip -j -d link` view (ifindex, MAC addresses and counters aside).
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { ipCmd, ipJson, makeNetns } from '../helpers/ns.js';

const VOLATILE = new Set(['ifindex', 'link_index', 'address', 'permaddr', 'broadcast', 'stats', 'stats64', 'link', 'master_index',
  'inet6_addr_gen_mode', 'num_tx_queues', 'num_rx_queues', 'gso_max_size', 'gso_max_segs', 'tso_max_size', 'tso_max_segs',
  'gro_max_size', 'gso_ipv4_max_size', 'gro_ipv4_max_size', 'parentbus', 'parentdev', 'bridge_id', 'root_id', 'hello_timer',
  'tcn_timer', 'topology_change_timer', 'gc_timer', 'forward_delay_timer', 'hold_timer', 'message_age_timer',
  'designated_root', 'designated_bridge', 'designated_port', 'designated_cost', 'port_id', 'port_no', 'operstate']);

function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (VOLATILE.has(k)) continue;
      // Carrier follows the bridge's port states, which settle on their own clock.
      o[k] = k === 'flags' && Array.isArray(x) ? x.filter((f) => f !== 'NO-CARRIER' && f !== 'LOWER_UP') : normalize(x);
    }
    return o;
  }
  return v;
}

function view(ns: string) {
  const links = ipJson(ns, '-d', 'link', 'show') as { ifname: string }[];
  return normalize(links.sort((a, b) => a.ifname.localeCompare(b.ifname)));
}

describe('links: netlinkts vs ip', () => {
  it('bridge + veth ports + mtu + alias + txqlen + up + macvlan render identically', async () => {
    const ours = makeNetns('dA');
    const theirs = makeNetns('dB');
    using h = await Netlink.open({ netns: ours });
    await h.createBridge('br0', { mtu: 1450 });
    await h.createVeth('veth0', 'veth1', { mtu: 1450 });
    await h.setLink('veth0', { master: 'br0', alias: 'port one', txqlen: 700 });
    await h.setLinkUp('br0');
    await h.setLinkUp('veth0');
    await h.createLink({ kind: 'macvlan', name: 'mv0', parent: 'veth1', mode: 'bridge' });

    ipCmd(theirs, 'link', 'add', 'br0', 'mtu', '1450', 'type', 'bridge');
    ipCmd(theirs, 'link', 'add', 'veth0', 'mtu', '1450', 'type', 'veth', 'peer', 'name', 'veth1', 'mtu', '1450');
    ipCmd(theirs, 'link', 'set', 'veth0', 'master', 'br0', 'alias', 'port one', 'txqlen', '700');
    ipCmd(theirs, 'link', 'set', 'br0', 'up');
    ipCmd(theirs, 'link', 'set', 'veth0', 'up');
    ipCmd(theirs, 'link', 'add', 'mv0', 'link', 'veth1', 'type', 'macvlan', 'mode', 'bridge');

    expect(view(ours)).toEqual(view(theirs));
  });

  it('vxlan renders identically', async () => {
    const ours = makeNetns('dA');
    const theirs = makeNetns('dB');
    using h = await Netlink.open({ netns: ours });
    await h.createLink({ kind: 'vxlan', name: 'vx0', vni: 100, remote: '10.1.1.2', local: '10.1.1.1', port: 4789, ttl: 16 });
    ipCmd(theirs, 'link', 'add', 'vx0', 'type', 'vxlan', 'id', '100', 'remote', '10.1.1.2', 'local', '10.1.1.1', 'dstport', '4789', 'ttl', '16');
    expect(view(ours)).toEqual(view(theirs));
  });
});
