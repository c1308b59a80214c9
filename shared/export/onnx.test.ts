// ONNX export proven by onnxruntime: for every template (random weights, BN statistics included),
// for a LeNet-5 trained a few steps, and for random graphs covering every layer type and padding
// mode, onnxruntime's outputs equal the tfjs model's within 1e-4.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates';
import { analyse, type GraphDoc } from '../graph';
import { buildRandomGraph, STEP_KINDS, type Recipe } from '../graph/testing/randomGraph';
import { buildOnnx, ExportError, weightsFromModel } from './index';
import { onnxType } from './onnx/schema';
import { compiledWithRandomWeights, maxAbsDiff, toNchw, withoutFinalSoftmax } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const TOL = 1e-4;

/** Runs tfjs and onnxruntime on the same random input; returns the largest difference. */
async function compare(doc: GraphDoc, seed: number, batch = 2) {
  const { model, weights, analysis } = compiledWithRandomWeights(doc, tf, seed);
  try {
    const [h, w, c] = analysis.nodes.get(analysis.inputId!)!.shape!;
    const x = tf.randomNormal([batch, h, w, c], 0, 1, 'float32', seed);
    const y = tf.tidy(() => {
      const out = model.predict(x) as tf.Tensor;
      return out.rank === 4 ? out.transpose([0, 3, 1, 2]) : out;
    });
    const expected = y.dataSync() as Float32Array;
    const session = await ort.InferenceSession.create(buildOnnx(doc, weights));
    const res = await session.run({
      input: new ort.Tensor('float32', toNchw(x.dataSync() as Float32Array, batch, h, w, c), [batch, c, h, w]),
    });
    const got = res.output;
    expect(got.dims).toEqual(y.shape);
    tf.dispose([x, y]);
    return { diff: maxAbsDiff(got.data as Float32Array, expected), scale: Math.max(...Array.from(expected, Math.abs)) };
  } finally {
    model.dispose();
  }
}

// First in the file, so the schema is also built with eval forbidden.
describe("ONNX encoding under the app's Content-Security-Policy", () => {
  it("builds the schema and encodes a model without new Function() (no 'unsafe-eval')", async () => {
    const doc = TEMPLATES[0].build();
    const { model, weights } = compiledWithRandomWeights(doc, tf, 1);
    model.dispose();
    const original = globalThis.Function;
    let calls = 0;
    globalThis.Function = new Proxy(original, {
      apply() {
        calls++;
        throw new EvalError('eval is forbidden here');
      },
      construct() {
        calls++;
        throw new EvalError('eval is forbidden here');
      },
    });
    let bytes: Uint8Array;
    try {
      bytes = buildOnnx(doc, weights);
    } finally {
      globalThis.Function = original;
    }
    expect(calls).toBe(0);
    const session = await ort.InferenceSession.create(bytes);
    expect(session.outputNames).toEqual(['output']);
  });
});

