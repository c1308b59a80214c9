// A net with dilated convolutions trains on WebGL (SwiftShader) in the training Worker. tfjs cannot
// differentiate a dilated conv itself; the compiled layer computes it as spaceToBatchND -> conv ->
// batchToSpaceND (shared/graph/layers/atrous.ts), which the webgl backend runs and differentiates.
// The cpu backends (stock and fast kernels) are checked in shared/graph/layers/atrous.test.ts.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { dilatedNet } from '../shared/train/testing';
import { launchBrowser, openTrainingPage } from './browser';

let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  page = await openTrainingPage(browser, inject('baseURL'), { errors });
});
afterAll(async () => {
  await browser?.close();
});

const byTest = (id: string) => page.getByTestId(id);
const attr = (id: string, a: string) => byTest(id).getAttribute(a);

it('trains a net with dilated convs on WebGL in the worker to the end, without errors', async () => {
  await page.evaluate(
    (doc) => (window as any).__training.useEditor.getState().loadDoc(doc, { path: null, name: 'dilated' }),
    dilatedNet(),
  );
  await byTest('train-backend-choice').selectOption('webgl');
  await expect.poll(() => attr('train-backend', 'data-backend'), { timeout: 30_000 }).toBe('webgl');
  await byTest('train-dataset').selectOption('synthetic');
  await byTest('train-limit').fill('256');
  await byTest('train-load').click();
  await expect
    .poll(async () => (await byTest('train-data-summary').textContent()) ?? '', { timeout: 60_000 })
    .toMatch(/Synthetic bars: 256 images 28x28x1/);
  await byTest('train-epochs').fill('1');
  await byTest('train-batch').fill('32');
  await byTest('train-start').click();
  await expect
    .poll(() => attr('training-panel', 'data-state'), { timeout: 150_000, interval: 500 })
    .toMatch(/^(done|failed|diverged)$/);
  const message = (await byTest('train-message').count()) ? await byTest('train-message').textContent() : '';
  expect(message).not.toMatch(/failed|dilation/i);
  expect(await attr('training-panel', 'data-state')).toBe('done');
  expect(Number(await attr('chart-loss', 'data-points'))).toBeGreaterThan(0);
  expect(errors).toEqual([]);
});
