// sysctl inside namespaces: written and read by us, checked with `ip netns exec NS sysctl`,
// and the root namespace's value is only ever read, never written.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Netlink, NetlinkError, getSysctl, setSysctl } from '../../lib/index.js';
import { native } from '../../lib/native.js';
import { sysctlPath } from '../../lib/sysctl/index.js';
import { inNs, ipCmd, makeNetns } from '../helpers/ns.js';

const FWD = 'net.ipv4.conf.all.forwarding';
const rootForwarding = () => readFileSync('/proc/sys/net/ipv4/conf/all/forwarding', 'utf8');

describe('sysctl in a namespace', () => {
  it('sets forwarding in a handle\'s namespace; sysctl(8) there agrees; root unchanged', async () => {
    const ns = makeNetns('fwd');
    const root = rootForwarding();
    await using h = await Netlink.open({ netns: ns });
    expect(await h.getSysctl(FWD)).toBe('0');
    await h.setSysctl(FWD, 1);
    expect(await h.getSysctl(FWD)).toBe('1');
    expect(inNs(ns, 'sysctl', ['-n', FWD]).trim()).toBe('1');
    expect(rootForwarding()).toBe(root);
    await h.setSysctl('net/ipv4/conf/all/forwarding', '0'); // slash form
    expect(inNs(ns, 'sysctl', ['-n', FWD]).trim()).toBe('0');
    expect(rootForwarding()).toBe(root);
  });

  it('module-level functions take { netns } as a name, { path } or { fd }', async () => {
    const ns = makeNetns('mod');
    const root = rootForwarding();
    await setSysctl('net.ipv4.ip_forward', 1, { netns: ns });
    expect(inNs(ns, 'cat', ['/proc/sys/net/ipv4/ip_forward']).trim()).toBe('1');
    expect(await getSysctl('net.ipv4.ip_forward', { netns: { path: `/run/netns/${ns}` } })).toBe('1');
    await using h = await Netlink.open({ netns: ns });
    expect(await getSysctl('net.ipv4.ip_forward', { netns: { fd: h.netnsFd } })).toBe('1');
    expect(rootForwarding()).toBe(root);
    // Without netns: the caller's (root) namespace, read only.
    expect(await getSysctl(FWD)).toBe(root.trim());
  });

  it('reads the namespace of the opening thread: per-interface keys exist only where the link is', async () => {
    const a = makeNetns('sa');
    const b = makeNetns('sb');
    ipCmd(a, 'link', 'add', 'br7', 'type', 'bridge');
    await setSysctl(FWD, 1, { netns: a });
    // Interleave lookups so a cached /proc/sys dentry from one namespace cannot answer the other.
    for (let i = 0; i < 3; i++) {
      expect(await getSysctl('net.ipv4.conf.br7.forwarding', { netns: a })).toBe('1');
      await expect(getSysctl('net.ipv4.conf.br7.forwarding', { netns: b })).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await getSysctl(FWD, { netns: b })).toBe('0');
      expect(await getSysctl(FWD, { netns: a })).toBe('1');
    }
    await expect(getSysctl('net.ipv4.conf.br7.forwarding')).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('writes a per-interface key for a dotted interface name (sysctl(8) writes the dot as /)', async () => {
    const ns = makeNetns('dot');
    ipCmd(ns, 'link', 'add', 'br0.5', 'type', 'bridge');
    expect(sysctlPath('net.ipv4.conf.br0/5.forwarding')).toBe('net/ipv4/conf/br0.5/forwarding');
    await setSysctl('net.ipv4.conf.br0/5.forwarding', 1, { netns: ns });
    expect(inNs(ns, 'sysctl', ['-n', 'net.ipv4.conf.br0/5.forwarding']).trim()).toBe('1');
    expect(inNs(ns, 'cat', ['/proc/sys/net/ipv4/conf/br0.5/forwarding']).trim()).toBe('1');
    expect(await getSysctl('net/ipv4/conf/br0.5/forwarding', { netns: ns })).toBe('1');
  });

  it('keeps multi-value settings as the kernel prints them, writes them in one piece', async () => {
    const ns = makeNetns('range');
    await setSysctl('net.ipv4.ip_local_port_range', '20000 30000', { netns: ns });
    expect(await getSysctl('net.ipv4.ip_local_port_range', { netns: ns })).toBe('20000\t30000');
    expect(inNs(ns, 'sysctl', ['-n', 'net.ipv4.ip_local_port_range']).trim()).toBe('20000\t30000');
  });

  it('rejects keys outside net., traversal, empty components, NUL, absolute paths', async () => {
    const ns = makeNetns('bad');
    const before = inNs(ns, 'sysctl', ['-n', FWD]);
    const bad = ['', 'kernel.hostname', 'kernel/hostname', 'net', 'net.', '.net.ipv4.ip_forward', 'net..ipv4',
      'net.ipv4..ip_forward', 'net/../kernel/hostname', 'net/./ipv4/ip_forward', 'net/ipv4/conf/all/../../../kernel/hostname',
      'net.ipv4.conf.all.forwarding\0', '/proc/sys/net/ipv4/ip_forward', '/net/ipv4/ip_forward', 'net.ipv4.ip forward',
      'netfilter.x', 'net/'];
    for (const key of bad) {
      await expect(setSysctl(key, 1, { netns: ns }), JSON.stringify(key)).rejects.toBeInstanceOf(RangeError);
      await expect(getSysctl(key, { netns: ns }), JSON.stringify(key)).rejects.toBeInstanceOf(RangeError);
    }
    await expect(getSysctl(42 as never)).rejects.toBeInstanceOf(TypeError);
    for (const value of ['1\n', 'a\nb', '1\0']) {
      await expect(setSysctl(FWD, value, { netns: ns })).rejects.toBeInstanceOf(RangeError);
    }
    for (const value of [1.5, NaN, Infinity]) await expect(setSysctl(FWD, value, { netns: ns })).rejects.toBeInstanceOf(RangeError);
    for (const value of [true, null, {}]) await expect(setSysctl(FWD, value as never, { netns: ns })).rejects.toBeInstanceOf(TypeError);
    await expect(getSysctl(FWD, 'x' as never)).rejects.toBeInstanceOf(TypeError);
    expect(inNs(ns, 'sysctl', ['-n', FWD])).toBe(before);
  });

  it('the addon re-checks paths itself (EINVAL, nothing opened)', () => {
    for (const p of ['kernel/hostname', 'net/../kernel/hostname', 'net//x', 'net/x/..', '/net/ipv4/ip_forward']) {
      expect(() => native.sysctlRead(-1, p), p).toThrow(/Invalid argument/);
      expect(() => native.sysctlWrite(-1, p, '1'), p).toThrow(/Invalid argument/);
    }
  });

  it('a missing key is NetlinkError ENOENT; a value the kernel refuses is EINVAL', async () => {
    const ns = makeNetns('enoent');
    await using h = await Netlink.open({ netns: ns });
    const e1 = await h.getSysctl('net.ipv4.no_such_setting').catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(NetlinkError);
    expect(e1).toMatchObject({ code: 'ENOENT', op: 'getSysctl' });
    await expect(h.setSysctl('net.ipv4.no_such_setting', 1)).rejects.toMatchObject({ code: 'ENOENT', op: 'setSysctl' });
    await expect(setSysctl('net.ipv4.conf.nope0.forwarding', 1, { netns: ns })).rejects.toMatchObject({ code: 'ENOENT', op: 'setSysctl' });
    await expect(h.setSysctl(FWD, 'abc')).rejects.toMatchObject({ code: 'EINVAL', op: 'setSysctl' });
    await expect(getSysctl(FWD, { netns: 'nlts-no-such-ns' })).rejects.toMatchObject({ code: 'ENOENT', op: 'getSysctl' });
  });

  it('a closed handle is EBADF, never the caller\'s namespace', async () => {
    const ns = makeNetns('closed');
    const h = await Netlink.open({ netns: ns });
    h.close();
    await expect(h.getSysctl(FWD)).rejects.toMatchObject({ code: 'EBADF' });
    await expect(h.setSysctl(FWD, 1)).rejects.toMatchObject({ code: 'EBADF' });
  });
});
