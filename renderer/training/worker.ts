// The training Worker: tfjs on WebGL (OffscreenCanvas) or the cpu backend with the fast kernels,
// the shared trainer, and throttled messages to the app. The main thread never runs tfjs for training.
/// <reference lib="webworker" />
import * as tf from '@tensorflow/tfjs';
import { split, type Dataset } from '../../shared/data';
import { ProgressReporter, Throttle, prepare, type BatchMetrics, type Session } from '../../shared/train';
import { installFastCpuKernels, type FastCpuHandle } from '../../shared/kernels';
import { loadData } from './loadData';
import type { BackendChoice, FromWorker, ProbeInfo, ProbePick, StartRequest, ToWorker, WeightsBlob } from './protocol';

const post = (m: FromWorker, transfer: Transferable[] = []) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m, transfer);

function probeInfo(): ProbeInfo | null {
  if (!data || !probe) return null;
  const d = probe.source === 'test' ? data.test : data.train;
  if (!d) return null;
  const size = d.height * d.width * d.channels;
  const list = listOf(probe.list);
  const position = list ? list.indexOf(probe.index) : probe.index;
  return { pixels: d.images.slice(probe.index * size, (probe.index + 1) * size), label: d.labels[probe.index], source: probe.source, index: probe.index,
    list: probe.list, position, of: list ? list.length : d.n };
}

/** The indices a list steps through (null: all of the training set, in order). */
function listOf(list: 'training' | 'validation' | 'test'): number[] | null {
  if (list === 'validation' && valIndices?.length) return Array.from(valIndices);
  if (list === 'test' && data?.test) return Array.from({ length: data.test.n }, (_, i) => i);
  return null;
}

/** Applies a pick, tells the app, and refreshes the maps: at the next batch of a run, or at once when idle. */
async function pickProbe(pick: ProbePick) {
  if (!data || !probe) return;
  if (pick.kind === 'image') {
    const d = pick.source === 'test' ? data.test : data.train;
    if (!d || !Number.isInteger(pick.index) || pick.index < 0 || pick.index >= d.n) return;
    const list = pick.source === 'test' ? 'test' : valIndices?.includes(pick.index) ? 'validation' : 'training';
    probe = { source: pick.source, index: pick.index, list, chosen: true };
  } else {
    const list = listOf(probe.list), n = list ? list.length : (probe.source === 'test' ? data.test!.n : data.train.n);
    if (!n) return;
    const at = list ? Math.max(0, list.indexOf(probe.index)) : probe.index;
    const next = pick.kind === 'random' ? Math.floor(Math.random() * n) : (((at + pick.delta) % n) + n) % n;
    probe = { ...probe, index: list ? list[next] : next, chosen: true };
  }
  const info = probeInfo()!;
  post({ type: 'probeImage', probe: info });
  if (!session) return;
  session.trainer.setProbeImage(info.pixels);
  if (active && !session.trainer.paused) { probeDirty = true; return; } // the run probes it at its next batch
  const maps = await session.trainer.probeNow();
  if (maps) post({ type: 'probe', step: -1, maps, kernels: session.kernels() }, maps.map((x) => x.data.buffer as ArrayBuffer));
}

let baseUrl = '';
let backendReady: Promise<void> | null = null;
let loadAbort: AbortController | null = null;
let data: { train: Dataset; test?: Dataset } | null = null;
let session: Session | null = null;
/**
 * The probe image: an image of the training or test set, and the list ◀ ▶ step through (the validation
 * indices once a run has split the data, else the whole training set). `chosen`: the user picked it, so
 * a new run keeps it instead of taking the first validation image.
 */
let probe: { source: 'train' | 'test'; index: number; list: 'training' | 'validation' | 'test'; chosen: boolean } | null = null;
/** A probe image was picked during a run and its maps have not been sent yet. */
let probeDirty = false;
/** The validation indices of the last run's split (into the training set). */
let valIndices: Uint32Array | null = null;
let contextLost = false;
/** The fast CPU kernels when the cpu backend is in use (their output-buffer pool is trimmed after each run). */
let fastCpu: FastCpuHandle | null = null;
let webgl: WebGL2RenderingContext | null = null;
/** A run is in progress (from 'start' until its last message): pause, resume and stop mean nothing otherwise. */
let active = false;
/** Stop came while the run was starting (before its trainer existed): the trainer stops at once. */
let stopAsked = false;
/** Test hook (debugHang): the next batch never ends. */
let hang = false;

