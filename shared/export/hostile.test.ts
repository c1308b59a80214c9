// A shared project is untrusted: its name (and any user string) must come out of every exporter as
// text, never as code, markup or extra lines. Hostile and random names go through TF.js, ONNX and
// PyTorch (model.py, train.py, README.md); one python3 process (shared/export/python_safety.py)
// parses and imports every generated file under an audit hook and runs the ONNX checker.
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { templateById } from '../../templates';
import { layerName, type GraphDoc } from '../graph';
import { markdownText, plainText, pythonComment, pythonDocstring, pythonString } from './escape';
import {
  DEFAULT_TRAIN_SETUP,
  exportOnnx,
  exportPytorch,
  exportTfjs,
  ExportError,
  type ExportFile,
  type TrainSetup,
} from './index';
import { compiledWithRandomWeights } from './testing';

const PYTHON = process.env.CNN_EXPORT_PYTHON ?? '/usr/bin/python3';
const probe = spawnSync(PYTHON, ['-c', 'import torch, onnx'], { encoding: 'utf8' });
const oracle = probe.status === 0;
if (!oracle) console.warn(`SKIPPED the Python half: no torch/onnx for ${PYTHON}. Install python3-torch python3-onnx.`);

const root = mkdtempSync(join(tmpdir(), 'cnn-export-hostile-'));
const MARKER = join(root, 'PWNED');
const write = (dir: string, files: readonly ExportFile[]) => {
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
};
const textOf = (files: readonly ExportFile[], name: string) =>
  new TextDecoder().decode(files.find((f) => f.name === name)!.bytes);

/** Payloads aimed at each way out of a string, comment, docstring, heading or JSON value. */
const PAYLOADS = [
  `LeNet\nimport os; open(${JSON.stringify(MARKER)}, 'w').write('x')\n#`,
  `x\rprint('pwned')\r#`,
  `x\r\nraise SystemExit(3)\n`,
  'C:\\new\\x',
  'C:\\',
  '\\',
  '\\N{BULLET}',
  '\\x',
  '\\u12',
  `'''`,
  '"""',
  `"""; print(1); """`,
  `a"`,
  `""`,
  `'`,
  `'; import os; os.system('touch ${MARKER}'); '`,
  `x\u2028print(1)\u2029y`,
  'a\u0085b',
  'nul\u0000here',
  'ff\fvt\v',
  '#',
  '# coding: utf-7',
  'x\n# -*- coding: latin-1 -*-',
  '+AAo-print(1)',
  'coding=utf-7',
  '\u202eevil\u202c',
  '\ufeffbom',
  '\ud800lone',
  'tail\udfff',
  '😀𝔘 non-BMP',
  '空洞卷积',
  '<script>alert(1)</script>',
  '[click](javascript:alert(1))',
  '![x](http://evil/x.png)',
  '`code`',
  '*em* _em_',
  '&amp;',
  '| a | b |',
  '{0} %s ${x} {{x}}',
  '\t\tindented',
  ' ',
  '',
  'A'.repeat(100_000),
];

const FRAGMENTS = fc.constantFrom(
  '\n',
  '\r',
  '\r\n',
  '"',
  "'",
  '"""',
  "'''",
  '\\',
  '\u0000',
  '\u2028',
  '\u2029',
  '\u0085',
  '#',
  'coding:',
  'import os',
  '\ud83d',
  '\ude00',
  '😀',
  '<',
  '`',
);
const hostileName = fc
  .array(fc.oneof(FRAGMENTS, fc.string({ unit: 'binary', maxLength: 12 })), { maxLength: 12 })
  .map((p) => p.join(''));

interface Case {
  dir: string;
  name: string;
  setup: TrainSetup;
  onnx: string;
  run?: boolean;
}

function setupWith(name: string, i: number): TrainSetup {
  if (i % 2 === 0) return DEFAULT_TRAIN_SETUP;
  return {
    ...DEFAULT_TRAIN_SETUP,
    dataset: 'idx',
    idxFiles: { trainImages: name, trainLabels: `${name}\n'`, testImages: 'true null false', testLabels: '"""' },
  };
}

