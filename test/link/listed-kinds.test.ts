// The round-trip property for the link kinds this kernel has and issue 9 touched beyond ifb
// (test/link/kinds.test.ts) and bridges (test/link/bridge-options.test.ts): a listed macvtap or
// macvlan, turned into a spec by linkSpecFromLink, re-creates the same link in a fresh namespace
// (compared with `ip -j -d link show`).
import { describe, expect, it } from 'vitest';
import { Netlink, linkSpecFromLink } from '../../lib/index.js';
import { ipCmd, ipJson, makeNetns } from '../helpers/ns.js';

function world(tag: string): string {
  const ns = makeNetns(tag);
  ipCmd(ns, 'link', 'add', 'up0', 'type', 'veth', 'peer', 'name', 'up1');
  return ns;
}
/** What identifies the link as ip shows it: kind, mode, parent name, mtu (not addresses or indexes). */
function view(ns: string, dev: string) {
  const [l] = ipJson(ns, '-d', 'link', 'show', dev);
  return { ifname: l.ifname, link: l.link, mtu: l.mtu, kind: l.linkinfo.info_kind, mode: l.linkinfo.info_data?.mode };
}

describe('listed links re-create (linkSpecFromLink)', () => {
  it.each([
    ['macvtap', ['type', 'macvtap', 'mode', 'bridge']],
    ['macvlan', ['type', 'macvlan', 'mode', 'private']],
  ])('%s: listed → createLink in a fresh namespace gives the same link', async (kind, args) => {
    const a = world('lkA');
    const b = world('lkB');
    ipCmd(a, 'link', 'add', 'link', 'up0', 'name', 'x0', 'mtu', '1400', ...args);
    using ha = await Netlink.open({ netns: a });
    using hb = await Netlink.open({ netns: b });
    const names = new Map((await ha.listLinks()).map((l) => [l.index, l.name]));
    const spec = linkSpecFromLink(await ha.getLink('x0'), (i) => names.get(i) ?? i);
    expect(spec).toMatchObject({ kind, name: 'x0', parent: 'up0', mtu: 1400 });
    await hb.createLink(spec!);
    expect(view(b, 'x0')).toEqual(view(a, 'x0'));
  });
});
