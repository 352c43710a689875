// deleteLink(ref, { wait: 'unlisted' }): resolves once the link is gone from its namespace (the
// kernel's RTM_DELLINK event), while the RCU teardown finishes on a pool thread. What must hold
// at that moment, read back by our API and by ip/bridge: both veth ends unlisted (names free),
// the bridge port removed; and errors as with the default wait.
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { ipJson, makeNetns } from '../helpers/ns.js';

describe("deleteLink { wait: 'unlisted' }", () => {
  it('resolves with the veth pair gone from both namespaces and off the bridge; the names are free at once', async () => {
    const ns = makeNetns('delu'), ctr = makeNetns('deluc');
    using h = await Netlink.open({ netns: ns });
    await h.createBridge('br0', { up: true });
    for (let i = 0; i < 3; i++) {
      await h.createLink({ kind: 'veth', name: 'v0', master: 'br0', peer: { name: 'eth0', netns: ctr } });
      await h.setLinkUp('v0');
      expect(ipJson(ns, 'link', 'show', 'master', 'br0').map((l: { ifname: string }) => l.ifname)).toEqual(['v0']);
      await h.deleteLink('v0', { wait: 'unlisted' });
      // At resolution, not later: nothing left to see in either namespace.
      await expect(h.getLink('v0')).rejects.toMatchObject({ code: 'ENODEV' });
      expect(ipJson(ns, 'link', 'show', 'master', 'br0')).toEqual([]);
      expect(ipJson(ctr, 'link', 'show', 'type', 'veth')).toEqual([]);
      expect((await h.listLinks({ master: 'br0' })).length).toBe(0);
    }
    // The same as the default wait leaves: a pair deleted with 'ack' reads back identically.
    await h.createVeth('v1', 'p1');
    await h.deleteLink('v1');
    expect(ipJson(ns, 'link', 'show', 'type', 'veth')).toEqual([]);
  });

  it('by index, many at once (the teardowns overlap), in a handle closed right after', async () => {
    const ns = makeNetns('delm');
    const h = await Netlink.open({ netns: ns });
    const made = await Promise.all(Array.from({ length: 8 }, (_, i) => h.createVeth(`m${i}`, `n${i}`)));
    await Promise.all(made.map((m) => h.deleteLink(m.index, { wait: 'unlisted' })));
    h.close(); // the pool threads own their sockets and a copy of the namespace fd
    expect(ipJson(ns, 'link', 'show', 'type', 'veth')).toEqual([]);
  });

  it('errors: a missing name or index rejects with ENODEV, bad options with RangeError/TypeError, a closed handle with EBADF', async () => {
    const ns = makeNetns('dele');
    const h = await Netlink.open({ netns: ns });
    await expect(h.deleteLink('nosuch0', { wait: 'unlisted' })).rejects.toMatchObject({ name: 'NetlinkError', code: 'ENODEV', op: 'deleteLink' });
    // An index is not checked in JavaScript: the kernel's refusal arrives from the pool thread.
    await expect(h.deleteLink(99999, { wait: 'unlisted' })).rejects.toMatchObject({ name: 'NetlinkError', code: 'ENODEV', op: 'deleteLink' });
    await expect(h.deleteLink('lo', { wait: 'soon' as never })).rejects.toThrow(RangeError);
    await expect(h.deleteLink('lo', 'unlisted' as never)).rejects.toThrow(TypeError);
    // lo cannot be deleted: the kernel's EOPNOTSUPP, not a hang waiting for an event that never comes.
    await expect(h.deleteLink('lo', { wait: 'unlisted' })).rejects.toMatchObject({ code: 'EOPNOTSUPP' });
    h.close();
    await expect(h.deleteLink('lo', { wait: 'unlisted' })).rejects.toMatchObject({ code: 'EBADF' });
  });
});
