// The app side of the protocol: worker messages drive the training store and lock/unlock the graph;
// chart points are published in batches (bounded), at once when a run ends; errors become notices.
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { useEditor } from '../store/store';
import { createTraining } from './trainingStore';
import type { BatchPoint } from './protocol';

/** A fresh instance per test; its worker is never started here (messages are applied directly). */
const fresh = () =>
  createTraining({
    createWorker: () => {
      throw new Error('no worker in this test');
    },
    editor: () => useEditor.getState(),
    baseUrl: () => '',
  });
let { onMessage, useTraining } = fresh();
beforeEach(() => ({ onMessage, useTraining } = fresh()));
afterEach(() => vi.useRealTimers());

const point = (step: number): BatchPoint => ({
  step,
  epoch: 0,
  loss: 2 - step / 1000,
  smoothLoss: 2,
  accuracy: 0.5,
  smoothAccuracy: 0.5,
  learningRate: 0.001,
  samplesPerSec: 100,
});
const progress = { epoch: 0, epochs: 1, batch: 1, batches: 10, etaSec: 5, elapsedMs: 100 };

it('locks the graph while training, publishes chart points at most twice a second, and flushes when done', () => {
  vi.useFakeTimers();
  onMessage({ type: 'state', state: 'starting' });
  onMessage({ type: 'state', state: 'training' });
  expect(useTraining.getState().state).toBe('training');
  expect(useEditor.getState().locked).toBe(true);
  for (let i = 0; i < 5; i++) onMessage({ type: 'metrics', points: [point(i)], progress });
  expect(useTraining.getState().batches).toHaveLength(0); // not yet: one redraw per 500 ms
  vi.advanceTimersByTime(500);
  expect(useTraining.getState().batches).toHaveLength(5);
  onMessage({ type: 'metrics', points: [point(5)], progress: { ...progress, batch: 10 } });
  onMessage({ type: 'state', state: 'done' });
  expect(useTraining.getState().batches).toHaveLength(6);
  expect(useTraining.getState().progress?.batch).toBe(10);
  expect(useEditor.getState().locked).toBe(false);
});

it('keeps at most 300 chart points however long the run', () => {
  vi.useFakeTimers();
  onMessage({ type: 'state', state: 'starting' });
  onMessage({ type: 'state', state: 'training' });
  for (let i = 0; i < 20_000; i++) onMessage({ type: 'metrics', points: [point(i)], progress });
  onMessage({ type: 'state', state: 'stopped' });
  const b = useTraining.getState().batches;
  expect(b.length).toBeLessThanOrEqual(300);
  expect(b[b.length - 1].step).toBeGreaterThan(19_000);
});

it('turns divergence and worker errors into notices, and keeps the weights it was sent', () => {
  onMessage({ type: 'state', state: 'starting' });
  onMessage({ type: 'state', state: 'training' });
  onMessage({ type: 'weights', weights: { shapes: [[2]], data: [new Float32Array([1, 2])] } });
  onMessage({ type: 'state', state: 'diverged', message: 'The loss became NaN at epoch 1, batch 3' });
  expect(useEditor.getState().notice).toEqual({ kind: 'error', text: 'The loss became NaN at epoch 1, batch 3' });
  expect(useEditor.getState().locked).toBe(false);
  onMessage({ type: 'error', message: 'The WebGL context was lost' });
  expect(useTraining.getState().message).toBe('The WebGL context was lost');
  expect(useTraining.getState().weights?.data[0]).toEqual(new Float32Array([1, 2]));
  expect(useTraining.getState().weightsDoc).toBe(useEditor.getState().doc);
});

it('moves the run state only through the transition table: late reports do not undo a stop or reopen an ended run', () => {
  onMessage({ type: 'state', state: 'starting' });
  onMessage({ type: 'state', state: 'stopping' }); // Stop pressed while the run was starting
  onMessage({ type: 'state', state: 'training' }); // the run got past its start: it stops at once, still 'stopping'
  expect(useTraining.getState().state).toBe('stopping');
  expect(useEditor.getState().locked).toBe(true);
  onMessage({ type: 'state', state: 'stopped' });
  onMessage({ type: 'state', state: 'paused' }); // a Pause that crossed the end of the run
  expect(useTraining.getState().state).toBe('stopped');
  expect(useEditor.getState().locked).toBe(false);
  onMessage({ type: 'state', state: 'ready' }); // a late load result is still taken
  expect(useTraining.getState().state).toBe('ready');
});

it('ships no test hooks: the API the panel uses has no fault or debug entry points', () => {
  const api = Object.keys(
    createTraining({
      createWorker: () => {
        throw new Error('unused');
      },
      editor: () => useEditor.getState(),
      baseUrl: () => '',
    }).training,
  );
  for (const hook of ['debugHang', 'debugLoseContext', 'simulateCrash', 'setLiveness']) expect(api).not.toContain(hook);
});

it('Continue appends to the charts and counts epochs on from where the last run ended (epoch 4/6)', () => {
  vi.useFakeTimers();
  const sent: unknown[] = [];
  const t = createTraining({
    createWorker: () => ({
      postMessage: (m: unknown) => void sent.push(m),
      terminate: () => undefined,
      onmessage: null,
      onerror: null,
      onmessageerror: null,
    }),
    editor: () => useEditor.getState(),
    baseUrl: () => '',
  });
  const doc = useEditor.getState().doc;
  const run = (epochs: number) => {
    t.onMessage({ type: 'state', state: 'training' });
    for (let e = 0; e < epochs; e++) {
      for (let b = 0; b < 3; b++)
        t.onMessage({
          type: 'metrics',
          points: [{ ...point(e * 3 + b), epoch: e }],
          progress: { ...progress, epoch: e, epochs, batch: b + 1, batches: 3 },
        });
      t.onMessage({
        type: 'epoch',
        m: { epoch: e, loss: 1, accuracy: 0.5, valLoss: null, valAccuracy: null, elapsedMs: 1 },
      });
    }
    t.onMessage({ type: 'weights', weights: { shapes: [[1]], data: [new Float32Array([1])] } });
    t.onMessage({ type: 'state', state: 'done' });
  };
  t.training.start(false);
  run(3);
  expect(t.useTraining.getState().batches.map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  expect(t.useTraining.getState().weightsDoc).toBe(doc);
  t.training.start(true);
  expect(t.useTraining.getState().batches).toHaveLength(9); // not cleared
  run(3);
  const s = t.useTraining.getState();
  expect(s.batches.map((p) => p.step)).toEqual([...Array(18).keys()]);
  expect(s.batches.at(-1)?.epoch).toBe(5);
  expect(s.progress).toMatchObject({ epoch: 5, epochs: 6 }); // "epoch 6/6"
  expect(s.epochs.map((e) => e.epoch)).toEqual([0, 1, 2, 3, 4, 5]);
  // A fresh Train starts the charts over.
  t.training.start(false);
  expect(t.useTraining.getState().batches).toEqual([]);
  expect(t.useTraining.getState().epochs).toEqual([]);
});

it('keeps the Data section choices (data set, limit) in the store, so a tab switch does not forget them', () => {
  const t = fresh();
  expect(t.useTraining.getState().dataForm).toEqual({ kind: 'mnist', limit: '' });
  t.training.setDataForm({ limit: '4000' });
  t.training.setDataForm({ kind: 'cifar10' });
  expect(t.useTraining.getState().dataForm).toEqual({ kind: 'cifar10', limit: '4000' });
});
