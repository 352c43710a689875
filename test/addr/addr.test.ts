// Addresses in a fresh namespace: each change read back through netlinkts and through `ip -j addr`.
import { describe, expect, it } from 'vitest';
import { Netlink, NetlinkError } from '../../lib/index.js';
import { ipCmd, ipJson, makeNetns } from '../helpers/ns.js';
import { canonAddress, canonIpAddresses, sortAddresses } from '../helpers/oracle.js';

/** A namespace with veth0 (up, peer veth1 up) built with our own link API. */
async function setup() {
  const ns = makeNetns('addr');
  const h = await Netlink.open({ netns: ns });
  const { index } = await h.createVeth('veth0', 'veth1', { up: true });
  return { ns, h, index };
}

/** Both views of one link's addresses of one family, canonical and sorted. */
async function bothViews(h: Netlink, ns: string, dev: string, family: 4 | 6) {
  const ours = sortAddresses((await h.listAddresses({ link: dev, family })).map(canonAddress));
  const ip = sortAddresses(canonIpAddresses(ipJson(ns, `-${family}`, 'addr', 'show', 'dev', dev)));
  return { ours, ip };
}

describe('addresses', () => {
  it('adds, lists and deletes an IPv4 address; ip agrees at each step', async () => {
    const { ns, h, index } = await setup();
    using _ = h;
    await h.addAddress('veth0', '10.1.0.1/24');
    const list = await h.listAddresses({ link: 'veth0', family: 4 });
    expect(list).toEqual([{
      index, family: 4, address: '10.1.0.1', prefixLength: 24, cidr: '10.1.0.1/24', scope: 'global',
      label: 'veth0', broadcast: null, flags: ['permanent'], validLifetime: 0xffffffff, preferredLifetime: 0xffffffff,
    }]);
    const { ours, ip } = await bothViews(h, ns, 'veth0', 4);
    expect(ours).toEqual(ip);
    expect(ip).toHaveLength(1);
    // The kernel made the prefix route for it.
    expect(ipJson(ns, 'route', 'show', '10.1.0.0/24')[0]).toMatchObject({ dev: 'veth0', protocol: 'kernel', prefsrc: '10.1.0.1' });

    await h.deleteAddress('veth0', '10.1.0.1/24');
    expect(await h.listAddresses({ link: 'veth0', family: 4 })).toEqual([]);
    expect(ipJson(ns, '-4', 'addr', 'show', 'dev', 'veth0')[0]?.addr_info ?? []).toEqual([]);
  });

  it('adds an IPv6 address with nodad, so it is usable at once (not tentative)', async () => {
    const { ns, h } = await setup();
    using _ = h;
    await h.addAddress('veth0', '2001:db8::1/64', { nodad: true });
    const mine = (await h.listAddresses({ link: 'veth0', family: 6 })).find((a) => a.address === '2001:db8::1')!;
    expect(mine).toMatchObject({ family: 6, prefixLength: 64, cidr: '2001:db8::1/64', scope: 'global', label: null });
    expect(mine.flags).toContain('nodad');
    expect(mine.flags).not.toContain('tentative');
    const ipEntry = ipJson(ns, '-6', 'addr', 'show', 'dev', 'veth0')[0].addr_info.find((a: any) => a.local === '2001:db8::1');
    expect(ipEntry.nodad).toBe(true);
    expect(ipEntry.tentative).toBeUndefined();
    // The link-local address may still be finishing DAD; compare the global ones.
    const { ours, ip } = await bothViews(h, ns, 'veth0', 6);
    expect(ours.filter((a) => a.scope === 'global')).toEqual(ip.filter((a) => a.scope === 'global'));
    // Usable immediately: the kernel routes from it.
    expect((await h.getRoute('2001:db8::2')).src).toBe('2001:db8::1');

    await h.deleteAddress('veth0', '2001:db8::1/64');
    expect((await h.listAddresses({ family: 6 })).some((a) => a.address === '2001:db8::1')).toBe(false);
    expect(JSON.stringify(ipJson(ns, '-6', 'addr'))).not.toContain('2001:db8::1"');
  });

  it('sets broadcast (explicit and +), label and peer like ip does', async () => {
    const { ns, h } = await setup();
    using _ = h;
    await h.addAddress('veth0', '10.2.0.1/24', { broadcast: '+', label: 'veth0:web' });
    await h.addAddress('veth0', '10.3.0.1/16', { broadcast: '10.3.255.254' });
    await h.addAddress('veth0', '10.4.0.1/32', { peer: '10.4.0.2' });
    const ours = await h.listAddresses({ link: 'veth0', family: 4 });
    expect(ours.find((a) => a.address === '10.2.0.1')).toMatchObject({ broadcast: '10.2.0.255', label: 'veth0:web' });
    expect(ours.find((a) => a.address === '10.3.0.1')).toMatchObject({ broadcast: '10.3.255.254', label: 'veth0' });
    expect(ours.find((a) => a.address === '10.4.0.1')).toMatchObject({ peer: '10.4.0.2', prefixLength: 32 });
    const { ours: o, ip } = await bothViews(h, ns, 'veth0', 4);
    expect(o).toEqual(ip);
    expect(ip).toHaveLength(3);
    // Deleting with the peer removes exactly that address.
    await h.deleteAddress('veth0', '10.4.0.1/32', { peer: '10.4.0.2' });
    expect(canonIpAddresses(ipJson(ns, '-4', 'addr', 'show', 'dev', 'veth0')).map((a) => a.address).sort()).toEqual(['10.2.0.1', '10.3.0.1']);
  });

  it('gives 127.0.0.0/8 host scope by default, like ip', async () => {
    const { ns, h } = await setup();
    using _ = h;
    await h.addAddress('lo', '127.0.0.2/8');
    ipCmd(ns, 'addr', 'add', '127.0.0.3/8', 'dev', 'lo');
    const lo = await h.listAddresses({ link: 'lo', family: 4 });
    expect(lo.map((a) => [a.address, a.scope])).toEqual([['127.0.0.2', 'host'], ['127.0.0.3', 'host']]);
    const { ours, ip } = await bothViews(h, ns, 'lo', 4);
    expect(ours).toEqual(ip);
  });

  it('filters listings by link (name or index) and family', async () => {
    const { ns, h, index } = await setup();
    using _ = h;
    await h.createBridge('br0', { up: true });
    await h.addAddress('veth0', '10.1.0.1/24');
    await h.addAddress('br0', '172.18.0.1/24');
    await h.addAddress(index, '2001:db8::1/64', { nodad: true });
    // Link-local IPv6 addresses appear on their own schedule as links come up; leave them out.
    const stable = (a: { family: number; scope: string }) => !(a.family === 6 && a.scope === 'link');
    const all = (await h.listAddresses()).filter(stable);
    const ipAll = canonIpAddresses(ipJson(ns, 'addr')).filter(stable);
    expect(sortAddresses(all.map(canonAddress)).map((a) => `${a.index} ${a.address}`))
      .toEqual(sortAddresses(ipAll).map((a) => `${a.index} ${a.address}`));
    expect(all).toHaveLength(3);
    expect((await h.listAddresses({ link: 'br0' })).map((a) => a.address).filter((a) => !a.startsWith('fe80'))).toEqual(['172.18.0.1']);
    expect((await h.listAddresses({ link: index, family: 4 })).map((a) => a.address)).toEqual(['10.1.0.1']);
    const v6 = await h.listAddresses({ family: 6 });
    expect(v6.every((a) => a.family === 6)).toBe(true);
    expect(v6.map((a) => a.address)).toContain('2001:db8::1');
    const v4 = await h.listAddresses({ family: 4 });
    expect(v4.map((a) => a.address).sort()).toEqual(['10.1.0.1', '172.18.0.1']);
  });

  it('reports kernel refusals as NetlinkError with the op and code', async () => {
    const { h } = await setup();
    using _ = h;
    await h.addAddress('veth0', '10.1.0.1/24');
    const dup = await h.addAddress('veth0', '10.1.0.1/24').catch((e) => e);
    expect(dup).toBeInstanceOf(NetlinkError);
    expect(dup).toMatchObject({ code: 'EEXIST', op: 'addAddress' });
    const missing = await h.deleteAddress('veth0', '10.1.0.99/24').catch((e) => e);
    expect(missing).toBeInstanceOf(NetlinkError);
    expect(missing).toMatchObject({ code: 'EADDRNOTAVAIL', op: 'deleteAddress' });
    const missing6 = await h.deleteAddress('veth0', '2001:db8::99/64').catch((e) => e);
    expect(missing6).toMatchObject({ code: 'EADDRNOTAVAIL', op: 'deleteAddress' });
    const noDev = await h.addAddress('nosuch0', '10.5.0.1/24').catch((e) => e);
    expect(noDev).toMatchObject({ code: 'ENODEV', op: 'addAddress' });
  });

  it('rejects bad input with TypeError/RangeError before sending anything', async () => {
    const { ns, h } = await setup();
    using _ = h;
    const bad: [() => Promise<unknown>, ErrorConstructor][] = [
      [() => h.addAddress('veth0', '10.1.0.1/33'), RangeError],
      [() => h.addAddress('veth0', '2001:db8::1/129'), RangeError],
      [() => h.addAddress('veth0', '10.1.0.256/24'), RangeError],
      [() => h.addAddress('veth0', 'not-an-ip'), RangeError],
      [() => h.addAddress('veth0', '10.1.0.1/x'), RangeError],
      [() => h.addAddress('veth0', 42 as never), TypeError],
      [() => h.addAddress(null as never, '10.1.0.1/24'), TypeError],
      [() => h.addAddress('veth0', '2001:db8::1/64', { broadcast: '+' }), RangeError],
      [() => h.addAddress('veth0', '2001:db8::1/64', { label: 'veth0:x' }), RangeError],
      [() => h.addAddress('veth0', '10.1.0.1/24', { peer: '2001:db8::2' }), RangeError],
      [() => h.addAddress('veth0', '10.1.0.1/24', { broadcast: '2001:db8::ff' }), RangeError],
      [() => h.addAddress('veth0', '10.1.0.1/24', { label: 'a-label-that-is-too-long' }), RangeError],
      [() => h.addAddress('veth0', '10.1.0.1/24', { scope: 'galaxy' as never }), RangeError],
      [() => h.addAddress('veth0', '10.1.0.1/24', { nodad: 'yes' as never }), TypeError],
      [() => h.listAddresses({ family: 5 as never }), RangeError],
    ];
    for (const [fn, type] of bad) await expect(fn()).rejects.toBeInstanceOf(type);
    expect(ipJson(ns, 'addr', 'show', 'dev', 'veth0')[0].addr_info.filter((a: any) => a.family === 'inet')).toEqual([]);
  });
});
