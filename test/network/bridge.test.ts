// BridgeNetwork end to end in namespaces we create: what attach puts in the kernel, read back
// through `ip -j`/sysctl (the oracles), and proven with packets: outside → hostPort, container →
// outside masqueraded, host → hostIp:hostPort (output DNAT, also from 127.0.0.1), hairpin A → host
// port → B. Then detach/gc/remove leave nothing, and a failing attach unwinds.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { BridgeNetwork, Netlink, hostVethName } from '../../lib/index.js';
import { canAdmin, inNs, ipCmd, ipJson, makeNetns, removeNetns } from '../helpers/ns.js';
import { nftText } from '../nft/util.js';
import { UPLINK, hostWithOutside, stateDir } from './topo.js';
// @ts-expect-error plain ESM helper shared with the demo
import { ping, tcpRequest, tcpServer } from '../../scripts/lib/proof.mjs';

type Server = { ready: Promise<void>; peers: string[]; close(): void };
const servers: Server[] = [];
const nets: BridgeNetwork[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
  for (const n of nets.splice(0)) n.close();
});
async function serve(ns: string, host: string, port: number, reply: string): Promise<Server> {
  const s = tcpServer(ns, host, port, reply) as Server;
  servers.push(s);
  await s.ready;
  return s;
}
async function open(o: Partial<Parameters<typeof BridgeNetwork.open>[0]> & { hostNetns: string }): Promise<BridgeNetwork> {
  const n = await BridgeNetwork.open({ name: 'nt', bridge: 'nlbr0', subnet: '10.89.0.0/24', masquerade: true, stateDir: stateDir(), ...o });
  nets.push(n);
  return n;
}
const sysctl = (ns: string, key: string): string => inNs(ns, 'sysctl', ['-n', key]).trim();

