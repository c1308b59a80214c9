// Which loss the trainer uses is decided from the catalogue: every layer type that can end a graph in
// softmax (Softmax, Activation kind softmax, a fused softmax activation) yields probabilities, and the
// loss the trainer computes on them is plain cross-entropy on probabilities, equal to one computed by
// hand. (An Activation kind softmax was once treated as logits and softmaxed twice.)
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  analyse,
  CATALOGUE,
  compile,
  defaultsFor,
  LAYER_TYPES,
  type GraphDoc,
  type LayerType,
  type Params,
} from '../graph';
import { split, type Dataset } from '../data';
import { DEFAULT_CONFIG } from './config';
import { lossOf, resolveLoss } from './loss';
import { prepare } from './session';
import { chain } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const K = 4;
const head = (): [string, LayerType, Params][] => [
  ['input', 'Input', { height: 2, width: 2, channels: 3 }],
  ['flat', 'Flatten', {}],
];
const spatialInput = (): [string, LayerType, Params] => ['input', 'Input', { height: 1, width: 1, channels: 3 }];

/** For each layer type that can apply softmax: a graph ending in it with softmax on. */
const ENDING_IN_SOFTMAX: Partial<Record<LayerType, () => GraphDoc>> = {
  Softmax: () =>
    chain('softmax', [...head(), ['dense', 'Dense', { units: K, activation: 'linear' }], ['out', 'Softmax', {}]]),
  Activation: () =>
    chain('activation', [
      ...head(),
      ['dense', 'Dense', { units: K, activation: 'linear' }],
      ['out', 'Activation', { kind: 'softmax' }],
    ]),
  Dense: () => chain('dense', [...head(), ['out', 'Dense', { units: K, activation: 'softmax' }]]),
  Conv2D: () =>
    chain('conv', [
      spatialInput(),
      ['out', 'Conv2D', { filters: K, kernel: [1, 1], stride: [1, 1], activation: 'softmax' }],
    ]),
  Conv2DTranspose: () =>
    chain('deconv', [
      spatialInput(),
      ['out', 'Conv2DTranspose', { filters: K, kernel: [1, 1], stride: [1, 1], activation: 'softmax' }],
    ]),
};

/** Layer types whose activationOf can say 'softmax' (with their defaults or one enum parameter set to it). */
function typesThatCanSoftmax(): LayerType[] {
  return LAYER_TYPES.filter((t) => {
    const def = CATALOGUE[t];
    if (!def.activationOf) return false;
    const base = defaultsFor(t);
    const variants = [
      base,
      ...Object.entries(def.params)
        .filter(([, s]) => s.kind === 'enum' && s.options.includes('softmax'))
        .map(([k]) => ({ ...base, [k]: 'softmax' })),
    ];
    return variants.some((p) => def.activationOf!(p) === 'softmax');
  });
}

/** -mean over samples of sum_k y_k log p_k, computed in plain JavaScript from the probabilities. */
function handCrossEntropy(probs: Float32Array, labels: readonly number[]): number {
  let sum = 0;
  labels.forEach((y, i) => {
    sum -= Math.log(probs[i * K + y]);
  });
  return sum / labels.length;
}

describe('loss at a softmax output', () => {
  it('the table covers every layer type the catalogue lets apply softmax', () => {
    expect(typesThatCanSoftmax().sort()).toEqual(Object.keys(ENDING_IN_SOFTMAX).sort());
  });

  for (const [type, build] of Object.entries(ENDING_IN_SOFTMAX)) {
    it(`${type} with softmax at the end: cross-entropy on probabilities, equal to the hand-computed value`, () => {
      const doc = build(),
        analysis = analyse(doc);
      expect(analysis.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(resolveLoss('crossentropy', doc, analysis)).toBe('ce-probs');
      const c = compile(doc, tf, { analysis, seed: 3 });
      if (!c.ok) throw new Error(c.problems.map((p) => p.message).join('\n'));
      const labels = [0, 3, 1, 2, 3];
      const inShape = c.model.inputs[0].shape.slice(1) as number[];
      const x = tf.randomNormal([labels.length, ...inShape], 0, 3, 'float32', 7);
      const out = c.model.predict(x) as tf.Tensor;
      const y = tf.oneHot(tf.tensor1d(labels, 'int32'), K).toFloat().reshape(out.shape);
      const loss = lossOf(tf, resolveLoss('crossentropy', doc, analysis), y, out).dataSync()[0];
      expect(loss).toBeCloseTo(handCrossEntropy(out.dataSync() as Float32Array, labels), 5);
      tf.dispose([x, out, y]);
      c.model.dispose();
    });
  }

  it('a linear output is logits: softmax cross-entropy, equal to the hand-computed value on softmax(logits)', () => {
    const doc = chain('logits', [...head(), ['out', 'Dense', { units: K, activation: 'linear' }]]),
      analysis = analyse(doc);
    expect(resolveLoss('crossentropy', doc, analysis)).toBe('ce-logits');
    const c = compile(doc, tf, { analysis, seed: 3 });
    if (!c.ok) throw new Error('does not compile');
    const labels = [2, 0, 1];
    const x = tf.randomNormal([labels.length, 2, 2, 3], 0, 3, 'float32', 7);
    const out = c.model.predict(x) as tf.Tensor,
      probs = tf.softmax(out);
    const y = tf.oneHot(tf.tensor1d(labels, 'int32'), K).toFloat();
    expect(lossOf(tf, 'ce-logits', y, out).dataSync()[0]).toBeCloseTo(
      handCrossEntropy(probs.dataSync() as Float32Array, labels),
      5,
    );
    tf.dispose([x, out, probs, y]);
    c.model.dispose();
  });

  it('the trainer (prepare + evaluate, as the app and the CLI run it) on an Activation(softmax) output reports the hand-computed loss', async () => {
    const n = 6;
    const data: Dataset = {
      name: 'noise',
      images: Uint8Array.from({ length: n * 2 * 2 * 3 }, (_, i) => (i * 37) % 256),
      labels: Uint8Array.from({ length: n }, (_, i) => i % K),
      n,
      height: 2,
      width: 2,
      channels: 3,
      numClasses: K,
      classNames: ['a', 'b', 'c', 'd'],
    };
    const doc = ENDING_IN_SOFTMAX.Activation!();
    const p = prepare(
      tf,
      doc,
      split(data, { valFraction: 0, seed: 1 }),
      { ...DEFAULT_CONFIG, epochs: 1, batchSize: 2, probeEvery: 0 },
      { normalise: 'unit' },
    );
    if (!p.ok) throw new Error(p.problems.map((x) => x.message).join('\n'));
    const all = Array.from({ length: n }, (_, i) => i);
    const ev = await p.session.trainer.evaluate(data, all);
    const x = tf.tensor4d(
      Float32Array.from(data.images, (v) => v / 255),
      [n, 2, 2, 3],
    );
    const out = p.session.model.predict(x) as tf.Tensor;
    expect(ev.loss).toBeCloseTo(handCrossEntropy(out.dataSync() as Float32Array, Array.from(data.labels)), 5);
    tf.dispose([x, out]);
    p.session.dispose();
  });
});
