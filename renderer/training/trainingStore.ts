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
import type { ProbePrediction } from '../../shared/train';
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
import type { UnitRef } from '../../shared/train/erf';
import type { DoctorSample } from '../../shared/train/doctor';
import { ChartFeed } from './chartFeed';
import { REPORTED, isRunning, nextState, type RunEvent } from './runState';
import { WorkerSupervisor, systemClock, type Clock, type WorkerLike } from './supervisor';
import { msg, type Msg } from '../../shared/i18n/msg';
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
  /** Threads for the fast CPU kernels; null: automatic (cores - 1). */
  cpuThreads: number | null;
  load: { done: number; total: number; phase?: Msg } | null;
  loadError: string | null;
  data: DataSummary | null;
  probeImage: ProbeInfo | null;
  problems: Problem[];
  config: TrainConfig;
  valFraction: number;
  limit: number | null;
  /**
   * The Data section's choices (data set kind, the "limit" box's text, '' = all): kept here so switching to
   * another tab and back does not forget what was loaded.
   */
  dataForm: { kind: string; limit: string };
  /** Chart data: bounded, so a long run keeps memory flat. `version` bumps on every change. */
  batches: BatchPoint[];
  epochs: EpochMetrics[];
  progress: Progress | null;
  firstStepMs: number | null;
  maps: FeatureMap[];
  kernels: KernelImages | null;
  probeStep: number;
  /** What the network takes the probe image for (with the weights of the last maps), else null. */
  probePrediction: ProbePrediction | null;
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
  /** The feature-map unit the user clicked (its receptive field is drawn on the probe image), and its effective field. */
  unit: UnitRef | null;
  /** The last "one batch, step by step" result. */
  stepView: Extract<FromWorker, { type: 'stepView' }> | null;
  /** The training doctor's samples of this run (the last DOCTOR_KEEP). */
  doctor: DoctorSample[];
  erf: Extract<FromWorker, { type: 'erf' }> | null;
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
  cpuThreads: null,
  load: null,
  loadError: null,
  data: null,
  probeImage: null,
  problems: [],
  config: { ...DEFAULT_CONFIG, probeEvery: 10, probeMinIntervalMs: 1000 },
  valFraction: 0.1,
  limit: null,
  dataForm: { kind: 'mnist', limit: '' },
  batches: [],
  epochs: [],
  progress: null,
  firstStepMs: null,
  maps: [],
  kernels: null,
  probeStep: -1,
  probePrediction: null,
  evaluation: null,
  record: null,
  weights: null,
  weightsDoc: null,
  evalProgress: null,
  silentSec: null,
  crashLoop: null,
  unit: null,
  stepView: null,
  doctor: [],
  erf: null,
});

/** Doctor samples kept per run (each a few numbers per layer): memory stays bounded however long the run. */
export const DOCTOR_KEEP = 50;

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
  /**
   * Where a continued run starts: its steps and epochs (which the worker counts from 0 each run) are shifted by
   * these, so Continue appends to the charts and says "epoch 4/6" after a 3-epoch run.
   */
  let offset = { step: 0, epoch: 0 };

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
        ...(get().cpuThreads !== null ? { threads: get().cpuThreads! } : {}),
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
        set({ data: m.summary, probeImage: m.probe, probePrediction: null, load: null, loadError: null });
        break;
      case 'probeImage':
        set({ probeImage: m.probe, probePrediction: null });
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
        const { step, epoch } = offset;
        charts.push(
          step || epoch ? m.points.map((p) => ({ ...p, step: p.step + step, epoch: p.epoch + epoch })) : m.points,
          epoch ? { ...m.progress, epoch: m.progress.epoch + epoch, epochs: m.progress.epochs + epoch } : m.progress,
        );
        break;
      }
      case 'epoch': {
        const e = offset.epoch ? { ...m.m, epoch: m.m.epoch + offset.epoch } : m.m;
        set((s) => ({ epochs: [...s.epochs, e], evalProgress: null }));
        break;
      }
      case 'evalProgress':
        supervisor.noteBatchMs(m.batchMs);
        set({ evalProgress: { which: m.which, done: m.done, total: m.total } });
        break;
      case 'probe':
        set({ maps: m.maps, kernels: m.kernels, probeStep: m.step, probePrediction: m.prediction ?? null });
        break;
      case 'evaluation':
        set({ evaluation: m.e, evalProgress: null });
        break;
      case 'record':
        set({ record: m.record });
        break;
      case 'erf':
        set({ erf: m });
        break;
      case 'stepView':
        set({ stepView: m });
        break;
      case 'doctor':
        set((s) => ({ doctor: [...s.doctor.slice(1 - DOCTOR_KEEP), m.sample] }));
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
    /** Threads for the CPU kernels (null: automatic); like a backend, they are chosen once per worker. */
    setThreads(threads: number | null) {
      set({ cpuThreads: threads });
      if (supervisor.terminate()) move('reset', { data: null, backend: null });
      supervisor.ensure();
    },
    /** After the crash-loop notice: try a fresh worker again. */
    retry() {
      supervisor.ensure();
    },
    load(spec: DataSpec, transfer: Transferable[] = []) {
      set({ loadError: null, load: { done: 0, total: 1, phase: msg('errors3.phase.starting') } });
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
    setDataForm(patch: Partial<TrainingState['dataForm']>) {
      set((s) => ({ dataForm: { ...s.dataForm, ...patch } }));
    },
    /** Starts training; `continueTraining` resumes from the last weights when the graph is unchanged. */
    start(continueTraining = false) {
      const s = get(),
        doc = deps.editor().doc;
      const continueFrom = continueTraining ? continuable(s, doc) : null;
      if (!nextState(s.state, 'start')) return;
      const keep = continueFrom !== null && s.epochs.length > 0;
      const last = charts.last;
      offset = keep ? { step: last ? last.step + 1 : 0, epoch: s.epochs.length } : { step: 0, epoch: 0 };
      if (!keep) charts.clear();
      if (
        !move('start', {
          batches: keep ? s.batches : [],
          epochs: keep ? s.epochs : [],
          evaluation: null,
          record: null,
          evalProgress: null,
          progress: null,
          message: null,
          firstStepMs: null,
          doctor: [],
        })
      )
        return;
      deps.editor().setLocked(true);
      if (s.unit) supervisor.send({ type: 'watchUnit', unit: s.unit }); // a fresh worker knows nothing of it
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
    /** Show one feature-map unit's receptive field (null: none); the worker sends its effective field with each probe. */
    watchUnit(unit: UnitRef | null) {
      set({ unit, erf: null });
      if (supervisor.alive) supervisor.send({ type: 'watchUnit', unit });
    },
    /** One batch, step by step, for one layer (a real training step). */
    stepOnce(nodeId: string) {
      set({ stepView: null });
      if (supervisor.alive) supervisor.send({ type: 'stepOnce', nodeId });
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
        currentT().t('ui.sweep2.worker.silentEnded', { s: sec }),
        currentT().t('ui.sweep2.worker.endedCause'),
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
