// The training side of the app: a small zustand store fed by the Worker's messages. The editor store
// is only touched to lock the graph while training and to show notices; the graph itself is never written.
import { create } from 'zustand';
import type { GraphDoc, Problem } from '../../shared/graph';
import { BoundedSeries, DEFAULT_CONFIG, type EpochMetrics, type FeatureMap, type KernelImages, type TrainConfig } from '../../shared/train';
import { useEditor } from '../store/store';
import { sameNetwork } from '../export/sameNetwork';
import type { BackendChoice, BatchPoint, DataSpec, DataSummary, EvaluationMsg, FromWorker, Progress, RunState, ToWorker, WeightsBlob, ProbeInfo, ProbePick } from './protocol';

export interface TrainingState {
  state: RunState;
  message: string | null;
  backend: { name: 'webgl' | 'cpu'; detail: string; notice?: string } | null;
  backendChoice: BackendChoice;
  load: { done: number; total: number; phase: string } | null;
  loadError: string | null;
  data: DataSummary | null;
  probeImage: ProbeInfo | null;
  problems: Problem[];
  config: TrainConfig;
  valFraction: number;
  limit: number | null;
  /** Chart data: bounded, so a long run keeps memory flat. `version` bumps on every change. */
  batches: BatchPoint[];
  epochs: EpochMetrics[];
  progress: Progress | null;
  firstStepMs: number | null;
  maps: FeatureMap[];
  kernels: KernelImages | null;
  probeStep: number;
  evaluation: EvaluationMsg | null;
  weights: WeightsBlob | null;
  /** Id of the doc the weights belong to (weights are dropped when the graph changes shape). */
  weightsDoc: unknown;
  /** A validation or test pass in progress (the worker's evalProgress), else null. */
  evalProgress: { which: 'validation' | 'test'; done: number; total: number } | null;
  /** Seconds since the worker's last message, once a run has been silent for longer than silenceLimitMs; else null. */
  silentSec: number | null;
  /** The worker crashed again within CRASH_LOOP_MS of its automatic restart: not restarted; the panel offers Retry. */
  crashLoop: string | null;
}

// At most 300 points per chart line: drawing cost stays flat however long the run.
const series = new BoundedSeries<BatchPoint & { x: number }>(300);
// Charts re-render at most twice a second (the worker already sends at most 10 messages a second).
const CHART_MS = 500;
let chartTimer: ReturnType<typeof setTimeout> | null = null;
let pendingProgress: Progress | null = null;
function publishNow() {
  if (chartTimer) { clearTimeout(chartTimer); chartTimer = null; }
  useTraining.setState({ batches: [...series.points], progress: pendingProgress });
}
function publishSoon() {
  if (chartTimer) return;
  chartTimer = setTimeout(() => {
    chartTimer = null;
    useTraining.setState({ batches: [...series.points], progress: pendingProgress });
  }, CHART_MS);
}

export const useTraining = create<TrainingState>()(() => ({
  state: 'idle', message: null, backend: null, backendChoice: 'auto', load: null, loadError: null, data: null, probeImage: null,
  problems: [], config: { ...DEFAULT_CONFIG, probeEvery: 10, probeMinIntervalMs: 1000 }, valFraction: 0.1, limit: null,
  batches: [], epochs: [], progress: null, firstStepMs: null, maps: [], kernels: null, probeStep: -1, evaluation: null,
  weights: null, weightsDoc: null, evalProgress: null, silentSec: null, crashLoop: null,
}));

let worker: Worker | null = null;
/** When the current worker was started, and whether it was started automatically after a crash. */
let workerStartedAt = 0;
let autoRestarted = false;

function send(m: ToWorker, transfer: Transferable[] = []) { ensureWorker().postMessage(m, transfer); }

function ensureWorker(auto = false): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'training' });
  // A worker that was ended may still have messages on their way: only the current one is listened to.
  w.onmessage = (ev: MessageEvent<FromWorker>) => { if (worker === w) { heard(); onMessage(ev.data); armLiveness(); } };
  w.onerror = (ev) => {
    ev.preventDefault?.();
    if (worker === w) crashedAndRestart(`The training worker crashed${ev.message ? `: ${ev.message}` : ''}. The graph and the last weights are kept; load the data and start again.`, ev.message || 'no message');
  };
  w.onmessageerror = () => { if (worker === w) crashedAndRestart('The training worker sent a message that could not be read.', 'a message could not be read'); };
  worker = w;
  workerStartedAt = Date.now();
  autoRestarted = auto;
  // Anything but an automatic restart is the user's own try (Retry, a backend, loading data): the loop notice goes.
  if (!auto && useTraining.getState().crashLoop) useTraining.setState({ crashLoop: null, state: 'idle', message: null });
  w.postMessage({ type: 'init', baseUrl: new URL('./', document.baseURI).href, backend: useTraining.getState().backendChoice } satisfies ToWorker);
  return w;
}

