// BridgeNetwork: a container runtime's bridge network driver (what the reference bridge +
// host-local + portmap CNI plugins and podman's netavark do), on netlinkts primitives.
// attach: write-ahead record + IPs (under the state lock) → veth with the peer born in the
// container as ifname → host end on the bridge → container side → port rules. Every step pushes
// its undo; a failure unwinds them in reverse. detach: rules first, then links, then IPs and
// the record; everything already gone counts as done.
import { rmSync } from 'node:fs';
import { NetlinkError } from '../errors.js';
import { Netlink } from '../handle.js';
import { netnsPath, type NetnsRef } from '../netns/ref.js';
import * as v from '../util/validate.js';
import { checkContainer, setupContainer, type ContainerPlan } from './container.js';
import * as fw from './firewall.js';
import { cidrText, fromBig, parseIp, parseSubnet, type Subnet } from './ip.js';
import { HostLocalStore, makeRange, type IpamRange } from './ipam.js';
import { withDirLock } from './lock.js';
import { RecordStore } from './records.js';
import { networkStatus, type NetworkStatus } from './status.js';
import { checkPorts, faultPoint, validAttach, validOpen } from './validate.js';
import type { AttachOptions, AttachmentRecord, BridgeNetworkOptions, CniResult, CniRoute } from './types.js';

type Undo = () => Promise<unknown>;
const gone = (e: unknown): boolean => ['ENODEV', 'ENOENT', 'ESRCH'].includes((e as NetlinkError).code);

/**
 * The host end's name: derived from (network, id, ifname), so cleanup finds it without state.
 * "nl" + 12 hex digits of a 53-bit string hash (cyrb53-style, two multiply-xorshift lanes):
 * node:crypto's sha256 would cost every plugin run ~10 ms of module loading (bench/README.md
 * "CNI"), and 48 bits keep collisions (an ADD failing with EEXIST) negligible on one host.
 * Equivalent to: none (a pure name computation; nothing is sent to the kernel)
 */
export function hostVethName(network: string, id: string, ifname: string): string {
  const text = `${network}\0${id}\0${ifname}`;
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hi = (h2 >>> 0) & 0xffffff, lo = (h1 >>> 0) & 0xffffff; // 24 + 24 bits
  return `nl${hi.toString(16).padStart(6, '0')}${lo.toString(16).padStart(6, '0')}`;
}

/** Checked options and the IPAM range sets they describe. */
function prepare(opts: BridgeNetworkOptions): { o: BridgeNetworkOptions; ranges: IpamRange[][] } {
  const o = validOpen(opts);
  const sub4 = parseSubnet(o.subnet, 'subnet');
  const ranges: IpamRange[][] = [[makeRange(sub4, { rangeStart: o.rangeStart, rangeEnd: o.rangeEnd, gateway: o.gateway })]];
  if (o.subnet6 !== undefined) {
    const sub6 = parseSubnet(o.subnet6, 'subnet6');
    if (sub6.family !== 6 || sub4.family !== 4) throw new RangeError('subnet6 must be IPv6 when subnet is IPv4');
    ranges.push([makeRange(sub6, { gateway: o.gateway6 })]);
  }
  return { o, ranges };
}

function sandboxPath(ref: NetnsRef): string | null {
  try { return netnsPath(ref); } catch { return null; }
}

/**
 * A container bridge network (bridge, IPAM, veths, nft port mappings) built on netlinkts, as the
 * CNI bridge + host-local + portmap plugins are; open one with BridgeNetwork.open.
 */
export class BridgeNetwork implements AsyncDisposable {
  /** The options the network was opened with. */
  readonly opts: Readonly<BridgeNetworkOptions>;
  readonly #h: Netlink;
  readonly #ranges: IpamRange[][];
  readonly #ipam: HostLocalStore;
  readonly #records: RecordStore;
  readonly #rules: fw.NetworkRules;
  #routeLocalnet = false;

  private constructor(opts: BridgeNetworkOptions, h: Netlink, ranges: IpamRange[][]) {
    this.opts = opts;
    this.#h = h;
    this.#ranges = ranges;
    this.#ipam = new HostLocalStore(opts.stateDir);
    this.#records = new RecordStore(opts.stateDir);
    this.#rules = { name: opts.name, bridge: opts.bridge, subnets: ranges.map((r) => r[0]!.subnet), masquerade: !!opts.masquerade, isolate: !!opts.isolate };
  }

