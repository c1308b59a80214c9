// Differential tests against TensorFlow.js: for every template and for hundreds of random graphs,
// the engine's inferred shapes equal the compiled model's (symbolic and on a real forward pass),
// and its parameter counts equal tfjs's countParams() / trainable weights, node by node.
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES } from '../../templates';
import { analyse, compile, type GraphDoc } from './index';
import { buildRandomGraph, STEP_KINDS, type Recipe } from './testing/randomGraph';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const size = (shape: readonly (number | null)[]) => shape.reduce<number>((a, b) => a * (b ?? 1), 1);

/** Compile and compare everything; returns false if the graph was (rightly) refused. */
function checkAgainstTfjs(doc: GraphDoc, forward: boolean): boolean {
  const a = analyse(doc);
  const errors = a.problems.filter((p) => p.severity === 'error');
  const c = compile(doc, tf, { seed: 7 });
  if (errors.length) {
    expect(c.ok, 'a graph with errors must be refused').toBe(false);
    if (!c.ok) expect(c.problems).toEqual(errors);
    return false;
  }
  expect(c.ok, `accepted graph must compile: ${!c.ok ? c.problems.map((p) => p.message).join('; ') : ''}`).toBe(true);
  if (!c.ok) return false;
  try {
    for (const [id, t] of c.outputs) {
      expect([id, ...t.shape.slice(1)]).toEqual([id, ...a.nodes.get(id)!.shape!]);
      const layers = c.layers.get(id) ?? [];
      const ls = layers.map((n) => c.model.getLayer(n));
      const total = ls.reduce((s, l) => s + l.countParams(), 0);
      const trainable = ls.reduce((s, l) => s + l.trainableWeights.reduce((q, w) => q + size(w.shape), 0), 0);
      const counts = a.nodes.get(id)!.counts;
      expect([id, trainable, total - trainable]).toEqual([id, counts.trainable, counts.nonTrainable]);
    }
    expect(c.model.countParams()).toBe(a.totals.params);
    if (forward) {
      const inShape = a.nodes.get(a.inputId!)!.shape!;
      const y = tf.tidy(
        () => (c.model.predict(tf.randomNormal([2, ...inShape], 0, 1, 'float32', 1)) as tf.Tensor).shape,
      );
      expect(y).toEqual([2, ...a.nodes.get(a.outputId!)!.shape!]);
    }
  } finally {
    c.model.dispose();
  }
  return true;
}

describe('templates against tfjs', () => {
  for (const t of TEMPLATES) {
    it(`${t.id}: shapes and counts equal the compiled model's, trainable = ${t.trainable.toLocaleString('en-US')}`, () => {
      const doc = t.build();
      const a = analyse(doc);
      expect(a.totals.trainable).toBe(t.trainable);
      expect(a.problems.filter((p) => p.severity === 'error')).toEqual([]);
      // The 224x224 nets are too heavy for a forward pass on the stock cpu backend in a test.
      expect(checkAgainstTfjs(doc, a.totals.macs < 1e8)).toBe(true);
    });
  }
});

const step = fc.record({
  kind: fc.constantFrom(...STEP_KINDS),
  a: fc.nat(1 << 16),
  b: fc.nat(1 << 16),
  c: fc.nat(1 << 16),
  d: fc.nat(1 << 16),
});
const recipe = (wild: boolean): fc.Arbitrary<Recipe> =>
  fc.record({
    h: fc.integer({ min: 3, max: 20 }),
    w: fc.integer({ min: 3, max: 20 }),
    ch: fc.integer({ min: 1, max: 4 }),
    steps: fc.array(step, { minLength: 1, maxLength: 9 }),
    wild: fc.constant(wild),
  });

describe('random graphs against tfjs', () => {
  it('several hundred random valid graphs: inferred shapes and counts equal tfjs (with a forward pass)', () => {
    let valid = 0,
      refused = 0;
    fc.assert(
      fc.property(recipe(false), (r) => {
        if (checkAgainstTfjs(buildRandomGraph(r), true)) valid++;
        else refused++;
      }),
      { numRuns: 360, seed: 20261127 },
    );
    console.log(
      `random graphs: ${valid} valid and checked against tfjs, ${refused} refused with the validator's problems`,
    );
    expect(valid).toBeGreaterThanOrEqual(300);
  });

  it('wild graphs (often invalid): every accepted graph compiles, every rejected one is refused with the same problems', () => {
    let valid = 0,
      refused = 0;
    fc.assert(
      fc.property(recipe(true), (r) => {
        if (checkAgainstTfjs(buildRandomGraph(r), false)) valid++;
        else refused++;
      }),
      { numRuns: 200, seed: 11 },
    );
    console.log(`wild graphs: ${valid} accepted and compiled, ${refused} refused`);
    expect(refused).toBeGreaterThan(20);
    expect(valid).toBeGreaterThan(20);
  });
});
