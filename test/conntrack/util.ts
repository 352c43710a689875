// Shared by the conntrack tests: a namespace where conntrack is active, the `conntrack -L`
// oracle parsed into the same shape as our flows, and waiting for kernel state (never sleeping).
import { execFileSync } from 'node:child_process';
import type { Flow } from '../../lib/index.js';
import { makeNetns } from '../helpers/ns.js';

/** Debian's conntrack tool is the oracle; tests that need it skip without it. */
export const haveConntrackCli = (() => {
  try {
    execFileSync('conntrack', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/**
 * A fresh namespace with a rule that uses ct: the kernel only tracks connections (and accepts
 * conntrack requests) in a namespace once something needs conntrack there (FIELD-NOTES.md).
 */
export function ctNetns(tag: string): string {
  const ns = makeNetns(tag);
  ct(ns, 'sh', '-c', "nft add table ip ctt && nft 'add chain ip ctt pre { type filter hook prerouting priority 0; }' && " +
    "nft add rule ip ctt pre ct state new counter && nft add table ip6 ctt6 && " +
    "nft 'add chain ip6 ctt6 pre { type filter hook prerouting priority 0; }' && nft add rule ip6 ctt6 pre ct state new counter");
  ct(ns, 'ip', 'link', 'set', 'lo', 'up');
  return ns;
}

/** Runs a command in the namespace; stdout + stderr (conntrack prints its summary on stderr). */
export function ct(ns: string, cmd: string, ...args: string[]): string {
  return execFileSync('ip', ['netns', 'exec', ns, cmd, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The fields both views share, for comparing one flow seen two ways. */
export interface CanonFlow {
  id: number; family: string; protocol: string; state?: string; mark: number; zone: number;
  orig: string; reply: string; assured: boolean; unreplied: boolean;
}

const tupleText = (t: { src: string; dst: string; sport?: number; dport?: number }) =>
  `${t.src}:${t.sport ?? '-'} -> ${t.dst}:${t.dport ?? '-'}`;

export function canonFlow(f: Flow): CanonFlow {
  const c: CanonFlow = {
    id: f.id, family: f.family, protocol: String(f.protocol), mark: f.mark, zone: f.zone,
    orig: tupleText(f.orig), reply: tupleText(f.reply),
    assured: f.status.includes('ASSURED'), unreplied: !f.status.includes('SEEN_REPLY'),
  };
  if (typeof f.state === 'string') c.state = f.state;
  return c;
}

/**
 * `conntrack -L -o extended,id` in the namespace, parsed. A line looks like
 *   ipv4 2 tcp 6 431999 ESTABLISHED src=… dst=… sport=… dport=… [UNREPLIED] src=… … mark=0 use=1 id=…
 * The first src/dst/sport/dport are the original direction, the second the reply.
 */
export function conntrackList(ns: string, ...filter: string[]): CanonFlow[] {
  const out = ct(ns, 'conntrack', '-L', '-o', 'extended,id', ...filter);
  const flows: CanonFlow[] = [];
  for (const line of out.split('\n')) {
    const w = line.trim().split(/\s+/);
    if (w.length < 6 || (w[0] !== 'ipv4' && w[0] !== 'ipv6')) continue;
    const dirs: Record<string, string>[] = [{}, {}];
    let d = -1;
    const kv: Record<string, string> = {};
    let state: string | undefined;
    for (const tok of w.slice(5)) {
      const eq = tok.indexOf('=');
      if (eq < 0) {
        if (/^[A-Z_0-9]+$/.test(tok)) state = tok;
        else if (tok.startsWith('[')) kv[tok] = 'yes';
        continue;
      }
      const k = tok.slice(0, eq);
      if (k === 'src') d++;
      if (['src', 'dst', 'sport', 'dport'].includes(k) && d >= 0 && d < 2) dirs[d]![k] = tok.slice(eq + 1);
      else kv[k] = tok.slice(eq + 1);
    }
    const t = (x: Record<string, string>) => tupleText({ src: x.src!, dst: x.dst!, sport: x.sport === undefined ? undefined : Number(x.sport), dport: x.dport === undefined ? undefined : Number(x.dport) });
    const c: CanonFlow = {
      id: Number(kv.id), family: w[0]!, protocol: w[2]!, mark: Number(kv.mark ?? 0), zone: Number(kv.zone ?? 0),
      orig: t(dirs[0]!), reply: t(dirs[1]!), assured: kv['[ASSURED]'] === 'yes', unreplied: kv['[UNREPLIED]'] === 'yes',
    };
    if (state !== undefined) c.state = state;
    flows.push(c);
  }
  return flows.sort((a, b) => a.id - b.id);
}

export const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;

/** Polls `check` until it returns a truthy value; fails after a generous deadline. */
export async function waitFor<T>(what: string, check: () => T | Promise<T>, deadlineMs = 20000): Promise<NonNullable<T>> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
