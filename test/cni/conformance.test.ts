// netlinkts-cni against the CNI spec (1.0.0/1.1.0): every command, the error codes, DEL twice,
// DEL without a namespace, CHECK after a manual change, GC with valid attachments, VERSION, and a
// configuration matrix. The plugin runs as an executable inside a throw-away host namespace.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canAdmin, inNs, ipCmd, ipJson, makeNetns, removeNetns } from '../helpers/ns.js';
import { nftText } from '../nft/util.js';
import { stateDir } from '../network/topo.js';
import { OURS, bridgeConf, runPlugin } from './run.js';

const ns = (name: string): string => `/run/netns/${name}`;
const ipFiles = (dir: string): string[] => { try { return readdirSync(`${dir}/cnitest`).filter((f) => /^\d+\.\d+\.\d+\.\d+$/.test(f) || f.includes(':')); } catch { return []; } };

describe.skipIf(!canAdmin)('netlinkts-cni: spec conformance', { timeout: 120_000 }, () => {
  it('VERSION lists the supported versions (no stdin needed)', () => {
    const host = makeNetns('h');
    const r = runPlugin(OURS, host, { command: 'VERSION' }, '');
    expect(r.status).toBe(0);
    expect(r.json).toEqual({ cniVersion: '1.1.0', supportedVersions: expect.arrayContaining(['0.4.0', '1.0.0', '1.1.0']) });
  });

  it('ADD → result, CHECK ok, DEL, DEL again; nothing left', () => {
    const host = makeNetns('h');
    const ctr = makeNetns('c');
    const dir = stateDir();
    const conf = bridgeConf(dir, { cniVersion: '1.1.0', dns: { nameservers: ['10.88.0.1'] }, runtimeConfig: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] } });
    const env = { containerId: 'c1', netns: ns(ctr), ifname: 'eth0' };
    const add = runPlugin(OURS, host, { command: 'ADD', ...env }, conf);
    expect(add.stderr).toBe('');
    expect(add.status).toBe(0);
    expect(add.json).toMatchObject({
      cniVersion: '1.1.0',
      interfaces: [{ name: 'cni0' }, { name: expect.stringMatching(/^nl[0-9a-f]{12}$/) }, { name: 'eth0', sandbox: ns(ctr) }],
      ips: [{ address: '10.88.0.2/24', gateway: '10.88.0.1', interface: 2 }],
      routes: [{ dst: '0.0.0.0/0', gw: '10.88.0.1' }],
      dns: { nameservers: ['10.88.0.1'] },
    });
    for (const i of add.json.interfaces) expect(i.mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(ipJson(ctr, 'addr', 'show', 'eth0')[0].addr_info.map((a: { local: string }) => a.local)).toContain('10.88.0.2');
    expect(nftText(host)).toContain('dnat ip to 10.88.0.2:80');
    const check = runPlugin(OURS, host, { command: 'CHECK', ...env }, { ...conf, prevResult: add.json });
    expect([check.status, check.stdout]).toEqual([0, '']);
    for (let i = 0; i < 2; i++) {
      const del = runPlugin(OURS, host, { command: 'DEL', ...env }, { ...conf, prevResult: add.json });
      expect([del.status, del.stdout, del.stderr]).toEqual([0, '', '']);
    }
    expect(ipJson(host, 'link', 'show', 'master', 'cni0')).toEqual([]);
    expect(ipJson(ctr, 'link', 'show').map((l: { ifname: string }) => l.ifname)).toEqual(['lo']);
    expect(nftText(host)).not.toContain('nl:cnitest:c1');
    expect(ipFiles(dir)).toEqual([]);
  });

  it('ADD twice for the same container and ifname is an error and changes nothing', () => {
    const host = makeNetns('h');
    const ctr = makeNetns('c');
    const conf = bridgeConf(stateDir());
    const env = { containerId: 'c1', netns: ns(ctr), ifname: 'eth0' };
    expect(runPlugin(OURS, host, { command: 'ADD', ...env }, conf).status).toBe(0);
    const again = runPlugin(OURS, host, { command: 'ADD', ...env }, conf);
    expect(again.status).toBe(1);
    expect(again.json).toMatchObject({ cniVersion: '1.0.0', code: 101, msg: expect.stringMatching(/already has eth0/) });
    expect(runPlugin(OURS, host, { command: 'CHECK', ...env }, { ...conf, prevResult: {} }).status).toBe(0);
  });

  it('DEL without CNI_NETNS after the namespace is gone', () => {
    const host = makeNetns('h');
    const ctr = makeNetns('c');
    const dir = stateDir();
    const conf = bridgeConf(dir, { runtimeConfig: { portMappings: [{ hostPort: 53, containerPort: 53, protocol: 'udp' }] } });
    expect(runPlugin(OURS, host, { command: 'ADD', containerId: 'c1', netns: ns(ctr), ifname: 'eth0' }, conf).status).toBe(0);
    removeNetns(ctr);
    const del = runPlugin(OURS, host, { command: 'DEL', containerId: 'c1', ifname: 'eth0' }, conf);
    expect([del.status, del.stdout]).toEqual([0, '']);
    expect(nftText(host)).not.toContain('nl:cnitest:c1');
    expect(ipFiles(dir)).toEqual([]);
  });

  it('CHECK reports a manual change, and an unknown container with code 3', () => {
    const host = makeNetns('h');
    const ctr = makeNetns('c');
    const conf = bridgeConf(stateDir());
    const env = { containerId: 'c1', netns: ns(ctr), ifname: 'eth0' };
    const add = runPlugin(OURS, host, { command: 'ADD', ...env }, conf);
    ipCmd(ctr, 'route', 'del', 'default');
    const check = runPlugin(OURS, host, { command: 'CHECK', ...env }, { ...conf, prevResult: add.json });
    expect(check.status).toBe(1);
    expect(check.json).toMatchObject({ code: 102, msg: expect.stringContaining('container route 0.0.0.0/0 via 10.88.0.1 is missing') });
    const unknown = runPlugin(OURS, host, { command: 'CHECK', ...env, containerId: 'nope' }, { ...conf, prevResult: add.json });
    expect(unknown.json).toMatchObject({ code: 3 });
    const noPrev = runPlugin(OURS, host, { command: 'CHECK', ...env }, conf);
    expect(noPrev.json).toMatchObject({ code: 7, msg: 'CHECK needs prevResult' });
    // CHECK consults prevResult: an address it names that the attachment does not hold.
    ipCmd(ctr, 'route', 'add', 'default', 'via', '10.88.0.1');
    const wrong = structuredClone(add.json);
    wrong.ips[0].address = '10.88.0.99/24';
    expect(runPlugin(OURS, host, { command: 'CHECK', ...env }, { ...conf, prevResult: wrong }).json)
      .toMatchObject({ code: 102, msg: 'prevResult gives eth0 10.88.0.99/24, the attachment holds 10.88.0.2/24' });
    expect(runPlugin(OURS, host, { command: 'CHECK', ...env }, { ...conf, prevResult: add.json }).status).toBe(0);
  });

  it('GC keeps the valid attachments and removes the rest; STATUS succeeds silently', () => {
    const host = makeNetns('h');
    const dir = stateDir();
    const conf = bridgeConf(dir, { cniVersion: '1.1.0', runtimeConfig: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] } });
    const ctrs = [makeNetns('c'), makeNetns('c'), makeNetns('c')];
    ctrs.forEach((c, i) => {
      const r = runPlugin(OURS, host, { command: 'ADD', containerId: `g${i}`, netns: ns(c), ifname: 'eth0' }, { ...conf, runtimeConfig: { portMappings: [{ hostPort: 8080 + i, containerPort: 80, protocol: 'tcp' }] } });
      expect(r.status).toBe(0);
    });
    const gc = runPlugin(OURS, host, { command: 'GC' }, { ...conf, 'cni.dev/valid-attachments': [{ containerID: 'g2', ifname: 'eth0' }] });
    expect([gc.status, gc.stdout]).toEqual([0, '']);
    expect(ipJson(host, 'link', 'show', 'master', 'cni0').length).toBe(1);
    expect(nftText(host)).not.toMatch(/nl:cnitest:g[01]/);
    expect(ipFiles(dir)).toEqual(['10.88.0.4']);
    const status = runPlugin(OURS, host, { command: 'STATUS' }, conf);
    expect([status.status, status.stdout]).toEqual([0, '']);
    // GC and STATUS exist from 1.1.0 on.
    expect(runPlugin(OURS, host, { command: 'GC' }, { ...conf, cniVersion: '1.0.0' }).json).toMatchObject({ code: 1 });
  });

  it('error codes: environment (4), decoding (6), version (1), unsupported field (2), invalid config (7), kernel (100)', () => {
    const host = makeNetns('h');
    const ctr = makeNetns('c');
    const conf = bridgeConf(stateDir());
    const env = { containerId: 'c1', netns: ns(ctr), ifname: 'eth0' };
    const code = (e: Parameters<typeof runPlugin>[2], c: object | string) => {
      const r = runPlugin(OURS, host, e, c);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('netlinkts-cni');
      return r.json as { code: number; msg: string; cniVersion: string };
    };
    expect(code({ command: '' }, conf).code).toBe(4);
    expect(code({ command: 'FROB', ...env }, conf).code).toBe(4);
    expect(code({ command: 'ADD', ...env, containerId: undefined }, conf)).toMatchObject({ code: 4, msg: 'CNI_CONTAINERID is not set' });
    expect(code({ command: 'ADD', ...env, netns: undefined }, conf)).toMatchObject({ code: 4, msg: 'CNI_NETNS is not set' });
    expect(code({ command: 'ADD', ...env, args: 'garbage' }, conf).code).toBe(4);
    expect(code({ command: 'ADD', ...env }, '{not json').code).toBe(6);
    expect(code({ command: 'ADD', ...env }, { ...conf, cniVersion: '9.9.9' })).toMatchObject({ code: 1, cniVersion: '1.1.0' });
    expect(code({ command: 'ADD', ...env }, { ...conf, vlan: 100 }).code).toBe(2);
    expect(code({ command: 'ADD', ...env }, { ...conf, ipam: { ...conf.ipam, type: 'dhcp' } }).code).toBe(2);
    expect(code({ command: 'ADD', ...env }, { ...conf, ipam: { ...conf.ipam, ranges: [[{ subnet: '10.88.0.5/24' }]] } })).toMatchObject({ code: 7, msg: expect.stringMatching(/host bits/) });
    expect(code({ command: 'ADD', ...env }, { ...conf, name: '' }).code).toBe(7);
    expect(code({ command: 'ADD', ...env, netns: '/run/netns/does-not-exist' }, conf)).toMatchObject({ code: 100, msg: expect.stringContaining('no such network namespace') });
    expect(code({ command: 'ADD', ...env, args: 'IP=10.99.0.5' }, conf).code).toBe(7);
    // Nothing leaked from the failed ADDs.
    expect(ipJson(host, 'link', 'show', 'master', 'cni0')).toEqual([]);
  });

  describe('configuration matrix', () => {
    const add = (o: Record<string, unknown>, ipam: Record<string, unknown> = {}, args?: string) => {
      const host = makeNetns('h');
      const ctr = makeNetns('c');
      const r = runPlugin(OURS, host, { command: 'ADD', containerId: 'm1', netns: ns(ctr), ifname: 'eth0', args }, bridgeConf(stateDir(), o, ipam));
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return { host, ctr, r: r.json };
    };
    it('no ipMasq: no masquerade chain for the network', () => {
      const { host } = add({ ipMasq: false });
      expect(nftText(host)).not.toContain('jump nl-cnitest');
    });
    it('no gateway (isGateway false): bridge without address, container without default route', () => {
      const { host, ctr, r } = add({ isGateway: false, isDefaultGateway: false });
      expect(ipJson(host, 'addr', 'show', 'cni0')[0].addr_info.filter((a: { family: string }) => a.family === 'inet')).toEqual([]);
      expect(ipJson(ctr, 'route', 'show', 'default')).toEqual([]);
      expect(r.routes).toEqual([]);
    });
    it('static IP from CNI_ARGS IP= and from runtimeConfig.ips', () => {
      expect(add({}, {}, 'IgnoreUnknown=1;IP=10.88.0.77').r.ips[0].address).toBe('10.88.0.77/24');
      expect(add({ runtimeConfig: { ips: ['10.88.0.78/24'] } }).r.ips[0].address).toBe('10.88.0.78/24');
    });
    it('dual stack: an IPv6 range set as well; a mapping DNATs both families', () => {
      const { host, ctr, r } = add({ runtimeConfig: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }] } }, { ranges: [[{ subnet: '10.88.0.0/24' }], [{ subnet: 'fd00:88::/64' }]] });
      expect(r.ips.map((i: { address: string }) => i.address)).toEqual(['10.88.0.2/24', 'fd00:88::2/64']);
      expect(ipJson(ctr, '-6', 'addr', 'show', 'eth0')[0].addr_info.map((a: { local: string }) => a.local)).toContain('fd00:88::2');
      const t = nftText(host);
      expect(t).toContain('tcp dport 8080 dnat ip to 10.88.0.2:80');
      expect(t).toContain('tcp dport 8080 dnat ip6 to [fd00:88::2]:80');
      expect(inNs(host, 'sysctl', ['-n', 'net.ipv6.conf.all.forwarding']).trim()).toBe('1');
    });
    it('IPv6 only: address, default route via the gateway, forwarding on, masquerade for the v6 subnet', () => {
      const { host, ctr, r } = add({}, { ranges: [[{ subnet: 'fd00:89::/64' }]] });
      expect(r).toMatchObject({ ips: [{ address: 'fd00:89::2/64', gateway: 'fd00:89::1' }], routes: [{ dst: '::/0', gw: 'fd00:89::1' }] });
      expect(ipJson(ctr, '-6', 'route', 'show', 'default')[0]).toMatchObject({ gateway: 'fd00:89::1', dev: 'eth0' });
      expect(inNs(host, 'sysctl', ['-n', 'net.ipv6.conf.all.forwarding']).trim()).toBe('1');
      expect(inNs(ctr, 'sysctl', ['-n', 'net.ipv6.conf.eth0.accept_dad']).trim()).toBe('0');
      expect(nftText(host)).toContain('ip6 saddr fd00:89::/64 jump nl-cnitest');
    });
    it('a port range (podman sends one entry per port), tcp and udp each', () => {
      const portMappings = [0, 1, 2, 3].flatMap((i) => (['tcp', 'udp'] as const).map((protocol) => ({ hostPort: 8000 + i, containerPort: 9000 + i, protocol })));
      const { host } = add({ runtimeConfig: { portMappings } });
      const t = nftText(host);
      for (const p of portMappings) expect(t).toContain(`${p.protocol} dport ${p.hostPort} dnat ip to 10.88.0.2:${p.containerPort}`);
    });
    it('an interface of the requested name already in the container: an error, nothing left behind', () => {
      const host = makeNetns('h');
      const ctr = makeNetns('c');
      const dir = stateDir();
      ipCmd(ctr, 'link', 'add', 'eth0', 'type', 'bridge'); // this kernel has no dummy driver
      const r = runPlugin(OURS, host, { command: 'ADD', containerId: 'm1', netns: ns(ctr), ifname: 'eth0' }, bridgeConf(dir));
      expect(r.status).toBe(1);
      expect(r.json).toMatchObject({ code: 100, details: expect.stringContaining('EEXIST') });
      expect(ipJson(host, 'link', 'show', 'master', 'cni0')).toEqual([]);
      expect(ipFiles(dir)).toEqual([]);
    });
    it('several port mappings, tcp and udp, one on a host IP', () => {
      const { host } = add({ runtimeConfig: { portMappings: [
        { hostPort: 8080, containerPort: 80, protocol: 'tcp' }, { hostPort: 8080, containerPort: 80, protocol: 'udp' },
        { hostPort: 9000, containerPort: 9001, protocol: 'tcp', hostIP: '10.88.0.1' },
      ] } });
      const t = nftText(host);
      expect(t).toContain('tcp dport 8080 dnat ip to 10.88.0.2:80');
      expect(t).toContain('udp dport 8080 dnat ip to 10.88.0.2:80');
      expect(t).toContain('ip daddr 10.88.0.1 tcp dport 9000 dnat ip to 10.88.0.2:9001');
      expect(inNs(host, 'sysctl', ['-n', 'net.ipv4.conf.cni0.route_localnet']).trim()).toBe('1');
    });
    it('cniVersion 0.4.0: ips carry their version', () => {
      expect(add({ cniVersion: '0.4.0' }).r).toMatchObject({ cniVersion: '0.4.0', ips: [{ version: '4', address: '10.88.0.2/24' }] });
    });
    it('mtu and a legacy ipam.subnet', () => {
      const { ctr } = add({ mtu: 1380 }, { ranges: undefined, subnet: '10.88.0.0/24' });
      expect(ipJson(ctr, 'link', 'show', 'eth0')[0].mtu).toBe(1380);
    });
    it('prevResult of an earlier plugin is kept and our interface indexes follow it', () => {
      const prev = { cniVersion: '1.0.0', interfaces: [{ name: 'lo', mac: '00:00:00:00:00:00' }], ips: [], routes: [], dns: {} };
      const { r } = add({ prevResult: prev });
      expect(r.interfaces[0]).toEqual(prev.interfaces[0]);
      expect(r.ips[0].interface).toBe(3);
    });
  });
});
