// Run history as a user meets it in the browser app: train a tiny net twice with different settings (and a
// changed layer), open the Runs tab, tick both: their curves overlaid, the settings that differ and the network
// differences. The runs survive a reload (IndexedDB); restoring one puts its graph back (undoable); delete works.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { serializeProject } from '../shared/graph';
import { tinyNet } from '../shared/train/testing';
import { SHOTS, collectErrors, launchBrowser } from './browser';

let browser: Browser;
let page: Page;
const errors: string[] = [];
const DIR = `${SHOTS}/history`;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  collectErrors(page, errors);
  await page.goto(`${inject('baseURL')}?testHooks`);
  await page.waitForSelector('[data-testid=palette-Conv2D]');
  const doc = { ...tinyNet(), metadata: { name: 'Tiny Net' } };
  expect(await page.evaluate((text) => window.__cnn!.loadText(text, 'tiny.cnn.json'), serializeProject(doc))).toBe(
    true,
  );
});
afterAll(async () => {
  await browser?.close();
});

const byTest = (id: string) => page.getByTestId(id);
const filters = () =>
  page.evaluate(() => window.__cnn!.store.getState().doc.nodes.find((n) => n.id === 'conv')!.params.filters);

async function train(settings: { lr: string; batch: string; epochs: string }) {
  await byTest('tab-train').click();
  await page.waitForSelector('[data-testid=training-panel]');
  await byTest('train-lr').fill(settings.lr);
  await byTest('train-batch').fill(settings.batch);
  await byTest('train-epochs').fill(settings.epochs);
  await byTest('train-start').click();
  await expect
    .poll(() => byTest('training-panel').getAttribute('data-state'), { timeout: 180_000, interval: 500 })
    .toBe('done');
  await byTest('run-record').waitFor({ timeout: 60_000 });
}

it('keeps every run; two runs overlay, show their setting and network differences, survive a reload and restore', async () => {
  await byTest('tab-train').click();
  await page.waitForSelector('[data-testid=training-panel]');
  await byTest('train-dataset').selectOption('mnist');
  await byTest('train-limit').fill('300');
  await byTest('train-load').click();
  await expect
    .poll(async () => (await byTest('train-data-summary').textContent()) ?? '', { timeout: 90_000 })
    .toMatch(/MNIST: 300 images/);
  await train({ lr: '0.001', batch: '32', epochs: '1' });

  // A different network and different settings for the second run.
  await page.evaluate(() => {
    const s = window.__cnn!.store.getState();
    s.setParam('conv', 'filters', 16);
    s.setParam('pool', 'mode', 'avg');
  });
  await train({ lr: '0.003', batch: '16', epochs: '2' });

  await byTest('tab-runs').click();
  await byTest('runs-list').waitFor();
  await expect.poll(() => page.locator('[data-testid^=run-run-]').count()).toBe(2);
  await byTest('pick-run-1').check();
  await byTest('pick-run-2').check();
  await byTest('runs-compare').waitFor();
  const settings = (await byTest('runs-settings').innerText()).split('\n').map((l) => l.trim());
  expect(settings).toContain('learning rate\t0.001\t0.003');
  expect(settings).toContain('batch size\t32\t16');
  expect(settings).toContain('epochs\t1\t2');
  expect(await byTest('runs-diff').innerText()).toBe('changed conv: Filters 8 → 16\nchanged pool: Mode max → average');
  expect(await byTest('runs-overlay-loss').getAttribute('data-points')).toBe('2');
  expect(await page.locator('[data-testid=runs-overlay-loss] .recharts-line').count()).toBe(4);
  await page.screenshot({ path: `${DIR}/runs-compare.png` });
  await page.setViewportSize({ width: 1024, height: 640 });
  await page.screenshot({ path: `${DIR}/runs-compare-small.png` });
  await byTest('runs-diff').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${DIR}/runs-compare-small-diff.png` });
  await page.setViewportSize({ width: 1440, height: 900 });

  // In Chinese the comparison names settings and differences in Chinese (the i18n sweep).
  await byTest('lang-select').selectOption('zh-CN');
  await expect
    .poll(async () => (await byTest('runs-settings').innerText()).includes('学习率\t0.001\t0.003'))
    .toBe(true);
  expect(await byTest('runs-diff').innerText()).toBe('修改 conv：卷积核数 8 → 16\n修改 pool：方式 最大池化 → 平均池化');
  // Dates and percentages follow the app's language (Intl), not the browser's.
  const created = (await page.locator('[data-testid=run-run-1] td[title]').getAttribute('title'))!;
  expect(await byTest('run-date-run-1').innerText()).toBe(
    new Intl.DateTimeFormat('zh-CN', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(created)),
  );
  expect(await byTest('runs-overlay-loss').innerText()).toContain('A 验证集');
  mkdirSync('artifacts/screenshots/sweep', { recursive: true });
  await page.screenshot({ path: 'artifacts/screenshots/sweep/runs-zh-1440.png' });
  await byTest('lang-select').selectOption('en');
  await expect.poll(() => byTest('runs-diff').innerText()).toContain('changed conv');

  // The history lives in IndexedDB: a reload lists both runs again.
  await expect.poll(() => byTest('runs-list').getAttribute('data-saving')).toBe('0');
  await page.reload();
  await page.waitForSelector('[data-testid=palette-Conv2D]');
  await byTest('tab-runs').click();
  await expect.poll(() => page.locator('[data-testid^=run-run-]').count(), { timeout: 20_000 }).toBe(2);
  const doc = { ...tinyNet(), metadata: { name: 'Tiny Net' } };
  await page.evaluate((text) => window.__cnn!.loadText(text, 'tiny.cnn.json'), serializeProject(doc));
  expect(await filters()).toBe(8);

  // Restore run-2 (confirmation, then an undoable edit) and undo it.
  await byTest('restore-run-2').click();
  expect(await byTest('restore-question-run-2').innerText()).toMatch(
    /Replace the graph with run-2's network and trained weights\? Undo brings the current graph back\./,
  );
  await page.screenshot({ path: `${DIR}/runs-restore-confirm.png` });
  await byTest('confirm-restore-run-2').click();
  expect(await filters()).toBe(16);
  await page.evaluate(() => window.__cnn!.store.getState().undo());
  expect(await filters()).toBe(8);

  // Delete run-1: gone now and after a reload.
  await byTest('delete-run-1').click();
  await expect.poll(() => page.locator('[data-testid^=run-run-]').count()).toBe(1);
  // The delete is committed to IndexedDB asynchronously; the list says when no write is in flight.
  await expect.poll(() => byTest('runs-list').getAttribute('data-saving')).toBe('0');
  await page.reload();
  await page.waitForSelector('[data-testid=palette-Conv2D]');
  await byTest('tab-runs').click();
  await expect.poll(() => page.locator('[data-testid^=run-run-]').count(), { timeout: 20_000 }).toBe(1);
  await byTest('run-run-2').waitFor();
  expect(errors).toEqual([]);
}, 500_000);