describe('ONNX export runs in onnxruntime and matches tfjs', () => {
  for (const t of TEMPLATES) {
    // VGG-16 (138M weights, 15.5 GMACs at batch 1) takes over two minutes on the stock cpu backend of a 2-core machine.
    const timeout = t.id === 'vgg16' ? 600_000 : undefined;
    it(`${t.id}: outputs within ${TOL}`, { timeout }, async () => {
      const doc = t.build();
      const big = analyse(doc).totals.macs > 1e8;
      // The 224x224 nets take ~5 s per forward pass on the stock cpu backend: batch 1 there.
      // Their probabilities over 1000 classes are all tiny: compare the logits, the sharper test.
      const probs = big ? null : await compare(doc, 11, 2);
      if (probs) expect(probs.diff).toBeLessThan(TOL);
      const logits = await compare(withoutFinalSoftmax(doc, analyse(doc).outputId!), 12, big ? 1 : 2);
      console.log(
        `${t.id}: max |onnx - tfjs| = ${probs ? `${probs.diff.toExponential(2)} (probabilities), ` : ''}${logits.diff.toExponential(2)} (logits up to ${logits.scale.toFixed(2)})`,
      );
      expect(logits.diff).toBeLessThan(TOL * Math.max(1, logits.scale));
    });
  }

  it('a LeNet-5 trained a few steps on tfjs gives the same predictions in onnxruntime', async () => {
    const doc = TEMPLATES.find((t) => t.id === 'lenet5-mnist')!.build();
    const { model } = compiledWithRandomWeights(doc, tf, 5);
    model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
    const xs = tf.randomUniform([32, 28, 28, 1], 0, 1, 'float32', 3);
    const ys = tf.oneHot(
      tf.tensor1d(
        Array.from({ length: 32 }, (_, i) => i % 10),
        'int32',
      ),
      10,
    );
    const before = weightsFromModel(model).get('C1/kernel')!.data.slice();
    await model.fit(xs, ys, { epochs: 1, batchSize: 16, verbose: 0 });
    const trained = weightsFromModel(model);
    expect(maxAbsDiff(trained.get('C1/kernel')!.data, before)).toBeGreaterThan(1e-4);
    const expected = (model.predict(xs) as tf.Tensor).dataSync() as Float32Array;
    const session = await ort.InferenceSession.create(buildOnnx(doc, trained));
    const res = await session.run({
      input: new ort.Tensor('float32', toNchw(xs.dataSync() as Float32Array, 32, 28, 28, 1), [32, 1, 28, 28]),
    });
    expect(maxAbsDiff(res.output.data as Float32Array, expected)).toBeLessThan(TOL);
    tf.dispose([xs, ys]);
    model.dispose();
  });

  it('random graphs with every layer type, padding mode, depthwise and transposed convs match', async () => {
    const step = fc.record({
      kind: fc.constantFrom(...STEP_KINDS),
      a: fc.nat(1 << 16),
      b: fc.nat(1 << 16),
      c: fc.nat(1 << 16),
      d: fc.nat(1 << 16),
    });
    const recipe: fc.Arbitrary<Recipe> = fc.record({
      h: fc.integer({ min: 3, max: 14 }),
      w: fc.integer({ min: 3, max: 14 }),
      ch: fc.integer({ min: 1, max: 4 }),
      steps: fc.array(step, { minLength: 2, maxLength: 8 }),
      wild: fc.constant(false),
    });
    const seen = new Set<string>();
    let checked = 0,
      worst = 0;
    for (const r of fc.sample(recipe, { numRuns: 90, seed: 606 })) {
      const doc = buildRandomGraph(r);
      const a = analyse(doc);
      if (a.totals.errors) continue;
      const { diff, scale } = await compare(doc, 100 + checked);
      expect(diff, JSON.stringify(r)).toBeLessThan(TOL * Math.max(1, scale));
      worst = Math.max(worst, diff / Math.max(1, scale));
      for (const n of doc.nodes)
        if (a.live.has(n.id))
          seen.add(
            n.type === 'Conv2D' && (n.params.groups as number) > 1
              ? 'Depthwise'
              : `${n.type}${n.type === 'Conv2D' || n.type === 'Pool' ? `:${String(n.params.padding)}` : ''}`,
          );
      checked++;
    }
    console.log(
      `random graphs: ${checked} checked in onnxruntime, worst relative difference ${worst.toExponential(2)}; covered ${[...seen].sort().join(', ')}`,
    );
    expect(checked).toBeGreaterThanOrEqual(60);
    for (const k of [
      'Conv2D:same',
      'Conv2D:valid',
      'Conv2D:full',
      'Conv2D:explicit',
      'Depthwise',
      'Conv2DTranspose',
      'Pool:same',
      'Pool:valid',
      'GlobalPool',
      'Activation',
      'BatchNorm',
      'Dense',
      'Flatten',
      'Residual',
      'Concat',
      'Softmax',
      'Dropout',
    ]) {
      expect(seen, k).toContain(k);
    }
  });

  it('every activation kind and both pooling modes with asymmetric same padding', async () => {
    for (const kind of ['relu', 'leakyRelu', 'prelu', 'elu', 'sigmoid', 'tanh', 'softmax']) {
      for (const mode of ['max', 'avg']) {
        const doc = graph([
          ['Input', { height: 7, width: 6, channels: 3 }],
          ['Conv2D', { filters: 4, kernel: [4, 3], stride: [2, 2], padding: 'same', activation: 'selu' }],
          ['Activation', { kind }],
          ['Pool', { mode, size: [3, 2], stride: [2, 2], padding: 'same' }],
          ['Conv2DTranspose', { filters: 3, kernel: [3, 2], stride: [2, 3], padding: 'same', activation: 'relu6' }],
          ['Conv2DTranspose', { filters: 2, kernel: [1, 1], stride: [2, 2], padding: 'valid', activation: 'tanh' }],
          ['Flatten', {}],
          ['BatchNorm', {}],
          ['Activation', { kind }],
          ['Dense', { units: 5, activation: 'sigmoid' }],
        ]);
        const { diff } = await compare(doc, 3);
        expect(diff, `${kind} ${mode}`).toBeLessThan(TOL);
      }
    }
  });
});

