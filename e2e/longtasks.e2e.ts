// The main thread while training in the app with the training doctor, feature-map probes, a clicked unit's
// receptive field, effective field and worked convolution all on: at most two tasks on the renderer's main thread
// take more than 50 ms of CPU after warm-up, and none more than 100 ms (Chromium's trace, per task: thread time). Wall-clock long tasks (the
// PerformanceObserver's 'longtask') are logged, not asserted: on this shared 2-core machine (5 helpers, load 2-10)
// the trace shows the main thread descheduled inside them (e.g. 338 ms wall, 14 ms CPU), which no page code can
// prevent. Before the fix, the worked convolution re-translated one hover text per number cell on every probe
// (300 for LeNet's C3): one such task took 100-140 ms of the main thread.
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, collectErrors, launchBrowser, loadMnistOnCpu } from './browser';

let browser: Browser;
let page: Page;
const errors: string[] = [];
const TRACE = `${SHOTS}/longtasks-trace.json`;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  collectErrors(page, errors);
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { at: number; ms: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) w.__longTasks.push({ at: e.startTime, ms: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(`${inject('baseURL')}?testHooks`);
  await page.waitForFunction(() => (window as any).__cnn);
});
afterAll(async () => {
  await browser?.close();
});

const byTest = (id: string) => page.getByTestId(id);
const state = () => byTest('training-panel').getAttribute('data-state');

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string; data?: { message?: string } };
}

it('training with the doctor, probes and a worked convolution on: no main-thread task over 50 ms of CPU after warm-up (two outliers up to 100 ms)', async () => {
  const text = readFileSync('templates/json/lenet5-mnist.cnn.json', 'utf8');
  expect(await page.evaluate((t) => (window as any).__cnn.loadText(t, 'lenet.cnn.json'), text)).toBe(true);
  await byTest('tab-train').click();
  await byTest('training-panel').waitFor();
  await loadMnistOnCpu(page, 4000);
  await byTest('train-epochs').fill('2');
  await byTest('train-batch').fill('16');
  await byTest('train-start').click();
  // Warm-up: the first maps, then a C3 unit clicked (6 input channels: the largest worked convolution of LeNet-5)
  // and its effective field and worked convolution drawn once.
  await expect.poll(() => byTest('featuremaps-C3').count(), { timeout: 120_000, interval: 500 }).toBe(1);
  const grid = byTest('featuremaps-C3');
  const scale = Number(await grid.getAttribute('data-scale'));
  await grid.click({ position: { x: 4.5 * scale, y: 4.5 * scale } });
  await expect
    .poll(() => byTest('conv-explain').getAttribute('data-kind'), { timeout: 60_000, interval: 500 })
    .toBe('conv');
  const step0 = Number(await byTest('erf-step').getAttribute('data-step'));
  expect(await state()).toBe('training');

  // The measured window: from here to the end of training (marked in the trace by the page itself, so the
  // held-out evaluation and results view that follow are outside it).
  await page.evaluate(() => {
    const panel = document.querySelector('[data-testid=training-panel]')!;
    new MutationObserver((_, o) => {
      if (panel.getAttribute('data-state') !== 'training') {
        console.timeStamp('cnn-training-ended');
        o.disconnect();
      }
    }).observe(panel, { attributes: true, attributeFilter: ['data-state'] });
    (window as any).__longTasks.length = 0;
    (window as any).__from = performance.now();
  });
  await browser.startTracing(page, {
    path: TRACE,
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'],
  });
  await page.evaluate(() => console.timeStamp('cnn-window-start'));
  // Poll slowly: Playwright's own polling is main-thread work too.
  await expect.poll(state, { timeout: 300_000, interval: 2000 }).toMatch(/done|stopped/);
  await browser.stopTracing();
  // The effective field and worked convolution kept coming during the window.
  expect(Number(await byTest('erf-step').getAttribute('data-step'))).toBeGreaterThan(step0);

  const trace = JSON.parse(readFileSync(TRACE, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  rmSync(TRACE);
  const mark = (m: string) => events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === m);
  const start = mark('cnn-window-start'),
    end = mark('cnn-training-ended');
  expect(start && end).toBeTruthy();
  const main = `${start!.pid}:${start!.tid}`;
  const tasks = events.filter(
    (e) =>
      e.name === 'RunTask' &&
      e.ph === 'X' &&
      `${e.pid}:${e.tid}` === main &&
      e.ts >= start!.ts &&
      e.ts + (e.dur ?? 0) <= end!.ts,
  );
  const cpuMs = tasks.map((e) => (e.tdur ?? 0) / 1000);
  const wallMs = tasks.map((e) => (e.dur ?? 0) / 1000);
  const longTasks: { at: number; ms: number }[] = await page.evaluate(() =>
    (window as any).__longTasks.filter((t: any) => t.at >= (window as any).__from),
  );
  const top = (xs: number[]) =>
    [...xs]
      .sort((a, b) => b - a)
      .slice(0, 5)
      .map((x) => x.toFixed(1));
  console.log(
    `main thread while training (${((end!.ts - start!.ts) / 1e6).toFixed(1)} s, ${tasks.length} tasks): ` +
      `largest CPU per task ${top(cpuMs).join(', ')} ms; largest wall ${top(wallMs).join(', ')} ms; ` +
      `wall-clock long tasks (PerformanceObserver, whole run to 'done') ${JSON.stringify(longTasks.map((t) => Math.round(t.ms)))}`,
  );
  expect(tasks.length).toBeGreaterThan(50);
  // Two tasks may pass 50 ms (a garbage collection or a layout that happens to land in the window on a slow CI
  // machine: on 2026-12-02 this machine ran ~1.5x slower and both the previous and the current main gave a second
  // task of 45-56 ms); a third one, or any over 100 ms, is a real regression (before the fix every probe update
  // took 100-140 ms).
  const sorted = [...cpuMs].sort((a, b) => b - a);
  expect(sorted[0]).toBeLessThanOrEqual(100);
  expect(sorted[2]).toBeLessThanOrEqual(50);
  expect(errors).toEqual([]);
}, 420_000);
