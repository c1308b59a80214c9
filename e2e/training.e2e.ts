// Training in Debian Chromium on real MNIST: the Training panel on its own page (training.html) until it
// is mounted in the app layout. Load MNIST, fix a data/graph mismatch in one click, train LeNet-5 for one
// epoch on 4,000 images in the Worker (auto backend: software WebGL is detected and the fast CPU kernels
// take over, with a notice); charts and feature maps fill in; held-out accuracy >= 80%; the page answers
// throughout. Then WebGL (SwiftShader) forced in the Worker: it trains, streams maps, and stops mid-epoch.
// Finally a crashed worker is reported, the weights survive and training can start again.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, launchBrowser, openTrainingPage } from './browser';

let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await openTrainingPage(browser, inject('baseURL'), {
    errors,
    before: (pg) =>
      pg.addInitScript(() => {
        (window as any).__longTasks = [];
        new PerformanceObserver((l) => {
          for (const e of l.getEntries()) (window as any).__longTasks.push(e.duration);
        }).observe({ type: 'longtask', buffered: true });
      }),
  });
});
afterAll(async () => {
  await browser?.close();
});

const byTest = (id: string) => page.getByTestId(id);
const attr = (id: string, a: string) => byTest(id).getAttribute(a);

/** setTimeout(0) latencies on the main thread, sampled every 100 ms while `until` is pending. */
async function pings(until: Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  let done = false;
  void until.finally(() => {
    done = true;
  });
  while (!done) {
    out.push(
      await page.evaluate(
        () =>
          new Promise<number>((r) => {
            const t = performance.now();
            setTimeout(() => r(performance.now() - t), 0);
          }),
      ),
    );
    await new Promise((r) => setTimeout(r, 100));
  }
  return out;
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] ?? 0;

it('loads MNIST, shows a shape mismatch with a one-click fix, trains LeNet-5 in the worker to >= 80%', async () => {
  await expect.poll(() => attr('train-backend', 'data-backend'), { timeout: 30_000 }).not.toBe('');
  const backend = await attr('train-backend', 'data-backend');
  const detail = (await byTest('train-backend').textContent()) ?? '';
  if (backend === 'cpu')
    expect(await byTest('train-backend-notice').textContent()).toMatch(/software-rendered|not available/);
  await byTest('train-dataset').selectOption('mnist');
  await byTest('train-limit').fill('4000');
  await byTest('train-load').click();
  await expect
    .poll(async () => (await byTest('train-data-summary').textContent()) ?? '', { timeout: 60_000 })
    .toMatch(/MNIST: 4,000 images 28x28x1, 10 classes, 1,333 test/);

  // Break the Input's shape: the panel names the mismatch and fixes it in one click.
  await page.evaluate(() => {
    const s = (window as any).__training.useEditor.getState();
    s.setParam('input', 'height', 32);
  });
  await expect
    .poll(async () => (await byTest('data-problem-data-input-shape').textContent()) ?? '')
    .toMatch(/MNIST has 28x28x1 images but the Input input expects 32x28x1/);
  expect(await byTest('train-start').isDisabled()).toBe(true);
  await byTest('fix-data-input-shape').click();
  await expect.poll(() => byTest('data-problem-data-input-shape').count()).toBe(0);

  await byTest('train-epochs').fill('1');
  await byTest('train-batch').fill('32');
  await byTest('train-lr').fill('0.002');
  await page.evaluate(() => {
    (window as any).__longTasks.length = 0;
  });
  const t0 = Date.now();
  await byTest('train-start').click();
  await expect.poll(() => byTest('train-locked').count()).toBe(1);
  await expect
    .poll(async () => Number(await attr('chart-loss', 'data-points')), { timeout: 60_000 })
    .toBeGreaterThan(0);
  await expect.poll(() => byTest('featuremaps-C1').count(), { timeout: 60_000 }).toBe(1);
  expect(await attr('featuremaps-C1', 'data-channels')).toBe('6');
  expect(await byTest('featuremaps-C3').count()).toBe(1);
  expect(await attr('kernels', 'data-count')).toBe('6');
  // The page answers while the worker trains.
  const done = expect
    .poll(() => attr('training-panel', 'data-state'), { timeout: 150_000, interval: 500 })
    .toBe('done');
  const lat = await pings(done);
  const seconds = (Date.now() - t0) / 1000;
  const acc = Number(await attr('eval-accuracy', 'data-value'));
  const sps = Number(await attr('train-sps', 'data-value'));
  const first = await byTest('train-first-step').textContent();
  const longTasks: number[] = await page.evaluate(() => (window as any).__longTasks);
  console.log(
    `e2e training (${detail.trim()}): ${seconds.toFixed(1)} s, held-out accuracy ${(acc * 100).toFixed(2)}%, ${sps.toFixed(0)} samples/s, ${first}, ` +
      `setTimeout(0) median ${median(lat).toFixed(0)} ms max ${Math.max(...lat).toFixed(0)} ms (${lat.length} pings), long tasks ${JSON.stringify(longTasks.map(Math.round))}`,
  );
  await page.screenshot({ path: `${SHOTS}/training-done.png`, fullPage: true });
  expect(acc).toBeGreaterThanOrEqual(0.8);
  expect(Number(await attr('chart-epoch', 'data-points'))).toBe(1);
  expect(await byTest('confusion').count()).toBe(1);
  expect(await byTest('train-locked').count()).toBe(0);
  // Long tasks are logged, not asserted: on this shared 2-core machine (load 5-10) any main-thread work is
  // preempted. What must hold is that the page keeps answering.
  expect(median(lat)).toBeLessThan(250);
  expect(errors).toEqual([]);
});

