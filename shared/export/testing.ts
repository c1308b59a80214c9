// Test helpers for the exporters: seeded weights that exercise every tensor (BN statistics,
// biases, PReLU slopes), and graphs with their final softmax removed (to compare logits).
import type * as tfjs from '@tensorflow/tfjs';
import { compile, type GraphDoc } from '../graph';
import { mulberry32 } from '../data';
import type { ExportTensor } from './types';
import { applyWeights, weightsFromModel } from './weights';

/** Perturbs initialised weights so nothing is at a trivial value (zero bias, unit variance...). */
export function randomiseWeights(w: Map<string, ExportTensor>, seed: number): Map<string, ExportTensor> {
  const r = mulberry32(seed);
  const out = new Map<string, ExportTensor>();
  for (const [name, t] of w) {
    const d = Float32Array.from(t.data);
    const param = name.split('/').pop();
    for (let i = 0; i < d.length; i++) {
      const u = r();
      if (param === 'moving_variance' || param === 'gamma') d[i] = 0.5 + u;
      else if (param === 'moving_mean' || param === 'beta' || param === 'bias') d[i] = (u - 0.5) * 0.4;
      else if (param === 'alpha') d[i] = u * 0.5;
      else d[i] = d[i] * (0.75 + 0.5 * u);
    }
    out.set(name, { shape: t.shape, data: d });
  }
  return out;
}

/** Compiles the graph with randomised weights; the caller disposes the model. */
export function compiledWithRandomWeights(doc: GraphDoc, tf: typeof tfjs, seed: number) {
  const c = compile(doc, tf, { seed });
  if (!c.ok) throw new Error(`does not compile: ${c.problems.map((p) => p.message).join('; ')}`);
  const weights = randomiseWeights(weightsFromModel(c.model), seed);
  applyWeights(tf, c.model, weights);
  return { model: c.model, weights, analysis: c.analysis };
}

/** The same graph without a final Softmax node (so outputs are logits, a sharper comparison). */
export function withoutFinalSoftmax(doc: GraphDoc, outputId: string): GraphDoc {
  const out = doc.nodes.find((n) => n.id === outputId);
  if (!out || out.type !== 'Softmax') return doc;
  return {
    ...doc,
    nodes: doc.nodes.filter((n) => n.id !== outputId),
    edges: doc.edges.filter((e) => e.target !== outputId && e.source !== outputId),
  };
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** NHWC float data -> NCHW. */
export function toNchw(data: Float32Array, n: number, h: number, w: number, c: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < c; k++) {
          out[((b * c + k) * h + y) * w + x] = data[((b * h + y) * w + x) * c + k];
        }
  return out;
}
