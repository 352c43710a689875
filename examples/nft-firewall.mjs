// A small host firewall with nftables, in one atomic transaction: an inet table with an input
// chain that drops by default, accepts loopback, established/related traffic, ping and SSH/HTTPS
// from one subnet, counting what it drops. Applied in a throw-away namespace.
//
//   node examples/nft-firewall.mjs         (as root)
import { createNetns, deleteNetns, Netlink } from 'netlinkts';

const ns = `nlts-${process.pid}-fw`;
await createNetns(ns);                                                   // ip netns add fw
let h;
try {
  h = await Netlink.open({ netns: ns });
  const f = { family: 'inet', table: 'filter' };
  const tx = h.nft.transaction();
  tx.addTable({ family: 'inet', name: 'filter' });                       // nft add table inet filter
  // nft add chain inet filter input '{ type filter hook input priority filter; policy drop; }'
  tx.addChain({ ...f, name: 'input', type: 'filter', hook: 'input', priority: 'filter', policy: 'drop' });
  tx.addRule({ ...f, chain: 'input', match: { iifname: 'lo' }, action: 'accept' });                         // iifname "lo" accept
  tx.addRule({ ...f, chain: 'input', match: { ctState: ['established', 'related'] }, action: 'accept' });   // ct state established,related accept
  tx.addRule({ ...f, chain: 'input', match: { protocol: 'icmp' }, action: 'accept' });                      // meta l4proto icmp accept
  tx.addRule({ ...f, chain: 'input', match: { saddr: '10.0.0.0/8', protocol: 'tcp', dport: 22 }, action: 'accept', comment: 'ssh from the LAN' });
  tx.addRule({ ...f, chain: 'input', match: { protocol: 'tcp', dport: 443 }, action: 'accept' });           // tcp dport 443 accept
  tx.addRule({ ...f, chain: 'input', counter: true, action: 'drop', comment: 'counted drops' });            // counter drop
  const res = await tx.commit();                                         // nft -f: all or nothing
  console.log(`committed ${res.rules.length} rules`);

  for (const r of await h.nft.listRules({ ...f, chain: 'input' })) {      // nft -a list chain inet filter input
    console.log(`handle ${r.handle}: ${JSON.stringify(r.match)} → ${JSON.stringify(r.action)}${r.comment ? ` # ${r.comment}` : ''}`);
  }
  await h.nft.deleteTable({ family: 'inet', name: 'filter' });           // nft delete table inet filter
} finally {
  h?.close();
  await deleteNetns(ns);                                                 // ip netns delete fw
}