describe.skipIf(!canAdmin)('BridgeNetwork', { timeout: 120_000 }, () => {
  it('attach: veth born in the container, addresses, routes, sysctls, as ip -j reads them', async () => {
    const { host } = hostWithOutside();
    const ctr = makeNetns('c');
    const net = await open({ hostNetns: host, subnet6: 'fd00:89::/64', mtu: 1400 });
    const r = await net.attach({ id: 'ctr1', netns: ctr, ifname: 'eth0', mac: '02:42:0a:59:00:07', ports: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] });
    const veth = hostVethName('nt', 'ctr1', 'eth0');
    expect(r.ips).toEqual([
      { address: '10.89.0.2/24', gateway: '10.89.0.1', interface: 2 },
      { address: 'fd00:89::2/64', gateway: 'fd00:89::1', interface: 2 },
    ]);
    expect(r.interfaces.map((i) => i.name)).toEqual(['nlbr0', veth, 'eth0']);
    expect(r.interfaces[2]).toMatchObject({ mac: '02:42:0a:59:00:07', sandbox: `/run/netns/${ctr}` });
    expect(r.routes).toEqual([{ dst: '0.0.0.0/0', gw: '10.89.0.1' }, { dst: '::/0', gw: 'fd00:89::1' }]);
    // Host side.
    const [br] = ipJson(host, '-d', 'link', 'show', 'nlbr0');
    expect(br.linkinfo.info_kind).toBe('bridge');
    expect(br.addr_info ?? []).toEqual([]);
    expect(br.flags).toContain('UP');
    expect(br.mtu).toBe(1400);
    const [hv] = ipJson(host, 'link', 'show', veth);
    expect(hv.master).toBe('nlbr0');
    expect(hv.flags).toContain('UP');
    expect(hv.mtu).toBe(1400);
    const braddrs = ipJson(host, 'addr', 'show', 'nlbr0')[0].addr_info.map((a: { local: string; prefixlen: number }) => `${a.local}/${a.prefixlen}`);
    expect(braddrs).toEqual(expect.arrayContaining(['10.89.0.1/24', 'fd00:89::1/64']));
    expect(sysctl(host, 'net.ipv4.ip_forward')).toBe('1');
    expect(sysctl(host, 'net.ipv6.conf.all.forwarding')).toBe('1');
    expect(sysctl(host, 'net.ipv6.conf.nlbr0.accept_ra')).toBe('0');
    expect(sysctl(host, 'net.ipv4.conf.nlbr0.route_localnet')).toBe('1');
    // Container side.
    const [eth0] = ipJson(ctr, 'addr', 'show', 'eth0');
    expect(eth0.address).toBe('02:42:0a:59:00:07');
    expect(eth0.mtu).toBe(1400);
    expect(eth0.flags).toContain('UP');
    expect(eth0.addr_info.filter((a: { scope: string }) => a.scope === 'global').map((a: { local: string }) => a.local)).toEqual(['10.89.0.2', 'fd00:89::2']);
    expect(ipJson(ctr, 'link', 'show', 'lo')[0].flags).toContain('UP');
    expect(ipJson(ctr, 'route', 'show', 'default')).toEqual([expect.objectContaining({ dst: 'default', gateway: '10.89.0.1', dev: 'eth0' })]);
    expect(ipJson(ctr, '-6', 'route', 'show', 'default')[0]).toMatchObject({ gateway: 'fd00:89::1', dev: 'eth0' });
    expect(sysctl(ctr, 'net.ipv4.conf.eth0.arp_notify')).toBe('1');
    expect(sysctl(ctr, 'net.ipv6.conf.eth0.accept_dad')).toBe('0');
    // The veth really crosses: the container end's peer is the host end.
    await using c = await Netlink.open({ netns: ctr });
    const peer = await c.getVethPeer('eth0');
    expect(peer.index).toBe(hv.ifindex);
    // Firewall: one table of ours, rules tagged with the attachment.
    const text = nftText(host);
    expect(text).toContain('table inet netlinkts');
    expect(text).toContain('fib daddr type local jump hostports');
    expect(text).toContain('tcp dport 8080 dnat ip to 10.89.0.2:80 comment "nl:nt:ctr1:eth0"');
    expect(text).toContain('meta mark & 0x00002000 == 0x00002000 masquerade');
    await net.check({ id: 'ctr1', ifname: 'eth0' });
  });

  it('packets: outside → hostPort, container → outside masqueraded, host → hostIp:hostPort and 127.0.0.1, hairpin A → host:port → B', async () => {
    const { host, out } = hostWithOutside();
    const a = makeNetns('ca');
    const b = makeNetns('cb');
    const net = await open({ hostNetns: host });
    await net.attach({ id: 'a', netns: a, ifname: 'eth0', ports: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] });
    await net.attach({ id: 'b', netns: b, ifname: 'eth0' });
    await serve(a, '0.0.0.0', 80, 'ctrA');
    // outside → host uplink:8080 → container A, the client's address intact.
    expect(await tcpRequest(out, UPLINK.host, 8080)).toBe(`ctrA ${UPLINK.outside}`);
    // host itself → its own address:8080 (output chain) and → 127.0.0.1:8080 (route_localnet + masquerade).
    expect(await tcpRequest(host, UPLINK.host, 8080)).toMatch(/^ctrA /);
    expect(await tcpRequest(host, '127.0.0.1', 8080)).toBe('ctrA 10.89.0.1');
    // hairpin: B → host:8080 → A; masqueraded to the gateway so A's answer goes back through the host.
    expect(await tcpRequest(b, UPLINK.host, 8080)).toBe('ctrA 10.89.0.1');
    // container → outside: seen as the host's uplink address.
    await serve(out, '0.0.0.0', 9000, 'outside');
    expect(await tcpRequest(b, UPLINK.outside, 9000)).toBe(`outside ${UPLINK.host}`);
    // container → container on the subnet: not masqueraded.
    await serve(b, '0.0.0.0', 81, 'ctrB');
    expect(await tcpRequest(a, '10.89.0.3', 81)).toBe('ctrB 10.89.0.2');
    expect(ping(a, '10.89.0.1')).toBe(true);
  });

  it('without masquerade the outside sees the container address (and cannot answer it)', async () => {
    const { host, out } = hostWithOutside();
    const a = makeNetns('ca');
    const net = await open({ hostNetns: host, masquerade: false });
    await net.attach({ id: 'a', netns: a, ifname: 'eth0' });
    const s = await serve(out, '0.0.0.0', 9000, 'outside');
    await expect(tcpRequest(a, UPLINK.outside, 9000)).rejects.toThrow();
    expect(s.peers).toEqual([]);
    expect(nftText(host)).not.toContain('jump nl-nt');
  });

  it('hostIp restricts a mapping to that address', async () => {
    const { host, out } = hostWithOutside();
    ipCmd(host, 'addr', 'add', '10.77.0.9/24', 'dev', 'uplink');
    const a = makeNetns('ca');
    const net = await open({ hostNetns: host });
    await net.attach({ id: 'a', netns: a, ifname: 'eth0', ports: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp', hostIp: '10.77.0.9' }] });
    await serve(a, '0.0.0.0', 80, 'ctrA');
    expect(await tcpRequest(out, '10.77.0.9', 8080)).toBe(`ctrA ${UPLINK.outside}`);
    await expect(tcpRequest(out, UPLINK.host, 8080)).rejects.toThrow();
  });

  it('isolate: two isolated networks on one host cannot reach each other; each still reaches outside', async () => {
    const { host, out } = hostWithOutside();
    const a = makeNetns('ca');
    const b = makeNetns('cb');
    const n1 = await open({ hostNetns: host, name: 'i1', bridge: 'nlbr1', subnet: '10.91.0.0/24', isolate: true });
    const n2 = await open({ hostNetns: host, name: 'i2', bridge: 'nlbr2', subnet: '10.92.0.0/24', isolate: true });
    await n1.attach({ id: 'a', netns: a, ifname: 'eth0' });
    await n2.attach({ id: 'b', netns: b, ifname: 'eth0' });
    expect(ping(a, '10.92.0.2')).toBe(false);
    expect(ping(b, '10.91.0.2')).toBe(false);
    expect(ping(a, UPLINK.outside)).toBe(true);
    expect(ping(b, '10.92.0.1')).toBe(true);
    void out;
  });

  it('detach removes rules, veth, addresses and record; twice is fine; so is a deleted container namespace', async () => {
    const { host } = hostWithOutside();
    const a = makeNetns('ca');
    const b = makeNetns('cb');
    const dir = stateDir();
    const net = await open({ hostNetns: host, stateDir: dir });
    await net.attach({ id: 'a', netns: a, ifname: 'eth0', ports: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] });
    await net.attach({ id: 'b', netns: b, ifname: 'eth1', ports: [{ hostPort: 8081, containerPort: 80, protocol: 'udp' }] });
    await net.detach({ id: 'a', ifname: 'eth0' });
    await net.detach({ id: 'a', ifname: 'eth0' });
    expect(nftText(host)).not.toContain('nl:nt:a:');
    expect(nftText(host)).toContain('nl:nt:b:eth1');
    expect(ipJson(host, 'link', 'show', 'master', 'nlbr0').map((l: { ifname: string }) => l.ifname)).toEqual([hostVethName('nt', 'b', 'eth1')]);
    expect(readdirSync(dir).sort()).toEqual(['10.89.0.3', 'attachments', 'last_reserved_ip.0', 'lock']);
    removeNetns(b); // the runtime deleted the namespace before DEL (netavark #1451)
    await net.detach({ id: 'b', ifname: 'eth1' });
    expect(nftText(host)).not.toContain('nl:nt:b:');
    expect(readdirSync(dir).sort()).toEqual(['attachments', 'last_reserved_ip.0', 'lock']);
    await net.remove();
    expect(nftText(host)).not.toContain('netlinkts');
    expect(ipJson(host, 'link', 'show', 'type', 'bridge')).toEqual([]);
    expect(existsSync(dir)).toBe(false);
  });

  it('detach deletes port rules by their recorded handles, and by comment when those are stale', async () => {
    const { host } = hostWithOutside();
    const [a, b, c] = [makeNetns('ca'), makeNetns('cb'), makeNetns('cc')];
    const dir = stateDir();
    const net = await open({ hostNetns: host, stateDir: dir });
    const tcp = (hostPort: number) => [{ hostPort, containerPort: 80, protocol: 'tcp' as const }];
    await net.attach({ id: 'a', netns: a, ifname: 'eth0', ports: tcp(8080) });
    await net.attach({ id: 'b', netns: b, ifname: 'eth0', ports: tcp(8081) });
    const rules = (id: string): string[] => nftText(host).split('\n').filter((l) => l.includes(`"nl:nt:${id}:eth0"`));
    const rec = JSON.parse(execFileSync('cat', [`${dir}/attachments/a_eth0.json`], { encoding: 'utf8' }));
    expect(rec.rules.rules.length).toBe(rules('a').length);
    // One of a's rules deleted by hand: the handle delete fails (ENOENT), the comment search finishes.
    inNs(host, 'nft', ['delete', 'rule', 'inet', 'netlinkts', 'hostports', 'handle', String(rec.rules.rules[0].handle)]);
    await net.detach({ id: 'a', ifname: 'eth0' });
    expect(rules('a')).toEqual([]);
    expect(rules('b').length).toBe(3);
    // The table deleted and rebuilt by another attach: b's handles name another table's rules
    // (handles restart with it), so they must not be used; c's rules stay.
    inNs(host, 'nft', ['delete', 'table', 'inet', 'netlinkts']);
    const net2 = await open({ hostNetns: host, stateDir: dir });
    await net2.attach({ id: 'c', netns: c, ifname: 'eth0', ports: tcp(8082) });
    await net.detach({ id: 'b', ifname: 'eth0' });
    expect(rules('c').length).toBe(3);
    await net2.detach({ id: 'c', ifname: 'eth0' });
    expect(rules('c')).toEqual([]);
  });

  it('a failing attach unwinds every step (no veth, no rule, no address reserved)', async () => {
    const { host } = hostWithOutside();
    const a = makeNetns('ca');
    const dir = stateDir();
    // The route's gateway is unreachable: the attach fails at the container step, after the veth,
    // the bridge port and the addresses were made.
    const net = await open({ hostNetns: host, stateDir: dir, routes: [{ dst: '10.50.0.0/16', gw: '192.0.2.1' }] });
    await expect(net.attach({ id: 'a', netns: a, ifname: 'eth0', ports: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] })).rejects.toThrow(/addRoute/);
    expect(ipJson(host, 'link', 'show', 'master', 'nlbr0')).toEqual([]);
    expect(ipJson(a, 'link', 'show', 'type', 'veth')).toEqual([]);
    expect(nftText(host)).not.toContain('nl:nt:a:');
    expect(readdirSync(dir).filter((f) => /^\d/.test(f))).toEqual([]);
    expect(readdirSync(`${dir}/attachments`)).toEqual([]);
    // An interface name already taken in the container fails at the veth step, also unwound.
    ipCmd(a, 'link', 'add', 'eth0', 'type', 'veth', 'peer', 'name', 'eth9');
    const net2 = await open({ hostNetns: host, stateDir: dir });
    await expect(net2.attach({ id: 'a', netns: a, ifname: 'eth0' })).rejects.toThrow();
    expect(readdirSync(dir).filter((f) => /^\d/.test(f))).toEqual([]);
    // ADD twice for the same (id, ifname) is an error that changes nothing.
    await net2.attach({ id: 'a', netns: a, ifname: 'eth1' });
    await expect(net2.attach({ id: 'a', netns: a, ifname: 'eth1' })).rejects.toThrow(/already has eth1/);
    await net2.check({ id: 'a', ifname: 'eth1' });
  });

  it('check names what differs after a manual change', async () => {
    const { host } = hostWithOutside();
    const a = makeNetns('ca');
    const net = await open({ hostNetns: host });
    await net.attach({ id: 'a', netns: a, ifname: 'eth0', ports: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] });
    ipCmd(a, 'addr', 'del', '10.89.0.2/24', 'dev', 'eth0');
    ipCmd(host, 'link', 'set', hostVethName('nt', 'a', 'eth0'), 'nomaster');
    await expect(net.check({ id: 'a', ifname: 'eth0' })).rejects.toThrow(/10\.89\.0\.2\/24 is missing.*|not on bridge/);
    await expect(net.check({ id: 'a', ifname: 'eth0' })).rejects.toThrow(/not on bridge nlbr0/);
    await expect(net.check({ id: 'x', ifname: 'eth0' })).rejects.toThrow(/no attachment/);
  });

  it('gc keeps the live attachments and removes everything of the others', async () => {
    const { host } = hostWithOutside();
    const dir = stateDir();
    const net = await open({ hostNetns: host, stateDir: dir });
    const ns = [makeNetns('c'), makeNetns('c'), makeNetns('c')];
    for (const [i, n] of ns.entries()) await net.attach({ id: `g${i}`, netns: n, ifname: 'eth0', ports: [{ hostPort: 8000 + i, containerPort: 80, protocol: 'tcp' }] });
    await net.gc([{ id: 'g1', ifname: 'eth0' }]);
    expect(ipJson(host, 'link', 'show', 'master', 'nlbr0').map((l: { ifname: string }) => l.ifname)).toEqual([hostVethName('nt', 'g1', 'eth0')]);
    const text = nftText(host);
    expect(text).toContain('nl:nt:g1:eth0');
    expect(text).not.toMatch(/nl:nt:g[02]:/);
    expect(readdirSync(dir).filter((f) => /^\d/.test(f))).toEqual(['10.89.0.3']);
    await net.check({ id: 'g1', ifname: 'eth0' });
  });

  it('hairpin mode on the container port', async () => {
    const { host } = hostWithOutside();
    const a = makeNetns('ca');
    const net = await open({ hostNetns: host, hairpin: true });
    await net.attach({ id: 'a', netns: a, ifname: 'eth0', ports: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] });
    const out = execFileSync('bridge', ['-n', host, '-j', '-d', 'link', 'show', 'dev', hostVethName('nt', 'a', 'eth0')], { encoding: 'utf8' });
    expect(JSON.parse(out)[0].hairpin).toBe(true);
    await serve(a, '0.0.0.0', 80, 'ctrA');
    // A container reaching its own published port comes back in through the same bridge port.
    expect(await tcpRequest(a, UPLINK.host, 8080)).toBe('ctrA 10.89.0.1');
  });
});
