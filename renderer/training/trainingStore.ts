// The training side of the app: a small zustand store fed by the Worker's messages. The editor store
// is only touched to lock the graph while training and to show notices; the graph itself is never written.
import { create } from 'zustand';
import type { GraphDoc, Problem } from '../../shared/graph';
import { BoundedSeries, DEFAULT_CONFIG, type EpochMetrics, type FeatureMap, type KernelImages, type TrainConfig } from '../../shared/train';
import { useEditor } from '../store/store';
import { sameNetwork } from '../export/sameNetwork';
import type { BackendChoice, BatchPoint, DataSpec, DataSummary, EvaluationMsg, FromWorker, Progress, RunState, ToWorker, WeightsBlob } from './protocol';

export interface TrainingState {
  state: RunState;
  message: string | null;
  backend: { name: 'webgl' | 'cpu'; detail: string; notice?: string } | null;
  backendChoice: BackendChoice;
  load: { done: number; total: number; phase: string } | null;
  loadError: string | null;
  data: DataSummary | null;
  probeImage: { pixels: Uint8Array; label: number } | null;
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
  weights: null, weightsDoc: null,
}));

let worker: Worker | null = null;

function send(m: ToWorker, transfer: Transferable[] = []) { ensureWorker().postMessage(m, transfer); }

function ensureWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'training' });
  w.onmessage = (ev: MessageEvent<FromWorker>) => onMessage(ev.data);
  w.onerror = (ev) => {
    ev.preventDefault?.();
    crashed(`The training worker crashed${ev.message ? `: ${ev.message}` : ''}. The graph and the last weights are kept; load the data and start again.`);
  };
  w.onmessageerror = () => crashed('The training worker sent a message that could not be read.');
  worker = w;
  w.postMessage({ type: 'init', baseUrl: new URL('./', document.baseURI).href, backend: useTraining.getState().backendChoice } satisfies ToWorker);
  return w;
}

function crashed(message: string) {
  disarmStopWatchdog();
  publishNow(); // the points that arrived before the crash: the charts show how far the run got
  worker?.terminate();
  worker = null;
  useTraining.setState({ state: 'failed', message, data: null, backend: null, load: null });
  useEditor.getState().setLocked(false);
  useEditor.getState().notify('error', message);
}

const RUNNING: RunState[] = ['starting', 'training', 'paused', 'stopping'];

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
    if (RUNNING.includes(useTraining.getState().state)) {
      crashed(`The training worker did not stop within ${Math.round(ms / 1000)} s (stuck on the GPU or busy), so it was ended. The graph and the last weights are kept; load the data and start again.`);
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
    case 'loadError': set({ loadError: m.message, load: null }); break;
    case 'problems': set({ problems: m.problems }); break;
    case 'state': {
      if (!RUNNING.includes(m.state)) disarmStopWatchdog();
      if (!RUNNING.includes(m.state)) publishNow(); // the last points and progress, not half a second late
      set({ state: m.state, message: m.message ?? null });
      useEditor.getState().setLocked(RUNNING.includes(m.state));
      if (m.state === 'diverged' || (m.state === 'failed' && m.message)) useEditor.getState().notify('error', m.message ?? 'Training failed.');
      break;
    }
    case 'metrics': {
      for (const p of m.points) series.push({ ...p, x: p.step });
      pendingProgress = m.progress;
      publishSoon();
      break;
    }
    case 'epoch': set((s) => ({ epochs: [...s.epochs, m.m] })); break;
    case 'probe': set({ maps: m.maps, kernels: m.kernels, probeStep: m.step }); break;
    case 'evaluation': set({ evaluation: m.e }); break;
    case 'weights': disarmStopWatchdog(); set({ weights: m.weights, weightsDoc: useEditor.getState().doc }); break;
    case 'firstStep': set({ firstStepMs: m.ms }); break;
    case 'error': set({ message: m.message }); useEditor.getState().notify('error', m.message); break;
    // A fresh worker at once (a fresh WebGL context), so the panel shows the backend the next run gets.
    case 'fatal': crashed(m.message); ensureWorker(); break;
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
  init() { ensureWorker(); },
  setBackend(choice: BackendChoice) {
    useTraining.setState({ backendChoice: choice });
    // A backend is chosen once per worker: start a fresh one (the data is loaded again).
    if (worker) { worker.terminate(); worker = null; useTraining.setState({ data: null, backend: null, state: 'idle' }); }
    ensureWorker();
  },
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
    useTraining.setState({ batches: [], epochs: s.epochs.length && continueFrom ? s.epochs : [], evaluation: null, progress: null, message: null, firstStepMs: null, state: 'starting' });
    useEditor.getState().setLocked(true);
    send({ type: 'start', req: { doc, config: s.config, valFraction: s.valFraction, limit: s.limit ?? undefined, continueFrom } });
  },
  pause() { send({ type: 'pause' }); },
  resume() { send({ type: 'resume' }); },
  stop() { send({ type: 'stop' }); armStopWatchdog(); },
  /** Forget the trained weights: the next start begins from fresh initial weights. */
  resetWeights() { useTraining.setState({ weights: null, weightsDoc: null, epochs: [], batches: [], evaluation: null, maps: [], kernels: null }); series.clear(); },
  /** For tests only: make the worker lose its WebGL context for real (WEBGL_lose_context), as a GPU reset does. */
  debugLoseContext() { send({ type: 'debugLoseContext' }); },
  /** For tests: end the worker as if it had crashed. */
  simulateCrash() { crashed('The training worker crashed (simulated). The graph and the last weights are kept; load the data and start again.'); },
};
