// Watching the kernel's events with monitor(): what `ip monitor link address route` prints,
// as typed objects. The changes are made in a throw-away namespace by this program itself; any
// other program's changes there (ip, a container runtime) arrive the same way.
//
//   node examples/monitor.mjs              (as root)
import { createNetns, deleteNetns, Netlink } from 'netlinkts';

const ns = `nlts-${process.pid}-mon`;
await createNetns(ns);                                                   // ip netns add mon
let h;
try {
  h = await Netlink.open({ netns: ns });
  const ac = new AbortController();
  const deadline = setTimeout(() => ac.abort(), 30_000);                 // give up if the kernel never says it
  const events = h.monitor(['link', 'address', 'route'], { signal: ac.signal }); // ip monitor link address route
  const first = events.next(); // subscribes now, before the changes below

  await h.createVeth('v0', 'v1', { up: true });                          // ip link add v0 type veth peer name v1
  await h.addAddress('v0', '10.1.0.1/24');                               // ip addr add 10.1.0.1/24 dev v0
  await h.addRoute({ dst: '10.2.0.0/16', via: '10.1.0.2' });             // ip route add 10.2.0.0/16 via 10.1.0.2
  await h.deleteLink('v0');                                              // ip link del v0

  for (let r = await first; !r.done; r = await events.next()) {
    const ev = r.value;
    const what = ev.link ? `${ev.link.name} (${ev.link.kind ?? 'device'})` : ev.address ? ev.address.cidr : ev.route ? ev.route.dst : '';
    console.log(`${ev.type} ${what}`);
    if (ev.type === 'dellink' && ev.link?.name === 'v0') break;          // the last change we made
  }
  clearTimeout(deadline);
  await events.return(undefined);                                        // closes the event socket
} finally {
  h?.close();
  await deleteNetns(ns);                                                 // ip netns delete mon
}
