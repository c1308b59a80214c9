// The app side of the protocol: worker messages drive the training store and lock/unlock the graph;
// chart points are published in batches (bounded), at once when a run ends; errors become notices.
import { afterEach, expect, it, vi } from 'vitest';
import { useEditor } from '../store/store';
import { onMessage, useTraining } from './trainingStore';
import type { BatchPoint } from './protocol';

afterEach(() => vi.useRealTimers());

const point = (step: number): BatchPoint => ({ step, epoch: 0, loss: 2 - step / 1000, smoothLoss: 2, accuracy: 0.5, smoothAccuracy: 0.5, learningRate: 0.001, samplesPerSec: 100 });
const progress = { epoch: 0, epochs: 1, batch: 1, batches: 10, etaSec: 5, elapsedMs: 100 };

it('locks the graph while training, publishes chart points at most twice a second, and flushes when done', () => {
  vi.useFakeTimers();
  onMessage({ type: 'state', state: 'training' });
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
  onMessage({ type: 'state', state: 'training' });
  for (let i = 0; i < 20_000; i++) onMessage({ type: 'metrics', points: [point(i)], progress });
  onMessage({ type: 'state', state: 'stopped' });
  const b = useTraining.getState().batches;
  expect(b.length).toBeLessThanOrEqual(300);
  expect(b[b.length - 1].step).toBeGreaterThan(19_000);
});

it('turns divergence and worker errors into notices, and keeps the weights it was sent', () => {
  onMessage({ type: 'weights', weights: { shapes: [[2]], data: [new Float32Array([1, 2])] } });
  onMessage({ type: 'state', state: 'diverged', message: 'The loss became NaN at epoch 1, batch 3' });
  expect(useEditor.getState().notice).toEqual({ kind: 'error', text: 'The loss became NaN at epoch 1, batch 3' });
  expect(useEditor.getState().locked).toBe(false);
  onMessage({ type: 'error', message: 'The WebGL context was lost' });
  expect(useTraining.getState().message).toBe('The WebGL context was lost');
  expect(useTraining.getState().weights?.data[0]).toEqual(new Float32Array([1, 2]));
  expect(useTraining.getState().weightsDoc).toBe(useEditor.getState().doc);
});