function crashed(message: string) {
  disarmStopWatchdog();
  disarmLiveness();
  publishNow(); // the points that arrived before the crash: the charts show how far the run got
  worker?.terminate();
  worker = null;
  useTraining.setState({ state: 'failed', message, data: null, backend: null, load: null, evalProgress: null, silentSec: null });
  useEditor.getState().setLocked(false);
  useEditor.getState().notify('error', message);
}

/**
 * A worker that crashes again this soon after it was restarted automatically is not restarted again (it would
 * crash forever: a worker script that fails to load, a GPU that resets at once): the panel offers Retry.
 */
export const CRASH_LOOP_MS = 5_000;

/**
 * The worker is gone (crashed, lost its WebGL context, or ended by the user): report it and start a fresh worker at
 * once, so the panel shows the backend the next run gets, unless it keeps crashing on start. `cause` is the short
 * reason the crash-loop notice quotes.
 */
function crashedAndRestart(message: string, cause: string, auto = true) {
  const loop = auto && autoRestarted && Date.now() - workerStartedAt < CRASH_LOOP_MS;
  crashed(loop ? `The training worker keeps crashing on start: ${cause}. Try the CPU backend or reload.` : message);
  if (loop) useTraining.setState({ crashLoop: cause });
  else ensureWorker(auto);
}

const RUNNING: RunState[] = ['starting', 'training', 'paused', 'stopping'];
/** A run is under way (the graph is locked, settings are disabled). */
export const isRunning = (state: RunState): boolean => RUNNING.includes(state);

/**
 * Liveness of a run, judged only from the messages the worker sends. While batches run it posts metrics (at most
 * 10 a second, and at least one per batch), probes, epochs and evaluation progress. A run that has been silent for
 * longer than silenceLimitMs gets a notice (Wait / End worker), never an automatic end. Not while paused.
 * minMs: the floor. batchFactor: times the slowest batch (training or evaluation) seen in this run.
 * firstStepFactor: times the first step, since a new batch shape (the last, smaller batch of an epoch; the first
 * evaluation batch) compiles new WebGL shaders, as the first step did. warmupMs: until the first step is done
 * (backend, model, first probe and step: shader compilation), measured on SwiftShader at 12 s for LeNet-5 and 37 s
 * for AlexNet-CIFAR. Exported for tests; training.setLiveness changes it (e2e).
 */
export const LIVENESS = { minMs: 15_000, batchFactor: 10, firstStepFactor: 2, warmupMs: 120_000 };
const DEFAULT_LIVENESS = { ...LIVENESS };
let lastHeard = 0;
/** Wait was pressed at this time (during the current silence): the notice comes back after another full limit. */
let waitedAt = 0;
/** Resume was sent and not answered yet: a paused run that is being resumed is watched too. */
let resuming = false;
/** The slowest batch (ms) seen in this run, from the metrics' samples/s (not the first step) and evalProgress. */
let slowestBatchMs = 0;
let livenessTimer: ReturnType<typeof setTimeout> | null = null;

function heard() { lastHeard = Date.now(); waitedAt = 0; }
function disarmLiveness() { if (livenessTimer) { clearTimeout(livenessTimer); livenessTimer = null; } }

/** How long the current run may be silent before the notice shows (exported for tests). */
export function silenceLimitMs(s: Pick<TrainingState, 'firstStepMs'> = useTraining.getState()): number {
  const L = LIVENESS;
  if (s.firstStepMs === null) return Math.max(L.minMs, L.warmupMs);
  return Math.max(L.minMs, L.batchFactor * slowestBatchMs, L.firstStepFactor * s.firstStepMs);
}

const watched = (s: TrainingState) => !!worker && (['starting', 'training', 'stopping'].includes(s.state) || (s.state === 'paused' && resuming));

