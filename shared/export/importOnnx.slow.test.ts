// The big torchvision nets through the ONNX importer (slow project: each takes 20-60 s on 2 cores and
// GBs of memory): AlexNet and VGG-11 at 224x224 (their adaptive pooling needs a 6x6 / 7x7 feature map,
// which 224 gives: torch.onnx writes it as an exact AveragePool), ResNet-50 at 64x64.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyse } from '../graph';
import { installFastCpuKernels } from '../kernels';
import { importOnnxModel } from './index';
import { onnxMatchesTfjs, PYTHON, pythonOracle, writeTorchvision } from '../../scripts/onnxTorchvision';

beforeAll(async () => {
  await tf.setBackend('cpu');
  installFastCpuKernels(tf);
});

describe.skipIf(!pythonOracle().ok)(`big torchvision nets from torch.onnx.export (${PYTHON})`, () => {
  const dir = mkdtempSync(join(tmpdir(), 'cnn-onnx-import-slow-'));
  const specs = ['alexnet:224:fold', 'alexnet:224:nofold', 'vgg11:224:fold', 'resnet50:64:fold', 'resnet50:64:nofold'];
  let counts: Record<string, number> = {};
  beforeAll(() => {
    counts = writeTorchvision(dir, specs);
  }, 600_000);

  for (const spec of specs) {
    const file = `${spec.replace(/:/g, '_')}.onnx`;
    it(`${file}: torchvision's parameter count, and tfjs predicts what onnxruntime does`, async () => {
      const bytes = new Uint8Array(readFileSync(join(dir, file)));
      const t0 = performance.now();
      const r = importOnnxModel(bytes, file);
      const ms = performance.now() - t0;
      const a = analyse(r.doc);
      expect(a.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(a.totals.trainable).toBe(counts[file]);
      const diff = await onnxMatchesTfjs(tf, r, bytes, 1);
      console.log(
        `${file}: ${r.doc.nodes.length} nodes, ${a.totals.trainable} parameters, import ${ms.toFixed(0)} ms, max |tfjs - onnxruntime| = ${diff.toExponential(2)}`,
      );
      expect(diff).toBeLessThanOrEqual(1e-4);
    });
  }
});
