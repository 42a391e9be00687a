// Every visible string comes from the catalogues: keys match in both languages, every key
// the code uses exists, and no text is hard-coded in the renderer's JSX.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseAst } from 'rolldown/parseAst';
import { resources, namespaces, defaultNS } from '#renderer/src/i18n/resources.js';

const rendererSrc = path.join(import.meta.dirname, '../../../renderer/src');
type Tree = { [k: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

const catalogues = Object.fromEntries(
  (Object.keys(resources) as Array<keyof typeof resources>).map((lng) => [lng, Object.fromEntries(namespaces.map((ns) => [ns, flatten(resources[lng][ns] as Tree)]))]),
) as Record<'zh-CN' | 'en', Record<string, Map<string, string>>>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

type Node = { type: string; [k: string]: unknown };
function walk(node: unknown, visit: (n: Node) => void): void {
  if (Array.isArray(node)) for (const c of node) walk(c, visit);
  else if (node && typeof node === 'object') {
    const n = node as Node;
    if (typeof n.type === 'string') visit(n);
    for (const [k, v] of Object.entries(n)) if (k !== 'type' && v && typeof v === 'object') walk(v, visit);
  }
}

const TEXT = /[A-Za-z\u4e00-\u9fff]/;
const TEXT_ATTRIBUTES = new Set(['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'aria-valuetext', 'label']);

interface Usage {
  file: string;
  key: string;
  prefix: boolean;
}

function analyse() {
  const hardCoded: string[] = [];
  const usages: Usage[] = [];
  for (const file of sourceFiles(rendererSrc)) {
    const code = readFileSync(file, 'utf8');
    const ast = parseAst(code, { lang: file.endsWith('.tsx') ? 'tsx' : 'ts' });
    const rel = path.relative(rendererSrc, file);
    // `const { t } = useTranslation('ns')` and `const { t: tr } = useTranslation('other')`:
    // each translate function's name maps to its namespace.
    const nsOf = new Map<string, string>();
    walk(ast, (n) => {
      if (n.type !== 'VariableDeclarator') return;
      const init = n.init as Node | null;
      if (init?.type !== 'CallExpression' || (init.callee as Node).type !== 'Identifier' || (init.callee as { name: string }).name !== 'useTranslation') return;
      const arg = (init.arguments as Node[])[0];
      const ns = arg?.type === 'Literal' && typeof arg.value === 'string' ? arg.value : defaultNS;
      const id = n.id as Node;
      if (id.type !== 'ObjectPattern') return;
      for (const prop of id.properties as Node[]) {
        const key = (prop.key as { name?: string } | undefined)?.name;
        const value = prop.value as { type: string; name?: string } | undefined;
        if (key === 't' && value?.type === 'Identifier' && value.name) nsOf.set(value.name, ns);
      }
    });
    const ns: string = nsOf.get('t') ?? defaultNS;
    const keyOf = (arg: Node | undefined): Omit<Usage, 'file'> | null => {
      if (!arg) return null;
      if (arg.type === 'Literal' && typeof arg.value === 'string') return { key: arg.value, prefix: false };
      if (arg.type === 'TemplateLiteral') {
        const first = (arg.quasis as Array<{ value: { cooked: string } }>)[0]!.value.cooked;
        return first ? { key: first.replace(/\.$/, ''), prefix: true } : null;
      }
      return null;
    };
    walk(ast, (n) => {
      if (n.type === 'JSXText' && TEXT.test(String(n.value))) hardCoded.push(`${rel}: text "${String(n.value).trim()}"`);
      if (n.type === 'JSXAttribute') {
        const name = (n.name as { name?: string }).name ?? '';
        const value = n.value as Node | null;
        if (TEXT_ATTRIBUTES.has(name) && value?.type === 'Literal' && TEXT.test(String(value.value))) hardCoded.push(`${rel}: ${name}="${String(value.value)}"`);
        if (name === 'i18nKey' && value?.type === 'Literal') usages.push({ file: rel, key: withNs(String(value.value), ns), prefix: false });
      }
      if (n.type === 'CallExpression') {
        const callee = n.callee as Node;
        const name = callee.type === 'Identifier' ? (callee as unknown as { name: string }).name : null;
        const fnNs = name !== null ? (nsOf.get(name) ?? (name === 't' ? ns : null)) : (callee.type === 'MemberExpression' && (callee.property as { name?: string }).name === 't' ? ns : null);
        if (fnNs !== null) {
          const k = keyOf((n.arguments as Node[])[0]);
          if (k) usages.push({ file: rel, key: withNs(k.key, fnNs), prefix: k.prefix });
        }
      }
    });
  }
  return { hardCoded, usages };
}

function withNs(key: string, ns: string): string {
  return key.includes(':') ? key : `${ns}:${key}`;
}

test('both languages have exactly the same keys in every namespace, with the same placeholders', () => {
  for (const ns of namespaces) {
    const zh = catalogues['zh-CN'][ns]!;
    const en = catalogues.en[ns]!;
    assert.deepEqual([...zh.keys()].filter((k) => !en.has(k)), [], `keys in zh-CN/${ns} missing from en`);
    assert.deepEqual([...en.keys()].filter((k) => !zh.has(k)), [], `keys in en/${ns} missing from zh-CN`);
    for (const [k, v] of zh) {
      const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      assert.deepEqual(vars(en.get(k)!), vars(v), `placeholders of ${ns}:${k} differ between languages`);
      assert.ok(v.trim() && en.get(k)!.trim(), `${ns}:${k} is empty`);
    }
  }
});

test('every key the renderer uses exists in both languages', () => {
  const { usages } = analyse();
  assert.ok(usages.length > 20, 'the scan found the t() calls');
  const missing: string[] = [];
  for (const u of usages) {
    const [ns, key] = u.key.split(':') as [string, string];
    for (const lng of ['zh-CN', 'en'] as const) {
      const cat = catalogues[lng][ns];
      const found = cat && (u.prefix ? [...cat.keys()].some((k) => k.startsWith(key + '.') || k.startsWith(key)) : cat.has(key));
      if (!found) missing.push(`${lng} ${u.key} (used in ${u.file})`);
    }
  }
  assert.deepEqual(missing, []);
});

test('no visible text is hard-coded in the renderer', () => {
  assert.deepEqual(analyse().hardCoded, []);
});
