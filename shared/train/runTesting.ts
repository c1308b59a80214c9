// A run record for tests of the run history (projectFiles, projectBlobs, the CLI's runs command).
import type { GraphDoc } from '../graph';
import { makeRunRecord, preprocessingOf, type RunRecord } from './runRecord';
import { tinyNet } from './testing';

const weights = (seed: number) =>
  new Map([
    ['dense/kernel', { shape: [2, 3], data: Float32Array.from({ length: 6 }, (_, i) => i * seed + 0.25) }],
    ['dense/bias', { shape: [3], data: Float32Array.from([seed, -seed, 0.5]) }],
  ]);

export function sampleRecord(
  doc: GraphDoc = tinyNet(),
  w: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }> = weights(1),
  over: Partial<RunRecord['training']> = {},
  loss = [0.9, 0.5],
): RunRecord {
  return makeRunRecord({
    doc,
    data: {
      name: 'Synthetic bars',
      kind: 'synthetic',
      hashes: [],
      inputShape: [28, 28, 1],
      numClasses: 10,
      counts: { train: 90, val: 10, test: 20 },
      split: { valFraction: 0.1, seed: 1 },
      augmentation: { cropPadding: 0, flip: false },
    },
    preprocessing: preprocessingOf({ kind: 'unit' }, 1),
    training: {
      optimizer: 'adam',
      learningRate: 0.001,
      momentum: 0.9,
      schedule: { kind: 'constant' },
      batchSize: 32,
      epochs: loss.length,
      seed: 1,
      loss: 'auto',
      ...over,
    },
    backend: { name: 'cpu', tfjs: '4.22.0', app: '0.1.0' },
    epochs: loss.map((l, i) => ({ epoch: i, loss: l, accuracy: 0.5, valLoss: null, valAccuracy: null, elapsedMs: 10 })),
    test: null,
    stopReason: 'done',
    steps: 6,
    wallTimeMs: 20,
    weights: w,
    createdAt: '2026-12-02T00:00:00.000Z',
  });
}
