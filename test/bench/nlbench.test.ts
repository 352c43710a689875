// The benchmark's C limit (bench/c/nlbench.c) must do exactly the work the other contenders do,
// or its numbers mean nothing. Differential: the same workload is done by nlbench in one
// namespace and by ip/nft (with the same names, from bench/names.mjs) in another; the kernel
// state read back with `ip -j` / `nft -j` must be identical.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM module without types (shared with the benchmark runner)
import { DEV, NAT, PEER, localCidr, natSource, routeDst, vethName, peerName } from '../../bench/names.mjs';
import { inNs, ipCmd, ipJson, isRoot, makeNetns } from '../helpers/ns.js';

const src = fileURLToPath(new URL('../../bench/c/nlbench.c', import.meta.url));
const bin = fileURLToPath(new URL('../../bench/c/build/nlbench', import.meta.url));

beforeAll(() => {
  if (!isRoot) return;
  if (!existsSync(bin) || statSync(bin).mtimeMs < statSync(src).mtimeMs) {
    mkdirSync(fileURLToPath(new URL('../../bench/c/build', import.meta.url)), { recursive: true });
    execFileSync('cc', ['-O2', '-o', bin, src]);
  }
});

interface Result { op: string; n: number; us_total: number; us_per_op: number; maxrss_kb: number }
const nlbench = (ns: string, ...args: string[]): Result => JSON.parse(inNs(ns, bin, args));
const ipBatch = (ns: string, lines: string[]) => execFileSync('ip', ['-n', ns, '-batch', '-'], { input: `${lines.join('\n')}\n` });
const lines = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));

function withVeth(ns: string): string {
  ipCmd(ns, 'link', 'add', DEV, 'type', 'veth', 'peer', 'name', PEER);
  ipCmd(ns, 'link', 'set', DEV, 'up');
  ipCmd(ns, 'link', 'set', PEER, 'up');
  return ns;
}

const sortBy = <T>(xs: T[], key: (x: T) => string) => [...xs].sort((a, b) => key(a).localeCompare(key(b)));

