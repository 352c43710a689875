// The benchmark as data (better-sqlite3's benchmark/ style): which workloads exist, how the
// runner prepares each one's namespace (untimed, with iproute2/nft), what one "op" of it is, and
// which contenders run it with what. The code that does the work lives in contenders/ (Node) and
// c/nlbench.c (the limit); run.mjs only walks these tables.
import { BRIDGE, DEV, NAT, PEER, GROUP, natSource, peerName, routeDst, vethName } from './names.mjs';

/** Every contender, in the order the table prints them. */
export const contenders = [
  { id: 'c-1', kind: 'c', label: 'C raw netlink, 1 request/sendmsg', perSend: 1, ack: 'each' },
  { id: 'c-256-each', kind: 'c', label: 'C, 256 requests/sendmsg, ack each', perSend: 256, ack: 'each' },
  { id: 'c-256-last', kind: 'c', label: 'C, 256 requests/sendmsg, ack last', perSend: 256, ack: 'last' },
  { id: 'c-group', kind: 'c', label: 'C, delete by interface group' },
  { id: 'c-tx', kind: 'c', label: 'C, all rules in one transaction' },
  { id: 'netlinkts', kind: 'node', label: 'netlinkts, awaited one at a time', module: 'netlinkts.mjs', export: 'single' },
  { id: 'netlinkts-inflight', kind: 'node', label: 'netlinkts, all in flight (Promise.all)', module: 'netlinkts.mjs', export: 'inflight' },
  { id: 'netlinkts-batch', kind: 'node', label: 'netlinkts batch, 256/sendmsg, ack each', module: 'netlinkts.mjs', export: 'batch' },
  { id: 'netlinkts-batch-last', kind: 'node', label: 'netlinkts batch, 256/sendmsg, ack last', module: 'netlinkts.mjs', export: 'batchLast' },
  { id: 'netlinkts-group', kind: 'node', label: 'netlinkts, deleteLinkGroup', module: 'netlinkts.mjs', export: 'group' },
  { id: 'netlinkts-batch-group', kind: 'node', label: 'netlinkts batch, deleteLinkGroup', module: 'netlinkts.mjs', export: 'batchGroup' },
  { id: 'netlinkts-columnar', kind: 'node', label: 'netlinkts listRoutesColumnar (typed-array columns)', module: 'netlinkts.mjs', export: 'columnar' },
  { id: 'netlinkts-floor', kind: 'node', label: "floor: the caller's awaited addon call, no library JS", module: 'netlinkts.mjs', export: 'floor' },
  { id: 'cli', kind: 'node', label: "execFileSync('ip') per op", module: 'cli.mjs', export: 'perOp' },
  { id: 'cli-batch', kind: 'node', label: 'ip -batch (one process)', module: 'cli.mjs', export: 'batch' },
  { id: 'npm-netlink', kind: 'node', label: 'npm netlink package', module: 'npm-netlink.mjs', export: 'driver', check: 'npm-netlink' },
];

const C_PIPE = ['c-1', 'c-256-each', 'c-256-last'];
const NODE_ALL = ['netlinkts', 'netlinkts-inflight', 'netlinkts-batch', 'netlinkts-batch-last', 'cli', 'cli-batch', 'npm-netlink'];
// W3/W4 also run the floor of one awaited call (contenders/netlinkts.mjs `floor`).
const NODE_FLOOR = [...NODE_ALL.slice(0, 1), 'netlinkts-floor', ...NODE_ALL.slice(1)];

/** Argument list of one nlbench run for a contender's pipelining mode. */
const pipe = (c) => ['--per-send', String(c.perSend), '--ack', c.ack];

// Setup steps are argv lists for `ip -n NS …` ('ip'), or nft scripts run inside NS ('nft').
const veth = [
  ['ip', 'link', 'add', DEV, 'type', 'veth', 'peer', 'name', PEER],
  ['ip', 'link', 'set', DEV, 'up'],
  ['ip', 'link', 'set', PEER, 'up'],
];

