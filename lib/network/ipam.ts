// IPAM compatible with the reference host-local plugin's on-disk store: in the network's data
// directory, one file per reserved address named by the address and holding "<id>\r\n<ifname>",
// plus last_reserved_ip.<range set> for next-fit allocation, under flock(<dir>/lock) (lock.ts).
// A directory written by host-local is read by this and the other way round.
// Every method here must run while the caller holds withDirLock(dir).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NetlinkError } from '../errors.js';
import { type Subnet, contains, defaultRange, fromBig, parseIp } from './ip.js';
import { createExclusive, removeFile, syncPaths, writeAtomic } from './store.js';

/** One range (host-local "ranges": [[{ subnet, rangeStart, rangeEnd, gateway }]]). */
export interface IpamRange { subnet: Subnet; start: bigint; end: bigint; gateway: bigint | null }

export interface Reservation { ip: string; id: string; ifname: string | null }

const LINE_BREAK = '\r\n'; // host-local's disk.LineBreak

/** Builds a range from its parts, checking them the way host-local's range.go does. */
export function makeRange(subnet: Subnet, o: { rangeStart?: string; rangeEnd?: string; gateway?: string | null } = {}): IpamRange {
  const d = defaultRange(subnet);
  const inSubnet = (text: string, what: string): bigint => {
    const a = parseIp(text, what);
    if (a.family !== subnet.family || !contains(subnet, a.value)) throw new RangeError(`${what} ${text} is not in ${subnet.text}`);
    return a.value;
  };
  const start = o.rangeStart !== undefined ? inSubnet(o.rangeStart, 'rangeStart') : d.start;
  const end = o.rangeEnd !== undefined ? inSubnet(o.rangeEnd, 'rangeEnd') : d.end;
  if (start > end) throw new RangeError(`rangeStart ${fromBig(start, subnet.family)} is after rangeEnd ${fromBig(end, subnet.family)}`);
  const gateway = o.gateway === null ? null : o.gateway !== undefined ? inSubnet(o.gateway, 'gateway') : subnet.network + 1n;
  return { subnet, start, end, gateway };
}

function parseOwner(text: string): { id: string; ifname: string | null } {
  const i = text.indexOf(LINE_BREAK);
  return i < 0 ? { id: text.trim(), ifname: null } : { id: text.slice(0, i).trim(), ifname: text.slice(i + LINE_BREAK.length).trim() };
}

export class HostLocalStore {
  constructor(readonly dir: string) {}

  /**
   * Makes the reservations of `ips` durable: their files and the directory holding their names,
   * fsynced off the event loop. Need not hold the lock (the names are already visible to every
   * process); await it before reporting the addresses as reserved.
   */
  syncReservations(ips: string[]): Promise<void> {
    return syncPaths([...ips.map((ip) => join(this.dir, ip)), this.dir]);
  }

  /** Every reservation in the directory. */
  list(): Reservation[] {
    const out: Reservation[] = [];
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    for (const name of names) {
      if (name === 'lock' || name.startsWith('last_reserved_ip') || name.includes('.tmp-')) continue;
      try { parseIp(name, 'reservation'); } catch { continue; }
      let text: string;
      try { text = readFileSync(join(this.dir, name), 'utf8'); } catch { continue; }
      out.push({ ip: name, ...parseOwner(text) });
    }
    return out;
  }

  /** Addresses reserved for (id, ifname); an entry without ifname (old host-local) matches the id. */
  owned(id: string, ifname: string): string[] {
    return this.list().filter((r) => r.id === id && (r.ifname === null || r.ifname === ifname)).map((r) => r.ip);
  }

  /** Reserves one address of range set `set` (next-fit after last_reserved_ip), or `requested`. */
  allocate(ranges: IpamRange[], set: number, id: string, ifname: string, requested?: string): string {
    const owner = `${id}${LINE_BREAK}${ifname}`;
    if (requested !== undefined) {
      const a = parseIp(requested, 'requested IP');
      const r = ranges.find((x) => x.subnet.family === a.family && a.value >= x.start && a.value <= x.end);
      if (!r) throw new RangeError(`requested IP ${requested} is outside every range of this network`);
      if (r.gateway === a.value) throw new RangeError(`requested IP ${requested} is the gateway`);
      if (!createExclusive(join(this.dir, a.text), owner)) {
        throw new NetlinkError('ipam', 17 /* EEXIST */, `requested IP ${a.text} is already reserved`);
      }
      return a.text;
    }
    const family = ranges[0]!.subnet.family;
    const lastFile = join(this.dir, `last_reserved_ip.${set}`);
    let last: bigint | null = null;
    try { last = parseIp(readFileSync(lastFile, 'utf8').trim(), 'last_reserved_ip').value; } catch { /* none yet */ }
    // host-local's RangeIter: start after the last reserved address when it lies in a range,
    // walk every range once (wrapping), skip each range's gateway.
    let ri = last === null ? -1 : ranges.findIndex((x) => last! >= x.start && last! <= x.end);
    let cur: bigint;
    if (ri < 0) { ri = 0; cur = ranges[0]!.start; } else cur = last! + 1n;
    const total = ranges.reduce((n, x) => n + (x.end - x.start + 1n), 0n);
    for (let tried = 0n; tried < total; tried++) {
      let r = ranges[ri]!;
      if (cur > r.end) { ri = (ri + 1) % ranges.length; r = ranges[ri]!; cur = r.start; }
      if (cur !== r.gateway && createExclusive(join(this.dir, fromBig(cur, family)), owner)) {
        const text = fromBig(cur, family);
        // last_reserved_ip only steers next-fit: losing it to a crash is harmless, so it is not
        // synced for itself; syncReservations()' directory fsync makes the reservation's name (and it) durable.
        writeAtomic(lastFile, text, { durable: false });
        return text;
      }
      cur++;
    }
    throw new NetlinkError('ipam', 28 /* ENOSPC */, `no free address left in ${ranges.map((x) => x.subnet.text).join(', ')}`);
  }

  /** Removes the reservations of (id, ifname) (or only `ips`, when given); returns what was removed. */
  release(id: string, ifname: string, ips?: string[]): string[] {
    // With the addresses known, read just those files (no directory scan): DEL stays O(1).
    const target = ips ? ips.filter((ip) => this.#ownedBy(ip, id, ifname)) : this.owned(id, ifname);
    return target.filter((ip) => removeFile(join(this.dir, ip)));
  }

  #ownedBy(ip: string, id: string, ifname: string): boolean {
    let text: string;
    try { text = readFileSync(join(this.dir, ip), 'utf8'); } catch { return false; }
    const o = parseOwner(text);
    return o.id === id && (o.ifname === null || o.ifname === ifname);
  }

  /** Removes one reservation whatever its owner. */
  drop(ip: string): boolean {
    return removeFile(join(this.dir, ip));
  }
}
