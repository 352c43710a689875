// tun/tap devices made through /dev/net/tun inside a handle's namespace, checked with ip -d.
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Netlink, NetlinkError } from '../../lib/index.js';
import { inNs, ipJson, makeNetns } from '../helpers/ns.js';

function rootHas(name: string): boolean {
  try {
    execFileSync('ip', ['link', 'show', 'dev', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why tun tests cannot run here, or null: the clone device must be openable read-write. */
function tunUnavailable(): string | null {
  try {
    accessSync('/dev/net/tun', constants.R_OK | constants.W_OK);
    return null;
  } catch (e) {
    return `/dev/net/tun: ${(e as NodeJS.ErrnoException).code}`;
  }
}
const skipReason = tunUnavailable();

describe.skipIf(skipReason !== null)(`tun/tap${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('creates a tap inside the handle\'s namespace (ip tuntap add … mode tap) and deletes it', async () => {
    const ns = makeNetns('tap');
    await using h = await Netlink.open({ netns: ns });
    const l = await h.createLink({ kind: 'tap', name: 'tap0' });
    expect(l.name).toBe('tap0');
    expect(l.kind).toBe('tun');

    const shown = ipJson(ns, '-d', 'link', 'show', 'tap0')[0];
    expect(shown.ifindex).toBe(l.index);
    expect(shown.linkinfo.info_kind).toBe('tun');
    expect(shown.linkinfo.info_data).toMatchObject({ type: 'tap', pi: false, persist: true, multi_queue: false });
    expect(shown.link_type).toBe('ether');

    await h.deleteLink('tap0');
    expect(ipJson(ns, 'link', 'show').map((x: { ifname: string }) => x.ifname)).toEqual(['lo']);
  });

  it('creates a multi-queue tun with owner and group, up with an mtu', async () => {
    const ns = makeNetns('tun');
    await using h = await Netlink.open({ netns: ns });
    await h.createLink({ kind: 'tun', name: 'tun7', owner: 65534, group: 65534, multiQueue: true, mtu: 1400, up: true });
    const shown = ipJson(ns, '-d', 'link', 'show', 'tun7')[0];
    expect(shown.linkinfo.info_data).toMatchObject({ type: 'tun', pi: false, multi_queue: true, persist: true });
    expect(shown.mtu).toBe(1400);
    expect(shown.flags).toContain('UP');
    expect(shown.link_type).toBe('none');
    expect(inNs(ns, 'cat', ['/sys/class/net/tun7/owner']).trim()).toBe('65534');
    expect(inNs(ns, 'cat', ['/sys/class/net/tun7/group']).trim()).toBe('65534');
    expect(rootHas('tun7')).toBe(false);
  });

  it('refuses an existing name with EEXIST instead of attaching to it', async () => {
    const ns = makeNetns('tdup');
    await using h = await Netlink.open({ netns: ns });
    await h.createLink({ kind: 'tap', name: 'tapx', owner: 65534 });
    const err = await h.createLink({ kind: 'tun', name: 'tapx' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetlinkError);
    expect(err).toMatchObject({ code: 'EEXIST', op: 'createLink' });
    // The existing device is untouched: still a tap, same owner.
    expect(ipJson(ns, '-d', 'link', 'show', 'tapx')[0].linkinfo.info_data.type).toBe('tap');
    expect(inNs(ns, 'cat', ['/sys/class/net/tapx/owner']).trim()).toBe('65534');
    // A non-tun device of that name too.
    await expect(h.createLink({ kind: 'tap', name: 'lo' })).rejects.toMatchObject({ code: 'EEXIST' });
  });

  it('a closed handle is EBADF; bad arguments fail before the kernel', async () => {
    const ns = makeNetns('tbad');
    const h = await Netlink.open({ netns: ns });
    await expect(h.createLink({ kind: 'tap', name: 'x'.repeat(16) })).rejects.toBeInstanceOf(RangeError);
    await expect(h.createLink({ kind: 'tap', name: 'ok0', owner: -2 } as never)).rejects.toBeInstanceOf(RangeError);
    h.close();
    await expect(h.createLink({ kind: 'tap', name: 'tap1' })).rejects.toMatchObject({ code: 'EBADF' });
    expect(ipJson(ns, 'link', 'show').map((x: { ifname: string }) => x.ifname)).toEqual(['lo']);
  });
});
