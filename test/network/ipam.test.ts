// IPAM: host-local's allocation rules and on-disk format, without the kernel.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostLocalStore, makeRange } from '../../lib/network/ipam.js';
import { parseSubnet, fromBig, parseIp } from '../../lib/network/ip.js';
import { withDirLock } from '../../lib/network/lock.js';
import { stateDir } from './topo.js';

const range = (s: string, o = {}) => [makeRange(parseSubnet(s, 'subnet'), o)];

describe('IPAM (host-local compatible)', () => {
  it('next-fit from last_reserved_ip, skipping the gateway; network and broadcast never handed out', () => {
    const dir = stateDir();
    const st = new HostLocalStore(dir);
    const r = range('10.1.0.0/29'); // .0 network, .1 gateway, .7 broadcast
    const got = ['a', 'b', 'c', 'd', 'e'].map((id) => st.allocate(r, 0, id, 'eth0'));
    expect(got).toEqual(['10.1.0.2', '10.1.0.3', '10.1.0.4', '10.1.0.5', '10.1.0.6']);
    expect(() => st.allocate(r, 0, 'f', 'eth0')).toThrow(/no free address/);
    expect(st.release('b', 'eth0')).toEqual(['10.1.0.3']);
    expect(st.release('d', 'eth0')).toEqual(['10.1.0.5']);
    // next-fit: after .6 (the last reserved) it wraps to the start and takes .3, then .5.
    expect(st.allocate(r, 0, 'g', 'eth0')).toBe('10.1.0.3');
    expect(st.allocate(r, 0, 'h', 'eth0')).toBe('10.1.0.5');
    expect(readFileSync(join(dir, 'last_reserved_ip.0'), 'utf8')).toBe('10.1.0.5');
    expect(readFileSync(join(dir, '10.1.0.5'), 'utf8')).toBe('h\r\neth0');
  });

  it('a released address is not reused before the range wraps', () => {
    const st = new HostLocalStore(stateDir());
    const r = range('10.2.0.0/24');
    expect(st.allocate(r, 0, 'a', 'eth0')).toBe('10.2.0.2');
    st.release('a', 'eth0');
    expect(st.allocate(r, 0, 'b', 'eth0')).toBe('10.2.0.3');
  });

  it('static addresses: honoured, checked against range, gateway and existing reservations', () => {
    const st = new HostLocalStore(stateDir());
    const r = range('10.3.0.0/24');
    expect(st.allocate(r, 0, 'a', 'eth0', '10.3.0.77')).toBe('10.3.0.77');
    expect(() => st.allocate(r, 0, 'b', 'eth0', '10.3.0.77')).toThrow(/already reserved/);
    expect(() => st.allocate(r, 0, 'b', 'eth0', '10.3.0.1')).toThrow(/gateway/);
    expect(() => st.allocate(r, 0, 'b', 'eth0', '10.3.0.255')).toThrow(/outside every range/);
    expect(() => st.allocate(r, 0, 'b', 'eth0', '10.4.0.5')).toThrow(/outside every range/);
  });

  it('rangeStart/rangeEnd and an explicit gateway', () => {
    const st = new HostLocalStore(stateDir());
    const r = range('10.5.0.0/24', { rangeStart: '10.5.0.100', rangeEnd: '10.5.0.102', gateway: '10.5.0.101' });
    expect(['a', 'b'].map((id) => st.allocate(r, 0, id, 'eth0'))).toEqual(['10.5.0.100', '10.5.0.102']);
    expect(() => st.allocate(r, 0, 'c', 'eth0')).toThrow(/no free/);
    expect(() => range('10.5.0.0/24', { rangeStart: '10.6.0.1' })).toThrow(/not in 10.5.0.0\/24/);
    expect(() => parseSubnet('10.5.0.1/24', 'subnet')).toThrow(/host bits/);
  });

  it('IPv6: the last address is usable (no broadcast), canonical file names', () => {
    const st = new HostLocalStore(stateDir());
    const r = range('fd00:1::/126'); // ::0 network, ::1 gateway, ::2, ::3
    expect(['a', 'b'].map((id) => st.allocate(r, 1, id, 'eth0'))).toEqual(['fd00:1::2', 'fd00:1::3']);
    expect(fromBig(parseIp('fd00:0:0:0:0:0:0:1', 'x').value, 6)).toBe('fd00::1');
    expect(fromBig(parseIp('2001:db8:0:1:0:0:0:0', 'x').value, 6)).toBe('2001:db8:0:1::');
  });

  it('reads host-local files without an ifname line (older plugin versions) as owned by the id', () => {
    const dir = stateDir();
    const st = new HostLocalStore(dir);
    const r = range('10.7.0.0/24');
    st.allocate(r, 0, 'a', 'eth0');
    expect(st.owned('a', 'eth0')).toEqual(['10.7.0.2']);
    expect(st.owned('a', 'eth1')).toEqual([]);
    expect(st.list()).toEqual([{ ip: '10.7.0.2', id: 'a', ifname: 'eth0' }]);
  });

  it('the lock serializes concurrent allocations in one process', async () => {
    const dir = stateDir();
    const st = new HostLocalStore(dir);
    const r = range('10.8.0.0/24');
    const got = await Promise.all(Array.from({ length: 40 }, (_, i) => withDirLock(dir, async () => {
      await new Promise((res) => setImmediate(res));
      return st.allocate(r, 0, `c${i}`, 'eth0');
    })));
    expect(new Set(got).size).toBe(40);
    expect(readdirSync(dir).filter((f) => f.startsWith('10.')).length).toBe(40);
  });

  it('syncReservations() fsyncs each reservation file and the directory, off the event loop (strace)', () => {
    // The fsyncs run in libuv's thread pool, so strace -f; the oracle is the kernel's syscall log.
    const dir = stateDir();
    const log = join(dir, 'strace.log');
    const state = join(dir, 'net');
    const code = `import('${pathToFileURL(join(process.cwd(), 'dist/network/ipam.js')).href}').then(async (m) => {
      const ip = await import('${pathToFileURL(join(process.cwd(), 'dist/network/ip.js')).href}');
      require('fs').mkdirSync(${JSON.stringify(state)});
      const st = new m.HostLocalStore(${JSON.stringify(state)});
      const r = [m.makeRange(ip.parseSubnet('10.9.0.0/24', 'subnet'))];
      st.allocate(r, 0, 'a', 'eth0'); st.allocate(r, 0, 'b', 'eth0', '10.9.0.9');
      await st.syncReservations(['10.9.0.2', '10.9.0.9']);
    })`;
    // -y prints the path behind each fd argument: "fsync(18</dir/10.9.0.2>".
    execFileSync('strace', ['-f', '-qq', '-y', '-e', 'trace=fsync', '-o', log, process.execPath, '-e', code], { stdio: 'ignore' });
    const text = readFileSync(log, 'utf8');
    const synced = (path: string): number => text.split(`fsync(`).filter((x) => x.replace(/^\d+/, '').startsWith(`<${path}>`)).length;
    expect(synced(join(state, '10.9.0.2'))).toBe(1);
    expect(synced(join(state, '10.9.0.9'))).toBe(1);
    expect(synced(state)).toBe(1);
    expect(synced(join(state, 'last_reserved_ip.0'))).toBe(0); // steers next-fit only
  });

  it('an empty reservation file (a power loss before sync) is skipped by allocation and owned by nobody', () => {
    const dir = stateDir();
    const st = new HostLocalStore(dir);
    writeFileSync(join(dir, '10.8.0.2'), '');
    expect(st.allocate(range('10.8.0.0/24'), 0, 'a', 'eth0')).toBe('10.8.0.3');
    expect(st.list().find((x) => x.ip === '10.8.0.2')).toEqual({ ip: '10.8.0.2', id: '', ifname: null });
  });
});
