import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates';
import {
  analyse,
  compile,
  defaultsFor,
  layerName,
  setParams,
  type GraphDoc,
  type LayerType,
  type Params,
} from './index';
import { MAX_DEPTH } from './limits';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
const lenet = () => TEMPLATES.find((t) => t.id === 'lenet5-mnist')!.build();
/** Input -> each [type, params] in turn, wired in a chain. */
function chain(input: Params, layers: readonly (readonly [LayerType, Params])[]): GraphDoc {
  const ids = ['input', ...layers.map((_, i) => `n${i + 1}`)];
  const types: LayerType[] = ['Input', ...layers.map(([t]) => t)];
  const params = [input, ...layers.map(([, p]) => p)];
  return {
    format: 'cnn-designer',
    version: 2,
    metadata: { name: 'chain' },
    nodes: ids.map((id, i) => ({
      id,
      type: types[i],
      params: { ...defaultsFor(types[i]), ...params[i] },
      position: { x: 0, y: i },
    })),
    edges: ids.slice(1).map((id, i) => ({ id: `e${i + 1}`, source: ids[i], target: id, targetPort: 'in' })),
  };
}
const relus = (n: number) => Array.from({ length: n }, () => ['Activation', { kind: 'relu' }] as const);
/** compile() must refuse with exactly the validator's errors, and those must be `codes`. */
function expectRefused(doc: GraphDoc, codes: string[]) {
  const errors = analyse(doc).problems.filter((p) => p.severity === 'error');
  expect(errors.map((p) => `${p.code}@${p.nodeId}`)).toEqual(codes);
  const c = compile(doc, tf);
  expect(c.ok).toBe(false);
  if (!c.ok) expect(c.problems).toEqual(errors);
}

describe('compiler', () => {
  it('names layers after node ids and builds only live nodes', () => {
    const c = compile(lenet(), tf);
    if (!c.ok) throw new Error('compile');
    expect(c.model.layers.map((l) => l.name)).toEqual([
      'input',
      'C1',
      'S2',
      'C3',
      'S4',
      'flatten',
      'C5',
      'F6',
      'output',
      'softmax',
    ]);
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
    expect(b.model.getLayer('C3').getWeights()[0].dataSync()).toEqual(
      a.model.getLayer('C3').getWeights()[0].dataSync(),
    );
    a.model.dispose();
    b.model.dispose();
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

  it('refuses a 4,500-layer chain (past what tfjs-layers can build) instead of overflowing the stack', () => {
    expectRefused(chain({ height: 4, width: 4, channels: 1 }, relus(4_500)), ['too-deep@n1000']);
    // The limit counts tfjs layers: a Conv2D with explicit padding builds two (ZeroPadding2D + Conv2D).
    const padded = chain({ height: 4, width: 4, channels: 1 }, [
      ['Conv2D', { filters: 1, kernel: [1, 1], padding: 'explicit', pad: [0, 0] }],
      ...relus(MAX_DEPTH - 2),
    ]);
    expectRefused(padded, ['too-deep@n999']);
    // Just inside the limit it builds.
    const c = compile(chain({ height: 4, width: 4, channels: 1 }, relus(MAX_DEPTH - 1)), tf);
    expect(c.ok).toBe(true);
    if (c.ok) c.model.dispose();
  });

  it('refuses the largest in-range sizes (typed-array and WebGL limits) instead of throwing', () => {
    expectRefused(
      chain({ height: 4096, width: 4096, channels: 1024 }, [
        ['GlobalPool', {}],
        ['Dense', { units: 10 }],
        ['Softmax', {}],
      ]),
      ['tensor-too-large@input'],
    );
    expectRefused(
      chain({ height: 128, width: 128, channels: 1 }, [
        ['Flatten', {}],
        ['Dense', { units: 1_000_000 }],
        ['Softmax', {}],
      ]),
      ['weights-too-large@n2'],
    );
    expectRefused(
      chain({ height: 4, width: 4, channels: 1024 }, [
        ['Conv2D', { filters: 8192, kernel: [64, 64], padding: 'same' }],
        ['GlobalPool', {}],
      ]),
      ['weights-too-large@n1'],
    );
  });

  it('turns a failure inside tfjs that the validator did not foresee into a problem, not an exception', () => {
    const failing = {
      ...tf,
      model: () => {
        throw new RangeError('Maximum call stack size exceeded');
      },
    } as typeof tf;
    const base = tf.memory().numTensors;
    const c = compile(lenet(), failing);
    expect(tf.memory().numTensors, 'the layers built before the failure are disposed').toBe(base);
    expect(c.ok).toBe(false);
    if (!c.ok) {
      expect(c.problems.map((p) => p.code)).toEqual(['compile-failed']);
      expect(c.problems[0].message).toContain('Maximum call stack size exceeded');
    }
  });

  it('refuses a graph with errors, returning the problems instead of throwing', () => {
    const c = compile(setParams(lenet(), 'C3', { kernel: [30, 30] }), tf);
    expect(c.ok).toBe(false);
    if (!c.ok) expect(c.problems.map((p) => `${p.code}@${p.nodeId}`)).toEqual(['kernel-too-large@C3']);
  });
});
