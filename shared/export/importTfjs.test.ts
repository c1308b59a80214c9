// Importing what our own TF.js export splits into several Keras layers gives back the one node each:
// the fold is the layer definitions' own (fromKeras), so it is checked for every such case here.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../templates/builder';
import { CATALOGUE, LAYER_TYPES, type GraphDoc } from '../graph';
import { applyWeights, exportTfjs, importTfjsModel } from './index';
import { compiledWithRandomWeights } from './testing';

const structure = (d: GraphDoc) => ({
  nodes: d.nodes.map((n) => ({ id: n.id, type: n.type, params: n.params })).sort((a, b) => a.id.localeCompare(b.id)),
  edges: d.edges.map((e) => `${e.source}->${e.target}:${e.targetPort}`).sort(),
});

describe('TF.js import through the definitions', () => {
  it('explicit and full padding, a 3-way Concat, conv and conv+BN projections, depthwise and Activation(softmax) come back as they were', async () => {
    const b = new GraphBuilder('folds', '');
    const x = b.add('Input', { height: 9, width: 9, channels: 2 }, undefined, 'input');
    const e = b.add('Conv2D', { filters: 3, kernel: [3, 3], padding: 'explicit', pad: [1, 1] }, x, 'explicit');
    const f = b.add(
      'Conv2D',
      { filters: 3, kernel: [3, 3], padding: 'full', dilation: [2, 2], pad: [4, 4] },
      x,
      'full',
    );
    const s = b.add('Conv2D', { filters: 3, kernel: [3, 3], padding: 'same' }, x, 'same');
    const d = b.add('Conv2D', { filters: 4, kernel: [3, 3], padding: 'same', groups: 2 }, x, 'dw');
    const ce = b.add('Conv2D', { filters: 3, kernel: [1, 1], padding: 'same' }, e, 'ce');
    const cf = b.add('Conv2D', { filters: 3, kernel: [5, 5], padding: 'valid' }, f, 'cf');
    const cat = b.add('Concat', { inputs: 3 }, { in1: ce, in2: cf, in3: s }, 'cat');
    const r1 = b.add('Residual', { projection: 'conv' }, { main: cat, skip: d }, 'r1');
    const r2 = b.add(
      'Residual',
      { projection: 'conv_bn', stride: 2 },
      { main: b.add('Pool', { size: [2, 2], stride: [2, 2], padding: 'same' }, r1, 'pool'), skip: r1 },
      'r2',
    );
    b.add(
      'Activation',
      { kind: 'softmax' },
      b.add('Dense', { units: 3 }, b.add('GlobalPool', {}, r2, 'gap'), 'fc'),
      'out',
    );
    const doc = b.build();
    const { model, weights } = compiledWithRandomWeights(doc, tf, 5);
    model.dispose();
    const files = await exportTfjs(doc, weights, tf);
    const imp = importTfjsModel(new TextDecoder().decode(files[0].bytes), () => files[1].bytes);
    // Activation(softmax) exports as a Keras Softmax layer and comes back as a Softmax node.
    const expected = structure(doc);
    const got = structure(imp.doc);
    expect(got.edges).toEqual(expected.edges);
    expect(
      got.nodes.map((n) =>
        n.id === 'out'
          ? { ...n, type: 'Activation', params: { ...n.params, kind: 'softmax', negativeSlope: 0.01, alpha: 1 } }
          : n,
      ),
    ).toEqual(expected.nodes);
    expect([...imp.weights.keys()].filter((k) => k.startsWith('r2__')).sort()).toEqual([
      'r2__bn/beta',
      'r2__bn/gamma',
      'r2__bn/moving_mean',
      'r2__bn/moving_variance',
      'r2__proj/kernel',
    ]);
    expect(imp.warnings).toEqual([]);
  });

  it('explicit pool padding (max and average, symmetric and per side) and a channels-first Flatten come back as they were, with equal predictions', async () => {
    const b = new GraphBuilder('pools', '');
    const x = b.add('Input', { height: 7, width: 6, channels: 3 }, undefined, 'input');
    const mp = b.add('Pool', { mode: 'max', size: [3, 3], stride: [2, 2], padding: 'explicit', pad: [1, 1] }, x, 'mp');
    const mp2 = b.add(
      'Pool',
      { mode: 'max', size: [2, 3], stride: [1, 1], padding: 'explicit', pad: [0, 1] },
      mp,
      'mp2',
    );
    const ap = b.add(
      'Pool',
      { mode: 'avg', size: [3, 3], stride: [1, 1], padding: 'explicit', pad: [1, 1] },
      mp2,
      'ap',
    );
    // Explicit per side: edge copies on one side only (max), a ZeroPadding2D of unequal sides (average).
    const ma = b.add(
      'Pool',
      { mode: 'max', size: [3, 3], stride: [1, 2], padding: 'asymmetric', pad: [0, 2], padEnd: [2, 0] },
      ap,
      'ma',
    );
    const aa = b.add(
      'Pool',
      { mode: 'avg', size: [2, 2], stride: [1, 1], padding: 'asymmetric', pad: [0, 1], padEnd: [1, 0] },
      ma,
      'aa',
    );
    b.add('Dense', { units: 4 }, b.add('Flatten', { order: 'channels-first' }, aa, 'flat'), 'fc');
    const doc = b.build();
    const { model, weights } = compiledWithRandomWeights(doc, tf, 6);
    // Max pooling of negative values: padding must never win (PyTorch pads with -inf).
    const input = tf.randomNormal([2, 7, 6, 3], -3, 1, 'float32', 2);
    const expected = (model.predict(input) as tf.Tensor).dataSync();
    model.dispose();
    const files = await exportTfjs(doc, weights, tf);
    const imp = importTfjsModel(new TextDecoder().decode(files[0].bytes), () => files[1].bytes);
    expect(structure(imp.doc)).toEqual(structure(doc));
    const c = compiledWithRandomWeights(imp.doc, tf, 1);
    applyWeights(tf, c.model, imp.weights);
    const got = (c.model.predict(input) as tf.Tensor).dataSync();
    expect(Math.max(...got.map((v, i) => Math.abs(v - expected[i])))).toBeLessThan(1e-6);
    c.model.dispose();
  });

  it('each Keras class is read by one layer type', () => {
    const seen = new Map<string, string>();
    for (const t of LAYER_TYPES) {
      for (const cls of Object.keys(CATALOGUE[t].fromKeras?.classes ?? {})) {
        expect(seen.get(cls), `${cls} read by ${seen.get(cls)} and ${t}`).toBeUndefined();
        seen.set(cls, t);
      }
    }
    expect(seen.get('DepthwiseConv2D')).toBe('Conv2D');
  });
});
