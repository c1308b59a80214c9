// The one reporter behind the CLI's progress bar and the Worker's chart points: means over a window of
// batches, a bias-corrected smoothed loss, and the time left at the current speed.
import { expect, it } from 'vitest';
import { ProgressReporter } from './reporter';
import type { BatchMetrics } from './trainer';

const batch = (step: number, loss: number, accuracy: number, o: Partial<BatchMetrics> = {}): BatchMetrics => ({
  epoch: 0,
  batch: step,
  batches: 10,
  step,
  loss,
  accuracy,
  learningRate: 0.01,
  samplesPerSec: 64,
  elapsedMs: step * 100,
  ...o,
});

it('a point is the mean of the batches since the previous point; the smoothed loss is the bias-corrected EMA', () => {
  const r = new ProgressReporter({ epochs: 2, batchSize: 32 });
  r.push(batch(0, 2, 0.1));
  r.push(batch(1, 1, 0.3));
  const p = r.point(batch(1, 1, 0.3))!;
  expect(p).toMatchObject({ step: 1, epoch: 0, loss: 1.5, learningRate: 0.01, samplesPerSec: 64 });
  expect(p.accuracy).toBeCloseTo(0.2, 12);
  // EMA(0.9) with bias correction: (0.1*0.9*2 + 0.1*1) / (1 - 0.81)
  expect(p.smoothLoss).toBeCloseTo((0.18 + 0.1) / 0.19, 12);
  expect(r.point(batch(1, 1, 0.3))).toBeNull(); // nothing pushed since
  r.push(batch(2, 4, 1));
  expect(r.point(batch(2, 4, 1))).toMatchObject({ loss: 4, accuracy: 1 });
});

it('the time left counts the rest of this epoch and the epochs after it at the current speed', () => {
  const r = new ProgressReporter({ epochs: 3, batchSize: 32 });
  // after batch 4 of 10 in epoch 1 (0-based): 5 batches left here + 10 in epoch 2 = 15 batches x 32 / 64 per s
  expect(r.progress(batch(14, 1, 0, { epoch: 1, batch: 4 }))).toEqual({
    epoch: 1,
    epochs: 3,
    batch: 5,
    batches: 10,
    etaSec: 7.5,
    elapsedMs: 1400,
  });
  expect(r.progress(batch(29, 1, 0, { epoch: 2, batch: 9 })).etaSec).toBe(0);
  expect(Number.isFinite(r.progress(batch(0, 1, 0, { samplesPerSec: 0 })).etaSec)).toBe(true);
});
