// tc test helpers: `tc -j` in a namespace (the independent oracle), normalized for comparison.
import { execFileSync } from 'node:child_process';

export function tcJson<T = any>(ns: string, ...args: string[]): T {
  const out = execFileSync('tc', ['-n', ns, '-j', ...args], { encoding: 'utf8' });
  return JSON.parse(out.trim() === '' ? '[]' : out) as T;
}

export function tcCmd(ns: string, ...args: string[]): string {
  return execFileSync('tc', ['-n', ns, ...args], { encoding: 'utf8' });
}

// Counters move with traffic and refcounts with references; the rest must agree.
const VOLATILE = new Set(['bytes', 'packets', 'drops', 'overlimits', 'requeues', 'backlog', 'qlen', 'refcnt', 'ref', 'bind',
  'stats', 'stats64', 'direct_packets_stat', 'not_in_hw', 'in_hw', 'in_hw_count', 'used', 'installed', 'last_used',
  'first_used', 'expires']);

export function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!VOLATILE.has(k)) o[k] = normalize(x);
    return o;
  }
  return v;
}

/** Every qdisc, class and filter `tc -j` shows on the given links (normalized). */
export function tcView(ns: string, devs: string[]): unknown {
  const out: Record<string, unknown> = {};
  for (const dev of devs) {
    const qdiscs = tcJson<{ kind: string; handle: string }[]>(ns, 'qdisc', 'show', 'dev', dev);
    out[`${dev} qdiscs`] = normalize(qdiscs);
    // tc 6.1 prints classes as text even with -j (no counters without -s).
    out[`${dev} classes`] = tcCmd(ns, 'class', 'show', 'dev', dev);
    for (const q of qdiscs) {
      const parents = q.kind === 'clsact' ? ['ingress', 'egress'] : q.kind === 'noqueue' ? [] : [`parent`, q.handle];
      if (parents.length === 0) continue;
      const args = parents[0] === 'parent' ? [['parent', q.handle]] : parents.map((p) => [p]);
      for (const a of args) out[`${dev} filters ${a.join(' ')}`] = normalize(tcJson(ns, 'filter', 'show', 'dev', dev, ...a));
    }
  }
  return out;
}
