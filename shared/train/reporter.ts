// Running averages and the time left, from the trainer's per-batch metrics: one reporter for every
// front end (the CLI's progress bar, the Worker's chart points). Pure: no clock, no I/O.
import type { BatchMetrics } from './trainer';
import { Ema } from './series';

/** One chart point: the mean of the batches since the previous point, plus a smoothed loss. */
export interface BatchPoint {
  readonly step: number;
  readonly epoch: number;
  readonly loss: number;
  readonly smoothLoss: number;
  readonly accuracy: number;
  readonly smoothAccuracy: number;
  readonly learningRate: number;
  readonly samplesPerSec: number;
}

/** Where a run is: epoch (0-based), batch (1-based, done so far in the epoch), seconds left at the current speed. */
export interface Progress {
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batches: number;
  readonly etaSec: number;
  readonly elapsedMs: number;
}

export class ProgressReporter {
  private readonly emaLoss = new Ema(0.9);
  private readonly emaAcc = new Ema(0.9);
  private window = { n: 0, loss: 0, acc: 0 };

  constructor(private readonly run: { readonly epochs: number; readonly batchSize: number }) {}

  /** Adds one batch to the running averages. */
  push(m: BatchMetrics): void {
    this.emaLoss.push(m.loss);
    this.emaAcc.push(m.accuracy);
    this.window.n++;
    this.window.loss += m.loss;
    this.window.acc += m.accuracy;
  }

  /** The mean of the batches pushed since the last point (null when none), ending at `m`; starts a new window. */
  point(m: BatchMetrics): BatchPoint | null {
    const w = this.window;
    this.window = { n: 0, loss: 0, acc: 0 };
    if (!w.n) return null;
    return {
      step: m.step,
      epoch: m.epoch,
      loss: w.loss / w.n,
      accuracy: w.acc / w.n,
      smoothLoss: this.emaLoss.value,
      smoothAccuracy: this.emaAcc.value,
      learningRate: m.learningRate,
      samplesPerSec: m.samplesPerSec,
    };
  }

  /** Progress after batch `m`, with the time the remaining batches of the run take at the current speed. */
  progress(m: BatchMetrics): Progress {
    const { epochs, batchSize } = this.run;
    const batchesLeft = m.batches - m.batch - 1 + (epochs - m.epoch - 1) * m.batches;
    return {
      epoch: m.epoch,
      epochs,
      batch: m.batch + 1,
      batches: m.batches,
      etaSec: (batchesLeft * batchSize) / Math.max(1e-9, m.samplesPerSec),
      elapsedMs: m.elapsedMs,
    };
  }
}
