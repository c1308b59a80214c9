// The training worker's state and behaviour as one object: loading data, running the shared trainer,
// pause / resume / stop, the probe image, evaluation, weights, and a lost WebGL context. worker.ts is only
// its entry point; the backend choice (backend.ts) and the probe cursor (probeCursor.ts) are their own files.
import type * as tfjs from '@tensorflow/tfjs';
import { split } from '../../shared/data';
import {
  APP_VERSION,
  ProgressReporter,
  Throttle,
  dataHashes,
  prepare,
  recordRun,
  type BatchMetrics,
  type RunRecord,
  type Session,
} from '../../shared/train';
import { weightsFromModel } from '../../shared/export/weights';
import { initBackend, type Backend } from './backend';
import { loadData } from './loadData';
import { ProbeCursor, type LoadedData } from './probeCursor';
import type { FromWorker, ProbePick, StartRequest, ToWorker, WeightsBlob } from './protocol';
import { errorMsg, type UnitRef } from '../../shared/train/erf';
import { messageOf, type Msg } from '../../shared/i18n/msg';
import type { WindowData } from '../../shared/train/convExplain';

export type Post = (m: FromWorker, transfer?: Transferable[]) => void;

/**
 * Faults the e2e harness injects (workerFaults.ts); null in the app. The runtime calls `batch` before each
 * batch's report, which is where a fault that never returns (a busy loop) stands in for a pathological op.
 */
export interface RuntimeFaults {
  batch(): void;
}

export class TrainingRuntime {
  /** Faults injected by the e2e harness only (see RuntimeFaults). */
  faults: RuntimeFaults | null = null;
  private baseUrl = '';
  private backendReady: Promise<Backend> | null = null;
  private backend: Backend = { fastCpu: null, webgl: null };
  private loadAbort: AbortController | null = null;
  private data: LoadedData | null = null;
  private dataKind: string | null = null;
  /** The loader's limits (first N images of the files), for the run record. */
  private firstImages: { train?: number; test?: number } = {};
  /** SHA-256 of the loaded bytes, computed once per data set for the run records. */
  private hashes: RunRecord['data']['hashes'] | null = null;
  private session: Session | null = null;
  private probe: ProbeCursor | null = null;
  /** A probe image was picked during a run and its maps have not been sent yet. */
  private probeDirty = false;
  private contextLost = false;
  /** A run is in progress (from 'start' until its last message): pause, resume and stop mean nothing otherwise. */
  private active = false;
  /** Stop came while the run was starting (before its trainer existed): the trainer stops at once. */
  private stopAsked = false;
  /** The unit whose effective receptive field the app shows (watchUnit), recomputed with every probe. */
  private unit: UnitRef | null = null;

  constructor(
    private readonly tf: typeof tfjs,
    private readonly post: Post,
  ) {}

  /** tfjs's WebGL context, when that backend is in use. */
  get webgl(): WebGL2RenderingContext | null {
    return this.backend.webgl;
  }

  /** An error no handler caught: the app shows it as a notice. */
  reportError(e: Error): void {
    this.post({ type: 'error', message: messageOf(e) });
  }

  async handle(m: ToWorker): Promise<void> {
    switch (m.type) {
      case 'init':
        this.baseUrl = m.baseUrl;
        this.backendReady = initBackend(this.tf, m.backend, this.post, () => this.lost(), m.threads).then(
          (b) => (this.backend = b),
        );
        break;
      case 'load':
        await this.load(m.data);
        break;
      case 'cancelLoad':
        this.loadAbort?.abort();
        break;
      case 'start':
        await this.start(m.req);
        break;
      // Only while a run goes on: one that arrives just after the run ended must not turn 'done' into 'paused'.
      case 'pause':
        if (this.active) {
          this.session?.trainer.pause();
          this.post({ type: 'state', state: 'paused' });
        }
        break;
      case 'resume':
        if (this.active) {
          this.session?.trainer.resume();
          this.post({ type: 'state', state: 'training' });
        }
        break;
      case 'stop':
        if (this.active) {
          this.stopAsked = true;
          this.post({ type: 'state', state: 'stopping' });
          this.session?.trainer.stop();
        }
        break;
      case 'pickProbe':
        await this.pickProbe(m.pick);
        break;
      case 'stepOnce':
        await this.stepOnce(m.nodeId);
        break;
      case 'watchUnit':
        this.unit = m.unit;
        // During a run it comes with the next probe; idle, at once.
        if (this.session && !(this.active && !this.session.trainer.paused)) await this.postErf(this.session, -1);
        break;
    }
  }

