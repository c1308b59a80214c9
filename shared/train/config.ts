// Hyperparameters and the learning-rate schedule.
import { english, type Msg } from '../i18n/msg';
import type { Augmentation } from '../data';

export type OptimizerKind = 'sgd' | 'adam' | 'rmsprop';

export type Schedule =
  | { readonly kind: 'constant' }
  | { readonly kind: 'step'; readonly everyEpochs: number; readonly gamma: number }
  | { readonly kind: 'cosine'; readonly minFactor?: number };

/** 'auto' picks cross-entropy for classifiers (on probabilities after Softmax, else on logits). */
export type LossKind = 'auto' | 'crossentropy' | 'mse';

export interface TrainConfig {
  readonly optimizer: OptimizerKind;
  readonly learningRate: number;
  /** SGD momentum (0 = plain SGD); RMSprop momentum. */
  readonly momentum: number;
  readonly schedule: Schedule;
  readonly batchSize: number;
  readonly epochs: number;
  readonly seed: number;
  readonly loss: LossKind;
  readonly augmentation: Augmentation;
  /** Compute feature maps for the probe image every this many batches (0: never). */
  readonly probeEvery: number;
  /** ...and at most once per this many milliseconds (keeps the probe's cost and the UI's redraws bounded). */
  readonly probeMinIntervalMs?: number;
  /** Keep a copy of the weights every this many batches to restore if the loss becomes NaN/Inf. */
  readonly snapshotEvery: number;
}

export const DEFAULT_CONFIG: TrainConfig = {
  optimizer: 'adam',
  learningRate: 0.001,
  momentum: 0.9,
  schedule: { kind: 'constant' },
  batchSize: 64,
  epochs: 1,
  seed: 1,
  loss: 'auto',
  augmentation: { cropPadding: 0, flip: false },
  probeEvery: 25,
  snapshotEvery: 50,
};

/** Errors in a config as sentences (empty when usable). */
/** What is wrong with a training configuration, in English (configMessages has them as data). */
export function checkConfig(c: TrainConfig): string[] {
  return configMessages(c).map(english);
}

/** What is wrong with a training configuration, as messages (catalogue keys problem.train-*). */
export function configMessages(c: TrainConfig): Msg[] {
  const e: Msg[] = [];
  if (!(c.learningRate > 0 && c.learningRate < 10))
    e.push({ key: 'problem.train-learning-rate', params: { value: c.learningRate } });
  if (!(c.momentum >= 0 && c.momentum < 1)) e.push({ key: 'problem.train-momentum', params: { value: c.momentum } });
  if (!Number.isInteger(c.batchSize) || c.batchSize < 1 || c.batchSize > 4096)
    e.push({ key: 'problem.train-batch-size', params: { value: c.batchSize } });
  if (!Number.isInteger(c.epochs) || c.epochs < 1 || c.epochs > 1000)
    e.push({ key: 'problem.train-epochs', params: { value: c.epochs } });
  if (!Number.isInteger(c.snapshotEvery) || c.snapshotEvery < 1)
    e.push({ key: 'problem.train-snapshot', params: { value: c.snapshotEvery } });
  if (
    c.schedule.kind === 'step' &&
    (!(c.schedule.everyEpochs >= 1) || !(c.schedule.gamma > 0 && c.schedule.gamma <= 1))
  )
    e.push({ key: 'problem.train-schedule' });
  return e;
}

/** Learning rate at a fractional epoch position (epoch + batch/batches), 0-based. */
export function learningRateAt(
  c: Pick<TrainConfig, 'learningRate' | 'schedule' | 'epochs'>,
  epochFloat: number,
): number {
  const s = c.schedule;
  switch (s.kind) {
    case 'constant':
      return c.learningRate;
    case 'step':
      return c.learningRate * Math.pow(s.gamma, Math.floor(epochFloat / s.everyEpochs));
    case 'cosine': {
      const t = Math.min(1, Math.max(0, epochFloat / c.epochs)),
        min = (s.minFactor ?? 0) * c.learningRate;
      return min + (c.learningRate - min) * 0.5 * (1 + Math.cos(Math.PI * t));
    }
  }
}
