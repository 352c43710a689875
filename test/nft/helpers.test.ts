// The walkthrough helpers: idempotent, in their own table, deletable through the returned ref.
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { canAdmin, makeNetns } from '../helpers/ns.js';
import { nftText } from './util.js';

describe.skipIf(!canAdmin)('nft helpers', () => {
  it('masquerade, portForward and snat are idempotent and render as nft would', async () => {
    const ns = makeNetns('nfthp');
    using h = await Netlink.open({ netns: ns });
    const m1 = await h.nft.masquerade({ source: '172.18.0.0/24', outInterface: 'eth0' });
    const m2 = await h.nft.masquerade({ source: '172.18.0.0/24', outInterface: 'eth0' });
    expect(m2).toEqual(m1);
    const p1 = await h.nft.portForward({ protocol: 'tcp', port: 80, to: '172.18.0.2:80' });
    const p2 = await h.nft.portForward({ protocol: 'tcp', port: 80, to: '172.18.0.2:80' });
    expect(p2).toEqual(p1);
    const s1 = await h.nft.snat({ source: '172.18.0.0/24', destination: '10.0.0.0/8', to: '10.99.0.1' });
    expect(await h.nft.snat({ source: '172.18.0.0/24', destination: '10.0.0.0/8', to: '10.99.0.1' })).toEqual(s1);

    const rules = await h.nft.listRules({ family: 'ip', table: 'netlinkts' });
    expect(rules.map((r) => [r.chain, r.match, r.action])).toEqual([
      ['postrouting', { saddr: '172.18.0.0/24', oifname: 'eth0' }, { masquerade: {} }],
      ['postrouting', { saddr: '172.18.0.0/24', daddr: '10.0.0.0/8' }, { snat: { addr: '10.99.0.1' } }],
      ['prerouting', { protocol: 'tcp', dport: 80 }, { dnat: { addr: '172.18.0.2', port: 80 } }],
    ]);
    const text = nftText(ns);
    expect(text).toContain('type nat hook postrouting priority srcnat; policy accept;');
    expect(text).toContain('ip saddr 172.18.0.0/24 oifname "eth0" masquerade comment "netlinkts:masquerade 172.18.0.0/24 eth0"');
    expect(text).toContain('tcp dport 80 dnat to 172.18.0.2:80');

    await h.nft.deleteRule(m1);
    expect((await h.nft.listRules({ family: 'ip', table: 'netlinkts', chain: 'postrouting' }))).toHaveLength(1);
    // Deleted: the next call adds it again.
    const m3 = await h.nft.masquerade({ source: '172.18.0.0/24', outInterface: 'eth0' });
    expect(m3.handle).not.toBe(m1.handle);
  });

  it('IPv6 through the same helpers (ip6 table)', async () => {
    const ns = makeNetns('nfthp');
    using h = await Netlink.open({ netns: ns });
    const m = await h.nft.masquerade({ source: 'fd00:18::/64', outInterface: 'eth0' });
    expect(m.family).toBe('ip6');
    await h.nft.portForward({ protocol: 'udp', port: 53, to: '[fd00:18::2]:5353' });
    const text = nftText(ns);
    expect(text).toContain('table ip6 netlinkts');
    expect(text).toContain('ip6 saddr fd00:18::/64 oifname "eth0" masquerade');
    expect(text).toContain('udp dport 53 dnat to [fd00:18::2]:5353');
  });

  it('validates helper arguments before sending', async () => {
    const ns = makeNetns('nfthp');
    using h = await Netlink.open({ netns: ns });
    await expect(h.nft.portForward({ protocol: 'icmp' as never, port: 80, to: '172.18.0.2' })).rejects.toThrow(RangeError);
    await expect(h.nft.portForward({ protocol: 'tcp', port: 0, to: '172.18.0.2' })).rejects.toThrow(RangeError);
    await expect(h.nft.portForward({ protocol: 'tcp', port: 80, to: 'not-an-ip:80' })).rejects.toThrow(RangeError);
    await expect(h.nft.masquerade({ source: '172.18.0.0/40' })).rejects.toThrow(RangeError);
    expect(nftText(ns).trim()).toBe('');
  });
});
