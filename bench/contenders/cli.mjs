// The command-line tools, driven the way scripts and many Node programs do it: one
// execFileSync('ip', …) (or 'nft') per operation, and the tools' own batch modes
// (`ip -batch -`, `nft -f -`: one process for the whole job).
// The child already runs inside the trial's namespace, so no `-n NS` is needed.
import { execFileSync } from 'node:child_process';
import { BRIDGE, DEV, NAT, localCidr, natSource, peerName, routeDst, vethName } from '../names.mjs';

const run = (cmd, args, input) =>
  execFileSync(cmd, args, { input, encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['pipe', 'pipe', 'pipe'] });
const ip = (...args) => run('ip', args);
const ipBatch = (lines) => run('ip', ['-batch', '-'], `${lines.join('\n')}\n`);
const lines = (n, f) => Array.from({ length: n }, (_, i) => f(i));

const vethAdd = (i) => ['link', 'add', vethName(i), 'type', 'veth', 'peer', 'name', peerName(i)];
const portSet = (i) => ['link', 'set', vethName(i), 'master', BRIDGE, 'up'];
const ruleArgs = (i) => ['add', 'rule', NAT.family, NAT.table, NAT.chain, 'ip', 'saddr', natSource(i), 'oifname', `"${DEV}"`, 'masquerade'];

export const perOp = {
  W1: async ({ n, time }) => {
    await time('create', n, () => { for (let i = 0; i < n; i++) ip(...vethAdd(i)); });
    await time('delete', n, () => { for (let i = 0; i < n; i++) ip('link', 'del', vethName(i)); });
  },
  W2: async ({ n, time }) => {
    await time('port', n, () => {
      for (let i = 0; i < n; i++) {
        ip(...vethAdd(i));
        ip(...portSet(i));
      }
    });
  },
  W3: async ({ n, time }) => {
    await time('add', n, () => { for (let i = 0; i < n; i++) ip('addr', 'add', localCidr(i), 'dev', DEV); });
    await time('del', n, () => { for (let i = 0; i < n; i++) ip('addr', 'del', localCidr(i), 'dev', DEV); });
  },
  W4: async ({ n, time }) => {
    await time('add', n, () => { for (let i = 0; i < n; i++) ip('route', 'add', routeDst(i), 'dev', DEV); });
    await time('del', n, () => { for (let i = 0; i < n; i++) ip('route', 'del', routeDst(i), 'dev', DEV); });
  },
  // Dump and parse: `ip -j route show` + JSON.parse (the usual way to read state from Node).
  W5: async ({ n, iter, timeMedian }) => {
    const check = JSON.parse(ip('-j', 'route', 'show'));
    if (check.length < n) throw new Error(`ip route show listed ${check.length} routes, expected at least ${n}`);
    await timeMedian('dump', n, iter, () => JSON.parse(ip('-j', 'route', 'show')));
  },
  W6: async ({ n, time }) => {
    await time('rules', n, () => { for (let i = 0; i < n; i++) run('nft', ruleArgs(i)); });
  },
  // Listing: `nft -j list ruleset` + JSON.parse.
  W8: async ({ n, iter, timeMedian }) => {
    const rules = (j) => j.nftables.filter((x) => x.rule).length;
    const check = rules(JSON.parse(run('nft', ['-j', 'list', 'ruleset'])));
    if (check < n) throw new Error(`nft list ruleset listed ${check} rules, expected at least ${n}`);
    await timeMedian('list', n, iter, () => JSON.parse(run('nft', ['-j', 'list', 'ruleset'])));
  },
};

export const batch = {
  W1: async ({ n, time }) => {
    await time('create', n, () => ipBatch(lines(n, (i) => vethAdd(i).join(' '))));
    await time('delete', n, () => ipBatch(lines(n, (i) => `link del ${vethName(i)}`)));
  },
  W2: async ({ n, time }) => {
    await time('port', n, () => ipBatch(lines(n, (i) => `${vethAdd(i).join(' ')}\n${portSet(i).join(' ')}`)));
  },
  W3: async ({ n, time }) => {
    await time('add', n, () => ipBatch(lines(n, (i) => `addr add ${localCidr(i)} dev ${DEV}`)));
    await time('del', n, () => ipBatch(lines(n, (i) => `addr del ${localCidr(i)} dev ${DEV}`)));
  },
  W4: async ({ n, time }) => {
    await time('add', n, () => ipBatch(lines(n, (i) => `route add ${routeDst(i)} dev ${DEV}`)));
    await time('del', n, () => ipBatch(lines(n, (i) => `route del ${routeDst(i)} dev ${DEV}`)));
  },
  // W5: ip has no batch form of a dump.
  // W7: the veths exist already; one `ip -batch` deletes them one request each.
  W7: async ({ n, time }) => {
    await time('delete', n, () => ipBatch(lines(n, (i) => `link del ${vethName(i)}`)));
  },
  // W6: one `nft -f -` run = one transaction holding every rule.
  W6: async ({ n, time }) => {
    await time('rules', n, () => run('nft', ['-f', '-'], `${lines(n, (i) => ruleArgs(i).join(' ')).join('\n')}\n`));
  },
};
