// Benchmark page: the real TrainingPanel (charts, feature-map probes on) driven through its store, and
// the plain loop worker; bench/training.ts drives this page in headless Chromium.
import { createRoot } from 'react-dom/client';
import { lenet5Mnist } from '../../templates/lenet';
import { useEditor } from '../../renderer/store/store';
import { TrainingPanel } from '../../renderer/training/TrainingPanel';
import { training, useTraining } from '../../renderer/training/trainingStore';

useEditor.getState().loadDoc(lenet5Mnist(), { path: null, name: 'LeNet-5' });
const lt: { at: number; ms: number }[] = [];
new PerformanceObserver((l) => {
  for (const e of l.getEntries()) lt.push({ at: e.startTime, ms: e.duration });
}).observe({ type: 'longtask', buffered: true });

function plain(backend: 'webgl' | 'cpu', n: number, batchSize: number): Promise<unknown> {
  const w = new Worker(new URL('./plainWorker.ts', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    w.onmessage = (e) => {
      w.terminate();
      resolve(e.data);
    };
    w.onerror = (e) => {
      w.terminate();
      reject(new Error(e.message));
    };
    w.postMessage({ baseUrl: new URL('./', document.baseURI).href, backend, n, batchSize });
  });
}

async function app(backend: 'webgl' | 'cpu', n: number, batchSize: number, probes: boolean) {
  training.setBackend(backend);
  const ready = () =>
    new Promise<void>((r) => {
      const u = useTraining.subscribe((s) => {
        if (s.data && s.backend && s.state === 'ready') {
          u();
          r();
        }
      });
    });
  const loaded = ready();
  training.load({ kind: 'mnist', limit: n, testLimit: 1000 });
  await loaded;
  training.setConfig({ batchSize, epochs: 1, optimizer: 'adam', learningRate: 0.001, probeEvery: probes ? 10 : 0 });
  training.setOptions({ valFraction: 0 });
  lt.length = 0;
  const finished = new Promise<void>((r) => {
    const u = useTraining.subscribe((s) => {
      if (['done', 'stopped', 'failed', 'diverged'].includes(s.state)) {
        u();
        r();
      }
    });
  });
  // The training window: from the 'training' state to the epoch's end (its metrics message), before the
  // held-out evaluation and the results view.
  let from = Infinity,
    to = Infinity;
  const u = useTraining.subscribe((s) => {
    if (s.state === 'training' && from === Infinity) from = performance.now();
    if (s.epochs.length && to === Infinity) to = performance.now();
  });
  training.start(false);
  await finished;
  u();
  await new Promise((r) => setTimeout(r, 400)); // last chart publish
  const s = useTraining.getState();
  const last = s.progress!;
  const first = s.firstStepMs ?? 0;
  const batches = Math.ceil(n / batchSize);
  return {
    state: s.state,
    backend: s.backend?.detail,
    firstStepMs: first,
    samplesPerSec: (((n - batchSize) * 1000) / (last.elapsedMs - first)) * (last.batch === batches ? 1 : NaN),
    accuracy: s.evaluation?.accuracy,
    chartPoints: s.batches.length,
    probes: s.probeStep >= 0,
    longTasks: lt.filter((t) => t.at >= from && t.at <= to).map((t) => Math.round(t.ms)),
    longTasksOutside: lt.filter((t) => t.at < from || t.at > to).map((t) => Math.round(t.ms)),
  };
}

(window as unknown as { __bench: unknown }).__bench = { plain, app };
// ?nopanel: the same trainer and store without the panel, to tell UI cost from trainer cost.
if (!new URLSearchParams(location.search).has('nopanel'))
  createRoot(document.getElementById('root')!).render(<TrainingPanel />);
