// The worked convolution and pooling against the model's own output (tfjs): for units in the corners (in the
// padding) and the middle of convolutions with stride, explicit and 'same' padding, dilation and each fused
// activation, and of max and average pooling, the arithmetic shown equals what tfjs computed within 1e-5.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyse, compile, type GraphDoc, type LayerType, type Params } from '../graph';
import { lenet5Mnist } from '../../templates/lenet';
import { WindowProbe, formulaText, workOut } from './convExplain';
import { chain } from './testing';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

type Spec = [string, LayerType, Params][];
const NETS: Record<string, () => GraphDoc> = {
  lenet: () => lenet5Mnist(),
  'stride, explicit padding, dilation, activations, pooling with same padding': () =>
    chain('mixed', [
      ['input', 'Input', { height: 13, width: 11, channels: 3 }],
      [
        'a',
        'Conv2D',
        { filters: 4, kernel: [3, 3], stride: [2, 2], padding: 'explicit', pad: [2, 1], activation: 'sigmoid' },
      ],
      ['b', 'Conv2D', { filters: 3, kernel: [3, 2], dilation: [2, 1], padding: 'same', activation: 'tanh' }],
      ['p', 'Pool', { mode: 'avg', size: [3, 3], stride: [2, 2], padding: 'same' }],
      ['c', 'Conv2D', { filters: 2, kernel: [2, 2], padding: 'full', activation: 'elu' }],
      ['m', 'Pool', { mode: 'max', size: [2, 2], stride: [1, 1], padding: 'same' }],
      ['d', 'Conv2D', { filters: 2, kernel: [1, 1], activation: 'selu', bias: true }],
    ] as Spec),
  "grouped (depthwise) convolutions: each output channel reads its own group's input channel": () =>
    chain('grouped', [
      ['input', 'Input', { height: 9, width: 10, channels: 3 }],
      ['g1', 'Conv2D', { filters: 6, kernel: [3, 3], stride: [2, 1], padding: 'same', groups: 3, activation: 'relu6' }],
      ['g2', 'Conv2D', { filters: 6, kernel: [2, 3], padding: 'valid', groups: 6, activation: 'tanh', bias: true }],
      ['ap', 'Pool', { mode: 'avg', size: [3, 3], stride: [2, 2], padding: 'explicit', pad: [1, 1] }],
      ['mp', 'Pool', { mode: 'max', size: [2, 2], stride: [1, 1], padding: 'explicit', pad: [1, 1] }],
    ] as Spec),
};

describe('a convolution worked out on the model', () => {
  for (const [name, build] of Object.entries(NETS)) {
    it(`${name}: every worked unit equals the model's output within 1e-5`, async () => {
      const doc = build();
      const a = analyse(doc);
      const c = compile(doc, tf, { seed: 5, analysis: a });
      if (!c.ok) throw new Error(c.problems[0].message);
      // Non-zero biases, so the bias term is tested too.
      c.model.setWeights(
        c.model.getWeights().map((w) => (w.shape.length === 1 ? tf.randomNormal(w.shape, 0, 0.3) : w)),
      );
      const [H, W, C] = a.nodes.get(a.inputId!)!.shape!;
      const img = tf.randomNormal<tf.Rank.R4>([1, H, W, C], 0, 1, 'float32', 3);
      const probe = new WindowProbe(tf, c.model, c.outputs, c.layers, doc, a);
      let checked = 0;
      const kinds = new Set<string>();
      for (const id of a.order) {
        const shape = a.nodes.get(id)!.shape!;
        if (shape.length !== 3 || id === a.inputId) continue;
        const [h, w, ch] = shape;
        for (const [y, x, k] of [
          [0, 0, 0],
          [h - 1, w - 1, ch - 1],
          [h >> 1, w >> 1, ch >> 1],
        ]) {
          const data = await probe.compute(img, { nodeId: id, y, x, channel: k });
          if (!data) continue;
          const r = workOut(data);
          expect({ id, y, x, k, diff: Math.abs(r.out - data.modelValue) < 1e-5 }).toEqual({ id, y, x, k, diff: true });
          kinds.add(`${data.kind}:${data.activation}`);
          const groups = Number(doc.nodes.find((n) => n.id === id)!.params.groups ?? 1);
          if (data.kind === 'conv' && groups > 1)
            // The window's input channels are the unit's group's: channel k of F reads channel floor(k / (F / C)).
            expect(data.channels).toEqual([Math.floor(k / (ch / groups))]);
          if (data.kind === 'max') expect(data.input[r.picked!]).toBe(r.out);
          // The formula, filled in, gives the map's size on both axes.
          expect(formulaText(data.geometry[0])).toMatch(new RegExp(`= ${h}$`));
          expect(formulaText(data.geometry[1])).toMatch(new RegExp(`= ${w}$`));
          checked++;
        }
      }
      img.dispose();
      c.model.dispose();
      expect(checked).toBeGreaterThanOrEqual(6);
      if (name.startsWith('grouped'))
        expect([...kinds].sort()).toEqual(['avg:linear', 'conv:relu6', 'conv:tanh', 'max:linear']);
      if (name.startsWith('stride'))
        expect([...kinds].sort()).toEqual([
          'avg:linear',
          'conv:elu',
          'conv:selu',
          'conv:sigmoid',
          'conv:tanh',
          'max:linear',
        ]);
    });
  }

  it('fills in the formula out = floor((n + 2p - d(k - 1) - 1) / s) + 1', () => {
    expect(formulaText({ n: 28, k: 5, s: 1, d: 1, padBefore: 2, padAfter: 2, out: 28 })).toBe(
      'out = floor((28 + 2*2 - 1*(5 - 1) - 1) / 1) + 1 = 28',
    );
    expect(formulaText({ n: 32, k: 3, s: 2, d: 1, padBefore: 0, padAfter: 1, out: 16 })).toBe(
      'out = floor((32 + 0+1 - 1*(3 - 1) - 1) / 2) + 1 = 16',
    );
  });

  it('says which nodes it cannot work out', async () => {
    const doc = lenet5Mnist();
    const c = compile(doc, tf, { seed: 1 });
    if (!c.ok) throw new Error('compile');
    const p = new WindowProbe(tf, c.model, c.outputs, c.layers, doc, analyse(doc));
    const img = tf.zeros<tf.Rank.R4>([1, 28, 28, 1]);
    expect(await p.compute(img, { nodeId: 'flatten', y: 0, x: 0, channel: 0 })).toBeNull();
    img.dispose();
    c.model.dispose();
  });
});