it('trains on WebGL (SwiftShader) in the worker when chosen, streams feature maps, and stops mid-epoch keeping the weights', async () => {
  await byTest('train-backend-choice').selectOption('webgl');
  await expect.poll(() => attr('train-backend', 'data-backend'), { timeout: 30_000 }).toBe('webgl');
  await byTest('train-dataset').selectOption('mnist');
  await byTest('train-limit').fill('2000');
  await byTest('train-load').click();
  await expect
    .poll(async () => (await byTest('train-data-summary').textContent()) ?? '', { timeout: 60_000 })
    .toMatch(/MNIST: 2,000 images/);
  await byTest('train-epochs').fill('3');
  await byTest('train-start').click();
  await expect
    .poll(async () => Number(await attr('chart-loss', 'data-points')), { timeout: 90_000 })
    .toBeGreaterThan(1);
  await expect.poll(() => byTest('featuremaps-C1').count(), { timeout: 60_000 }).toBe(1);
  const first = await byTest('train-first-step').textContent();
  const sps = Number(await attr('train-sps', 'data-value'));
  console.log(
    `e2e WebGL: ${first}, ${sps.toFixed(0)} samples/s, ${(await byTest('train-backend').textContent())?.trim()}`,
  );
  await byTest('train-stop').click();
  await expect.poll(() => attr('training-panel', 'data-state'), { timeout: 60_000 }).toBe('stopped');
  expect(await byTest('train-locked').count()).toBe(0);
  await expect.poll(() => byTest('train-continue').count()).toBe(1);
  expect(errors).toEqual([]);
});

