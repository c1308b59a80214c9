// The probe cursor on its own (it was module state of the worker): the first training image after a load,
// the first validation image after a split unless the user chose one, ◀ ▶ wrapping through the current list.
import { expect, it } from 'vitest';
import type { Dataset } from '../../shared/data';
import { ProbeCursor } from './probeCursor';

const set = (n: number, offset = 0): Dataset => ({
  name: 't',
  images: Uint8Array.from({ length: n * 4 }, (_, i) => (offset + Math.floor(i / 4)) % 256),
  labels: Uint8Array.from({ length: n }, (_, i) => i % 3),
  n,
  height: 2,
  width: 2,
  channels: 1,
  numClasses: 3,
  classNames: ['a', 'b', 'c'],
});

it('steps through the training set, then the validation images of a split; a chosen image survives the split', () => {
  const c = new ProbeCursor({ train: set(10), test: set(4, 100) });
  expect(c.info()).toMatchObject({ source: 'train', index: 0, list: 'training', position: 0, of: 10, label: 0 });
  expect(c.pick({ kind: 'step', delta: -1 })).toBe(true);
  expect(c.info()).toMatchObject({ index: 9, position: 9 });
  c.split([7, 3, 5]);
  // chosen by the user: kept, now in the validation list
  expect(c.info()).toMatchObject({ source: 'train', index: 9, list: 'validation', position: -1, of: 3 });
  c.pick({ kind: 'step', delta: 1 });
  expect(c.info()).toMatchObject({ index: 3, position: 1 });
  expect(c.trainIndex).toBe(3);
  expect(c.pick({ kind: 'image', source: 'test', index: 2 })).toBe(true);
  expect(c.info()).toMatchObject({ source: 'test', index: 2, list: 'test', position: 2, of: 4 });
  expect(Array.from(c.info()!.pixels)).toEqual([102, 102, 102, 102]);
  expect(c.trainIndex).toBeUndefined();
  expect(c.pick({ kind: 'image', source: 'train', index: 10 })).toBe(false); // out of range: nothing changes
  expect(c.info()).toMatchObject({ source: 'test', index: 2 });
});

it('without a choice, a split moves the probe to the first validation image', () => {
  const c = new ProbeCursor({ train: set(10) });
  c.split([6, 2]);
  expect(c.info()).toMatchObject({ source: 'train', index: 6, list: 'validation', position: 0, of: 2 });
  c.split([]);
  expect(c.info()).toMatchObject({ index: 6, list: 'training', of: 10 });
});
