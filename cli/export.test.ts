import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { pythonOracle, writeTorchvision } from '../scripts/onnxTorchvision';
import { run } from './main';

async function cli(...argv: string[]) {
  const out: string[] = [],
    err: string[] = [];
  const code = await run(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const tmp = mkdtempSync(join(tmpdir(), 'cnn-cli-export-'));
const LENET = 'templates/json/lenet5-mnist.cnn.json';

describe('cli export / import', () => {
  it('exports each format into a folder; the TF.js export imports back as a project with weights that exports again', async () => {
    for (const format of ['tfjs', 'onnx', 'pytorch']) {
      const r = await cli('export', LENET, '--format', format, '--out', join(tmp, format));
      expect(r.code, r.err).toBe(0);
      expect(r.err).toContain('fresh initialisation (seed 42)');
    }
    expect(readdirSync(join(tmp, 'tfjs')).sort()).toEqual(['model.json', 'weights.bin']);
    expect(readdirSync(join(tmp, 'pytorch')).sort()).toEqual([
      'README.md',
      'model.py',
      'model.weights.bin',
      'model.weights.json',
      'train.py',
    ]);
    const session = await ort.InferenceSession.create(join(tmp, 'onnx', 'model.onnx'));
    const y = await session.run({ input: new ort.Tensor('float32', new Float32Array(784).fill(0.5), [1, 1, 28, 28]) });
    expect(y.output.dims).toEqual([1, 10]);

    const imp = await cli('import', join(tmp, 'tfjs', 'model.json'), '--out', join(tmp, 'imported.cnn.json'));
    expect(imp.code, imp.err).toBe(0);
    expect(imp.out).toMatch(/Imported 10 nodes with 10 weight tensors/);
    const again = await cli('export', join(tmp, 'imported.cnn.json'), '--format', 'onnx', '--out', join(tmp, 'again'));
    expect(again.code, again.err).toBe(0);
    expect(again.err).toContain('weights: saved with the project (imported.weights/');
    // The weights are binary beside the project, not base64 inside it.
    expect(readFileSync(join(tmp, 'imported.cnn.json'), 'utf8')).not.toContain('base64');
    expect(readdirSync(join(tmp, 'imported.weights'))).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.bin$/)]);
    // Same weights: the same outputs from both ONNX files.
    const x = new ort.Tensor(
      'float32',
      Float32Array.from({ length: 784 }, (_, i) => (i % 17) / 17),
      [1, 1, 28, 28],
    );
    const a = await session.run({ input: x });
    const b = await (
      await ort.InferenceSession.create(readFileSync(join(tmp, 'again', 'model.onnx')))
    ).run({ input: x });
    expect(Array.from(b.output.data as Float32Array)).toEqual(Array.from(a.output.data as Float32Array));
  });

  it('failures explain themselves and write nothing', async () => {
    writeFileSync(
      join(tmp, 'bad.weights.json'),
      JSON.stringify({
        format: 'cnn-designer-weights',
        version: 1,
        layout: 'tfjs',
        dtype: 'float32',
        tensors: [{ name: 'C1/kernel', shape: [3, 3, 1, 6], offset: 0 }],
      }),
    );
    writeFileSync(join(tmp, 'bad.weights.bin'), new Uint8Array(54 * 4));
    const cases: [string[], number, RegExp][] = [
      [
        ['export', LENET, '--format', 'keras', '--out', join(tmp, 'x1')],
        2,
        /Unknown format "keras": use tfjs, onnx, pytorch/,
      ],
      [['export', LENET, '--out', join(tmp, 'x2')], 2, /Usage:/],
      [['export', join(tmp, 'missing.cnn.json'), '--format', 'onnx', '--out', join(tmp, 'x3')], 1, /No such file/],
      [
        ['export', 'shared/graph/corpus/cycle.cnn.json', '--format', 'onnx', '--out', join(tmp, 'x4')],
        1,
        /graph has errors/,
      ],
      [
        ['export', LENET, '--format', 'onnx', '--weights', join(tmp, 'bad.weights.json'), '--out', join(tmp, 'x5')],
        1,
        /nothing was written: .*C1\/kernel has shape \[3, 3, 1, 6\]|missing/,
      ],
      [['import', LENET, '--out', join(tmp, 'x6.cnn.json')], 1, /CNN Designer project, not a TF.js model/],
    ];
    for (const [argv, code, re] of cases) {
      const r = await cli(...argv);
      expect([argv.join(' '), r.code]).toEqual([argv.join(' '), code]);
      expect(r.err).toMatch(re);
      expect(r.err).not.toMatch(/\n\s+at /);
    }
    for (const d of ['x1', 'x2', 'x3', 'x4', 'x5'])
      expect(existsSync(join(tmp, d)) ? readdirSync(join(tmp, d)) : []).toEqual([]);
    expect(existsSync(join(tmp, 'x6.cnn.json'))).toBe(false);
  });

  it.skipIf(!pythonOracle().ok)(
    'imports an ONNX ResNet-18 written by torch.onnx.export with its weights; its ONNX export gives the same outputs',
    async () => {
      writeTorchvision(tmp, ['resnet18:32:fold']);
      const original = join(tmp, 'resnet18_32_fold.onnx');
      const imp = await cli('import', original, '--out', join(tmp, 'resnet.cnn.json'));
      expect(imp.code, imp.err).toBe(0);
      expect(imp.out).toMatch(/Imported 69 nodes with 102 weight tensors/);
      const sum = await cli('summary', join(tmp, 'resnet.cnn.json'));
      expect(sum.out).toMatch(/11,689,512/);
      const again = await cli('export', join(tmp, 'resnet.cnn.json'), '--format', 'onnx', '--out', join(tmp, 'rn'));
      expect(again.code, again.err).toBe(0);
      const x = Float32Array.from({ length: 3 * 32 * 32 }, (_, i) => Math.cos(i * 0.1));
      const outputs = await Promise.all(
        [original, join(tmp, 'rn', 'model.onnx')].map(async (f) => {
          const s = await ort.InferenceSession.create(f);
          const r = await s.run({ [s.inputNames[0]]: new ort.Tensor('float32', x, [1, 3, 32, 32]) });
          return r[s.outputNames[0]].data as Float32Array;
        }),
      );
      const diff = Math.max(...outputs[0].map((v, i) => Math.abs(v - outputs[1][i])));
      expect(diff).toBeLessThanOrEqual(1e-4);
      // --fold-batchnorm: the 20 BatchNorm nodes fold into their convs; the same outputs; gamma and beta (2 x 4,800)
      // go, each conv gains a bias (4,800), and the 9,600 running statistics go.
      const folded = await cli('import', original, '--fold-batchnorm', '--out', join(tmp, 'folded.cnn.json'));
      expect(folded.code, folded.err).toBe(0);
      expect(folded.out).toMatch(/Imported 49 nodes/);
      expect((await cli('summary', join(tmp, 'folded.cnn.json'))).out).toMatch(
        /Total params: 11,684,712 .*\n.*\nNon-trainable params: 0/,
      );
      const foldedOnnx = join(tmp, 'folded');
      expect((await cli('export', join(tmp, 'folded.cnn.json'), '--format', 'onnx', '--out', foldedOnnx)).code).toBe(0);
      const s = await ort.InferenceSession.create(join(foldedOnnx, 'model.onnx'));
      const r = await s.run({ [s.inputNames[0]]: new ort.Tensor('float32', x, [1, 3, 32, 32]) });
      const y = r[s.outputNames[0]].data as Float32Array;
      expect(Math.max(...outputs[0].map((v, i) => Math.abs(v - y[i])))).toBeLessThanOrEqual(1e-4);
      // Only ONNX models fold, and the flag is spelt exactly.
      const notOnnx = await cli('import', LENET, '--fold-batchnorm', '--out', join(tmp, 'x7.cnn.json'));
      expect([notOnnx.code, notOnnx.err]).toEqual([
        2,
        expect.stringMatching(/--fold-batchnorm applies to ONNX models/),
      ]);
      const typo = await cli('import', original, '--fold-batchnorms', '--out', join(tmp, 'x8.cnn.json'));
      expect(typo.code).toBe(2);
      expect(typo.err).toMatch(/Unknown option --fold-batchnorms. Did you mean --fold-batchnorm\?/);
      expect(existsSync(join(tmp, 'x7.cnn.json')) || existsSync(join(tmp, 'x8.cnn.json'))).toBe(false);
      // Not an ONNX file: a clear error, nothing written.
      writeFileSync(join(tmp, 'bad.onnx'), new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
      const bad = await cli('import', join(tmp, 'bad.onnx'), '--out', join(tmp, 'bad.cnn.json'));
      expect(bad.code).toBe(1);
      expect(bad.err).toMatch(/Import failed, nothing was written: The file does not start like an ONNX model/);
      expect(existsSync(join(tmp, 'bad.cnn.json'))).toBe(false);
    },
  );

  it('writes all files or none: a folder in the way of the last file leaves the old export as it was', async () => {
    const out = join(tmp, 'blocked');
    mkdirSync(join(out, 'README.md'), { recursive: true }); // the last of the PyTorch files
    writeFileSync(join(out, 'model.py'), 'old model.py');
    const r = await cli('export', LENET, '--format', 'pytorch', '--out', out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /Export failed, nothing was written: cannot write into .*blocked: .*README\.md exists and is not a file/,
    );
    expect(readdirSync(out).sort()).toEqual(['README.md', 'model.py']);
    expect(readFileSync(join(out, 'model.py'), 'utf8')).toBe('old model.py');
  });
});
