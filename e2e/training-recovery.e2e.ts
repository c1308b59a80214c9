// A lost WebGL context, for real: LeNet-5 trains on synthetic bars on WebGL (SwiftShader, chosen explicitly: 'auto' takes the CPU
// here) in the Worker, and while a second run trains, the test hook `training.debugLoseContext()` calls
// WEBGL_lose_context.loseContext() on tfjs's own context in the worker (the path a GPU reset takes). The panel must
// say so and leave 'training' (not hang on a GPU read that never returns), keep the graph as it was and the
// weights from before the loss (not zeros read from a dead context), and train again in a fresh worker.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, launchBrowser, openTrainingPage } from './browser';

let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await openTrainingPage(browser, inject('baseURL'), { errors, height: 1200 });
});
afterAll(async () => {
  await browser?.close();
});

const byTest = (id: string) => page.getByTestId(id);
const attr = (id: string, a: string) => byTest(id).getAttribute(a);
const state = () => attr('training-panel', 'data-state');

/** The graph as the editor holds it (nodes with their params, edges). */
const graph = () =>
  page.evaluate(() => {
    const d = (window as any).__training.useEditor.getState().doc;
    return JSON.stringify({ nodes: d.nodes, edges: d.edges });
  });

/** A fingerprint of the weights the app holds: count, sum of squares, non-finite values, shapes. */
const weightsPrint = `(() => {
  const w = window.__training.useTraining.getState().weights;
  if (!w) return null;
  let n = 0, sq = 0, bad = 0;
  for (const d of w.data) for (const x of d) { n++; sq += x * x; if (!Number.isFinite(x)) bad++; }
  return { n, sq, bad, shapes: JSON.stringify(w.shapes) };
})()`;
type Print = { n: number; sq: number; bad: number; shapes: string } | null;

/** Synthetic bars (28x28x1, 10 classes, a fifth as many test images): instant, and a short held-out evaluation. */
async function loadData(n: number) {
  await byTest('train-dataset').selectOption('synthetic');
  await byTest('train-limit').fill(String(n));
  await byTest('train-load').click();
  await expect
    .poll(async () => (await byTest('train-data-summary').textContent()) ?? '', { timeout: 60_000 })
    .toMatch(new RegExp(`^Synthetic bars: ${n} images 28x28x1, 10 classes, ${n / 5} test`));
}