/**
 * Progress of a validation or test pass, for the app's liveness check: the first call (0 done) and the last are
 * always posted, the others at most every 250 ms, each with the slowest batch since the previous message.
 */
function evalReporter(which: 'validation' | 'test') {
  const throttle = new Throttle(250);
  let last = performance.now(), slowest = 0;
  return (done: number, total: number) => {
    const t = performance.now();
    if (done > 0) slowest = Math.max(slowest, t - last);
    last = t;
    if (done === 0 || done === total || throttle.due()) {
      post({ type: 'evalProgress', which, done, total, batchMs: slowest });
      slowest = 0;
    }
  };
}

/** True once tfjs's WebGL context is gone: nothing read from the GPU after that can be trusted. */
const glLost = () => contextLost || !!webgl?.isContextLost();

/**
 * tfjs's WebGL backend cannot recover a lost context, and a run waiting on a GPU read never returns: report it
 * as fatal at once (not after the run ends) so that the app ends this worker and starts a fresh one. The weights
 * the app holds are the last ones posted before the loss (postWeights refuses to read a lost context).
 */
function lost() {
  if (contextLost) return;
  contextLost = true;
  session?.trainer.stop();
  post({ type: 'fatal', message: 'The WebGL context was lost (GPU reset or driver problem). The graph and the last weights are kept; load the data and start again to continue (choose the CPU backend if it repeats).' });
}