  /**
   * Opens (creating what is missing) a bridge network: the bridge with a pinned MAC, its gateway
   * addresses, forwarding on, the nft table and this network's chains. With `{ create: false }`
   * nothing is created or changed (what detach, gc and a CNI DEL/GC need: they must not build a
   * network only to take a container off it).
   * Equivalent to: ip link add BR type bridge; ip addr add GW dev BR; sysctl -w net.ipv4.ip_forward=1; nft add …
   */
  static async open(opts: BridgeNetworkOptions, how: { create?: boolean } = {}): Promise<BridgeNetwork> {
    const { o, ranges } = prepare(opts);
    const h = await Netlink.open(o.hostNetns === undefined ? {} : { netns: o.hostNetns });
    const net = new BridgeNetwork(o, h, ranges);
    if (how.create === false) return net;
    try {
      await net.#ensureHost();
    } catch (e) {
      h.close();
      throw e;
    }
    return net;
  }

  /**
   * Whether the network can serve an attach now, and whether its existing attachments still
   * have the bridge, rules and forwarding they need; changes nothing (CNI STATUS).
   * Equivalent to: ip link show BR; nft list table inet netlinkts; sysctl net.ipv4.ip_forward; ls STATEDIR
   */
  static async status(opts: BridgeNetworkOptions): Promise<NetworkStatus> {
    const { o, ranges } = prepare(opts);
    let h: Netlink | null = null, openError: unknown = null;
    try { h = await Netlink.open(o.hostNetns === undefined ? {} : { netns: o.hostNetns }); } catch (e) { openError = e; }
    try {
      return await networkStatus({ h, openError, opts: o, ranges, ipam: new HostLocalStore(o.stateDir), records: new RecordStore(o.stateDir) });
    } finally {
      h?.close();
    }
  }

  async #ensureHost(): Promise<void> {
    const h = this.#h, o = this.opts;
    let br;
    try {
      br = await h.getLink(o.bridge);
    } catch (e) {
      if (!gone(e)) throw e;
      // A MAC given at creation is "set", not "random": the kernel then never changes it to the
      // lowest port's MAC as ports come and go (the reference plugin pins it after the first port).
      // Math.random, not node:crypto (its load costs every plugin run): a bridge MAC needs to be
      // unlikely to repeat on one L2 segment, not unpredictable.
      const mac = Array.from({ length: 6 }, () => Math.floor(Math.random() * 256));
      mac[0] = (mac[0]! & 0xfe) | 0x02;
      try {
        await h.createBridge(o.bridge, { mtu: o.mtu, up: true, address: mac.map((b) => b.toString(16).padStart(2, '0')).join(':') });
      } catch (e2) {
        if ((e2 as NetlinkError).code !== 'EEXIST') throw e2; // another process made it meanwhile
      }
      br = await h.getLink(o.bridge);
    }
    if (br.kind !== 'bridge') throw new NetlinkError('BridgeNetwork.open', 17, `${o.bridge} exists and is a ${br.kind}, not a bridge`);
    if (o.isGateway !== false) {
      for (const set of this.#ranges) {
        const r = set[0]!;
        if (r.gateway === null) continue;
        try {
          await h.addAddress(o.bridge, cidrText(r.gateway, r.subnet));
        } catch (e) {
          if ((e as NetlinkError).code !== 'EEXIST') throw e;
        }
      }
    }
    if (!br.up) await h.setLinkUp(o.bridge);
    await h.setSysctl('net.ipv4.ip_forward', 1);
    // Any IPv6 range (dual stack, or an IPv6-only network) needs IPv6 forwarding.
    if (this.#ranges.some((set) => set[0]!.subnet.family === 6)) await h.setSysctl('net.ipv6.conf.all.forwarding', 1);
    // The bridge must not configure itself from router advertisements it forwards.
    await h.setSysctl(`net.ipv6.conf.${o.bridge}.accept_ra`, 0).catch((e) => { if (!gone(e)) throw e; });
    await fw.ensureNetwork(h, this.#rules);
  }

  /** Runs fn under the state directory's lock (cross-process: many CNI ADDs run at once). */
  #locked<T>(fn: () => T): Promise<T> {
    return withDirLock(this.opts.stateDir, fn, this.opts.lockTimeoutMs === undefined ? {} : { timeoutMs: this.opts.lockTimeoutMs });
  }

