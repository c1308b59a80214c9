import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates';
import { compile, layerName, setParams } from './index';

beforeAll(async () => { await tf.setBackend('cpu'); });
const lenet = () => TEMPLATES.find((t) => t.id === 'lenet5-mnist')!.build();

describe('compiler', () => {
  it('names layers after node ids and builds only live nodes', () => {
    const c = compile(lenet(), tf);
    if (!c.ok) throw new Error('compile');
    expect(c.model.layers.map((l) => l.name)).toEqual(['input', 'C1', 'S2', 'C3', 'S4', 'flatten', 'C5', 'F6', 'output', 'softmax']);
    expect(layerName('7up')).toBe('n_7up');
    c.model.dispose();
  });

  it('is seedable: the same seed gives the same initial weights, another seed different ones', () => {
    const weights = (seed: number) => {
      const c = compile(lenet(), tf, { seed });
      if (!c.ok) throw new Error('compile');
      const w = c.model.getLayer('C1').getWeights()[0].dataSync().slice();
      c.model.dispose();
      return w;
    };
    expect(weights(1)).toEqual(weights(1));
    expect(weights(1)).not.toEqual(weights(2));
  });

  it("a node's initial weights do not depend on the other nodes (editing one layer keeps the rest)", () => {
    const a = compile(lenet(), tf, { seed: 3 });
    const b = compile(setParams(lenet(), 'F6', { units: 50 }), tf, { seed: 3 });
    if (!a.ok || !b.ok) throw new Error('compile');
    expect(b.model.getLayer('C3').getWeights()[0].dataSync()).toEqual(a.model.getLayer('C3').getWeights()[0].dataSync());
    a.model.dispose(); b.model.dispose();
  });

  it('leaks no tensors: compiling and disposing returns to the baseline', () => {
    const base = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const c = compile(TEMPLATES.find((t) => t.id === 'resnet20')!.build(), tf);
      if (!c.ok) throw new Error('compile');
      c.model.dispose();
    }
    expect(tf.memory().numTensors).toBe(base);
  });

  it('refuses a graph with errors, returning the problems instead of throwing', () => {
    const c = compile(setParams(lenet(), 'C3', { kernel: [30, 30] }), tf);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.problems.map((p) => `${p.code}@${p.nodeId}`)).toEqual(['kernel-too-large@C3']);
  });
});
