// No import cycles among the project's own files, type-only and dynamic imports included: a cycle makes
// module initialisation order matter and means two files are one. (eslint-plugin-import's no-cycle is not
// installed; scripts/importGraph.ts reads the imports with regular expressions.)
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, cycleText, importGraph, importsOf, sourceFiles } from './importGraph';

const ROOT = process.cwd(); // vitest runs from the project root, as the other tests assume
const DIRS = ['shared', 'cli', 'electron', 'renderer', 'bench', 'e2e', 'scripts', 'templates'];

describe('import graph', () => {
  it('has no cycle in the project (move a shared type to a leaf file to break one)', () => {
    const files = sourceFiles(ROOT, DIRS);
    expect(files.length).toBeGreaterThan(100);
    const g = importGraph(files);
    expect([...g.values()].reduce((n, to) => n + to.length, 0)).toBeGreaterThan(300); // the regexes do find imports
    expect(cycles(g).map((c) => cycleText(ROOT, c))).toEqual([]);
  });

  it('finds cycles through type-only, re-exported, multi-line and dynamic imports, and none through comments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnn-cycles-'));
    const files: Record<string, string> = {
      'a.ts': "import type { B } from './b';\nexport interface A { b: B }\n",
      'b.ts': "import {\n  type A,\n} from './a';\nexport type B = A[];\n",
      'c/index.ts': "export { d } from '../d';\n",
      'd.ts': "export const d = () => import('./c');\n",
      'e.ts': "// import { f } from './f';\n/* import './f'; */\nexport const e = 1;\n",
      'f.ts': "import { e } from './e';\nexport const f = e;\n",
      'g.ts': "import './h.js';\n",
      'h.ts': "import './g';\n",
    };
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    expect(importsOf(files['b.ts'])).toEqual(['./a']);
    expect(importsOf(files['e.ts'])).toEqual([]);
    const found = cycles(importGraph(sourceFiles(dir, ['.'])))
      .map((c) => cycleText(dir, c))
      .sort();
    expect(found).toEqual(['a.ts -> b.ts -> a.ts', 'c/index.ts -> d.ts -> c/index.ts', 'g.ts -> h.ts -> g.ts']);
  });
});