describe.skipIf(!isRoot)('nlbench (the C limit) does what ip does', () => {
  it.each([
    ['1 per sendmsg', ['--per-send', '1']],
    ['256 per sendmsg, ack each', ['--per-send', '256', '--ack', 'each']],
    ['256 per sendmsg, ack last', ['--per-send', '256', '--ack', 'last']],
  ])('route add/del, %s', (_name, mode) => {
    const n = 600;
    const a = withVeth(makeNetns('bc'));
    const b = withVeth(makeNetns('bi'));
    const r = nlbench(a, 'route-add', String(n), ...mode);
    expect(r).toMatchObject({ op: 'route-add', n });
    ipBatch(b, lines(n, (i) => `route add ${routeDst(i)} dev ${DEV}`));
    const routes = ipJson(a, 'route', 'show');
    expect(routes).toHaveLength(n);
    expect(sortBy(routes, (x: { dst: string }) => x.dst)).toEqual(sortBy(ipJson(b, 'route', 'show'), (x: { dst: string }) => x.dst));
    nlbench(a, 'route-del', String(n), ...mode);
    expect(ipJson(a, 'route', 'show')).toEqual([]);
  });

  it('address add/del', () => {
    const n = 300;
    const a = withVeth(makeNetns('bc'));
    const b = withVeth(makeNetns('bi'));
    nlbench(a, 'addr-add', String(n), '--per-send', '256', '--ack', 'last');
    ipBatch(b, lines(n, (i) => `addr add ${localCidr(i)} dev ${DEV}`));
    const view = (ns: string) => ipJson(ns, '-4', 'addr', 'show', 'dev', DEV)[0].addr_info
      .map((x: Record<string, unknown>) => ({ local: x.local, prefixlen: x.prefixlen, scope: x.scope, label: x.label }));
    expect(view(a)).toHaveLength(n);
    expect(sortBy(view(a), (x) => x.local as string)).toEqual(sortBy(view(b), (x) => x.local as string));
    nlbench(a, 'addr-del', String(n), '--per-send', '1');
    expect(ipJson(a, '-4', 'addr', 'show', 'dev', DEV)[0]?.addr_info ?? []).toEqual([]);
  });

  it('veth create, delete one by one, delete by group', () => {
    const a = makeNetns('bc');
    const b = makeNetns('bi');
    nlbench(a, 'veth-create', '6', '--per-send', '256', '--ack', 'last');
    ipBatch(b, lines(6, (i) => `link add ${vethName(i)} type veth peer name ${peerName(i)}`));
    const view = (ns: string) => sortBy(ipJson(ns, '-d', 'link', 'show', 'type', 'veth')
      .map((l: Record<string, any>) => ({ name: l.ifname, peer: l.link, flags: l.flags, group: l.group, kind: l.linkinfo?.info_kind })), (x) => x.name);
    expect(view(a)).toHaveLength(12);
    expect(view(a)).toEqual(view(b));
    nlbench(a, 'veth-delete', '3');
    expect(view(a).map((l) => l.name)).toEqual(['b3', 'b3p', 'b4', 'b4p', 'b5', 'b5p']);

    const g = makeNetns('bg');
    nlbench(g, 'veth-create', '5', '--group', '9');
    // iproute2 6.1 prints an empty {} for every link its group filter drops.
    const inGroup = ipJson(g, 'link', 'show', 'group', '9').filter((l: { ifname?: string }) => l.ifname !== undefined);
    expect(inGroup.map((l: { ifname: string }) => l.ifname).sort()).toEqual(['b0', 'b1', 'b2', 'b3', 'b4']);
    expect(nlbench(g, 'veth-delete-group', '9')).toMatchObject({ op: 'veth-delete-group', n: 1 });
    expect(ipJson(g, 'link', 'show', 'type', 'veth')).toEqual([]);
  });

  it.each([['1'], ['256']])('bridge ports (%s per sendmsg): master br0, up', (perSend) => {
    const a = makeNetns('bc');
    ipCmd(a, 'link', 'add', 'br0', 'type', 'bridge');
    nlbench(a, 'port-create', '8', '--master', 'br0', '--per-send', perSend, '--ack', 'last');
    const ports = ipJson(a, 'link', 'show', 'master', 'br0');
    expect(ports.map((l: { ifname: string }) => l.ifname).sort()).toEqual(lines(8, vethName).sort());
    for (const p of ports) expect(p.flags).toContain('UP');
  });

  it('dump-routes parses every main-table route', () => {
    const a = withVeth(makeNetns('bc'));
    ipBatch(a, lines(1000, (i) => `route add ${routeDst(i)} dev ${DEV}`));
    expect(nlbench(a, 'dump-routes', '--iter', '3')).toMatchObject({ op: 'dump-routes', n: 1000 });
  });

  it.each([['1'], ['40']])('nft masquerade rules (%s per transaction) read back as nft writes them', (perTx) => {
    const setup = [`add table ${NAT.family} ${NAT.table}`,
      `add chain ${NAT.family} ${NAT.table} ${NAT.chain} { type nat hook postrouting priority 100 ; }`];
    const a = makeNetns('bc');
    const b = makeNetns('bi');
    for (const ns of [a, b]) execFileSync('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], { input: setup.join('\n') });
    nlbench(a, 'nft-rules', '40', '--per-tx', perTx, '--dev', DEV);
    execFileSync('ip', ['netns', 'exec', b, 'nft', '-f', '-'], {
      input: lines(40, (i) => `add rule ${NAT.family} ${NAT.table} ${NAT.chain} ip saddr ${natSource(i)} oifname "${DEV}" masquerade`).join('\n'),
    });
    const rules = (ns: string) => JSON.parse(inNs(ns, 'nft', ['-j', 'list', 'ruleset'])).nftables
      .filter((x: Record<string, unknown>) => 'rule' in x).map((x: { rule: { expr: unknown } }) => x.rule.expr);
    expect(rules(a)).toHaveLength(40);
    expect(rules(a)).toEqual(rules(b));
  });

  it('reports a kernel refusal and exits non-zero', () => {
    const a = withVeth(makeNetns('bc'));
    nlbench(a, 'route-add', '1');
    expect(() => inNs(a, bin, ['route-add', '1'])).toThrow(/File exists/);
  });
});