  private async load(spec: Extract<ToWorker, { type: 'load' }>['data']): Promise<void> {
    const post = this.post;
    this.loadAbort?.abort();
    const ac = new AbortController();
    this.loadAbort = ac;
    post({ type: 'state', state: 'loading' });
    try {
      const loaded = await loadData(spec, this.baseUrl, ac.signal, (done, total, phase) =>
        post({ type: 'loadProgress', done, total, phase }),
      );
      if (ac.signal.aborted) return;
      this.data = loaded;
      this.dataKind = spec.kind;
      this.firstImages =
        spec.kind === 'mnist' || spec.kind === 'cifar10'
          ? {
              ...(spec.limit !== undefined ? { train: spec.limit } : {}),
              ...(spec.testLimit !== undefined ? { test: spec.testLimit } : {}),
            }
          : {};
      this.hashes = null;
      this.probe = new ProbeCursor(loaded);
      const t = loaded.train;
      post({
        type: 'loaded',
        summary: {
          kind: spec.kind,
          name: t.name,
          n: t.n,
          testN: loaded.test?.n ?? 0,
          height: t.height,
          width: t.width,
          channels: t.channels,
          numClasses: t.numClasses,
          classNames: [...(t.classNames ?? [])],
          warnings: loaded.warnings,
        },
        probe: this.probe.info()!,
      });
      post({ type: 'state', state: 'ready' });
    } catch (e) {
      if (this.loadAbort === ac)
        post({
          type: 'loadError',
          message: ac.signal.aborted ? { key: 'ui.worker.loadCancelled' } : messageOf(e),
        });
      post({ type: 'state', state: this.data ? 'ready' : 'idle' });
    }
  }

  /** Applies a pick, tells the app, and refreshes the maps: at the next batch of a run, or at once when idle. */
  private async pickProbe(pick: ProbePick): Promise<void> {
    if (!this.probe || !this.probe.pick(pick)) return;
    const info = this.probe.info()!;
    this.post({ type: 'probeImage', probe: info });
    const session = this.session;
    if (!session) return;
    session.trainer.setProbeImage(info.pixels);
    if (this.active && !session.trainer.paused) {
      this.probeDirty = true;
      return;
    } // the run probes it at its next batch
    await this.postProbeNow(session);
  }

  private async postProbeNow(session: Session): Promise<void> {
    const maps = await session.trainer.probeNow();
    if (maps)
      this.post(
        {
          type: 'probe',
          step: -1,
          maps,
          kernels: session.kernels(),
          prediction: session.probe?.lastPrediction() ?? null,
        },
        maps.map((x) => x.data.buffer as ArrayBuffer),
      );
    await this.postErf(session, -1);
  }

  /** One batch step by step for one layer: a real step, so the new weights and maps follow. */
  private async stepOnce(nodeId: string): Promise<void> {
    const session = this.session;
    if (!session || this.active) {
      this.post({
        type: 'stepView',
        error: session ? 'Wait until training has stopped.' : 'Train first (even one batch): the step needs the model.',
      });
      return;
    }
    try {
      const view = await session.stepOnce(nodeId);
      this.post({ type: 'stepView', view });
      this.postWeights();
      await this.postProbeNow(session);
    } catch (e) {
      this.post({ type: 'stepView', error: (e as Error).message, errorMsg: errorMsg(e) });
    }
  }

  /** The watched unit's |d unit / d input| on the probe image, for the current weights (between batches). */
  private async postErf(session: Session, step: number): Promise<void> {
    const unit = this.unit,
      image = session.trainer.probeInput();
    if (!unit || !image || this.glLost()) return;
    let work: WindowData | null = null,
      workError: string | undefined,
      workErrorMsg: Msg | undefined;
    try {
      work = await session.window.compute(image, unit);
    } catch (e) {
      workError = (e as Error).message;
      workErrorMsg = errorMsg(e);
    }
    try {
      const erf = await session.erf.compute(image, unit);
      this.post({ type: 'erf', unit, step, erf, work, workError, workErrorMsg }, [erf.data.buffer as ArrayBuffer]);
    } catch (e) {
      this.post({
        type: 'erf',
        unit,
        step,
        error: (e as Error).message,
        errorMsg: errorMsg(e),
        work,
        workError,
        workErrorMsg,
      });
    }
  }

