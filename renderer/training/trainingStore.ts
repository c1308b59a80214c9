// The training side of the app: a small zustand store fed by the Worker's messages. The editor store
// is only touched to lock the graph while training and to show notices; the graph itself is never written.
// One instance (createTraining) holds the store, the worker's supervisor (supervisor.ts) and the chart feed;
// the run state moves only through runState.ts's transition table. The app uses the instance made below;
// tests make their own with a stand-in worker.
import { create, type StoreApi, type UseBoundStore } from 'zustand';
import type { GraphDoc, Problem } from '../../shared/graph';
import {
  DEFAULT_CONFIG,
  type EpochMetrics,
  type FeatureMap,
  type KernelImages,
  type TrainConfig,
  type RunRecord,
} from '../../shared/train';
import { useEditor } from '../store/store';
import { sameNetwork } from '../export/sameNetwork';
import type {
  BackendChoice,
  BatchPoint,
  DataSpec,
  DataSummary,
  EvaluationMsg,
  FromWorker,
  Progress,
  RunState,
  WeightsBlob,
  ProbeInfo,
  ProbePick,
} from './protocol';
import { ChartFeed } from './chartFeed';
import { REPORTED, isRunning, nextState, type RunEvent } from './runState';
import { WorkerSupervisor, systemClock, type Clock, type WorkerLike } from './supervisor';
import type { Msg } from '../../shared/i18n/msg';
import { currentT } from '../i18n';

/** A worker's message in the user's language (the worker sends catalogue messages, or text it was given). */
const said = (m: string | Msg): string => (typeof m === 'string' ? m : currentT().msg(m));

export { isRunning } from './runState';
export { CRASH_LOOP_MS, STOP_TIMEOUT_MS, DEFAULT_LIVENESS } from './supervisor';

