// nf_tables expressions → the typed match/statements/action they were built from (the inverse of
// compile.ts). Rule zero: a listing is never wrong. The pattern readers (read-match.ts, read-tail.ts) propose a typed form;
// it is accepted only if compiling it gives back exactly the kernel's expressions (exact.ts).
// Otherwise the typed part shrinks (a prefix of the match, a suffix of statements/action) and the
// rest stays raw in `unknown`, in order — never an approximation.
import { compileRule } from './compile.js';
import { sameExprs } from './exact.js';
import { matchPieces } from './read-match.js';
import { tailFrom } from './read-tail.js';
import type { Action, Expr, Match, NftFamily, Statement } from './types.js';

export { ipText } from './iptext.js';

export interface Decompiled {
  match: Match; action?: Action; counter?: boolean; packets?: number; bytes?: number; statements?: Statement[]; unknown?: Expr[];
}

function exact(family: NftFamily, d: Decompiled, exprs: Expr[]): boolean {
  try {
    return sameExprs(compileRule({ family, table: 't', chain: 'c', match: d.match, exprs: d.unknown, statements: d.statements, counter: d.counter, action: d.action }), exprs);
  } catch {
    return false; // a typed form our own compiler refuses is not a faithful description
  }
}

export function decompile(family: NftFamily, exprs: Expr[]): Decompiled {
  const pieces = matchPieces(family, exprs);
  for (let k = pieces.length; k >= 0; k--) {
    const mEnd = k ? pieces[k - 1]!.end : 0;
    const match: Match = {};
    for (const p of pieces.slice(0, k)) (match as Record<string, unknown>)[p.key] = p.value;
    for (let s = mEnd; s <= exprs.length; s++) {
      const tail = tailFrom(family, exprs, s);
      if (!tail) continue;
      const d: Decompiled = { match };
      if (s > mEnd) d.unknown = exprs.slice(mEnd, s);
      if (tail.statements.length) d.statements = tail.statements;
      if (tail.counter) { d.counter = true; d.packets = tail.packets; d.bytes = tail.bytes; }
      if (tail.action !== undefined) d.action = tail.action;
      if (exact(family, d, exprs)) return d;
    }
  }
  return exprs.length ? { match: {}, unknown: exprs.slice() } : { match: {} };
}