/** Shows, updates or hides the no-answer notice, and sets the timer for the next check. */
function armLiveness() {
  disarmLiveness();
  const s = useTraining.getState();
  if (!watched(s)) { if (s.silentSec !== null) useTraining.setState({ silentSec: null }); return; }
  const now = Date.now(), silent = now - lastHeard, due = Math.max(lastHeard, waitedAt) + silenceLimitMs(s);
  if (now >= due) {
    const sec = Math.floor(silent / 1000);
    if (s.silentSec !== sec) useTraining.setState({ silentSec: sec });
    livenessTimer = setTimeout(armLiveness, 1000 - (silent % 1000)); // the count goes on, second by second
  } else {
    if (s.silentSec !== null) useTraining.setState({ silentSec: null });
    livenessTimer = setTimeout(armLiveness, due - now);
  }
}

/**
 * Stop must end the run within one batch. A worker that does not get there (stuck on a GPU read that never
 * returns, or busy forever) is ended after this long, plus 5 batches' time at the last measured speed, and
 * reported: the UI never stays on 'stopping'. Exported for tests.
 */
export const STOP_TIMEOUT_MS = 30_000;
let stopWatchdog: ReturnType<typeof setTimeout> | null = null;
function disarmStopWatchdog() { if (stopWatchdog) { clearTimeout(stopWatchdog); stopWatchdog = null; } }
function armStopWatchdog() {
  disarmStopWatchdog();
  const s = useTraining.getState(), last = series.points[series.points.length - 1];
  const batchMs = last && last.samplesPerSec > 0 ? (1000 * s.config.batchSize) / last.samplesPerSec : 0;
  const ms = Math.round(STOP_TIMEOUT_MS + 5 * batchMs);
  stopWatchdog = setTimeout(() => {
    stopWatchdog = null;
    if (isRunning(useTraining.getState().state)) {
      crashedAndRestart(`The training worker did not stop within ${Math.round(ms / 1000)} s (stuck on the GPU or busy), so it was ended. The graph and the last weights are kept; load the data and start again.`, 'did not stop', false);
    }
  }, ms);
}

/** Applies one worker message to the stores (exported for tests). */
export function onMessage(m: FromWorker) {
  const set = useTraining.setState;
  switch (m.type) {
    case 'backend': set({ backend: { name: m.name, detail: m.detail, notice: m.notice } }); break;
    case 'loadProgress': set({ load: { done: m.done, total: m.total, phase: m.phase } }); break;
    case 'loaded': set({ data: m.summary, probeImage: m.probe, load: null, loadError: null }); break;
    case 'probeImage': set({ probeImage: m.probe }); break;
    case 'loadError': set({ loadError: m.message, load: null }); break;
    case 'problems': set({ problems: m.problems }); break;
    case 'state': {
      resuming = false;
      if (!isRunning(m.state)) disarmStopWatchdog();
      if (!isRunning(m.state)) publishNow(); // the last points and progress, not half a second late
      set({ state: m.state, message: m.message ?? null });
      useEditor.getState().setLocked(isRunning(m.state));
      if (m.state === 'diverged' || (m.state === 'failed' && m.message)) useEditor.getState().notify('error', m.message ?? 'Training failed.');
      break;
    }
    case 'metrics': {
      const batch = useTraining.getState().config.batchSize;
      for (const p of m.points) {
        series.push({ ...p, x: p.step });
        // Step 0's speed includes the first step's start-up (shader compilation): firstStepMs covers that.
        if (p.step > 0 && p.samplesPerSec > 0) slowestBatchMs = Math.max(slowestBatchMs, (1000 * batch) / p.samplesPerSec);
      }
      pendingProgress = m.progress;
      publishSoon();
      break;
    }
    case 'epoch': set((s) => ({ epochs: [...s.epochs, m.m], evalProgress: null })); break;
    case 'evalProgress':
      slowestBatchMs = Math.max(slowestBatchMs, m.batchMs);
      set({ evalProgress: { which: m.which, done: m.done, total: m.total } });
      break;
    case 'probe': set({ maps: m.maps, kernels: m.kernels, probeStep: m.step }); break;
    case 'evaluation': set({ evaluation: m.e, evalProgress: null }); break;
    case 'weights': disarmStopWatchdog(); set({ weights: m.weights, weightsDoc: useEditor.getState().doc }); break;
    case 'firstStep': set({ firstStepMs: m.ms }); break;
    case 'error': set({ message: m.message }); useEditor.getState().notify('error', m.message); break;
    // A fresh worker at once (a fresh WebGL context), so the panel shows the backend the next run gets.
    case 'fatal': crashedAndRestart(m.message, m.message.replace(/\..*$/s, '')); break;
  }
}

