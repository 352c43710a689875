// Link kinds and flags against the kernel: ifb (present here), the kinds this kernel lacks
// (probed: the test skips with "kernel lacks <kind>"; their bytes are proven in
// test/codec/link-kinds.test.ts), promisc/allmulti/arp, altnames, and linkNetnsId after a move.
// Read back through netlinkts and `ip -j -d link`; round trip of the listed settings.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { Netlink, type LinkSpec } from '../../lib/index.js';
import { ipCmd, ipJson, makeNetns, removeNetns, uniqueName } from '../helpers/ns.js';

/** Whether this kernel can create `kind` (asked with ip in a throw-away namespace, removed here). */
function kernelHas(kind: string, args: string[] = []): boolean {
  const ns = uniqueName('probe');
  execFileSync('ip', ['netns', 'add', ns]);
  try {
    ipCmd(ns, 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1');
    execFileSync('ip', ['-n', ns, 'link', 'add', ...args, 'probe0', 'type', kind], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    removeNetns(ns);
  }
}

const lacking: [string, LinkSpec, string[]][] = [
  ['dummy', { kind: 'dummy', name: 'k0' }, []],
  ['wireguard', { kind: 'wireguard', name: 'k0' }, []],
  ['vlan', { kind: 'vlan', name: 'k0', parent: 'veth0', id: 10, protocol: '802.1ad' }, ['link', 'veth0']],
  ['ipvlan', { kind: 'ipvlan', name: 'k0', parent: 'veth0', mode: 'l3', flags: 'private' }, ['link', 'veth0']],
  ['ipvtap', { kind: 'ipvtap', name: 'k0', parent: 'veth0', mode: 'l2' }, ['link', 'veth0']],
  ['vrf', { kind: 'vrf', name: 'k0', table: 100 }, []],
  ['bond', { kind: 'bond', name: 'k0', mode: 'active-backup', miimon: 100 }, []],
  ['gre', { kind: 'gre', name: 'k0', local: '10.1.0.1', remote: '10.1.0.2', ttl: 64, key: 5 }, []],
  ['gretap', { kind: 'gretap', name: 'k0', local: '10.1.0.1', remote: '10.1.0.2' }, []],
  ['ipip', { kind: 'ipip', name: 'k0', local: '10.1.0.1', remote: '10.1.0.2' }, []],
  ['sit', { kind: 'sit', name: 'k0', local: '10.1.0.1', remote: '10.1.0.2' }, []],
  ['ip6tnl', { kind: 'ip6tnl', name: 'k0', local: '2001:db8::1', remote: '2001:db8::2' }, []],
  ['ip6gre', { kind: 'ip6gre', name: 'k0', local: '2001:db8::1', remote: '2001:db8::2' }, []],
  ['geneve', { kind: 'geneve', name: 'k0', id: 5, remote: '10.1.0.2' }, []],
];

describe('link kinds on this kernel', () => {
  for (const [kind, spec, probeArgs] of lacking) {
    const has = kernelHas(kind, probeArgs);
    it.skipIf(!has)(`${kind}: created, listed typed, same as ip -j -d (skipped: kernel lacks ${kind})`, async () => {
      const ns = makeNetns(kind);
      ipCmd(ns, 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1');
      using h = await Netlink.open({ netns: ns });
      const l = await h.createLink(spec);
      expect(l.kind).toBe(kind);
      const [j] = ipJson(ns, '-d', 'link', 'show', 'k0');
      expect(j.linkinfo.info_kind).toBe(kind);
    });
  }

  it('ifb: created and listed (kernel has it), same as ip', async () => {
    const ns = makeNetns('ifb');
    using h = await Netlink.open({ netns: ns });
    const l = await h.createLink({ kind: 'ifb', name: 'ifb0', up: true });
    expect(l).toMatchObject({ kind: 'ifb', up: true });
    const [j] = ipJson(ns, '-d', 'link', 'show', 'ifb0');
    expect(j.linkinfo.info_kind).toBe('ifb');
    // the kernel's refusal for a kind it lacks names it
    if (!kernelHas('dummy')) {
      await expect(h.createLink({ kind: 'dummy', name: 'd0' })).rejects.toMatchObject({ code: 'EOPNOTSUPP' });
    }
  });
});

describe('link flags and altnames', () => {
  it('promisc / allmulti / arp on create and set, read back two ways; same as ip', async () => {
    const ns = makeNetns('lf');
    using h = await Netlink.open({ netns: ns });
    await h.createLink({ kind: 'ifb', name: 'ifb0', promisc: true, arp: false });
    let l = await h.getLink('ifb0');
    expect(l.flags).toEqual(expect.arrayContaining(['PROMISC', 'NOARP']));
    expect(l.promiscuity).toBe(1);
    await h.setLink('ifb0', { promisc: false, allmulti: true, arp: true });
    l = await h.getLink('ifb0');
    expect(l.flags).toContain('ALLMULTI');
    expect(l.flags).not.toContain('PROMISC');
    expect(l.flags).not.toContain('NOARP');
    const [j] = ipJson(ns, 'link', 'show', 'ifb0');
    expect(j.flags).toContain('ALLMULTI');
    // differential: the same by ip
    const other = makeNetns('lfb');
    ipCmd(other, 'link', 'add', 'ifb0', 'promisc', 'on', 'arp', 'off', 'type', 'ifb');
    ipCmd(other, 'link', 'set', 'dev', 'ifb0', 'promisc', 'off', 'allmulticast', 'on', 'arp', 'on');
    const [k] = ipJson(other, 'link', 'show', 'ifb0');
    expect(k.flags).toEqual(j.flags);
    expect(k.promiscuity ?? 0).toBe(j.promiscuity ?? 0);
  });

  it('altnames: add, list (ours and ip), address the link by one, delete', async () => {
    const ns = makeNetns('alt');
    using h = await Netlink.open({ netns: ns });
    await h.createLink({ kind: 'ifb', name: 'ifb0' });
    await h.addAltnames('ifb0', ['a-rather-long-alternative-name', 'second']);
    expect(await h.listAltnames('ifb0')).toEqual(['a-rather-long-alternative-name', 'second']);
    expect((await h.getLink('ifb0')).altnames).toEqual(['a-rather-long-alternative-name', 'second']);
    expect(ipJson(ns, 'link', 'show', 'ifb0')[0].altnames).toEqual(['a-rather-long-alternative-name', 'second']);
    // the kernel resolves an altname like a name
    expect(ipJson(ns, 'link', 'show', 'second')[0].ifname).toBe('ifb0');
    await expect(h.addAltnames('ifb0', ['second'])).rejects.toMatchObject({ code: 'EEXIST' });
    await h.deleteAltnames('ifb0', ['second']);
    expect(ipJson(ns, 'link', 'show', 'ifb0')[0].altnames).toEqual(['a-rather-long-alternative-name']);
    // round trip: the listed names re-add on a fresh link
    const names = await h.listAltnames('ifb0');
    await h.createLink({ kind: 'ifb', name: 'ifb1' });
    await h.deleteAltnames('ifb0', names);
    await h.addAltnames('ifb1', names);
    expect(ipJson(ns, 'link', 'show', 'ifb1')[0].altnames).toEqual(names);
  });

  it('linkNetnsId is filled once a veth end moves to another namespace', async () => {
    const a = makeNetns('mva');
    const b = makeNetns('mvb');
    using h = await Netlink.open({ netns: a });
    await h.createVeth('va', 'vb');
    expect((await h.getLink('va')).linkNetnsId).toBeNull();
    await h.moveLink('vb', b);
    const l = await h.getLink('va');
    expect(l.linkNetnsId).not.toBeNull();
    expect(l.linkNetnsId).toBe(await h.getNetnsId(b));
    expect(ipJson(a, 'link', 'show', 'va')[0].link_netnsid).toBe(l.linkNetnsId);
    expect((await h.getVethPeer('va')).netnsId).toBe(l.linkNetnsId);
  });
});
