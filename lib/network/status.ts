// Readiness of a bridge network without changing anything (CNI STATUS, spec 1.1.0): can an
// attach be served now, and do the existing attachments still have what they need? Two lists of
// reasons: `unavailable` (no attach can succeed: no netlink access, no nf_tables, the state
// directory unwritable, the address ranges exhausted) and `degraded` (existing attachments have
// lost connectivity: bridge gone or down, our nft table or chains or their port rules gone,
// forwarding off). Only what the network's records say exists is expected to be there: a network
// nobody attached to yet is ready without a bridge.
import { constants, accessSync, mkdtempSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NetlinkError } from '../errors.js';
import type { Netlink } from '../handle.js';
import * as fw from './firewall.js';
import { parseIp } from './ip.js';
import type { HostLocalStore, IpamRange } from './ipam.js';
import type { RecordStore } from './records.js';
import type { BridgeNetworkOptions } from './types.js';

/** What BridgeNetwork.status found: empty lists mean ready. */
export interface NetworkStatus {
  /** Why no attach can be served now (CNI STATUS code 50). */
  unavailable: string[];
  /** Why existing attachments may have limited connectivity (CNI STATUS code 51). */
  degraded: string[];
}

export interface StatusInputs {
  h: Netlink | null; openError: unknown; opts: BridgeNetworkOptions; ranges: IpamRange[][];
  ipam: HostLocalStore; records: RecordStore;
}

const errText = (e: unknown): string => (e as NetlinkError)?.code !== undefined ? `${(e as NetlinkError).code}: ${(e as Error).message}` : String((e as Error)?.message ?? e);

export async function networkStatus(i: StatusInputs): Promise<NetworkStatus> {
  const unavailable: string[] = [], degraded: string[] = [];
  const { h, opts: o } = i;
  const recs = i.records.list();

  // The state directory (or, before the first attach, its nearest existing ancestor) must take
  // a new entry: create and remove an empty directory there (what a reservation needs: a name).
  let dir = o.stateDir;
  try {
    while (!exists(dir)) dir = dirname(dir);
    if (!statSync(dir).isDirectory()) throw new Error(`${dir} is not a directory`);
    accessSync(dir, constants.W_OK);
    rmdirSync(mkdtempSync(join(dir, '.status-')));
  } catch (e) {
    unavailable.push(`state directory ${o.stateDir} is not writable (${errText(e)})`);
  }

  // Address ranges: a free address in every range set (the gateway is never handed out).
  try {
    const taken = i.ipam.list().map((r) => r.ip);
    i.ranges.forEach((set) => {
      const r = set[0]!;
      const size = set.reduce((n, x) => n + (x.end - x.start + 1n) - (x.gateway !== null && x.gateway >= x.start && x.gateway <= x.end ? 1n : 0n), 0n);
      const used = BigInt(taken.filter((ip) => inRanges(ip, set)).length);
      if (used >= size) unavailable.push(`no free address left in ${r.subnet.text} (${used} of ${size} reserved)`);
    });
  } catch (e) {
    unavailable.push(`cannot read the address reservations in ${o.stateDir} (${errText(e)})`);
  }

  if (h === null) {
    unavailable.push(`cannot open netlink in the host namespace (${errText(i.openError)})`);
    return { unavailable, degraded };
  }

  // nf_tables: reading our table needs CAP_NET_ADMIN and a kernel with nf_tables.
  let comments: string[] | null = null;
  let chains: Set<string> | null = null;
  try {
    const tables = await h.nft.listTables({ family: fw.FAMILY });
    if (tables.some((t) => t.name === fw.TABLE)) {
      chains = new Set((await h.nft.listChains({ family: fw.FAMILY, table: fw.TABLE })).map((c) => c.name));
      comments = await fw.ruleComments(h);
    }
  } catch (e) {
    const code = (e as NetlinkError).code;
    const why = code === 'EPERM' || code === 'EACCES' ? 'no CAP_NET_ADMIN in the host namespace'
      : ['EPROTONOSUPPORT', 'EAFNOSUPPORT', 'EOPNOTSUPP'].includes(code) ? 'the kernel lacks nf_tables'
        : 'nftables cannot be read';
    unavailable.push(`${why} (${errText(e)})`);
    return { unavailable, degraded };
  }

  if (recs.length === 0) return { unavailable, degraded };
  // Attachments exist: what they depend on must still be there.
  try {
    const br = await h.getLink(o.bridge);
    if (br.kind !== 'bridge') degraded.push(`${o.bridge} is a ${br.kind}, not a bridge`);
    else if (!br.up) degraded.push(`bridge ${o.bridge} is down`);
  } catch (e) {
    degraded.push(`bridge ${o.bridge} is missing (${errText(e)})`);
  }
  if (chains === null) degraded.push(`nft table ${fw.FAMILY} ${fw.TABLE} is missing`);
  else {
    for (const c of ['prerouting', 'output', 'postrouting', 'hostports', ...(o.masquerade ? [`nl-${o.name}`] : [])]) {
      if (!chains.has(c)) degraded.push(`nft chain ${c} is missing`);
    }
    if (o.masquerade && !comments!.includes(fw.netComment(o.name))) degraded.push(`masquerade rules of network ${o.name} are missing`);
    for (const r of recs) {
      if (r.ports.length > 0 && !comments!.includes(fw.attachmentComment(o.name, r.id, r.ifname))) degraded.push(`port mapping rules of ${r.id} ${r.ifname} are missing`);
    }
  }
  const keys = ['net.ipv4.ip_forward', ...(i.ranges.some((set) => set[0]!.subnet.family === 6) ? ['net.ipv6.conf.all.forwarding'] : [])];
  for (const k of keys) {
    try {
      if ((await h.getSysctl(k)).trim() !== '1') degraded.push(`${k} is 0`);
    } catch (e) {
      degraded.push(`${k} cannot be read (${errText(e)})`);
    }
  }
  return { unavailable, degraded };
}

function exists(p: string): boolean {
  try { statSync(p); return true; } catch (e) { if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false; throw e; }
}

function inRanges(ip: string, set: IpamRange[]): boolean {
  let a;
  try { a = parseIp(ip, 'reservation'); } catch { return false; }
  return set.some((x) => x.subnet.family === a.family && a.value >= x.start && a.value <= x.end && a.value !== x.gateway);
}
