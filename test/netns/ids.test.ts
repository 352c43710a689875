// Namespace ids: setNetnsId / listNetnsIds read back through netlinkts and `ip netns list-id`,
// the same id set by `ip netns set` in a second namespace, the round trip, the request bytes
// against `ip netns set`'s (the fd number masked), and newnsid events.
import { describe, expect, it } from 'vitest';
import { Netlink, type NetlinkEvent } from '../../lib/index.js';
import { encodeMessage } from '../../lib/core/request.js';
import { ipCmd, makeNetns } from '../helpers/ns.js';

const listIds = (ns: string) => ipCmd(ns, 'netns', 'list-id').trim().split('\n').filter(Boolean)
  .map((l) => Number(/^nsid (\d+)/.exec(l)![1])).sort((a, b) => a - b);

describe('namespace ids', () => {
  it('setNetnsId reads back through listNetnsIds, getNetnsId and ip netns list-id; EEXIST twice', async () => {
    const ns = makeNetns('id');
    const other = makeNetns('id');
    using h = await Netlink.open({ netns: ns });
    await h.setNetnsId(other, 7);
    expect(await h.listNetnsIds()).toEqual([{ nsid: 7, name: other }]);
    expect(await h.getNetnsId(other)).toBe(7);
    expect(ipCmd(ns, 'netns', 'list-id')).toMatch(new RegExp(`nsid 7 \\(iproute2 netns name: ${other}\\)`));
    await expect(h.setNetnsId(other, 8)).rejects.toMatchObject({ code: 'EEXIST', op: 'setNetnsId' });
  });

  it('differential and round trip: ids set by us and by `ip netns set` list identically', async () => {
    const a = makeNetns('idA');
    const b = makeNetns('idB');
    const x = makeNetns('idX');
    const y = makeNetns('idY');
    using ha = await Netlink.open({ netns: a });
    using hb = await Netlink.open({ netns: b });
    await ha.setNetnsId(x, 3);
    await ha.setNetnsId(y, 11);
    ipCmd(b, 'netns', 'set', x, '3');
    ipCmd(b, 'netns', 'set', y, '11');
    expect(listIds(a)).toEqual(listIds(b));
    expect(await ha.listNetnsIds()).toEqual(await hb.listNetnsIds());
  });

  it('round trip: listNetnsIds → setNetnsId in a fresh namespace gives the same ids (by name, as ip netns list-id shows them)', async () => {
    const a = makeNetns('idA');
    const c = makeNetns('idC');
    const x = makeNetns('idX');
    const y = makeNetns('idY');
    ipCmd(a, 'netns', 'set', x, '4');
    ipCmd(a, 'netns', 'set', y, '9');
    using ha = await Netlink.open({ netns: a });
    using hc = await Netlink.open({ netns: c });
    const listed = await ha.listNetnsIds();
    expect(listed).toEqual([{ nsid: 4, name: x }, { nsid: 9, name: y }]);
    for (const n of listed) await hc.setNetnsId(n.name!, n.nsid);
    expect(ipCmd(c, 'netns', 'list-id')).toBe(ipCmd(a, 'netns', 'list-id'));
    expect(await hc.listNetnsIds()).toEqual(listed);
  });

  it('our request equals `ip netns set NAME 7` (NETNSA_FD, NETNSA_NSID) but for the fd number', () => {
    // ip netns exec NS strace -x -e trace=sendmsg -e write=3 ip netns set OTHER 7 (OTHER is fd 6 there):
    const ip = '24000000580005000000000000000000000000000800030006000000080001000700000000'.slice(0, 72);
    expect(encodeMessage('nsid.set', 'nsidReq', { fd: 6, nsid: 7 }, 0).toString('hex')).toBe(ip);
  });

  it('newnsid events', async () => {
    const ns = makeNetns('id');
    const other = makeNetns('id');
    using h = await Netlink.open({ netns: ns });
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 20000);
    const it = h.monitor(['nsid'], { signal: ac.signal });
    const next = it.next();
    ipCmd(ns, 'netns', 'set', other, '5');
    const r = await next;
    await it.return(undefined);
    clearTimeout(timer);
    expect(r.value as NetlinkEvent).toEqual({ type: 'newnsid', nsid: { nsid: 5 } });
  });
});