/**
 * The weights training can continue from with `doc`, or null: weights belong to a network, not a layout,
 * so moving nodes or the automatic layout keeps them; any change of nodes, params or wiring drops them.
 */
export function continuable(s: Pick<TrainingState, 'weights' | 'weightsDoc'>, doc: GraphDoc): WeightsBlob | null {
  return s.weights && sameNetwork(s.weightsDoc, doc) ? s.weights : null;
}

export const training = {
  /** Starts the worker (the panel mounts), unless it keeps crashing: then only Retry or a backend choice does. */
  init() { if (!useTraining.getState().crashLoop) ensureWorker(); },
  setBackend(choice: BackendChoice) {
    useTraining.setState({ backendChoice: choice });
    // A backend is chosen once per worker: start a fresh one (the data is loaded again).
    if (worker) { worker.terminate(); worker = null; useTraining.setState({ data: null, backend: null, state: 'idle' }); }
    ensureWorker();
  },
  /** After the crash-loop notice: try a fresh worker again. */
  retry() { ensureWorker(); },
  load(spec: DataSpec, transfer: Transferable[] = []) {
    useTraining.setState({ loadError: null, load: { done: 0, total: 1, phase: 'starting' } });
    send({ type: 'load', data: spec }, transfer);
  },
  cancelLoad() { send({ type: 'cancelLoad' }); },
  setConfig(patch: Partial<TrainConfig>) { useTraining.setState((s) => ({ config: { ...s.config, ...patch } })); },
  setOptions(o: { valFraction?: number; limit?: number | null }) { useTraining.setState(o); },
  /** Starts training; `continueTraining` resumes from the last weights when the graph is unchanged. */
  start(continueTraining = false) {
    const s = useTraining.getState(), doc = useEditor.getState().doc;
    const continueFrom = continueTraining ? continuable(s, doc) : null;
    series.clear();
    slowestBatchMs = 0;
    useTraining.setState({ batches: [], epochs: s.epochs.length && continueFrom ? s.epochs : [], evaluation: null, evalProgress: null, progress: null, message: null, firstStepMs: null, state: 'starting' });
    useEditor.getState().setLocked(true);
    send({ type: 'start', req: { doc, config: s.config, valFraction: s.valFraction, limit: s.limit ?? undefined, continueFrom } });
    heard(); // silence is counted from now, not from the worker's last message before the run
    armLiveness();
  },
  /** Choose the probe image (◀ ▶ through the validation images, a random one, or a given image). */
  pickProbe(pick: ProbePick) { if (worker) send({ type: 'pickProbe', pick }); },
  pause() { send({ type: 'pause' }); },
  resume() { send({ type: 'resume' }); resuming = true; heard(); armLiveness(); },
  stop() { send({ type: 'stop' }); armStopWatchdog(); },
  /** Forget the trained weights: the next start begins from fresh initial weights. */
  resetWeights() { useTraining.setState({ weights: null, weightsDoc: null, epochs: [], batches: [], evaluation: null, maps: [], kernels: null }); series.clear(); },
  /** The no-answer notice's Wait: hide it; it comes back after another full limit of silence. */
  waitForWorker() { waitedAt = Date.now(); armLiveness(); },
  /** The no-answer notice's End worker: as a crash (graph and weights kept), and a fresh worker at once. */
  endWorker() {
    const sec = useTraining.getState().silentSec ?? Math.floor((Date.now() - lastHeard) / 1000);
    crashedAndRestart(`The training worker did not answer for ${sec} s and was ended. The graph and the last weights are kept; load the data and start again.`, 'ended', false);
  },
  /** For tests only: make the worker lose its WebGL context for real (WEBGL_lose_context), as a GPU reset does. */
  debugLoseContext() { send({ type: 'debugLoseContext' }); },
  /** For tests only: the worker's next batch busy-loops forever (it never answers again). */
  debugHang() { send({ type: 'debugHang' }); },
  /** For tests: change how long a run may be silent (LIVENESS); no argument restores the defaults. */
  setLiveness(patch: Partial<typeof LIVENESS> | null = null) { Object.assign(LIVENESS, patch ?? DEFAULT_LIVENESS); armLiveness(); },
  /** For tests: end the worker as if it had crashed (reported, then a fresh worker at once, as onerror does). */
  simulateCrash() { if (worker) crashedAndRestart('The training worker crashed (simulated). The graph and the last weights are kept; load the data and start again.', 'simulated'); },
};