/** Every `<`, `[`, backtick, `&`... is escaped: preceded by an odd number of backslashes. */
function markdownIsInert(line: string): boolean {
  return [...line.matchAll(/[<>[\]`&*_!#|~]/g)].every((m) => {
    let k = 0;
    for (let j = m.index - 1; j >= 0 && line[j] === '\\'; j--) k++;
    return k % 2 === 1;
  });
}

describe('escape', () => {
  it('writes strings, comments, docstrings and Markdown that cannot break out', () => {
    expect(pythonString(`it's \\ "x"\n\u0000😀\ud800`)).toBe(`'it\\'s \\\\ "x"\\n\\x00😀\\ud800'`);
    expect(pythonComment('a\nimport os # coding: utf-7')).toBe('a\\nimport os # coding\\x3a utf-7');
    expect(pythonDocstring('say """hi"""\\\n')).toBe('"""say \\"\\"\\"hi\\"\\"\\"\\\\\n"""');
    expect(markdownText('# <b>x</b>\n')).toBe('\\# \\<b\\>x\\</b\\>\\\\n');
    expect(plainText('a\u2028b\u202e')).toBe('a\\u2028b\\u202e');
  });
});

describe('hostile names through every exporter', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('node ids that are not the project id rule are refused with a clear message by every exporter', async () => {
    const doc = templateById('lenet5-mnist')!.build();
    const bad = 'C1';
    const evil: GraphDoc = {
      ...doc,
      nodes: doc.nodes.map((n) => (n.id === bad ? { ...n, id: 'c1\nimport os' } : n)),
      edges: doc.edges.map((e) => ({
        ...e,
        source: e.source === bad ? 'c1\nimport os' : e.source,
        target: e.target === bad ? 'c1\nimport os' : e.target,
      })),
    };
    const { model, weights } = compiledWithRandomWeights(doc, tf, 3);
    model.dispose();
    const message = /node id "c1\\nimport os" is not 1-64 letters, digits/;
    expect(() => exportPytorch(evil, weights)).toThrow(message);
    expect(() => exportOnnx(evil, weights)).toThrow(message);
    await expect(exportTfjs(evil, weights, tf)).rejects.toThrow(ExportError);
  });

  it.skipIf(!oracle)(
    'model.py and train.py parse, import without side effects and keep the name exactly; ONNX passes the checker; README and model.json stay inert',
    { timeout: 240_000 },
    async () => {
      const base = templateById('lenet5-mnist')!.build();
      const { model, weights } = compiledWithRandomWeights(base, tf, 5);
      model.dispose();
      const random = fc.sample(hostileName, { seed: 20261201, numRuns: 40 });
      const names = ['LeNet-5', ...PAYLOADS, ...random, 'ids that are Python names'];
      // Valid ids that are Python keywords or nn.Module's own attributes: the model must still load and run.
      const rename: Record<string, string> = {
        C1: 'eval',
        S2: 'to',
        C3: '_x',
        S4: '__init__',
        flatten: 'training',
        C5: 'forward',
        F6: 'cuda',
        output: 'self',
      };
      const tricky: GraphDoc = {
        ...base,
        nodes: base.nodes.map((n) => ({ ...n, id: rename[n.id] ?? n.id })),
        edges: base.edges.map((e) => ({
          ...e,
          source: rename[e.source] ?? e.source,
          target: rename[e.target] ?? e.target,
        })),
      };
      const byLayer = new Map(Object.entries(rename).map(([from, to]) => [layerName(from), layerName(to)]));
      const trickyWeights = new Map(
        [...weights].map(([k, v]) => {
          const [l, p] = k.split('/');
          return [`${byLayer.get(l) ?? l}/${p}`, v];
        }),
      );

      const cases: Case[] = [];
      let benignReadmeLines = 0;
      for (const [i, name] of names.entries()) {
        const isTricky = i === names.length - 1;
        const doc: GraphDoc = { ...(isTricky ? tricky : base), metadata: { name } };
        const w = isTricky ? trickyWeights : weights;
        const setup = isTricky ? DEFAULT_TRAIN_SETUP : setupWith(name, i);
        const dir = join(root, `case-${i}`);
        const files = exportPytorch(doc, w, setup);
        write(dir, [...files, ...exportOnnx(doc, w)]);
        cases.push({ dir, name, setup, onnx: join(dir, 'model.onnx'), run: isTricky || i === 0 });

        const readme = textOf(files, 'README.md').split('\n');
        if (i === 0) benignReadmeLines = readme.length;
        expect(readme.length, `README lines for ${JSON.stringify(name).slice(0, 80)}`).toBe(benignReadmeLines);
        expect(readme[0]).toBe(`# ${markdownText(name)}: PyTorch export`);
        expect(markdownIsInert(readme[0].slice(2, -': PyTorch export'.length))).toBe(true);
        if (i < 12 || isTricky) {
          const mj = JSON.parse(textOf(await exportTfjs(doc, w, tf), 'model.json'));
          expect(mj.modelTopology.config.name).toMatch(/^[A-Za-z][A-Za-z0-9_.-]*$/);
        }
      }

      const manifest = join(root, 'manifest.json');
      writeFileSync(manifest, JSON.stringify({ marker: MARKER, cases }));
      const r = spawnSync(PYTHON, ['shared/export/python_safety.py', manifest], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
        timeout: 180_000,
      });
      expect(r.status, r.stderr).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines, 'nothing but the result line on stdout').toHaveLength(1);
      const results: { ok: boolean; errors: string[] }[] = JSON.parse(lines[0]).results;
      const failed = results.flatMap((res, i) =>
        res.ok ? [] : [`${JSON.stringify(names[i]).slice(0, 100)}: ${res.errors.join('; ')}`],
      );
      expect(failed).toEqual([]);
      expect(results).toHaveLength(names.length);
      expect(existsSync(MARKER)).toBe(false);
    },
  );
});