describe('ONNX export errors', () => {
  it('a graph with errors or missing weights is refused with the node and the reason', () => {
    const broken = graph([
      ['Input', { height: 4, width: 4, channels: 1 }],
      ['Conv2D', { filters: 2, kernel: [7, 7], padding: 'valid' }],
    ]);
    expect(() => buildOnnx(broken, new Map())).toThrow(ExportError);
    expect(() => buildOnnx(broken, new Map())).toThrow(/n2: Kernel 7x7 does not fit the 4x4 input/);
    const ok = graph([
      ['Input', { height: 4, width: 4, channels: 1 }],
      ['Conv2D', { filters: 2, kernel: [3, 3] }],
    ]);
    expect(() => buildOnnx(ok, new Map())).toThrow(/n2 \(Conv2D\): the weight n2\/kernel is missing/);
  });

  it('the file decodes as an ONNX ModelProto with opset 13 and an NCHW input', async () => {
    const doc = TEMPLATES[0].build();
    const { model, weights } = compiledWithRandomWeights(doc, tf, 1);
    model.dispose();
    const m = onnxType('ModelProto').decode(buildOnnx(doc, weights)) as unknown as {
      ir_version: { toNumber(): number } | number;
      opset_import: { version: number }[];
      graph: {
        input: {
          name: string;
          type: { tensor_type: { shape: { dim: { dim_value?: number; dim_param?: string }[] } } };
        }[];
      };
    };
    expect(Number(m.ir_version)).toBe(7);
    expect(Number(m.opset_import[0].version)).toBe(13);
    expect(m.graph.input[0].name).toBe('input');
    expect(m.graph.input[0].type.tensor_type.shape.dim.map((d) => d.dim_param || Number(d.dim_value))).toEqual([
      'N',
      1,
      32,
      32,
    ]);
  });
});

/** A chain of nodes n1 -> n2 -> ... */
function graph(chain: [GraphDoc['nodes'][number]['type'], Record<string, unknown>][]): GraphDoc {
  const nodes = chain.map(([type, params], i) => ({ id: `n${i + 1}`, type, params, position: { x: 0, y: i * 100 } }));
  const edges = chain
    .slice(1)
    .map((_, i) => ({ id: `e${i + 1}`, source: `n${i + 1}`, target: `n${i + 2}`, targetPort: 'in' }));
  return fillDefaults({
    format: 'cnn-designer',
    version: 2,
    metadata: { name: 'chain' },
    nodes,
    edges,
  } as unknown as GraphDoc);
}

import { loadProject } from '../graph';
function fillDefaults(doc: GraphDoc): GraphDoc {
  const r = loadProject(doc);
  if (!r.ok) throw new Error(r.errors.join('; '));
  return r.doc;
}
