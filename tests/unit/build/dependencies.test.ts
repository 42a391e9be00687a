// What package.json "dependencies" holds is what electron-builder packs into the kiosk app
// (it packs production node_modules, never devDependencies; see electron-builder.yml). So:
// every dependency is one the kiosk's own code imports, and a package only the township,
// the demo, the renderer bundle, the tests or the build use is a devDependency.
// The reverse (kiosk code importing a devDependency) is the dependency-cruiser rule
// kiosk-only-production-dependencies; the packaging test checks the built app.asar.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../../support/kiosk-process.js';

const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.(ts|tsx|mts|cts|js|mjs|cjs)$/.test(name)) out.push(p);
  }
  return out;
}

/** The npm package names a file imports (static, dynamic, re-exports, require), not node builtins or local paths. */
export function importedPackages(text: string): Set<string> {
  const names = new Set<string>();
  const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;
  for (const m of text.matchAll(specifier)) {
    const s = m[1]!;
    if (!/^(@[\w.~-]+\/)?[\w.~-]+(\/[^\s]*)?$/.test(s) || s.startsWith('.') || s.startsWith('node:')) continue; // local paths, #subpaths, strings
    const name = s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!;
    if (builtinModules.includes(name)) continue;
    names.add(name);
  }
  return names;
}

function packagesUsedBy(files: string[]): Map<string, string> {
  const used = new Map<string, string>();
  for (const f of files) {
    for (const name of importedPackages(readFileSync(f, 'utf8'))) if (!used.has(name)) used.set(name, path.relative(repoRoot, f));
  }
  return used;
}

const isTownship = (f: string) => /^src\/(township|demo)\//.test(path.relative(repoRoot, f).replaceAll('\\', '/'));
const src = sourceFiles(path.join(repoRoot, 'src'));
const kiosk = packagesUsedBy([...src.filter((f) => !isTownship(f)), ...sourceFiles(path.join(repoRoot, 'main'))]);
const township = packagesUsedBy(src.filter(isTownship));

test('the import scanner finds static, dynamic, re-exported and scoped packages and skips builtins and local paths', () => {
  const found = importedPackages(
    "import a from 'zod';\nimport type { B } from '@scope/pkg/sub';\nexport { c } from 'fastify/x';\nconst d = await import('pg');\n" +
      "import 'side-effect';\nconst e = require('qrcode');\nimport f from 'node:fs';\nimport g from 'path';\nimport h from './local.js';\nimport i from '#src/x.js';\n" +
      "const t = `${pick(lang, 'from', 'from')} ${x}`;",
  );
  assert.deepEqual([...found].sort(), ['@scope/pkg', 'fastify', 'pg', 'qrcode', 'side-effect', 'zod']);
});

test('every package.json dependency is imported by the kiosk runtime or shell (src/ outside the township, main/)', () => {
  assert.ok(kiosk.has('better-sqlite3') && kiosk.has('zod'), 'the scanner found the kiosk\'s imports');
  const unused = Object.keys(pkg.dependencies).filter((d) => !kiosk.has(d));
  assert.deepEqual(unused, [], `dependencies the kiosk app never imports (electron-builder would pack them anyway): make them devDependencies`);
});

test('the township\'s own packages are devDependencies, so the kiosk package leaves them out', () => {
  for (const name of ['exceljs', 'pdfkit', 'pg']) {
    assert.ok(township.has(name), `the township imports ${name}`);
    assert.ok(!kiosk.has(name), `${name} is the township's only (first kiosk import: ${kiosk.get(name)})`);
    assert.ok(name in pkg.devDependencies && !(name in pkg.dependencies), `${name} is a devDependency`);
  }
  const townshipOnly = [...township.keys()].filter((n) => !kiosk.has(n));
  const inDeps = townshipOnly.filter((n) => n in pkg.dependencies);
  assert.deepEqual(inDeps, [], 'packages only the township imports must not be package.json dependencies');
  const undeclared = [...township.keys()].filter((n) => !(n in pkg.dependencies) && !(n in pkg.devDependencies));
  assert.deepEqual(undeclared, [], 'every package the township imports is declared (npm run township runs from a full checkout install)');
});