it('a lost WebGL context mid-run is reported; the graph and the weights from before survive; a fresh worker trains again', async () => {
  const t0 = Date.now();
  await expect.poll(() => attr('train-backend', 'data-backend'), { timeout: 30_000 }).not.toBe('');
  await byTest('train-backend-choice').selectOption('webgl');
  await expect.poll(() => attr('train-backend', 'data-backend'), { timeout: 30_000 }).toBe('webgl');
  await loadData(500);

  // Run 1: one short epoch, so that there are weights to keep.
  await byTest('train-epochs').fill('1');
  await byTest('train-batch').fill('64');
  await byTest('train-start').click();
  await expect.poll(state, { timeout: 120_000, interval: 250 }).toBe('done');
  const afterRun1 = (await page.evaluate(weightsPrint)) as Print;
  expect(afterRun1?.n).toBe(61_706); // LeNet-5's parameter count
  const tRun1 = Date.now();

  // Run 2, fresh weights, several epochs; lose the context a few batches in.
  await byTest('train-epochs').fill('5');
  await byTest('train-batch').fill('16');
  const graphBefore = await graph();
  await byTest('train-start').click();
  await expect
    .poll(async () => Number(await attr('chart-loss', 'data-points')), { timeout: 60_000 })
    .toBeGreaterThan(2);
  expect(await state()).toBe('training');
  // Read the weights the app holds and lose the context in one main-thread task: nothing can arrive in between.
  const beforeLoss = (await page.evaluate(
    `(() => { const p = ${weightsPrint}; window.__training.training.debugLoseContext(); return p; })()`,
  )) as Print;
  const tLoss = Date.now();

  // Reported within seconds, not stuck on 'training' or 'stopping'; the graph is unlocked and unchanged.
  await expect
    .poll(async () => (await byTest('train-message').textContent()) ?? '', { timeout: 30_000 })
    .toMatch(/WebGL context was lost .* graph and the last weights are kept/);
  const reportedMs = Date.now() - tLoss;
  expect(await state()).toBe('failed');
  expect(await byTest('train-locked').count()).toBe(0);
  expect(await page.evaluate(() => (window as any).__training.useEditor.getState().locked)).toBe(false);
  expect(await graph()).toBe(graphBefore);
  // The weights are the ones held before the loss: real values, not zeros read back from a dead context.
  const afterLoss = (await page.evaluate(weightsPrint)) as Print;
  expect(afterLoss).toEqual(beforeLoss);
  expect(afterLoss!.bad).toBe(0);
  expect(afterLoss!.sq).toBeGreaterThan(1);
  // The data lived in the lost worker: the panel asks for it again.
  expect(await byTest('train-data-summary').count()).toBe(0);
  await page.screenshot({ path: `${SHOTS}/training-context-lost.png`, fullPage: true });

  // Still WebGL, in a fresh worker with a fresh context (started at once): load and continue from the kept weights.
  expect(await byTest('train-backend-choice').inputValue()).toBe('webgl');
  await expect.poll(() => attr('train-backend', 'data-backend'), { timeout: 30_000 }).toBe('webgl');
  await loadData(500);
  await byTest('train-epochs').fill('1');
  await byTest('train-batch').fill('64');
  expect(await byTest('train-continue').count()).toBe(1);
  await byTest('train-continue').click();
  await expect.poll(state, { timeout: 120_000, interval: 250 }).toBe('done');
  const afterRestart = (await page.evaluate(weightsPrint)) as Print;
  expect(afterRestart!.n).toBe(61_706);
  expect(afterRestart!.sq).not.toBe(afterLoss!.sq);
  const acc = Number(await attr('eval-accuracy', 'data-value'));
  console.log(
    `e2e context loss: run 1 ${((tRun1 - t0) / 1000).toFixed(1)} s, reported ${reportedMs} ms after the loss, held-out accuracy after continuing ${(acc * 100).toFixed(0)}%, whole test ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  expect(acc).toBeGreaterThan(0.3);
  expect(errors.filter((e) => !/CONTEXT_LOST_WEBGL|context lost/i.test(e))).toEqual([]);
});

// A worker that stops answering without a context loss (a pathological op, a GPU read that never returns): the test hook
// `training.debugHang()` makes the worker's next batch busy-loop forever. Judged only from the messages it sends, the
// panel says that the worker has not answered (after 3 s here instead of 15, through the store's test hook), Wait
// hides that for another 3 s, and End worker ends it like a crash: graph unchanged, weights from before kept, a fresh
// worker reports its backend and trains again. On the CPU backend ('auto' here), which also shows that the worker
// handles messages while it trains there.
it('a worker that stops answering mid-run gets a notice; End worker keeps the graph and the weights, and a fresh worker trains again', async () => {
  const t0 = Date.now();
  await byTest('train-backend-choice').selectOption('auto');
  await expect.poll(() => attr('train-backend', 'data-backend'), { timeout: 30_000 }).toBe('cpu');
  await loadData(500);
  await byTest('train-epochs').fill('200'); // far longer than the test: it only ends by End worker
  await byTest('train-batch').fill('16');
  const graphBefore = await graph();
  await byTest('train-start').click();
  // One epoch done, so that the app holds weights from this run.
  await expect
    .poll(async () => Number(await attr('chart-epoch', 'data-points')), { timeout: 60_000 })
    .toBeGreaterThanOrEqual(1);
  expect(await state()).toBe('training');
  // Read the weights and hang the worker in one main-thread task; the next epoch's weights cannot arrive after that.
  const beforeHang = (await page.evaluate(`(() => {
    const t = window.__training.training;
    t.setLiveness({ minMs: 3000 });
    const p = ${weightsPrint};
    t.debugHang();
    return p;
  })()`)) as Print;
  const tHang = Date.now();
  expect(beforeHang!.n).toBe(61_706);

  await byTest('train-no-answer').waitFor({ timeout: 30_000 });
  const noticeMs = Date.now() - tHang;
  expect(await byTest('train-no-answer').textContent()).toMatch(/^The training worker has not answered for \d+ s\./);
  expect(Number(await attr('train-silent-sec', 'data-value'))).toBeGreaterThanOrEqual(3);
  expect(await state()).toBe('training'); // a notice, not an automatic end
  await page.screenshot({ path: `${SHOTS}/training-no-answer.png`, fullPage: true });
  // Wait: the notice goes, and comes back after another 3 s of silence.
  await byTest('train-wait').click();
  expect(await byTest('train-no-answer').count()).toBe(0);
  await byTest('train-no-answer').waitFor({ timeout: 30_000 });
  const silentSec = Number(await attr('train-silent-sec', 'data-value'));
  expect(silentSec).toBeGreaterThanOrEqual(6);

  await byTest('train-end-worker').click();
  await expect.poll(state).toBe('failed');
  expect(await byTest('train-message').textContent()).toMatch(
    /did not answer for \d+ s and was ended\. The graph and the last weights are kept/,
  );
  expect(await byTest('train-no-answer').count()).toBe(0);
  expect(await byTest('train-locked').count()).toBe(0);
  expect(await page.evaluate(() => (window as any).__training.useEditor.getState().locked)).toBe(false);
  expect(await graph()).toBe(graphBefore);
  expect((await page.evaluate(weightsPrint)) as Print).toEqual(beforeHang);
  expect(await byTest('train-data-summary').count()).toBe(0);
  // A fresh worker, started at once, reports its backend; with the data loaded again it continues from the kept weights.
  await expect.poll(() => attr('train-backend', 'data-backend'), { timeout: 30_000 }).toBe('cpu');
  await page.evaluate(() => (window as any).__training.training.setLiveness()); // the defaults again
  await loadData(500);
  await byTest('train-epochs').fill('1');
  expect(await byTest('train-continue').count()).toBe(1);
  await byTest('train-continue').click();
  await expect.poll(state, { timeout: 120_000, interval: 250 }).toBe('done');
  const afterRestart = (await page.evaluate(weightsPrint)) as Print;
  expect(afterRestart!.n).toBe(61_706);
  expect(afterRestart!.sq).not.toBe(beforeHang!.sq);
  const acc = Number(await attr('eval-accuracy', 'data-value'));
  console.log(
    `e2e hung worker: notice ${noticeMs} ms after the hang (limit 3 s), ended after ${silentSec} s of silence, held-out accuracy after continuing ${(acc * 100).toFixed(0)}%, whole test ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  expect(acc).toBeGreaterThan(0.3);
  expect(errors.filter((e) => !/CONTEXT_LOST_WEBGL|context lost/i.test(e))).toEqual([]);
});