  /**
   * Progress of a validation or test pass, for the app's liveness check: the first call (0 done) and the last are
   * always posted, the others at most every 250 ms, each with the slowest batch since the previous message.
   */
  private evalReporter(which: 'validation' | 'test') {
    const throttle = new Throttle(250);
    let last = performance.now(),
      slowest = 0;
    return (done: number, total: number) => {
      const t = performance.now();
      if (done > 0) slowest = Math.max(slowest, t - last);
      last = t;
      if (done === 0 || done === total || throttle.due()) {
        this.post({ type: 'evalProgress', which, done, total, batchMs: slowest });
        slowest = 0;
      }
    };
  }

  /** True once tfjs's WebGL context is gone: nothing read from the GPU after that can be trusted. */
  private glLost(): boolean {
    return this.contextLost || !!this.backend.webgl?.isContextLost();
  }

  /**
   * tfjs's WebGL backend cannot recover a lost context, and a run waiting on a GPU read never returns: report it
   * as fatal at once (not after the run ends) so that the app ends this worker and starts a fresh one. The weights
   * the app holds are the last ones posted before the loss (postWeights refuses to read a lost context).
   */
  private lost(): void {
    if (this.contextLost) return;
    this.contextLost = true;
    this.session?.trainer.stop();
    this.post({
      type: 'fatal',
      message: { key: 'ui.worker.contextLost' },
    });
  }

  private postWeights(): void {
    if (!this.session || this.glLost()) return;
    try {
      const { blob, transfer } = weightsOf(this.session.model);
      // A lost context reads back zeros without an error: only weights read while it was alive are sent.
      if (!this.glLost()) this.post({ type: 'weights', weights: blob }, transfer);
    } catch {
      /* context gone */
    }
  }

  /** The run record of a finished run (done or stopped), posted after its evaluation. */
  private postRecord(
    req: StartRequest,
    splits: ReturnType<typeof split>,
    session: Session,
    r: Awaited<ReturnType<Session['trainer']['run']>>,
    test: { loss: number; accuracy: number; n: number } | null,
    t0: number,
  ): void {
    if (!this.data) return;
    try {
      this.hashes ??= dataHashes(loadedParts(this.data));
      const record = recordRun({
        doc: req.doc,
        splits,
        split: {
          valFraction: req.valFraction,
          seed: req.config.seed,
          ...(req.limit !== undefined ? { limit: req.limit } : {}),
        },
        dataKind: this.dataKind ?? undefined,
        firstImages: this.firstImages,
        dataHashes: this.hashes,
        config: req.config,
        norm: session.norm,
        result: { ...r, elapsedMs: performance.now() - t0 },
        test,
        backend: {
          name: this.backend.webgl ? 'tfjs-webgl (browser worker)' : 'tfjs-cpu (browser worker)',
          tfjs: this.tf.version.tfjs,
          app: APP_VERSION,
          ...(this.backend.fastCpu ? { kernels: `fast ${this.backend.fastCpu.mode}` } : {}),
        },
        weights: weightsFromModel(session.model),
        continued: !!req.continueFrom,
      });
      this.post({ type: 'record', record });
    } catch (e) {
      this.post({ type: 'error', message: { key: 'ui.worker.recordFailed', params: { error: messageOf(e) } } });
    }
  }

  private async start(req: StartRequest): Promise<void> {
    if (!this.data) {
      this.post({ type: 'state', state: 'failed', message: { key: 'ui.worker.noData' } });
      return;
    }
    this.active = true;
    this.stopAsked = false;
    try {
      await this.run(req, this.data, this.probe!);
    } finally {
      this.active = false;
    }
  }

