// Training benchmark in headless Chromium: samples/s of a plain tfjs loop vs the in-app trainer (Worker,
// charts and feature-map probes on), same model (LeNet-5, MNIST), batch size and backend; first-step
// time; main-thread long tasks during training. `npx tsx bench/training.ts [cpu|webgl ...] [--no-probes] [--no-panel]`;
// `npx tsx bench/training.ts --full-mnist` trains LeNet-5 on all of MNIST (minutes) and prints test accuracy.
import { build, preview } from 'vite';
import react from '@vitejs/plugin-react';
import { launchBrowser } from '../e2e/browser';
import { dataAssets } from '../scripts/viteDataPlugin';
import { english, type Msg } from '../shared/i18n';

export interface TrainingBenchRow {
  backend: 'cpu' | 'webgl';
  n: number;
  batchSize: number;
  plain: { samplesPerSec: number; firstStepMs: number };
  app: {
    samplesPerSec: number;
    firstStepMs: number;
    longTasks: number[];
    longTasksOutside: number[];
    chartPoints: number;
    probes: boolean;
    detail: string | Msg;
  };
  /** Median over the interleaved pairs of (app / plain). */
  ratio: number;
  pairs: { plain: number; app: number }[];
}

export async function runTrainingBench(
  o: {
    backends?: ('cpu' | 'webgl')[];
    log?: (l: string) => void;
    n?: Partial<Record<'cpu' | 'webgl', number>>;
    reps?: number;
    probes?: boolean;
    panel?: boolean;
  } = {},
): Promise<TrainingBenchRow[]> {
  const log = o.log ?? console.log;
  const outDir = '.bench/training-page';
  await build({
    root: 'bench/training-page',
    base: './',
    logLevel: 'warn',
    plugins: [react(), dataAssets()],
    worker: { format: 'es' },
    build: { outDir: '../../' + outDir, emptyOutDir: true, chunkSizeWarningLimit: 8192 },
  });
  const server = await preview({
    root: 'bench/training-page',
    build: { outDir: '../../' + outDir },
    preview: { port: 0, host: '127.0.0.1' },
    logLevel: 'warn',
  });
  const browser = await launchBrowser();
  const rows: TrainingBenchRow[] = [];
  try {
    for (const backend of o.backends ?? ['cpu', 'webgl']) {
      const n = o.n?.[backend] ?? (backend === 'cpu' ? 12800 : 1920),
        batchSize = 64;
      const page = await browser.newPage({ viewport: { width: 900, height: 1400 } });
      await page.goto(server.resolvedUrls!.local[0] + (o.panel === false ? '?nopanel' : ''));
      await page.waitForFunction(() => (window as any).__bench);
      // Interleave to share the machine's noise: plain, app, plain, app, ...; the median pair ratio is reported.
      const plains: any[] = [],
        apps: any[] = [];
      for (let rep = 0; rep < (o.reps ?? 5); rep++) {
        plains.push(
          await page.evaluate(([b, n, bs]) => (window as any).__bench.plain(b, n, bs), [
            backend,
            n,
            batchSize,
          ] as const),
        );
        apps.push(
          await page.evaluate(([b, n, bs, pr]) => (window as any).__bench.app(b, n, bs, pr), [
            backend,
            n,
            batchSize,
            o.probes ?? true,
          ] as const),
        );
        log(
          `${backend} rep ${rep + 1}: plain ${plains[rep].samplesPerSec.toFixed(0)} samples/s, app ${apps[rep].samplesPerSec.toFixed(0)} samples/s`,
        );
      }
      const med = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
      const medRun = (xs: any[]) => xs.find((x) => x.samplesPerSec === med(xs.map((y) => y.samplesPerSec)));
      const p = medRun(plains),
        a = medRun(apps);
      const pairs = plains.map((x, i) => ({ plain: x.samplesPerSec, app: apps[i].samplesPerSec }));
      rows.push({
        backend,
        n,
        batchSize,
        plain: { samplesPerSec: p.samplesPerSec, firstStepMs: p.firstStepMs },
        app: {
          samplesPerSec: a.samplesPerSec,
          firstStepMs: a.firstStepMs,
          longTasks: a.longTasks,
          longTasksOutside: a.longTasksOutside,
          chartPoints: a.chartPoints,
          probes: a.probes,
          detail: a.backend,
        },
        ratio: med(pairs.map((q) => q.app / q.plain)),
        pairs,
      });
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
}

export function formatTrainingBench(rows: TrainingBenchRow[]): string {
  return rows
    .map(
      (r) =>
        `  ${r.backend.padEnd(5)} LeNet-5 batch ${r.batchSize}, ${r.n} MNIST images: plain loop ${r.plain.samplesPerSec.toFixed(0)} samples/s, ` +
        `in-app ${r.app.samplesPerSec.toFixed(0)} samples/s (medians; median pair ratio ${r.ratio.toFixed(2)}, target >= 0.95; pairs ${r.pairs.map((q) => `${q.plain.toFixed(0)}/${q.app.toFixed(0)}`).join(', ')}); first step plain ${(r.plain.firstStepMs / 1000).toFixed(1)} s, app ${(r.app.firstStepMs / 1000).toFixed(1)} s; ` +
        `${r.app.chartPoints} chart points, probes ${r.app.probes ? 'on' : 'off'}; main-thread long tasks (>50 ms) while training: ${r.app.longTasks.length}` +
        (r.app.longTasks.length ? ` (max ${Math.max(...r.app.longTasks)} ms)` : '') +
        `, at start and end (data load, results view): ${r.app.longTasksOutside.length}` +
        (r.app.longTasksOutside.length ? ` (max ${Math.max(...r.app.longTasksOutside)} ms)` : '') +
        `\n        ${typeof r.app.detail === 'string' ? r.app.detail : english(r.app.detail)}`,
    )
    .join('\n');
}

/**
 * Full MNIST: LeNet-5 (MNIST template) on all 54k training images (6k held for validation) for `epochs`
 * epochs in Node with the fast CPU kernels, then the 10k test set. Too slow for CI here (minutes).
 * Measured 2026-11-27 on this 2-core machine (load ~7): 4 epochs, Adam 0.002 cosine, batch 64:
 * 140 s, test accuracy 99.17%.
 */
export async function runFullMnist(epochs = 4, log: (l: string) => void = console.log): Promise<number> {
  const { run } = await import('../cli/main');
  return run(
    [
      'train',
      'templates/json/lenet5-mnist.cnn.json',
      '--dataset',
      'mnist',
      '--epochs',
      String(epochs),
      '--batch',
      '64',
      '--lr',
      '0.002',
      '--schedule',
      'cosine',
    ],
    { out: log, err: log, progress: () => {} },
  );
}

const isMain = process.argv[1]?.endsWith('training.ts');
if (isMain && process.argv.includes('--full-mnist')) {
  void runFullMnist();
} else if (isMain) {
  const backends = process.argv.slice(2).filter((a): a is 'cpu' | 'webgl' => a === 'cpu' || a === 'webgl');
  runTrainingBench({
    backends: backends.length ? backends : undefined,
    probes: !process.argv.includes('--no-probes'),
    panel: !process.argv.includes('--no-panel'),
  }).then((rows) => console.log(formatTrainingBench(rows)));
}
