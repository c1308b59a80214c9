// Test helpers for the ONNX importer (Node only: tests and e2e): torchvision nets written by the
// real producer, and the comparison of an imported graph's tfjs predictions with onnxruntime's.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { compile } from '../shared/graph';
import type { ImportResult } from '../shared/export/importTfjs';
import { applyWeights } from '../shared/export/weights';

/** Debian's interpreter (the pyenv python3 on PATH lacks torch); CNN_EXPORT_PYTHON overrides it. */
export const PYTHON = process.env.CNN_EXPORT_PYTHON ?? '/usr/bin/python3';

export function pythonOracle(): { ok: boolean; why: string } {
  const p = spawnSync(PYTHON, ['-c', 'import torch, torchvision, onnx'], { encoding: 'utf8' });
  const ok = p.status === 0;
  const why = ok
    ? ''
    : `SKIPPED: no torch/torchvision/onnx for ${PYTHON}: apt-get install python3-torch python3-torchvision python3-onnx`;
  if (!ok) console.warn(why);
  return { ok, why };
}

/** Writes NET_SIZE_FOLD.onnx for each 'net:size:fold|nofold' into dir; returns torchvision's parameter counts. */
export function writeTorchvision(dir: string, specs: readonly string[]): Record<string, number> {
  const r = spawnSync(PYTHON, ['scripts/onnx_torchvision.py', dir, ...specs], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`onnx_torchvision.py failed:\n${r.stderr}`);
  return JSON.parse(readFileSync(join(dir, 'params.json'), 'utf8')) as Record<string, number>;
}

/** Max |tfjs(imported) - onnxruntime(original)| over `batch` seeded random images. */
export async function onnxMatchesTfjs(
  tf: typeof tfjs,
  r: ImportResult,
  original: Uint8Array,
  batch: number,
): Promise<number> {
  const c = compile(r.doc, tf);
  if (!c.ok) throw new Error(c.problems.map((p) => p.message).join('; '));
  try {
    const { unused } = applyWeights(tf, c.model, r.weights);
    if (unused.length) throw new Error(`weights not used: ${unused.join(', ')}`);
    const [h, w, ch] = c.analysis.nodes.get(c.analysis.inputId!)!.shape!;
    const x = tf.randomNormal([batch, h, w, ch], 0, 1, 'float32', 7);
    const got = tf.tidy(() => (c.model.predict(x) as tfjs.Tensor).dataSync() as Float32Array);
    const nchw = tf.tidy(() => x.transpose([0, 3, 1, 2]).dataSync() as Float32Array);
    x.dispose();
    const session = await ort.InferenceSession.create(original);
    const per = h * w * ch;
    let m = 0;
    for (let b = 0; b < batch; b++) {
      const res = await session.run({
        [session.inputNames[0]]: new ort.Tensor('float32', nchw.slice(b * per, (b + 1) * per), [1, ch, h, w]),
      });
      const o = res[session.outputNames[0]].data as Float32Array;
      if (o.length * batch !== got.length)
        throw new Error(`output sizes differ: ${o.length} x ${batch} vs ${got.length}`);
      for (let i = 0; i < o.length; i++) m = Math.max(m, Math.abs(o[i] - got[b * o.length + i]));
    }
    return m;
  } finally {
    c.model.dispose();
  }
}
