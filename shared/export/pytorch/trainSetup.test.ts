// train.py must train on the data set the app trained on: each data source maps to its train.py loader.
import { expect, it } from 'vitest';
import type { DataKind } from '../../data';
import { DEFAULT_CONFIG } from '../../train';
import { trainSetupFrom } from './export';

it('names the data set the app trained on', () => {
  const ds = (kind: DataKind, name?: string) => trainSetupFrom(DEFAULT_CONFIG, { kind, name }, 0.1).dataset;
  expect(ds('mnist', 'MNIST')).toBe('mnist');
  expect(ds('cifar10', 'CIFAR-10')).toBe('cifar10');
  expect(ds('cifar-sprite', 'data_batch_1.png')).toBe('cifar10');
  expect(ds('idx', 'Fashion-MNIST')).toBe('fashion-mnist');
  expect(ds('idx', 'my-digits')).toBe('idx');
  const s = trainSetupFrom(
    { ...DEFAULT_CONFIG, epochs: 7, batchSize: 32, schedule: { kind: 'step', everyEpochs: 3, gamma: 0.5 } },
    { kind: 'mnist' },
    0.2,
  );
  expect([s.epochs, s.batchSize, s.schedule, s.stepEpochs, s.gamma, s.validationSplit]).toEqual([
    7,
    32,
    'step',
    3,
    0.5,
    0.2,
  ]);
});
