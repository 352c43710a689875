// The layering rule of lib/: families depend on lib/core, the Netlink facade on the families,
// consumers on the facade; nothing points back. An import cycle anywhere fails here.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without declarations
import { cycles, importGraph } from '../scripts/import-cycles.mjs';

describe('lib/ structure', () => {
  it('has no import cycles (type-only imports count)', () => {
    const root = resolve(__dirname, '../lib');
    const graph = importGraph(root) as Map<string, string[]>;
    expect(graph.size).toBeGreaterThan(20);
    const found = (cycles(graph) as string[][]).map((c) => c.map((f) => f.slice(root.length + 1)).sort());
    expect(found).toEqual([]);
  });

  it('the cycle finder finds a cycle', () => {
    const g = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
    expect((cycles(g) as string[][]).map((c) => c.sort())).toEqual([['a', 'b', 'c']]);
  });
});
