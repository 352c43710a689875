#!/usr/bin/env node
// npm run check:docs — every symbol the package exports (lib/index.ts) has a doc comment, and so
// does every public member of an exported class (Netlink, Nft, Batch, …). Functions and methods
// must also name their command-line equivalent ("Equivalent to: ip link add …", or any
// `ip`/`nft`/`tc`/`bridge`/`sysctl`/`ethtool`/`iptables`/`conntrack`/`brctl` command in the
// comment); where there is none, say so: "Equivalent to: none (…why…)".
// Type-only exports (interfaces, type aliases) need a doc comment but no equivalent.
//
// Prints one line per missing comment and ends with "docs: N passed, N failed".
// To satisfy it when adding a family: put a /** … Equivalent to: … */ comment on each export.
import ts from 'typescript';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const entry = `${root}lib/index.ts`;
const EQUIV = /Equivalent to:|\b(ip|nft|tc|bridge|sysctl|ethtool|iptables|conntrack|brctl|ip netns|ip monitor)\s+[a-z-]/;

const cfg = ts.getParsedCommandLineOfConfigFile(`${root}tsconfig.json`, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); } });
const program = ts.createProgram({ rootNames: [entry], options: { ...cfg.options, noEmit: true } });
const checker = program.getTypeChecker();
const mod = checker.getSymbolAtLocation(program.getSourceFile(entry));

let passed = 0;
const missing = [];

function docOf(sym) {
  const text = ts.displayPartsToString(sym.getDocumentationComment(checker)).trim();
  const tags = sym.getJsDocTags(checker).map((t) => `@${t.name} ${ts.displayPartsToString(t.text ?? [])}`).join(' ');
  return `${text} ${tags}`.trim();
}
function where(decl) {
  const sf = decl.getSourceFile();
  const { line } = sf.getLineAndCharacterOfPosition(decl.getStart());
  return `${relative(root, sf.fileName)}:${line + 1}`;
}
// Functions, methods, and consts holding a function (`export const createVeth = bind(…)`).
const isCallable = (sym, decl) => ts.isFunctionDeclaration(decl) || ts.isMethodDeclaration(decl) || ts.isMethodSignature(decl)
  || (ts.isVariableDeclaration(decl) && checker.getTypeOfSymbolAtLocation(sym, decl).getCallSignatures().length > 0);
const isInternal = (sym) => sym.getJsDocTags(checker).some((t) => t.name === 'internal');

function check(name, sym) {
  const decl = sym.declarations?.[0];
  if (!decl) return;
  const doc = docOf(sym);
  if (!doc) { missing.push(`${name} (${where(decl)}): no doc comment`); return; }
  if (isInternal(sym)) return; // @internal: left out of docs/api too (typedoc excludeInternal)
  if (isCallable(sym, decl) && !EQUIV.test(doc)) { missing.push(`${name} (${where(decl)}): doc comment names no command-line equivalent ("Equivalent to: …")`); return; }
  passed++;
}

for (let sym of checker.getExportsOfModule(mod)) {
  const name = sym.getName();
  if (sym.flags & ts.SymbolFlags.Alias) sym = checker.getAliasedSymbol(sym);
  check(name, sym);
  if (sym.flags & ts.SymbolFlags.Class) {
    // Public instance and static members, declared in the class itself.
    const members = [...(sym.members?.values() ?? []), ...(sym.exports?.values() ?? [])];
    for (const m of members) {
      const d = m.declarations?.[0];
      if (!d || m.getName() === '__constructor' || m.getName() === 'prototype') continue;
      if (!(ts.isMethodDeclaration(d) || ts.isPropertyDeclaration(d) || ts.isGetAccessorDeclaration(d))) continue;
      const mods = ts.getCombinedModifierFlags(d);
      if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
      if (d.name && ts.isPrivateIdentifier(d.name)) continue;
      if (ts.isComputedPropertyName(d.name)) continue; // [Symbol.dispose] and friends
      check(`${name}.${m.getName()}`, m);
    }
  }
}

for (const m of missing) console.log(`undocumented: ${m}`);
console.log(`docs: ${passed} passed, ${missing.length} failed`);
process.exit(missing.length ? 1 : 0);
