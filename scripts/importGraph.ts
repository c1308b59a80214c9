// The import graph of the project's own TypeScript files, read with regular expressions (no parser, no npm
// package), and the cycles in it. Type-only and dynamic imports count: a cycle through `import type` still
// ties two files together, and it is the easy kind to remove (move the type to a leaf file).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const SOURCE = /\.(ts|tsx|mts|cts)$/;
const SKIP = new Set([
  'node_modules',
  'dist',
  'dist-web',
  'dist-electron',
  'release',
  'data',
  'coverage',
  'test-results',
  'artifacts',
]);

/** Every .ts/.tsx file under `dirs` (relative to `root`), skipping build outputs and dot folders. */
export function sourceFiles(root: string, dirs: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith('.') || SKIP.has(e.name)) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (SOURCE.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  for (const d of dirs) if (existsSync(join(root, d))) walk(join(root, d));
  return out.sort();
}

// `import x from './a'`, `import type { T } from './a'`, `export { x } from './a'`, `import './a'`, `import('./a')`.
const SPECIFIERS = [
  /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** The relative specifiers a file imports, in order of appearance (duplicates kept once). */
export function importsOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = new Set<string>();
  for (const re of SPECIFIERS) for (const m of code.matchAll(re)) if (m[1].startsWith('.')) found.add(m[1]);
  return [...found];
}

function resolveImport(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  const candidates = [
    base,
    ...['.ts', '.tsx', '.mts'].map((x) => base + x),
    base.replace(/\.m?js$/, '.ts'),
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ];
  for (const c of candidates) if (SOURCE.test(c) && existsSync(c) && statSync(c).isFile()) return c;
  return null;
}

/** file -> the project files it imports (absolute paths). Imports of non-TypeScript files are left out. */
export function importGraph(files: readonly string[]): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const f of files) {
    const to = importsOf(readFileSync(f, 'utf8'))
      .map((s) => resolveImport(f, s))
      .filter((x): x is string => x !== null);
    g.set(f, [...new Set(to)]);
  }
  return g;
}

/** Each cycle once, as a path of files that starts and ends with the same file (Tarjan's strongly connected components). */
export function cycles(g: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>(),
    low = new Map<string, number>(),
    stack: string[] = [],
    onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string) => {
    // recursion depth is the longest import chain: a few dozen files
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of g.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const c: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1 || (g.get(v) ?? []).includes(v)) components.push(c);
    }
  };
  for (const v of g.keys()) if (!index.has(v)) visit(v);
  // One concrete cycle per component: a shortest way back to its first file (breadth-first inside the component).
  return components.map((c) => {
    const inside = new Set(c),
      start = [...c].sort()[0];
    const prev = new Map<string, string>();
    const queue = [start];
    for (let i = 0; i < queue.length; i++) {
      for (const w of g.get(queue[i]) ?? []) {
        if (!inside.has(w)) continue;
        if (w === start) {
          const path = [start];
          for (let x = queue[i]; x !== start; x = prev.get(x)!) path.splice(1, 0, x);
          return [...path, start];
        }
        if (!prev.has(w)) {
          prev.set(w, queue[i]);
          queue.push(w);
        }
      }
    }
    return [start, start];
  });
}

/** "a.ts -> b.ts -> a.ts" with paths relative to `root`. */
export const cycleText = (root: string, c: readonly string[]): string => c.map((f) => relative(root, f)).join(' -> ');
