// The npm `netlink` package (v0.3.0, a devDependency), the existing Node option. Its rtnetlink
// socket builds typed messages in JavaScript and receives through libuv polling, so every request
// is a real asynchronous round trip. What it cannot do, the workload reports as skipped:
//   - no namespaces: the child already runs inside the trial's namespace (ip netns exec), so a
//     plain socket works there;
//   - no nftables (W6, W8);
//   - link kinds are raw bytes (IFLA_LINKINFO's data is a Buffer): the veth peer is encoded with
//     the package's own attribute writer, as one of its users would have to.
// Requests carry the same header and attributes as `ip` (and nlbench) sends.
import { createRequire } from 'node:module';
import { BRIDGE, DEV, localCidr, peerName, routeDst, vethName } from '../names.mjs';
import { Skip } from '../lib/skip.mjs';

const require = createRequire(import.meta.url);

/** Why this contender cannot run (checked by run.mjs before it makes a namespace). */
export function unavailable() {
  try {
    require.resolve('netlink');
  } catch {
    return 'not installed';
  }
  return null;
}

function load() {
  try {
    return require('netlink');
  } catch (e) {
    throw new Skip(`netlink package does not load (${e.code ?? e.message})`);
  }
}

// From <linux/rtnetlink.h>, <linux/if_link.h> and <linux/veth.h>; the package exports the
// netlink flags but has no veth definitions.
const AF_INET = 2;
const VETH_INFO_PEER = 1;

async function withSocket(fn) {
  const nl = load();
  const sock = nl.createRtNetlink();
  try {
    return await fn(sock, nl);
  } finally {
    sock.socket.close();
  }
}

const ipv4 = (text) => Buffer.from(text.split('/')[0].split('.').map(Number));
const indexOf = async (sock, name) => {
  const links = await sock.getLinks();
  const l = links.find((x) => x.attrs.ifname === name);
  if (!l) throw new Error(`no link ${name}`);
  return l.data.index;
};

function createFlags(nl) {
  return { flags: nl.FlagsNew.CREATE | nl.FlagsNew.EXCL };
}

/** IFLA_LINKINFO for `type veth peer name PEER`, built with the package's attribute writer. */
function vethInfo(nl, peer) {
  const peerMsg = new nl.AttrStream();
  peerMsg.emit(nl.rt.formatLink({}));
  peerMsg.emit(nl.ifla.formatLinkAttrs({ ifname: peer }));
  const data = new nl.AttrStream();
  data.push(VETH_INFO_PEER, peerMsg.bufs);
  const info = new nl.AttrStream();
  info.emit(nl.ifla.formatInfo({ kind: 'veth', data: Buffer.concat(data.bufs) }));
  return Buffer.concat(info.bufs);
}

const createVeth = (sock, nl, i, attrs = {}) =>
  sock.newLink({}, { ifname: vethName(i), linkinfo: vethInfo(nl, peerName(i)), ...attrs }, createFlags(nl));

// What `ip route add X dev D` / `ip route del X dev D` send (see nlbench.c).
const routeAdd = (sock, nl, i, oif) => sock.newRoute(
  { family: AF_INET, dstLen: 32, table: nl.rt.RoutingTableClass.MAIN, protocol: 'BOOT', scope: 'LINK', type: 'UNICAST' },
  { dst: ipv4(routeDst(i)), oif }, createFlags(nl));
const routeDel = (sock, nl, i, oif) => sock.delRoute(
  { family: AF_INET, dstLen: 32, table: nl.rt.RoutingTableClass.MAIN, scope: 'NOWHERE' },
  { dst: ipv4(routeDst(i)), oif });
const addrMsg = (i, index) => [{ family: AF_INET, prefixlen: 32, index }, { local: ipv4(localCidr(i)), address: ipv4(localCidr(i)) }];

export const driver = {
  W1: ({ n, time }) => withSocket(async (sock, nl) => {
    await time('create', n, async () => { for (let i = 0; i < n; i++) await createVeth(sock, nl, i); });
    await time('delete', n, async () => { for (let i = 0; i < n; i++) await sock.delLink({}, { ifname: vethName(i) }); });
  }),
  W2: ({ n, time }) => withSocket(async (sock, nl) => {
    const master = await indexOf(sock, BRIDGE);
    await time('port', n, async () => {
      for (let i = 0; i < n; i++) {
        await createVeth(sock, nl, i);
        await sock.setLink({ change: { up: true }, flags: { up: true } }, { ifname: vethName(i), master });
      }
    });
  }),
  W3: ({ n, time }) => withSocket(async (sock, nl) => {
    const dev = await indexOf(sock, DEV);
    await time('add', n, async () => { for (let i = 0; i < n; i++) await sock.newAddress(...addrMsg(i, dev), createFlags(nl)); });
    await time('del', n, async () => { for (let i = 0; i < n; i++) await sock.delAddress(...addrMsg(i, dev)); });
  }),
  W4: ({ n, time }) => withSocket(async (sock, nl) => {
    const dev = await indexOf(sock, DEV);
    await time('add', n, async () => { for (let i = 0; i < n; i++) await routeAdd(sock, nl, i, dev); });
    await time('del', n, async () => { for (let i = 0; i < n; i++) await routeDel(sock, nl, i, dev); });
  }),
  // Its getRoutes() parses every message into objects (addresses stay Buffers); no table filter,
  // so it returns the local table too (a handful of routes more than n).
  W5: ({ n, iter, timeMedian }) => withSocket(async (sock) => {
    const check = await sock.getRoutes({ family: AF_INET });
    if (check.length < n) throw new Error(`getRoutes returned ${check.length} routes, expected at least ${n}`);
    await timeMedian('dump', n, iter, () => sock.getRoutes({ family: AF_INET }));
  }),
  W6: async () => { throw new Skip('no nftables support'); },
  W7: ({ n, time }) => withSocket(async (sock) => {
    await time('delete', n, async () => { for (let i = 0; i < n; i++) await sock.delLink({}, { ifname: vethName(i) }); });
  }),
  W8: async () => { throw new Skip('no nftables support'); },
};
