// The store against a stand-in Worker: a worker that reports its WebGL context lost is ended and replaced at once
// (weights and graph kept); a worker that does not stop after Stop is ended after the watchdog's time, and said so;
// a run that stops answering gets a notice (Wait / End worker); a crashed worker is replaced at once, unless it
// keeps crashing on start.
import { afterAll, beforeEach, expect, it, vi } from 'vitest';
import { useEditor } from '../store/store';
import { STOP_TIMEOUT_MS, createTraining } from './trainingStore';
import type { WorkerLike } from './supervisor';
import type { FromWorker, ToWorker } from './protocol';

const PROBE = {
  pixels: new Uint8Array(784),
  label: 0,
  source: 'train' as const,
  index: 0,
  list: 'training' as const,
  position: 0,
  of: 1000,
};

class FakeWorker {
  static all: FakeWorker[] = [];
  sent: ToWorker[] = [];
  terminated = false;
  onmessage: ((ev: { data: FromWorker }) => void) | null = null;
  onerror: unknown = null;
  onmessageerror: unknown = null;
  constructor() {
    FakeWorker.all.push(this);
  }
  postMessage(m: ToWorker) {
    this.sent.push(m);
  }
  terminate() {
    this.terminated = true;
  }
  /** The worker answering: what its real counterpart would post. */
  emit(m: FromWorker) {
    this.onmessage?.({ data: m });
  }
}
const current = () => FakeWorker.all[FakeWorker.all.length - 1];
const weights = { shapes: [[2]], data: [new Float32Array([0.5, -0.25])] };
const summary = {
  kind: 'mnist' as const,
  name: 'MNIST',
  n: 100,
  testN: 0,
  height: 28,
  width: 28,
  channels: 1,
  numClasses: 10,
  classNames: [],
};

/** A fresh training instance per test: its own store, supervisor and stand-in workers. */
const fresh = () =>
  createTraining({
    createWorker: () => new FakeWorker() as unknown as WorkerLike,
    editor: () => useEditor.getState(),
    baseUrl: () => 'http://app.test/',
  });
let { training, useTraining, onMessage, supervisor } = fresh();
beforeEach(() => {
  FakeWorker.all = [];
  ({ training, useTraining, onMessage, supervisor } = fresh());
});
afterAll(() => vi.useRealTimers());
const silenceLimitMs = () => supervisor.silenceLimitMs();