  /** The handle in the host namespace (the bridge's). */
  get host(): Netlink { return this.#h; }

  /** Closes the host handle. Equivalent to: none (closes netlinkts's own netlink sockets) */
  close(): void { this.#h.close(); }
  async [Symbol.asyncDispose](): Promise<void> { this.close(); }

  /**
   * Connects a container: veth (peer born in the container as ifname), addresses from IPAM,
   * routes, port mappings. Returns the CNI result. Undone entirely if any step fails.
   * Equivalent to: ip link add vethX type veth peer name IFNAME netns NS; ip link set vethX master BR up; …
   */
  async attach(a: AttachOptions): Promise<CniResult> {
    const o = validAttach(a);
    const ports = checkPorts(o.ports ?? []);
    const net = this.opts.name;
    const hostVeth = hostVethName(net, o.id, o.ifname);
    const undo: Undo[] = [];
    const comment = fw.attachmentComment(net, o.id, o.ifname);
    let ruleHandles: fw.RuleHandles | undefined;
    let durable: Promise<void> = Promise.resolve();
    try {
      // 1. Write-ahead record and addresses, atomically under the lock.
      const record = await this.#locked(() => {
        if (this.#records.get(o.id, o.ifname) !== null) {
          throw new NetlinkError('attach', 17, `container ${o.id} already has ${o.ifname} on network ${net}`);
        }
        const ips: string[] = [];
        try {
          this.#ranges.forEach((set, i) => {
            const want = set[0]!.subnet.family === 4 ? o.ip : o.ip6;
            ips.push(cidrText(parseIp(this.#ipam.allocate(set, i, o.id, o.ifname, want), 'ip').value, set[0]!.subnet));
          });
          const r: AttachmentRecord = { id: o.id, ifname: o.ifname, network: net, netns: sandboxPath(o.netns), hostVeth, ips, ports, state: 'adding' };
          this.#records.put(r);
          return r;
        } catch (e) {
          this.#ipam.release(o.id, o.ifname);
          throw e;
        }
      });
      undo.push(() => this.#locked(() => { this.#ipam.release(o.id, o.ifname); this.#records.delete(o.id, o.ifname); }));
      // The reservation's fsyncs run on the thread pool while the kernel work below goes on;
      // awaited before the result reports the address (a failure stays observed for then).
      durable = this.#ipam.syncReservations(record.ips.map((x) => x.split('/')[0]!));
      durable.catch(() => {});
      faultPoint('reserved');

      // 2. The veth, its peer born in the container's namespace under its final name, the host
      // end enslaved to the bridge in the same request (the kernel unregisters the pair if that
      // fails); its echo gives both ifindexes and the host end's MAC. A veth cannot be born up.
      const h = this.#h;
      const hostLink = await h.createLink({ kind: 'veth', name: hostVeth, mtu: this.opts.mtu, master: this.opts.bridge, peer: { name: o.ifname, netns: o.netns, mtu: this.opts.mtu, address: o.mac } });
      undo.push(() => h.deleteLink(hostVeth).catch((e) => { if (!gone(e)) throw e; }));
      if (hostLink.link === null) throw new NetlinkError('attach', 71 /* EPROTO */, 'kernel did not report the veth peer');
      const peerIndex = hostLink.link;
      faultPoint('veth');

      // 3. Host end up; hairpin when asked.
      await h.setLink(hostLink.index, { up: true });
      if (this.opts.hairpin) await this.#hairpin(hostVeth);
      faultPoint('bridge-port');

      // 4. The container side.
      const plan = this.#plan(o.ifname, record.ips);
      await using c = await Netlink.open({ netns: o.netns });
      await setupContainer(c, plan, peerIndex);
      faultPoint('container');

      // 5. Port mappings.
      if (ports.length > 0) {
        if (!this.#routeLocalnet) {
          await h.setSysctl(`net.ipv4.conf.${this.opts.bridge}.route_localnet`, 1);
          this.#routeLocalnet = true;
        }
        undo.push(() => fw.removeRules(h, (c2) => c2 === comment));
        const addrs = record.ips.map((x) => ({ family: (x.includes(':') ? 6 : 4) as 4 | 6, address: x.split('/')[0]! }));
        ruleHandles = await fw.addRules(h, fw.attachmentRules(this.#rules, comment, ports, addrs));
        await this.#flushUdp(ports);
      }
      faultPoint('firewall');

      // 6. Done: the result, recorded.
      const [brLink, ctrLink] = [await h.getLink(this.opts.bridge), await c.getLink(peerIndex)];
      const sandbox = sandboxPath(o.netns);
      const result: CniResult = {
        interfaces: [
          { name: this.opts.bridge, mac: brLink.address ?? '' },
          { name: hostVeth, mac: hostLink.address ?? '' },
          { name: o.ifname, mac: ctrLink.address ?? '', ...(sandbox ? { sandbox } : {}) },
        ],
        ips: record.ips.map((address, i) => {
          const gw = this.#ranges[i]![0]!.gateway;
          return { address, ...(gw !== null ? { gateway: fromBig(gw, this.#ranges[i]![0]!.subnet.family) } : {}), interface: 2 };
        }),
        routes: plan.routes,
        ...(o.dns ? { dns: o.dns } : {}),
      };
      await durable;
      this.#records.put({ ...record, ...(ruleHandles ? { rules: ruleHandles as AttachmentRecord['rules'] } : {}), state: 'ready', result });
      return result;
    } catch (e) {
      await durable.catch(() => {});
      for (const u of undo.reverse()) await u().catch(() => {});
      throw e;
    }
  }

  #plan(ifname: string, ips: string[]): ContainerPlan {
    const routes: CniRoute[] = [];
    this.#ranges.forEach((set) => {
      const r = set[0]!;
      if (r.gateway !== null && this.opts.defaultRoute !== false) {
        routes.push({ dst: r.subnet.family === 4 ? '0.0.0.0/0' : '::/0', gw: fromBig(r.gateway, r.subnet.family) });
      }
    });
    for (const r of this.opts.routes ?? []) {
      if (!routes.some((x) => x.dst === r.dst)) routes.push(r.gw === undefined ? { dst: r.dst } : { dst: r.dst, gw: r.gw });
    }
    return { ifname, addrs: ips.map((cidr) => ({ cidr, family: cidr.includes(':') ? 6 : 4 })), routes };
  }

  async #hairpin(port: string): Promise<void> {
    await this.#h.setBridgePort(port, { hairpin: true }); // bridge link set dev PORT hairpin on
  }

  /** A UDP mapping must not keep sending to an old target through a stale conntrack entry. */
  async #flushUdp(ports: fw.PortMapping[]): Promise<void> {
    // Flows whose original direction went to the host port (conntrack -D -p udp --orig-port-dst P),
    // as the reference portmap does: the next packet is NATed afresh, to the new target.
    for (const p of ports) {
      if (p.protocol === 'udp') await this.#h.conntrack.delete({ protocol: 'udp', orig: { dport: p.hostPort, ...(p.hostIp ? { dst: p.hostIp } : {}) } });
    }
  }

  /**
   * The attachment record of (id, ifname), or null: what attach reserved and created.
   * Equivalent to: cat STATEDIR/attachments/ID_IFNAME.json
   */
  attachment(a: { id: string; ifname: string }): AttachmentRecord | null {
    return this.#records.get(v.str(a?.id, 'id'), v.ifname(a?.ifname, 'ifname'));
  }

  /**
   * Throws (naming every difference) unless the kernel holds what the attachment created.
   * Equivalent to: none (CNI CHECK of bridge + host-local + portmap)
   */
  async check(a: { id: string; ifname: string; netns?: NetnsRef }): Promise<void> {
    const rec = this.#records.get(a.id, a.ifname);
    if (rec === null) throw new NetlinkError('check', 2, `no attachment of ${a.id} ${a.ifname} on network ${this.opts.name}`);
    const diff: string[] = [];
    if (rec.state !== 'ready') diff.push('the attachment never completed');
    const owned = this.#ipam.owned(a.id, a.ifname);
    for (const ip of rec.ips) if (!owned.includes(ip.split('/')[0]!)) diff.push(`address ${ip} is not reserved for it`);
    try {
      const hl = await this.#h.getLink(rec.hostVeth);
      const br = await this.#h.getLink(this.opts.bridge);
      if (hl.master !== br.index) diff.push(`host interface ${rec.hostVeth} is not on bridge ${this.opts.bridge}`);
      if (!hl.up) diff.push(`host interface ${rec.hostVeth} is down`);
    } catch (e) {
      diff.push(`host interface ${rec.hostVeth} or bridge ${this.opts.bridge} is missing (${(e as NetlinkError).code ?? e})`);
    }
    const netns = a.netns ?? rec.netns;
    if (netns === null) diff.push('no container namespace to check');
    else {
      try {
        await using c = await Netlink.open({ netns: typeof netns === 'string' && netns.startsWith('/') ? { path: netns } : netns });
        diff.push(...(await checkContainer(c, this.#plan(a.ifname, rec.ips))));
      } catch (e) {
        diff.push(`container namespace ${JSON.stringify(netns)}: ${(e as Error).message}`);
      }
    }
    if (rec.ports.length > 0) {
      const comment = fw.attachmentComment(this.opts.name, a.id, a.ifname);
      const n = (await fw.ruleComments(this.#h)).filter((c) => c === comment).length;
      if (n === 0) diff.push('its port mapping rules are missing');
    }
    if (diff.length > 0) throw new NetlinkError('check', 22 /* EINVAL */, `attachment ${a.id} ${a.ifname}: ${diff.join('; ')}`);
  }

  /**
   * Disconnects a container. Idempotent: whatever is already gone (even its namespace) is fine.
   * Equivalent to: none (CNI DEL of bridge + host-local + portmap)
   */
  async detach(a: { id: string; ifname: string }): Promise<void> {
    const id = v.str(a?.id, 'id'), ifname = v.ifname(a?.ifname, 'ifname');
    const rec = this.#records.get(id, ifname);
    const comment = fw.attachmentComment(this.opts.name, id, ifname);
    // Rules before links (netavark #1482): no window where a mapping points at a freed address.
    if (rec === null || rec.ports.length > 0) await fw.removeAttachmentRules(this.#h, comment, rec?.rules);
    faultPoint('detach-rules');
    // Resolved once the veth pair is gone from both namespaces (unlisted, off the bridge): the
    // kernel's ~15 ms RCU teardown of the devices then finishes on a pool thread, not here.
    await this.#h.deleteLink(rec?.hostVeth ?? hostVethName(this.opts.name, id, ifname), { wait: 'unlisted' }).catch((e) => { if (!gone(e)) throw e; });
    await this.#locked(() => {
      // A completed attach reserved exactly the record's addresses: release those files by name
      // (O(1)). Without a record, or after an attach that never completed, scan the directory
      // for everything the owner holds (O(reservations)).
      if (rec?.state === 'ready') this.#ipam.release(id, ifname, rec.ips.map((x) => x.split('/')[0]!));
      else this.#ipam.release(id, ifname);
      this.#records.delete(id, ifname);
    });
  }

  /**
   * Removes every attachment, address, rule and veth of this network not in `live`.
   * Equivalent to: none (CNI GC of bridge + host-local + portmap)
   */
  async gc(live: { id: string; ifname: string }[]): Promise<void> {
    // CNI GC: remove as much as possible, keep going past a failure, report them all at the end.
    const errors: unknown[] = [];
    const step = async (f: () => Promise<unknown>): Promise<void> => { try { await f(); } catch (e) { errors.push(e); } };
    const keep = new Set(live.map((l) => `${l.id}\0${l.ifname}`));
    for (const r of this.#records.list()) if (!keep.has(`${r.id}\0${r.ifname}`)) await step(() => this.detach(r));
    const prefix = `${fw.netComment(this.opts.name)}:`;
    const keepComments = new Set(live.map((l) => fw.attachmentComment(this.opts.name, l.id, l.ifname)));
    await step(() => fw.removeRules(this.#h, (c) => c.startsWith(prefix) && !keepComments.has(c)));
    const keepVeths = new Set(live.map((l) => hostVethName(this.opts.name, l.id, l.ifname)));
    let ports: { name: string }[] = [];
    await step(async () => { try { ports = await this.#h.listLinks({ master: this.opts.bridge }); } catch (e) { if (!gone(e)) throw e; } });
    for (const l of ports) {
      if (/^nl[0-9a-f]{12}$/.test(l.name) && !keepVeths.has(l.name)) await step(() => this.#h.deleteLink(l.name).catch((e) => { if (!gone(e)) throw e; }));
    }
    await step(() => this.#locked(() => {
      for (const r of this.#ipam.list()) if (!keep.has(`${r.id}\0${r.ifname ?? ''}`) && !live.some((l) => l.id === r.id && r.ifname === null)) this.#ipam.drop(r.ip);
    }));
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `gc: ${errors.length} steps failed: ${errors.map((e) => (e as Error).message).join('; ')}`);
  }

  /**
   * Deletes the bridge, this network's rules (the table with the last network) and its state.
   * Equivalent to: nft delete rule … handle N (each of this network's rules; nft delete table with the last network); ip link del BR; rm -rf STATEDIR
   */
  async remove(): Promise<void> {
    const left = this.#records.list();
    if (left.length > 0) throw new NetlinkError('remove', 16 /* EBUSY */, `network ${this.opts.name} still has ${left.length} attachment(s); detach or gc them first`);
    await fw.removeNetwork(this.#h, this.opts.name);
    await this.#h.deleteLink(this.opts.bridge).catch((e) => { if (!gone(e)) throw e; });
    rmSync(this.opts.stateDir, { recursive: true, force: true });
  }
}

export type { Subnet };