it('reports a crashed worker; the graph and the last weights survive and training starts again', async () => {
  const graph = () =>
    page.evaluate(() => {
      const d = (window as any).__training.useEditor.getState().doc;
      return JSON.stringify({ nodes: d.nodes, edges: d.edges });
    });
  // count, sum of squares and non-finite values of the weights the app holds (those of the stopped WebGL run)
  const weights = () =>
    page.evaluate(() => {
      const w = (window as any).__training.useTraining.getState().weights as { data: Float32Array[] } | null;
      if (!w) return null;
      let n = 0,
        sq = 0,
        bad = 0;
      for (const d of w.data)
        for (const x of d) {
          n++;
          sq += x * x;
          if (!Number.isFinite(x)) bad++;
        }
      return { n, sq, bad };
    });
  const graphBefore = await graph(),
    weightsBefore = await weights();
  expect(weightsBefore).toMatchObject({ n: 61_706, bad: 0 });
  await page.evaluate(() => (window as any).__training.training.simulateCrash());
  await expect
    .poll(async () => (await byTest('train-message').textContent()) ?? '')
    .toMatch(/training worker crashed .* last weights are kept/);
  expect(await attr('training-panel', 'data-state')).toBe('failed');
  expect(await page.evaluate(() => (window as any).__training.useEditor.getState().locked)).toBe(false);
  expect(await weights()).toEqual(weightsBefore);
  expect(await graph()).toBe(graphBefore);
  // The weights are there to continue from, once the data is loaded again in a fresh worker.
  expect(await byTest('train-continue').isDisabled()).toBe(true);
  expect(await byTest('train-reset').count()).toBe(1);
  // The graph is editable; a new worker loads the data again and trains.
  await page.evaluate(() => {
    const s = (window as any).__training.useEditor.getState();
    s.setParam('C5', 'units', 100);
  });
  expect(
    await page.evaluate(
      () => (window as any).__training.useEditor.getState().doc.nodes.find((n: any) => n.id === 'C5').params.units,
    ),
  ).toBe(100);
  await byTest('train-backend-choice').selectOption('cpu');
  await byTest('train-limit').fill('500');
  await byTest('train-load').click();
  await expect
    .poll(async () => (await byTest('train-data-summary').textContent()) ?? '', { timeout: 60_000 })
    .toMatch(/MNIST: 500 images/);
  await byTest('train-epochs').fill('1');
  await byTest('train-start').click();
  await expect.poll(() => attr('training-panel', 'data-state'), { timeout: 60_000 }).toBe('done');
  expect(errors).toEqual([]);
});

it('in the app: the Train tab trains the open graph on synthetic data and locks the graph meanwhile', async () => {
  const { readFileSync } = await import('node:fs');
  const app = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
  const appErrors: string[] = [];
  app.on('pageerror', (e) => appErrors.push(e.message));
  await app.goto(`${inject('baseURL')}?testHooks`);
  await app.waitForSelector('#root > *');
  await app.waitForFunction(() => (window as any).__cnn);
  expect(
    await app.evaluate(
      (t) => (window as any).__cnn.loadText(t, 'lenet.cnn.json'),
      readFileSync('templates/json/lenet5-mnist.cnn.json', 'utf8'),
    ),
  ).toBe(true);
  await app.getByTestId('tab-train').click();
  const t = (id: string) => app.getByTestId(id);
  await t('training-panel').waitFor();
  await t('train-dataset').selectOption('synthetic');
  await t('train-limit').fill('640');
  await t('train-load').click();
  await expect
    .poll(async () => (await t('train-data-summary').textContent()) ?? '', { timeout: 60_000 })
    .toMatch(/Synthetic bars: 640 images 28x28x1, 10 classes/);
  await t('train-epochs').fill('2');
  await t('train-start').click();
  await expect
    .poll(() => app.evaluate(() => (window as any).__cnn.store.getState().locked), { timeout: 30_000 })
    .toBe(true);
  // An edit while training is refused with a notice; the document is unchanged.
  const before = await app.evaluate(() => (window as any).__cnn.serialize());
  await app.evaluate(() => (window as any).__cnn.store.getState().setParam('C5', 'units', 50));
  expect(await app.evaluate(() => (window as any).__cnn.serialize())).toBe(before);
  expect(await app.evaluate(() => (window as any).__cnn.store.getState().notice?.text)).toMatch(
    /locked while training/,
  );
  await expect.poll(() => t('training-panel').getAttribute('data-state'), { timeout: 120_000 }).toBe('done');
  expect(await app.evaluate(() => (window as any).__cnn.store.getState().locked)).toBe(false);
  expect(Number(await t('eval-accuracy').getAttribute('data-value'))).toBeGreaterThan(0.3);
  expect(await t('featuremaps-C1').count()).toBe(1);
  await app.screenshot({ path: `${SHOTS}/app-train-tab.png` });
  expect(appErrors).toEqual([]);
  await app.close();
});
