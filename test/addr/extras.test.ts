// Address replace, lifetimes and flush against the kernel: read back through netlinkts and
// `ip -j addr`; differential with the same ip commands in a second namespace.
import { describe, expect, it } from 'vitest';
import { Netlink, addressSpecFromAddress } from '../../lib/index.js';
import { ipCmd, ipJson, makeNetns } from '../helpers/ns.js';

function world(tag: string): string {
  const ns = makeNetns(tag);
  ipCmd(ns, 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1');
  ipCmd(ns, 'link', 'set', 'veth0', 'up');
  return ns;
}

/** veth0's global addresses as ip shows them; lifetimes rounded to tens of seconds (they tick). */
function addrs(ns: string) {
  const [l] = ipJson(ns, 'addr', 'show', 'dev', 'veth0');
  return (l.addr_info as any[]).filter((a) => a.scope !== 'link').map((a) => ({
    ...a,
    valid_life_time: Math.ceil(a.valid_life_time / 10) * 10,
    preferred_life_time: Math.ceil(a.preferred_life_time / 10) * 10,
  }));
}

describe('address extras', () => {
  it('lifetimes on add, replace in place, read back two ways, and the same as ip', async () => {
    const a = world('axa');
    using h = await Netlink.open({ netns: a });
    await h.addAddress('veth0', '10.1.0.1/24', { validLifetime: 300, preferredLifetime: 100 });
    await h.addAddress('veth0', '2001:db8::1/64', { nodad: true, validLifetime: 600, preferredLifetime: 600 });
    await h.replaceAddress('veth0', '10.2.0.1/24'); // replace creates too
    const listed = await h.listAddresses({ link: 'veth0' });
    const v4 = listed.find((x) => x.cidr === '10.1.0.1/24')!;
    expect(v4.validLifetime).toBeGreaterThan(250);
    expect(v4.validLifetime).toBeLessThanOrEqual(300);
    expect(v4.preferredLifetime).toBeLessThanOrEqual(100);
    expect(listed.find((x) => x.cidr === '10.2.0.1/24')!.validLifetime).toBe(0xffffffff);
    // replace refreshes the lifetime of the existing address (no EEXIST, no second address)
    await h.replaceAddress('veth0', '10.1.0.1/24', { validLifetime: 'forever', preferredLifetime: 0 });
    const after = (await h.listAddresses({ link: 'veth0', family: 4 })).filter((x) => x.address === '10.1.0.1');
    expect(after).toHaveLength(1);
    // A permanent address with preferred_lft 0: the kernel marks it deprecated and reports both
    // lifetimes as forever (ip shows the same).
    expect(after[0]).toMatchObject({ validLifetime: 0xffffffff, preferredLifetime: 0xffffffff });
    expect(after[0]!.flags).toContain('deprecated');
    const ip = addrs(a).find((x: any) => x.local === '10.1.0.1');
    expect(ip).toMatchObject({ valid_life_time: 4294967300, deprecated: true });

    const b = world('axb');
    ipCmd(b, 'addr', 'add', '10.1.0.1/24', 'dev', 'veth0', 'valid_lft', '300', 'preferred_lft', '100');
    ipCmd(b, 'addr', 'add', '2001:db8::1/64', 'dev', 'veth0', 'nodad', 'valid_lft', '600', 'preferred_lft', '600');
    ipCmd(b, 'addr', 'replace', '10.2.0.1/24', 'dev', 'veth0');
    ipCmd(b, 'addr', 'replace', '10.1.0.1/24', 'dev', 'veth0', 'valid_lft', 'forever', 'preferred_lft', '0');
    expect(addrs(a)).toEqual(addrs(b));
  });

  it('round trip: listed addresses re-add with their lifetimes in a fresh namespace', async () => {
    const a = world('axr');
    ipCmd(a, 'addr', 'add', '10.1.0.1/24', 'dev', 'veth0', 'valid_lft', '3000', 'preferred_lft', '1000');
    ipCmd(a, 'addr', 'add', '10.3.0.1/24', 'dev', 'veth0', 'label', 'veth0:x');
    using ha = await Netlink.open({ netns: a });
    const b = world('axs');
    using hb = await Netlink.open({ netns: b });
    for (const x of (await ha.listAddresses({ link: 'veth0', family: 4 }))) {
      await hb.addAddress('veth0', x.cidr, {
        ...(x.label && x.label !== 'veth0' ? { label: x.label } : {}),
        validLifetime: x.validLifetime === 0xffffffff ? 'forever' : x.validLifetime,
        preferredLifetime: x.preferredLifetime === 0xffffffff ? 'forever' : x.preferredLifetime,
      });
    }
    expect(addrs(b)).toEqual(addrs(a));
  });

  it('round trip of every settable property: addressSpecFromAddress → addAddress re-creates what ip lists', async () => {
    const a = world('axq');
    const add = (...args: string[]) => ipCmd(a, 'addr', 'add', ...args, 'dev', 'veth0');
    add('10.1.0.1/24', 'valid_lft', '3000', 'preferred_lft', '1000');
    add('10.3.0.1/24', 'label', 'veth0:x');
    add('10.4.0.1/24', 'broadcast', '10.4.0.127');
    add('10.5.0.1', 'peer', '10.5.0.2/32');
    add('10.6.0.1/24', 'noprefixroute', 'scope', 'site');
    add('10.7.0.1/24', 'valid_lft', 'forever', 'preferred_lft', '0');
    add('239.1.1.1/32', 'autojoin');
    add('2001:db8::1/64', 'nodad', 'mngtmpaddr');
    add('2001:db8:1::1/64', 'nodad', 'home');
    add('2001:db8:2::1/64', 'nodad', 'noprefixroute', 'valid_lft', '600', 'preferred_lft', '300');
    using ha = await Netlink.open({ netns: a });
    const b = world('axp');
    using hb = await Netlink.open({ netns: b });
    const listed = (await ha.listAddresses({ link: 'veth0' })).filter((x) => !x.address.startsWith('fe80:'));
    expect(listed).toHaveLength(10);
    for (const x of listed) {
      const s = addressSpecFromAddress(x);
      expect(s.unsupported).toEqual([]);
      await hb.addAddress('veth0', s.cidr, s.options);
    }
    // IPv6 addresses list newest first: compare as sets.
    const byLocal = (x: { local?: string; address?: string }, y: { local?: string; address?: string }) => (x.local ?? x.address!).localeCompare(y.local ?? y.address!);
    const view = (ns: string) => addrs(ns).filter((x: any) => !x.local.startsWith('fe80:')).sort(byLocal);
    expect(view(b)).toEqual(view(a));
    // and read back by our API too (lifetimes tick: compared rounded as above)
    const ours = async (h: Netlink) => (await h.listAddresses({ link: 'veth0' })).filter((x) => !x.address.startsWith('fe80:'))
      .map((x) => ({ ...x, index: 0, validLifetime: Math.ceil(x.validLifetime! / 10), preferredLifetime: Math.ceil(x.preferredLifetime! / 10) })).sort(byLocal);
    expect(await ours(hb)).toEqual(await ours(ha));
  });

  it('the new flags on the plain IPv4 shape (ifindex + a.b.c.d/n) are not dropped; IPv6-only ones refused on IPv4', async () => {
    const a = world('axv');
    using h = await Netlink.open({ netns: a });
    const index = ipJson(a, 'link', 'show', 'veth0')[0].ifindex as number;
    await h.addAddress(index, '239.2.2.2/32', { autojoin: true });
    expect(ipJson(a, 'addr', 'show', 'dev', 'veth0')[0].addr_info.find((x: any) => x.local === '239.2.2.2')).toMatchObject({ autojoin: true });
    await h.deleteAddress(index, '239.2.2.2/32');
    await expect(h.addAddress('veth0', '10.1.0.1/24', { mngtmpaddr: true })).rejects.toThrow(/mngtmpaddr applies to IPv6 addresses only/);
    await expect(h.addAddress('veth0', '10.1.0.1/24', { home: true })).rejects.toThrow(/home applies to IPv6 addresses only/);
    expect(ipJson(a, 'addr', 'show', 'dev', 'veth0')[0].addr_info.filter((x: any) => x.family === 'inet')).toEqual([]);
  });

  it('flushAddresses removes every address of the link (and only that link)', async () => {
    const a = world('axf');
    ipCmd(a, 'link', 'set', 'veth1', 'up');
    ipCmd(a, 'addr', 'add', '10.1.0.1/24', 'dev', 'veth0');
    ipCmd(a, 'addr', 'add', '10.1.0.2/24', 'dev', 'veth0'); // a secondary: goes with its primary
    ipCmd(a, 'addr', 'add', '2001:db8::1/64', 'dev', 'veth0', 'nodad');
    ipCmd(a, 'addr', 'add', '10.9.0.1/24', 'dev', 'veth1');
    using h = await Netlink.open({ netns: a });
    const n = await h.flushAddresses({ link: 'veth0', family: 4 });
    expect(n).toBe(2);
    expect(ipJson(a, '-4', 'addr', 'show', 'dev', 'veth0')[0]?.addr_info ?? []).toEqual([]);
    expect(addrs(a).map((x: any) => x.local)).toEqual(['2001:db8::1']);
    await h.flushAddresses({ link: 'veth0' });
    expect(ipJson(a, 'addr', 'show', 'dev', 'veth0')[0].addr_info).toEqual([]);
    expect(ipJson(a, 'addr', 'show', 'dev', 'veth1')[0].addr_info.map((x: any) => x.local)).toContain('10.9.0.1');
  });
});