export interface TrainingState {
  state: RunState;
  message: string | null;
  backend: { name: 'webgl' | 'cpu'; detail: string | Msg; notice?: string | Msg } | null;
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
  /** The last finished run's record (data, preprocessing, settings, metrics); null until a run finishes. */
  record: RunRecord | null;
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

/** The editor store's part the training side uses. */
export interface EditorPort {
  readonly doc: GraphDoc;
  setLocked(locked: boolean): void;
  notify(kind: 'error', text: string): void;
}

export interface TrainingDeps {
  readonly createWorker: () => WorkerLike;
  readonly editor: () => EditorPort;
  /** The app's base URL: the worker loads the bundled data from there. */
  readonly baseUrl: () => string;
  readonly clock?: Clock;
  /**
   * Start-time test flag: the worker accepts the e2e harness's fault messages (testHooks.ts) only when its init
   * said so. Off in the app; the standalone page turns it on with ?testHooks.
   */
  readonly faults?: boolean;
}

const initialState = (): TrainingState => ({
  state: 'idle',
  message: null,
  backend: null,
  backendChoice: 'auto',
  load: null,
  loadError: null,
  data: null,
  probeImage: null,
  problems: [],
  config: { ...DEFAULT_CONFIG, probeEvery: 10, probeMinIntervalMs: 1000 },
  valFraction: 0.1,
  limit: null,
  batches: [],
  epochs: [],
  progress: null,
  firstStepMs: null,
  maps: [],
  kernels: null,
  probeStep: -1,
  evaluation: null,
  record: null,
  weights: null,
  weightsDoc: null,
  evalProgress: null,
  silentSec: null,
  crashLoop: null,
});

/**
 * The weights training can continue from with `doc`, or null: weights belong to a network, not a layout,
 * so moving nodes or the automatic layout keeps them; any change of nodes, params or wiring drops them.
 */
export function continuable(s: Pick<TrainingState, 'weights' | 'weightsDoc'>, doc: GraphDoc): WeightsBlob | null {
  return s.weights && sameNetwork(s.weightsDoc, doc) ? s.weights : null;
}

export type TrainingApi = ReturnType<typeof createTraining>['training'];

export function createTraining(deps: TrainingDeps) {
  const clock = deps.clock ?? systemClock;
  const useTraining: UseBoundStore<StoreApi<TrainingState>> = create<TrainingState>()(initialState);
  const set = useTraining.setState,
    get = useTraining.getState;
  const charts = new ChartFeed((batches, progress) => set({ batches, progress }), clock);

  /** Moves the run state through the transition table; false (nothing changes) when the table refuses. */
  function move(event: RunEvent, patch: Partial<TrainingState> = {}): boolean {
    const next = nextState(get().state, event);
    if (next === null) return false;
    set({ ...patch, state: next });
    return true;
  }

  const supervisor = new WorkerSupervisor(
    deps.createWorker,
    {
      init: () => ({
        type: 'init',
        baseUrl: deps.baseUrl(),
        backend: get().backendChoice,
        ...(deps.faults ? { faults: true } : {}),
      }),
      started(auto) {
        // Anything but an automatic restart is the user's own try (Retry, a backend, loading data): the loop notice goes.
        if (!auto && get().crashLoop) move('reset', { crashLoop: null, message: null });
      },
      message: onMessage,
      gone(message, loop) {
        charts.now(); // the points that arrived before the crash: the charts show how far the run got
        move('crash', {
          message,
          data: null,
          backend: null,
          load: null,
          evalProgress: null,
          silentSec: null,
          ...(loop !== null ? { crashLoop: loop } : {}),
        });
        deps.editor().setLocked(false);
        deps.editor().notify('error', message);
      },
      run: () => get(),
      silence: (silentSec) => set({ silentSec }),
    },
    clock,
  );

  /** Applies one worker message to the stores. */
  function onMessage(m: FromWorker) {
    switch (m.type) {
      case 'backend':
        set({ backend: { name: m.name, detail: m.detail, notice: m.notice } });
        break;
      case 'loadProgress':
        set({ load: { done: m.done, total: m.total, phase: m.phase } });
        break;
      case 'loaded':
        set({ data: m.summary, probeImage: m.probe, load: null, loadError: null });
        break;
      case 'probeImage':
        set({ probeImage: m.probe });
        break;
      case 'loadError':
        set({ loadError: said(m.message), load: null });
        break;
      case 'problems':
        set({ problems: m.problems });
        break;
      case 'state': {
        if (!isRunning(m.state)) {
          supervisor.disarmStopWatchdog();
          charts.now(); // the last points and progress, not half a second late
        }
        const text = m.message === undefined ? null : said(m.message);
        if (!move(REPORTED[m.state], { message: text })) break;
        deps.editor().setLocked(isRunning(m.state));
        if (m.state === 'diverged' || (m.state === 'failed' && text))
          deps.editor().notify('error', text ?? currentT().t('ui.worker.failedShort'));
        break;
      }
      case 'metrics': {
        const batch = get().config.batchSize;
        // Step 0's speed includes the first step's start-up (shader compilation): firstStepMs covers that.
        for (const p of m.points)
          if (p.step > 0 && p.samplesPerSec > 0) supervisor.noteBatchMs((1000 * batch) / p.samplesPerSec);
        charts.push(m.points, m.progress);
        break;
      }
      case 'epoch':
        set((s) => ({ epochs: [...s.epochs, m.m], evalProgress: null }));
        break;
      case 'evalProgress':
        supervisor.noteBatchMs(m.batchMs);
        set({ evalProgress: { which: m.which, done: m.done, total: m.total } });
        break;
      case 'probe':
        set({ maps: m.maps, kernels: m.kernels, probeStep: m.step });
        break;
      case 'evaluation':
        set({ evaluation: m.e, evalProgress: null });
        break;
      case 'record':
        set({ record: m.record });
        break;
      case 'weights':
        supervisor.disarmStopWatchdog();
        set({ weights: m.weights, weightsDoc: deps.editor().doc });
        break;
      case 'firstStep':
        set({ firstStepMs: m.ms });
        break;
      case 'error':
        set({ message: said(m.message) });
        deps.editor().notify('error', said(m.message));
        break;
      // A fresh worker at once (a fresh WebGL context), so the panel shows the backend the next run gets.
      case 'fatal':
        supervisor.gone(said(m.message), said(m.message).replace(/[.。].*$/s, ''));
        break;
    }
  }

  const training = {
    /** Starts the worker (the panel mounts), unless it keeps crashing: then only Retry or a backend choice does. */
    init() {
      if (!get().crashLoop) supervisor.ensure();
    },
    setBackend(choice: BackendChoice) {
      set({ backendChoice: choice });
      // A backend is chosen once per worker: start a fresh one (the data is loaded again).
      if (supervisor.terminate()) move('reset', { data: null, backend: null });
      supervisor.ensure();
    },
    /** After the crash-loop notice: try a fresh worker again. */
    retry() {
      supervisor.ensure();
    },
    load(spec: DataSpec, transfer: Transferable[] = []) {
      set({ loadError: null, load: { done: 0, total: 1, phase: 'starting' } });
      supervisor.send({ type: 'load', data: spec }, transfer);
    },
    cancelLoad() {
      supervisor.send({ type: 'cancelLoad' });
    },
    setConfig(patch: Partial<TrainConfig>) {
      set((s) => ({ config: { ...s.config, ...patch } }));
    },
    setOptions(o: { valFraction?: number; limit?: number | null }) {
      set(o);
    },
    /** Starts training; `continueTraining` resumes from the last weights when the graph is unchanged. */
    start(continueTraining = false) {
      const s = get(),
        doc = deps.editor().doc;
      const continueFrom = continueTraining ? continuable(s, doc) : null;
      charts.clear();
      if (
        !move('start', {
          batches: [],
          epochs: s.epochs.length && continueFrom ? s.epochs : [],
          evaluation: null,
          record: null,
          evalProgress: null,
          progress: null,
          message: null,
          firstStepMs: null,
        })
      )
        return;
      deps.editor().setLocked(true);
      supervisor.send({
        type: 'start',
        req: { doc, config: s.config, valFraction: s.valFraction, limit: s.limit ?? undefined, continueFrom },
      });
      supervisor.runStarted(); // silence is counted from now, not from the worker's last message before the run
    },
    /** Choose the probe image (◀ ▶ through the validation images, a random one, or a given image). */
    pickProbe(pick: ProbePick) {
      if (supervisor.alive) supervisor.send({ type: 'pickProbe', pick });
    },
    pause() {
      supervisor.send({ type: 'pause' });
    },
    resume() {
      supervisor.send({ type: 'resume' });
      supervisor.resumeSent();
    },
    stop() {
      supervisor.send({ type: 'stop' });
      const last = charts.last;
      supervisor.armStopWatchdog(
        last && last.samplesPerSec > 0 ? (1000 * get().config.batchSize) / last.samplesPerSec : 0,
      );
    },
    /** Forget the trained weights: the next start begins from fresh initial weights. */
    resetWeights() {
      set({
        weights: null,
        weightsDoc: null,
        epochs: [],
        batches: [],
        evaluation: null,
        record: null,
        maps: [],
        kernels: null,
      });
      charts.clear();
    },
    /** The no-answer notice's Wait: hide it; it comes back after another full limit of silence. */
    waitForWorker() {
      supervisor.wait();
    },
    /** The no-answer notice's End worker: as a crash (graph and weights kept), and a fresh worker at once. */
    endWorker() {
      const sec = get().silentSec ?? supervisor.secondsSilent();
      supervisor.gone(
        `The training worker did not answer for ${sec} s and was ended. The graph and the last weights are kept; load the data and start again.`,
        'ended',
        false,
      );
    },
  };

  return { useTraining, training, onMessage, supervisor };
}

/** The app's one training instance: a real module Worker, the editor store, the real clock. */
const app = createTraining({
  createWorker: () =>
    new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'training' }) as WorkerLike,
  editor: () => useEditor.getState(),
  baseUrl: () => new URL('./', document.baseURI).href,
  faults: typeof location !== 'undefined' && new URLSearchParams(location.search).has('testHooks'),
});
export const useTraining = app.useTraining;
export const training = app.training;
/** The app instance's supervisor: only the e2e harness's test hooks (testHooks.ts) reach into it. */
export const appSupervisor = app.supervisor;
