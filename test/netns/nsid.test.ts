// Namespace ids: our RTM_GETNSID answer must match the link-netnsid iproute2 prints for a veth
// whose peer lives in the other namespace.
import { describe, expect, it } from 'vitest';
import { Netlink } from '../../lib/index.js';
import { getNetnsId } from '../../lib/netns/index.js';
import { ipCmd, ipJson, makeNetns } from '../helpers/ns.js';

describe('getNetnsId', () => {
  it('maps a veth peer namespace to the link-netnsid ip reports', async () => {
    const a = makeNetns('ida');
    const b = makeNetns('idb');
    const c = makeNetns('idc');
    await using h = await Netlink.open({ netns: a });
    // Nothing links a and c: no id assigned yet.
    expect(await getNetnsId(h, c)).toBeNull();

    ipCmd(a, 'link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1', 'netns', b);
    const shown = ipJson(a, 'link', 'show', 'v0')[0];
    expect(typeof shown.link_netnsid).toBe('number');
    expect(await getNetnsId(h, b)).toBe(shown.link_netnsid);
    expect((await h.getLink('v0')).linkNetnsId).toBe(shown.link_netnsid);
    // iproute2's own table agrees.
    const ids = ipJson<{ nsid: number; name?: string }[]>(a, 'netns', 'list-id');
    expect(ids.find((r) => r.nsid === shown.link_netnsid)?.name).toBe(b);
  });

  it('rejects a missing namespace with ENOENT and a closed handle with EBADF', async () => {
    const a = makeNetns('idx');
    const h = await Netlink.open({ netns: a });
    await expect(getNetnsId(h, 'nlts-no-such-ns')).rejects.toMatchObject({ code: 'ENOENT', op: 'getNetnsId' });
    h.close();
    await expect(getNetnsId(h, a)).rejects.toMatchObject({ code: 'EBADF' });
  });
});