  private async run(req: StartRequest, data: LoadedData, probe: ProbeCursor): Promise<void> {
    const { tf, post } = this;
    post({ type: 'state', state: 'starting' });
    await this.backendReady;
    this.session?.dispose();
    this.session = null;
    const splits = split(
      data.train,
      { valFraction: req.valFraction, seed: req.config.seed, limit: req.limit },
      data.test,
    );
    probe.split(splits.val);
    const info = probe.info();
    if (info) post({ type: 'probeImage', probe: info });
    const init = req.continueFrom
      ? req.continueFrom.data.map((d, i) => tf.tensor(d, req.continueFrom!.shapes[i]))
      : undefined;
    const reporter = new ProgressReporter(req.config);
    const throttle = new Throttle(100);
    let firstAt = performance.now(),
      firstSent = false;
    const flush = (m: BatchMetrics) => {
      const point = reporter.point(m);
      post({ type: 'metrics', points: point ? [point] : [], progress: reporter.progress(m) });
    };
    const p = prepare(tf, req.doc, splits, req.config, {
      initialWeights: init,
      probeIndex: probe.trainIndex,
      doctor: { onSample: (sample) => post({ type: 'doctor', sample }) },
      events: {
        onBatch: (m) => {
          this.faults?.batch();
          if (!firstSent) {
            firstSent = true;
            post({ type: 'firstStep', ms: performance.now() - firstAt });
          }
          reporter.push(m);
          if (throttle.due() || m.batch === m.batches - 1) flush(m);
        },
        onEpoch: (m) => {
          post({ type: 'epoch', m });
          if (this.session && this.session.model.countParams() < 5_000_000) this.postWeights();
        },
        onProbe: (maps, step) => {
          this.probeDirty = false;
          const kernels = this.session?.kernels() ?? null;
          const prediction = this.session?.probe?.lastPrediction() ?? null;
          post({ type: 'probe', step, maps, kernels, prediction }, [...maps.map((x) => x.data.buffer as ArrayBuffer)]);
          if (this.session) void this.postErf(this.session, step);
        },
        onEvaluate: this.evalReporter('validation'),
      },
    });
    if (init) tf.dispose(init);
    if (!p.ok) {
      post({ type: 'problems', problems: p.problems });
      post({ type: 'state', state: 'failed', ...(p.problems[0] ? { message: p.problems[0].msg } : {}) });
      return;
    }
    const session = (this.session = p.session);
    if (info && info.source === 'test') session.trainer.setProbeImage(info.pixels);
    if (this.stopAsked) session.trainer.stop();
    post({ type: 'problems', problems: [] });
    post({ type: 'state', state: 'training' });
    firstAt = performance.now();
    const t0 = performance.now();
    try {
      const r = await session.trainer.run();
      if (this.glLost()) {
        this.lost();
        return;
      }
      this.postWeights();
      if (r.reason === 'diverged') {
        post({
          type: 'state',
          state: 'diverged',
          ...(r.msg ? { message: r.msg } : r.message ? { message: r.message } : {}),
        });
        return;
      }
      // Held-out evaluation: the test set when there is one, else validation.
      const test = data.test;
      const e = test
        ? await session.trainer.evaluate(
            test,
            Uint32Array.from({ length: test.n }, (_, i) => i),
            64,
            256,
            this.evalReporter('test'),
          )
        : await session.trainer.evaluate(splits.data, splits.val, 64, 256, this.evalReporter('validation'));
      if (this.glLost()) {
        this.lost();
        return;
      }
      const d = test ?? splits.data,
        size = d.height * d.width * d.channels;
      post({
        type: 'evaluation',
        e: {
          which: test ? 'test' : 'validation',
          loss: e.loss,
          accuracy: e.accuracy,
          n: e.n,
          confusion: e.confusion,
          height: d.height,
          width: d.width,
          channels: d.channels,
          misclassified: e.misclassified.map((m) => ({
            label: m.label,
            predicted: m.predicted,
            confidence: m.confidence,
            pixels: d.images.slice(m.index * size, (m.index + 1) * size),
            source: test ? ('test' as const) : ('train' as const),
            index: m.index,
          })),
        },
      });
      this.postRecord(req, splits, session, r, test ? e : null, t0);
      post({ type: 'state', state: r.reason === 'stopped' ? 'stopped' : 'done' });
      // A probe image picked after the run's last probe (e.g. during the evaluation): its maps now.
      if (this.probeDirty) {
        this.probeDirty = false;
        await this.postProbeNow(session);
      }
    } catch (e) {
      if (this.glLost()) {
        this.lost();
        return;
      }
      post({
        type: 'state',
        state: 'failed',
        message: { key: 'ui.worker.failed', params: { error: messageOf(e) } },
      });
    } finally {
      // A big net pools up to 1 GB of recycled buffers while it trains; an idle worker should not hold them.
      this.backend.fastCpu?.trimBuffers();
    }
  }
}

function loadedParts(d: LoadedData) {
  const parts = [
    { name: `${d.train.name} images`, bytes: d.train.images },
    { name: `${d.train.name} labels`, bytes: d.train.labels },
  ];
  if (d.test)
    parts.push(
      { name: `${d.test.name} images`, bytes: d.test.images },
      { name: `${d.test.name} labels`, bytes: d.test.labels },
    );
  return parts;
}

function weightsOf(model: tfjs.LayersModel): { blob: WeightsBlob; transfer: ArrayBuffer[] } {
  const ws = model.getWeights();
  const data = ws.map((w) => (w.dataSync() as Float32Array).slice());
  return { blob: { shapes: ws.map((w) => w.shape.slice()), data }, transfer: data.map((d) => d.buffer as ArrayBuffer) };
}