export const workloads = [
  {
    id: 'W1',
    title: 'veth create + delete',
    unit: 'veth pair (create + delete)',
    n: { full: 100, quick: 10 },
    setup: () => [],
    contenders: [...C_PIPE, 'c-group', 'netlinkts', 'netlinkts-inflight', 'netlinkts-batch', 'netlinkts-batch-last', 'netlinkts-group',
      'netlinkts-batch-group', 'cli', 'cli-batch', 'npm-netlink'],
    c: (c, n) => c.id === 'c-group'
      ? [['create', ['veth-create', String(n), '--group', String(GROUP)]], ['delete', ['veth-delete-group', String(GROUP)]]]
      : [['create', ['veth-create', String(n), ...pipe(c)]], ['delete', ['veth-delete', String(n), ...pipe(c)]]],
  },
  {
    id: 'W2',
    title: 'veth create + master bridge + up',
    unit: 'bridge port (veth create, then master + up)',
    n: { full: 500, quick: 20 },
    setup: () => [['ip', 'link', 'add', BRIDGE, 'type', 'bridge'], ['ip', 'link', 'set', BRIDGE, 'up']],
    contenders: [...C_PIPE, ...NODE_ALL],
    c: (c, n) => [['port', ['port-create', String(n), '--master', BRIDGE, ...pipe(c)]]],
  },
  {
    id: 'W3',
    title: 'address add + delete',
    unit: 'address (add + delete, /32 on one veth)',
    n: { full: 2000, quick: 100 },
    setup: () => veth,
    contenders: [...C_PIPE, ...NODE_FLOOR],
    c: (c, n) => [['add', ['addr-add', String(n), '--dev', DEV, ...pipe(c)]], ['del', ['addr-del', String(n), '--dev', DEV, ...pipe(c)]]],
  },
  {
    id: 'W4',
    title: 'route add + delete',
    unit: 'route (add + delete, /32 dev veth0)',
    n: { full: 10000, quick: 500 },
    // One process per op costs ~2 ms: cap it so the full run stays within minutes.
    cap: { cli: 2000 },
    setup: () => veth,
    contenders: [...C_PIPE, ...NODE_FLOOR],
    c: (c, n) => [['add', ['route-add', String(n), '--dev', DEV, ...pipe(c)]], ['del', ['route-del', String(n), '--dev', DEV, ...pipe(c)]]],
  },
  {
    id: 'W5',
    title: 'dump + parse routes',
    unit: 'route dumped and parsed',
    n: { full: 10000, quick: 1000 },
    iter: { full: 7, quick: 3 },
    // Untimed dumps first (JIT, heap growth), as a long-running program would have done.
    warmup: { full: 3, quick: 1 },
    setup: (n) => [...veth, ['ip-batch', ...Array.from({ length: n }, (_, i) => `route add ${routeDst(i)} dev ${DEV}`)]],
    contenders: ['c-1', 'netlinkts', 'netlinkts-columnar', 'cli', 'npm-netlink'],
    labels: {
      'c-1': 'C raw netlink AF_INET dump, parsed into a reused array of structs',
      netlinkts: 'netlinkts listRoutes({ family: 4 })',
      'netlinkts-columnar': 'netlinkts listRoutesColumnar({ family: 4 }, { reuse: previous })',
      cli: "execFileSync('ip -j route show') + JSON.parse",
    },
    c: (c, n, iter, warmup) => [['dump', ['dump-routes', '--iter', String(iter), '--warmup', String(warmup), '--expect', String(n)]]],
  },
  {
    id: 'W6',
    title: 'nft masquerade rules',
    unit: 'rule (ip saddr X/24 oifname veth0 masquerade)',
    n: { full: 1000, quick: 50 },
    cap: { cli: 300 },
    setup: () => [...veth, ['nft', `add table ${NAT.family} ${NAT.table}`,
      `add chain ${NAT.family} ${NAT.table} ${NAT.chain} { type nat hook postrouting priority 100 ; }`]],
    contenders: ['c-1', 'c-tx', 'netlinkts', 'netlinkts-inflight', 'netlinkts-batch', 'cli', 'cli-batch', 'npm-netlink'],
    labels: {
      'c-1': 'C raw nfnetlink, 1 rule per transaction',
      'netlinkts': 'netlinkts, 1 rule per transaction, awaited',
      'netlinkts-inflight': 'netlinkts, 1 rule per transaction, Promise.all',
      'netlinkts-batch': 'netlinkts, all rules in one nft.transaction()',
      cli: "execFileSync('nft add rule') per rule",
      'cli-batch': 'nft -f (one transaction)',
    },
    c: (c, n) => [['rules', ['nft-rules', String(n), '--per-tx', c.id === 'c-tx' ? String(n) : '1', '--dev', DEV]]],
  },
  {
    id: 'W7',
    title: 'bulk teardown: delete veths',
    unit: 'veth pair deleted',
    // Deleting one veth costs ~17 ms of kernel time (synchronize_net) whoever asks, so the
    // one-at-a-time contenders delete 200 (the per-veth cost does not depend on the count);
    // netlinkts one at a time does all 1,000 as the goal's baseline.
    n: { full: 1000, quick: 20 },
    cap: { 'c-1': 200, 'netlinkts-batch': 200, 'cli-batch': 200, 'npm-netlink': 200 },
    // The veths exist before the trial (untimed), all in interface group GROUP.
    setup: (n) => [['ip-batch', ...Array.from({ length: n }, (_, i) =>
      `link add ${vethName(i)} group ${GROUP} type veth peer name ${peerName(i)}`)]],
    contenders: ['c-1', 'c-group', 'netlinkts', 'netlinkts-batch', 'netlinkts-group', 'netlinkts-batch-group', 'cli-batch', 'npm-netlink'],
    labels: {
      'c-1': 'C, one RTM_DELLINK per veth',
      'c-group': 'C, one RTM_DELLINK for the group',
      netlinkts: 'netlinkts deleteLink, awaited one at a time',
      'netlinkts-batch': 'netlinkts batch of deleteLink, ack each',
      'netlinkts-group': 'netlinkts deleteLinkGroup()',
      'netlinkts-batch-group': 'netlinkts batch.deleteLinkGroup()',
      'cli-batch': "ip -batch ('link del b<i>' per veth)",
      'npm-netlink': 'npm netlink delLink, one at a time',
    },
    c: (c, n) => c.id === 'c-group'
      ? [['delete', ['veth-delete-group', String(GROUP)]]]
      : [['delete', ['veth-delete', String(n), ...pipe(c)]]],
    // Untimed, after the trial: nothing may be left behind but lo (run.mjs checks with ip -j).
    verify: 'only-lo',
  },
  {
    id: 'W8',
    title: 'list nft ruleset',
    unit: 'rule listed and parsed',
    n: { full: 1000, quick: 50 },
    iter: { full: 7, quick: 3 },
    warmup: { full: 3, quick: 1 },
    setup: (n) => [...veth, ['nft', `add table ${NAT.family} ${NAT.table}`,
      `add chain ${NAT.family} ${NAT.table} ${NAT.chain} { type nat hook postrouting priority 100 ; }`,
      ...Array.from({ length: n }, (_, i) => `add rule ${NAT.family} ${NAT.table} ${NAT.chain} ip saddr ${natSource(i)} oifname "${DEV}" masquerade`)]],
    contenders: ['c-1', 'netlinkts', 'cli', 'npm-netlink'],
    labels: {
      'c-1': 'C raw nfnetlink rule dump, parsed into structs',
      netlinkts: 'netlinkts nft.listRuleset() (typed match/action)',
      cli: "execFileSync('nft -j list ruleset') + JSON.parse",
    },
    c: (c, n, iter, warmup) => [['list', ['nft-dump', '--iter', String(iter), '--warmup', String(warmup)]]],
  },
];