/** A worker with data loaded, weights from a first run, and a second run training. */
function training2ndRun(): FakeWorker {
  training.init();
  training.setConfig({ batchSize: 32 });
  const w = current();
  w.emit({ type: 'backend', name: 'webgl', detail: 'SwiftShader' });
  w.emit({ type: 'loaded', summary, probe: PROBE });
  w.emit({ type: 'weights', weights });
  training.start(false);
  w.emit({ type: 'state', state: 'training' });
  w.emit({
    type: 'metrics',
    points: [
      {
        step: 0,
        epoch: 0,
        loss: 2,
        smoothLoss: 2,
        accuracy: 0.1,
        smoothAccuracy: 0.1,
        learningRate: 1e-3,
        samplesPerSec: 320,
      },
    ],
    progress: { epoch: 0, epochs: 1, batch: 1, batches: 10, etaSec: 1, elapsedMs: 100 },
  });
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
  expect(current()).not.toBe(w); // a fresh worker at once
  expect(current().sent[0]).toMatchObject({ type: 'init' });
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

// ---- Liveness: a run that stops answering (busy forever, a GPU read that never returns without a context loss) ----

/** A fresh worker (as choosing a backend starts one), then the second run, past its first step (500 ms). */
function liveRun(): FakeWorker {
  supervisor.setLiveness(null); // the defaults
  training.setBackend('auto');
  const w = training2ndRun();
  w.emit({ type: 'firstStep', ms: 500 });
  return w;
}
const metrics = (step: number, samplesPerSec: number): FromWorker => ({
  type: 'metrics',
  points: [
    { step, epoch: 0, loss: 1, smoothLoss: 1, accuracy: 0.5, smoothAccuracy: 0.5, learningRate: 1e-3, samplesPerSec },
  ],
  progress: { epoch: 0, epochs: 1, batch: step + 1, batches: 100, etaSec: 10, elapsedMs: 1000 },
});
const silent = () => useTraining.getState().silentSec;
const crash = (w: FakeWorker, message: string) => (w.onerror as (e: unknown) => void)({ message, preventDefault() {} });

it('a run silent for 15 s gets the no-answer notice, counting up; Wait hides it for another 15 s; any message ends it', () => {
  vi.useFakeTimers();
  const w = liveRun();
  w.emit(metrics(5, 320)); // 100 ms a batch: the 15 s floor applies
  expect(supervisor.liveness).toEqual({ minMs: 15_000, batchFactor: 10, firstStepFactor: 2, warmupMs: 120_000 });
  expect(silenceLimitMs()).toBe(15_000);
  vi.advanceTimersByTime(14_900);
  expect(silent()).toBeNull();
  vi.advanceTimersByTime(100);
  expect(silent()).toBe(15);
  vi.advanceTimersByTime(3_000);
  expect(silent()).toBe(18);
  expect(useTraining.getState().state).toBe('training'); // a notice, never an automatic end
  expect(w.terminated).toBe(false);
  training.waitForWorker();
  expect(silent()).toBeNull();
  vi.advanceTimersByTime(14_900);
  expect(silent()).toBeNull();
  vi.advanceTimersByTime(100);
  expect(silent()).toBe(33); // counted from the last message, not from Wait
  w.emit(metrics(6, 320));
  expect(silent()).toBeNull();
  vi.advanceTimersByTime(10 * 60_000);
  expect(silent()).toBe(600); // the count goes on while nothing comes
  w.emit({ type: 'state', state: 'done' }); // a run that has ended is not watched
  expect(silent()).toBeNull();
  vi.advanceTimersByTime(10 * 60_000);
  expect(silent()).toBeNull();
  vi.useRealTimers();
});

it('the limit follows the run: 2 min until the first step, then 2x the first step and 10x the slowest batch', () => {
  vi.useFakeTimers();
  supervisor.setLiveness(null);
  training.setBackend('auto');
  const w = training2ndRun(); // started; no first step yet (WebGL compiles its shaders meanwhile)
  expect(silenceLimitMs()).toBe(120_000);
  vi.advanceTimersByTime(119_000);
  expect(silent()).toBeNull();
  vi.advanceTimersByTime(1_000);
  expect(silent()).toBe(120);
  w.emit({ type: 'firstStep', ms: 12_000 }); // SwiftShader's LeNet-5: a new batch shape may compile as long again
  expect(silent()).toBeNull();
  expect(silenceLimitMs()).toBe(24_000);
  vi.advanceTimersByTime(23_900);
  expect(silent()).toBeNull();
  vi.advanceTimersByTime(100);
  expect(silent()).toBe(24);
  w.emit(metrics(0, 1)); // step 0's speed includes the start-up: not a batch time
  expect(silenceLimitMs()).toBe(24_000);
  w.emit(metrics(10, 32 / 4)); // 32 images in 4 s
  expect(silenceLimitMs()).toBe(40_000);
  vi.advanceTimersByTime(39_900);
  expect(silent()).toBeNull();
  vi.advanceTimersByTime(100);
  expect(silent()).toBe(40);
  w.emit({ type: 'state', state: 'done' });
  vi.useRealTimers();
});

it('a paused run is not watched, however long; a Resume the worker does not answer is', () => {
  vi.useFakeTimers();
  const w = liveRun();
  training.pause();
  w.emit({ type: 'state', state: 'paused' });
  vi.advanceTimersByTime(30 * 60_000);
  expect(silent()).toBeNull();
  expect(w.terminated).toBe(false);
  training.resume(); // and no answer: stuck
  vi.advanceTimersByTime(14_900);
  expect(silent()).toBeNull();
  vi.advanceTimersByTime(100);
  expect(silent()).toBe(15);
  expect(useTraining.getState().state).toBe('paused');
  w.emit({ type: 'state', state: 'training' });
  expect(silent()).toBeNull();
  w.emit({ type: 'state', state: 'stopped' });
  vi.useRealTimers();
});

it('a slow but progressing evaluation of a big test set gets no notice; one that stops progressing does', () => {
  vi.useFakeTimers();
  const w = liveRun();
  w.emit(metrics(50, 320));
  // The held-out pass: 10,000 images, 256 a batch, 12 s a batch (a big net on a slow machine), posted per batch.
  w.emit({ type: 'evalProgress', which: 'test', done: 0, total: 10_000, batchMs: 0 });
  for (let i = 1; i <= 39; i++) {
    vi.advanceTimersByTime(12_000);
    w.emit({ type: 'evalProgress', which: 'test', done: i * 256, total: 10_000, batchMs: 12_000 });
    expect(silent()).toBeNull();
  }
  expect(useTraining.getState().evalProgress).toEqual({ which: 'test', done: 9_984, total: 10_000 });
  expect(silenceLimitMs()).toBe(120_000); // 10 x its slowest batch
  vi.advanceTimersByTime(119_900);
  expect(silent()).toBeNull();
  vi.advanceTimersByTime(100);
  expect(silent()).toBe(120);
  expect(w.terminated).toBe(false);
  w.emit({ type: 'state', state: 'done' });
  expect(silent()).toBeNull();
  vi.useRealTimers();
});

it('End worker: reported like a crash, the graph and the weights kept, a fresh worker at once; the ended one is not heard any more', () => {
  vi.useFakeTimers();
  const w = liveRun();
  const doc = useEditor.getState().doc;
  vi.advanceTimersByTime(20_000);
  expect(silent()).toBe(20);
  training.endWorker();
  const s = useTraining.getState();
  expect(s.state).toBe('failed');
  expect(s.message).toMatch(/did not answer for 20 s and was ended\. The graph and the last weights are kept/);
  expect(s.silentSec).toBeNull();
  expect(s.weights).toBe(weights);
  expect(s.data).toBeNull();
  expect(useEditor.getState().doc).toBe(doc);
  expect(useEditor.getState().locked).toBe(false);
  expect(w.terminated).toBe(true);
  const fresh = current();
  expect(fresh).not.toBe(w);
  expect(fresh.sent).toEqual([{ type: 'init', baseUrl: 'http://app.test/', backend: 'auto' }]);
  w.emit({ type: 'state', state: 'training' }); // a late message from the ended worker
  expect(useTraining.getState().state).toBe('failed');
  // The fresh worker reports its backend; with the data loaded again, training continues from the kept weights.
  fresh.emit({ type: 'backend', name: 'cpu', detail: 'tfjs cpu' });
  fresh.emit({ type: 'loaded', summary, probe: PROBE });
  training.start(true);
  expect(fresh.sent.at(-1)).toMatchObject({ type: 'start', req: { continueFrom: weights } });
  vi.advanceTimersByTime(60_000); // 'starting': the warm-up limit
  expect(silent()).toBeNull();
  fresh.emit({ type: 'state', state: 'done' });
  vi.useRealTimers();
});

it('a crashed worker is replaced at once; one that crashes again within 5 s of that restart is not, and Retry starts one', () => {
  vi.useFakeTimers();
  const w = liveRun();
  vi.advanceTimersByTime(60_000);
  crash(w, 'Uncaught RangeError: Array buffer allocation failed');
  let s = useTraining.getState();
  expect(s.state).toBe('failed');
  expect(s.message).toMatch(
    /^The training worker crashed: Uncaught RangeError: Array buffer allocation failed\. The graph and the last weights are kept/,
  );
  expect(s.weights).toBe(weights);
  expect(s.crashLoop).toBeNull();
  expect(w.terminated).toBe(true);
  const second = current();
  expect(second).not.toBe(w);
  expect(second.sent[0]).toMatchObject({ type: 'init' });
  // The restarted worker crashes 1 s after its start: it would crash forever; no third one.
  vi.advanceTimersByTime(1_000);
  crash(second, 'Uncaught SyntaxError: Unexpected token');
  s = useTraining.getState();
  expect(current()).toBe(second);
  expect(second.terminated).toBe(true);
  expect(s.state).toBe('failed');
  expect(s.crashLoop).toBe('Uncaught SyntaxError: Unexpected token');
  expect(s.message).toBe(
    'The training worker keeps crashing on start: Uncaught SyntaxError: Unexpected token. Try the CPU backend or reload.',
  );
  expect(s.weights).toBe(weights);
  training.init(); // the panel mounting again does not restart it either
  expect(current()).toBe(second);
  // Retry: a fresh worker, the notice gone; that one is the user's own try, so one quick crash is restarted again.
  training.retry();
  const third = current();
  expect(third).not.toBe(second);
  expect(third.sent[0]).toMatchObject({ type: 'init' });
  s = useTraining.getState();
  expect([s.crashLoop, s.message, s.state]).toEqual([null, null, 'idle']);
  vi.advanceTimersByTime(500);
  crash(third, 'boom');
  const fourth = current();
  expect(fourth).not.toBe(third);
  expect(useTraining.getState().crashLoop).toBeNull();
  // An automatic restart that lives longer than 5 s and then crashes is restarted.
  vi.advanceTimersByTime(6_000);
  crash(fourth, 'boom');
  expect(current()).not.toBe(fourth);
  expect(useTraining.getState().crashLoop).toBeNull();
  // A lost WebGL context counts too: a GPU that resets at once on every start is not restarted forever.
  vi.advanceTimersByTime(100);
  current().emit({
    type: 'fatal',
    message: 'The WebGL context was lost (GPU reset or driver problem). The graph and the last weights are kept.',
  });
  expect(useTraining.getState().message).toBe(
    'The training worker keeps crashing on start: The WebGL context was lost (GPU reset or driver problem). Try the CPU backend or reload.',
  );
  training.retry();
  expect(useTraining.getState().crashLoop).toBeNull();
  // A backend choice clears a crash loop too.
  crash(current(), 'boom'); // Retry's own worker: restarted
  vi.advanceTimersByTime(100);
  crash(current(), 'boom'); // and its restart: not
  expect(useTraining.getState().crashLoop).toBe('boom');
  training.setBackend('cpu');
  expect(useTraining.getState().crashLoop).toBeNull();
  expect(current().sent[0]).toMatchObject({ type: 'init', backend: 'cpu' });
  vi.useRealTimers();
});

it('a CPU thread count is chosen once per worker: choosing one starts a fresh worker that gets it; auto sends none', () => {
  training.init();
  const first = current();
  expect(first.sent[0]).not.toHaveProperty('threads');
  training.setThreads(3);
  expect(first.terminated).toBe(true);
  expect(useTraining.getState().cpuThreads).toBe(3);
  expect(current().sent[0]).toMatchObject({ type: 'init', threads: 3 });
  training.setThreads(null);
  expect(current().sent[0]).not.toHaveProperty('threads');
});
