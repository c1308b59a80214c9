// The store against a stand-in Worker: a worker that reports its WebGL context lost is ended and replaced at once
// (weights and graph kept); a worker that does not stop after Stop is ended after the watchdog's time, and said so.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { useEditor } from '../store/store';
import { STOP_TIMEOUT_MS, onMessage, training, useTraining } from './trainingStore';
import type { FromWorker, ToWorker } from './protocol';

class FakeWorker {
  static all: FakeWorker[] = [];
  sent: ToWorker[] = [];
  terminated = false;
  onmessage: ((ev: { data: FromWorker }) => void) | null = null;
  onerror: unknown = null;
  onmessageerror: unknown = null;
  constructor() { FakeWorker.all.push(this); }
  postMessage(m: ToWorker) { this.sent.push(m); }
  terminate() { this.terminated = true; }
  /** The worker answering: what its real counterpart would post. */
  emit(m: FromWorker) { this.onmessage?.({ data: m }); }
}
const current = () => FakeWorker.all[FakeWorker.all.length - 1];
const weights = { shapes: [[2]], data: [new Float32Array([0.5, -0.25])] };
const summary = { name: 'MNIST', n: 100, testN: 0, height: 28, width: 28, channels: 1, numClasses: 10, classNames: [] };

beforeAll(() => {
  vi.stubGlobal('Worker', FakeWorker);
  vi.stubGlobal('document', { baseURI: 'http://app.test/' });
});
afterAll(() => { vi.unstubAllGlobals(); vi.useRealTimers(); });

/** A worker with data loaded, weights from a first run, and a second run training. */
function training2ndRun(): FakeWorker {
  training.init();
  training.setConfig({ batchSize: 32 });
  const w = current();
  w.emit({ type: 'backend', name: 'webgl', detail: 'SwiftShader' });
  w.emit({ type: 'loaded', summary, probe: { pixels: new Uint8Array(784), label: 0 } });
  w.emit({ type: 'weights', weights });
  training.start(false);
  w.emit({ type: 'state', state: 'training' });
  w.emit({ type: 'metrics', points: [{ step: 0, epoch: 0, loss: 2, smoothLoss: 2, accuracy: 0.1, smoothAccuracy: 0.1, learningRate: 1e-3, samplesPerSec: 320 }], progress: { epoch: 0, epochs: 1, batch: 1, batches: 10, etaSec: 1, elapsedMs: 100 } });
  expect(useEditor.getState().locked).toBe(true);
  return w;
}

it('a lost WebGL context ends the worker at once and starts a fresh one; the weights and the graph stay', () => {
  const w = training2ndRun();
  const doc = useEditor.getState().doc;
  w.emit({ type: 'fatal', message: 'The WebGL context was lost (GPU reset or driver problem).' });
  const s = useTraining.getState();
  expect(s.state).toBe('failed');
  expect(s.message).toMatch(/WebGL context was lost/);
  expect(s.weights).toBe(weights);
  expect(s.data).toBeNull(); // it lived in the ended worker
  expect(useEditor.getState().locked).toBe(false);
  expect(useEditor.getState().doc).toBe(doc);
  expect(w.terminated).toBe(true);
  expect(current()).not.toBe(w);
  expect(current().sent[0]).toMatchObject({ type: 'init', backend: useTraining.getState().backendChoice });
});

it('ends a worker that does not stop within the watchdog time, and says so', () => {
  vi.useFakeTimers();
  const w = training2ndRun();
  training.stop();
  expect(w.sent.at(-1)).toEqual({ type: 'stop' });
  w.emit({ type: 'state', state: 'stopping' }); // acknowledged, then stuck (a GPU read that never returns)
  // 30 s plus 5 batches at the last speed (32 / 320 samples/s = 100 ms a batch).
  vi.advanceTimersByTime(STOP_TIMEOUT_MS + 400);
  expect(useTraining.getState().state).toBe('stopping');
  expect(w.terminated).toBe(false);
  vi.advanceTimersByTime(200);
  const s = useTraining.getState();
  expect(s.state).toBe('failed');
  expect(s.message).toMatch(/did not stop within 31 s .* graph and the last weights are kept/);
  expect(s.weights).toBe(weights);
  expect(w.terminated).toBe(true);
  expect(useEditor.getState().locked).toBe(false);
  expect(useEditor.getState().notice?.text).toMatch(/did not stop/);
  vi.useRealTimers();
});

it('leaves a worker alone that stops in time, even when its held-out evaluation then takes long', () => {
  vi.useFakeTimers();
  training.setBackend('cpu');
  const w = training2ndRun();
  training.stop();
  w.emit({ type: 'state', state: 'stopping' });
  vi.advanceTimersByTime(2000);
  w.emit({ type: 'weights', weights }); // the loop has ended; evaluation follows
  vi.advanceTimersByTime(10 * STOP_TIMEOUT_MS);
  expect(w.terminated).toBe(false);
  expect(useTraining.getState().state).toBe('stopping');
  onMessage({ type: 'state', state: 'stopped' });
  expect(useTraining.getState().state).toBe('stopped');
  vi.useRealTimers();
});