async function initBackend(choice: BackendChoice): Promise<void> {
  if (choice !== 'cpu') {
    try {
      // Accept software GL (SwiftShader, headless machines): still far faster than tfjs's stock cpu kernels.
      tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
      if (await tf.setBackend('webgl')) {
        await tf.ready();
        const gl = (tf.backend() as any).gpgpu?.gl as WebGL2RenderingContext | undefined;
        let renderer = 'WebGL';
        if (gl) {
          const ext = gl.getExtension('WEBGL_debug_renderer_info');
          renderer = String(ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
        }
        const software = /swiftshader|llvmpipe|softpipe|software/i.test(renderer);
        if (!software || choice === 'webgl') {
          if (gl) {
            webgl = gl;
            (gl.canvas as OffscreenCanvas).addEventListener?.('webglcontextlost', (e) => { e.preventDefault(); lost(); });
            // The event may come late or not at all (a read waiting on a fence never ends on a lost context): look too.
            setInterval(() => { if (gl.isContextLost()) lost(); }, 1000);
          }
          post({ type: 'backend', name: 'webgl', detail: renderer, notice: software ? 'WebGL runs in software here (no GPU): training is slower than on a GPU, and slower than the CPU backend on most machines.' : undefined });
          return;
        }
        // Software GL is a CPU emulating a GPU: measured here, the fast CPU kernels train LeNet-5 about
        // 8x faster (bench/training.ts). 'auto' takes the CPU then; choosing WebGL forces it.
        tf.removeBackend('webgl');
        await tf.setBackend('cpu');
        await tf.ready();
        const fast = (fastCpu = installFastCpuKernels(tf));
        post({ type: 'backend', name: 'cpu', detail: `tfjs cpu + fast ${fast.mode} kernels`,
          notice: `WebGL here is software-rendered (${softwareName(renderer)}), slower than the CPU kernels: training on the CPU. Choose WebGL to use it anyway.` });
        return;
      }
    } catch { /* fall through to the cpu backend */ }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  const fast = (fastCpu = installFastCpuKernels(tf));
  post({ type: 'backend', name: 'cpu', detail: `tfjs cpu + fast ${fast.mode} kernels`,
    notice: choice === 'cpu' ? undefined : 'WebGL is not available in this browser: training runs on the CPU (slower). Close other GPU-heavy tabs or update the graphics driver to use WebGL.' });
}

const softwareName = (r: string) => /swiftshader/i.test(r) ? 'SwiftShader' : /llvmpipe/i.test(r) ? 'llvmpipe' : r.slice(0, 40);

function weightsOf(model: tf.LayersModel): { blob: WeightsBlob; transfer: ArrayBuffer[] } {
  const ws = model.getWeights();
  const data = ws.map((w) => (w.dataSync() as Float32Array).slice());
  return { blob: { shapes: ws.map((w) => w.shape.slice()), data }, transfer: data.map((d) => d.buffer as ArrayBuffer) };
}

function postWeights() {
  if (!session || glLost()) return;
  try {
    const { blob, transfer } = weightsOf(session.model);
    // A lost context reads back zeros without an error: only weights read while it was alive are sent.
    if (!glLost()) post({ type: 'weights', weights: blob }, transfer);
  } catch { /* context gone */ }
}

async function start(req: StartRequest) {
  if (!data) { post({ type: 'state', state: 'failed', message: 'Choose and load a data set first.' }); return; }
  active = true;
  stopAsked = false;
  try { await run(req, data); } finally { active = false; }
}

async function run(req: StartRequest, data: { train: Dataset; test?: Dataset }) {
  post({ type: 'state', state: 'starting' });
  await backendReady;
  session?.dispose();
  session = null;
  const splits = split(data.train, { valFraction: req.valFraction, seed: req.config.seed, limit: req.limit }, data.test);
  valIndices = splits.val.length ? Uint32Array.from(splits.val) : null;
  // The probe comes from the validation data unless the user chose one.
  // A chosen training image stays, and ◀ ▶ now step through the validation images.
  if (probe && !probe.chosen && valIndices) probe = { source: 'train', index: valIndices[0], list: 'validation', chosen: false };
  else if (probe?.source === 'train') probe = { ...probe, list: valIndices ? 'validation' : 'training' };
  const info = probeInfo();
  if (info) post({ type: 'probeImage', probe: info });
  const init = req.continueFrom ? req.continueFrom.data.map((d, i) => tf.tensor(d, req.continueFrom!.shapes[i])) : undefined;
  const reporter = new ProgressReporter(req.config);
  const throttle = new Throttle(100);
  let firstAt = performance.now(), firstSent = false;
  const flush = (m: BatchMetrics) => {
    const point = reporter.point(m);
    post({ type: 'metrics', points: point ? [point] : [], progress: reporter.progress(m) });
  };
  const p = prepare(tf, req.doc, splits, req.config, {
    initialWeights: init, probeIndex: probe?.source === 'train' ? probe.index : undefined,
    events: {
      onBatch: (m) => {
        if (hang) for (;;) { /* test hook: busy forever, as a pathological op would be */ }
        if (!firstSent) { firstSent = true; post({ type: 'firstStep', ms: performance.now() - firstAt }); }
        reporter.push(m);
        if (throttle.due() || m.batch === m.batches - 1) flush(m);
      },
      onEpoch: (m) => { post({ type: 'epoch', m }); if (session && session.model.countParams() < 5_000_000) postWeights(); },
      onProbe: (maps, step) => {
        probeDirty = false;
        const kernels = session?.kernels() ?? null;
        post({ type: 'probe', step, maps, kernels }, [...maps.map((x) => x.data.buffer as ArrayBuffer)]);
      },
      onEvaluate: evalReporter('validation'),
    },
  });
  if (init) tf.dispose(init);
  if (!p.ok) { post({ type: 'problems', problems: p.problems }); post({ type: 'state', state: 'failed', message: p.problems[0]?.message }); return; }
  session = p.session;
  if (info && info.source === 'test') session.trainer.setProbeImage(info.pixels);
  if (stopAsked) session.trainer.stop();
  post({ type: 'problems', problems: [] });
  post({ type: 'state', state: 'training' });
  firstAt = performance.now();
  try {
    const r = await session.trainer.run();
    if (glLost()) { lost(); return; }
    postWeights();
    if (r.reason === 'diverged') { post({ type: 'state', state: 'diverged', message: r.message }); return; }
    // Held-out evaluation: the test set when there is one, else validation.
    const test = data.test;
    const e = test ? await session.trainer.evaluate(test, Uint32Array.from({ length: test.n }, (_, i) => i), 64, 256, evalReporter('test'))
      : await session.trainer.evaluate(splits.data, splits.val, 64, 256, evalReporter('validation'));
    if (glLost()) { lost(); return; }
    const d = test ?? splits.data, size = d.height * d.width * d.channels;
    post({ type: 'evaluation', e: {
      which: test ? 'test' : 'validation', loss: e.loss, accuracy: e.accuracy, n: e.n, confusion: e.confusion,
      height: d.height, width: d.width, channels: d.channels,
      misclassified: e.misclassified.map((m) => ({ label: m.label, predicted: m.predicted, confidence: m.confidence, pixels: d.images.slice(m.index * size, (m.index + 1) * size),
        source: test ? 'test' as const : 'train' as const, index: m.index })),
    } });
    post({ type: 'state', state: r.reason === 'stopped' ? 'stopped' : 'done' });
    // A probe image picked after the run's last probe (e.g. during the evaluation): its maps now.
    if (probeDirty) {
      probeDirty = false;
      const maps = await session.trainer.probeNow();
      if (maps) post({ type: 'probe', step: -1, maps, kernels: session.kernels() }, maps.map((x) => x.data.buffer as ArrayBuffer));
    }
  } catch (e) {
    if (glLost()) { lost(); return; }
    post({ type: 'state', state: 'failed', message: `Training failed: ${(e as Error).message}. The last weights are kept; start again to continue.` });
  } finally {
    // A big net pools up to 1 GB of recycled buffers while it trains; an idle worker should not hold them.
    fastCpu?.trimBuffers();
  }
}

self.onmessage = async (ev: MessageEvent<ToWorker>) => {
  const m = ev.data;
  try {
    switch (m.type) {
      case 'init': baseUrl = m.baseUrl; backendReady = initBackend(m.backend); break;
      case 'load': {
        loadAbort?.abort();
        const ac = new AbortController();
        loadAbort = ac;
        post({ type: 'state', state: 'loading' });
        try {
          const loaded = await loadData(m.data, baseUrl, ac.signal, (done, total, phase) => post({ type: 'loadProgress', done, total, phase }));
          if (ac.signal.aborted) return;
          data = loaded;
          const t = loaded.train;
          probe = { source: 'train', index: 0, list: 'training', chosen: false };
          valIndices = null;
          post({ type: 'loaded', summary: { name: t.name, n: t.n, testN: loaded.test?.n ?? 0, height: t.height, width: t.width, channels: t.channels, numClasses: t.numClasses, classNames: [...(t.classNames ?? [])], warnings: loaded.warnings },
            probe: probeInfo()! });
          post({ type: 'state', state: 'ready' });
        } catch (e) {
          if (loadAbort === ac) post({ type: 'loadError', message: ac.signal.aborted ? 'Loading was cancelled.' : (e as Error).message });
          post({ type: 'state', state: data ? 'ready' : 'idle' });
        }
        break;
      }
      case 'cancelLoad': loadAbort?.abort(); break;
      case 'start': await start(m.req); break;
      // Only while a run goes on: one that arrives just after the run ended must not turn 'done' into 'paused'.
      case 'pause': if (active) { session?.trainer.pause(); post({ type: 'state', state: 'paused' }); } break;
      case 'resume': if (active) { session?.trainer.resume(); post({ type: 'state', state: 'training' }); } break;
      case 'stop': if (active) { stopAsked = true; post({ type: 'state', state: 'stopping' }); session?.trainer.stop(); } break;
      case 'pickProbe': await pickProbe(m.pick); break;
      case 'debugLoseContext': {
        // Test hook (see protocol.ts): WEBGL_lose_context on tfjs's own context, the same path a GPU reset takes.
        const ext = webgl && tf.getBackend() === 'webgl' ? webgl.getExtension('WEBGL_lose_context') : null;
        if (ext) ext.loseContext();
        else post({ type: 'error', message: 'debugLoseContext: the WebGL backend is not in use.' });
        break;
      }
      // Test hook (see protocol.ts): the next batch busy-loops forever; only the app's liveness check can end this worker.
      case 'debugHang': hang = true; break;
    }
  } catch (e) {
    post({ type: 'error', message: (e as Error).message });
  }
};
