// The fast CPU kernels on several threads in Debian Chromium: the page (vite preview) is cross-origin isolated, so
// the training Worker runs the kernels' own Web Workers over one shared WebAssembly.Memory. Choose the CPU backend
// and 2 threads: the backend line says "CPU: 2 threads", and LeNet-5 trains on MNIST to a sane accuracy.
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SHOTS, launchBrowser, openTrainingPage } from './browser';

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

it('is cross-origin isolated and trains LeNet-5 with the CPU kernels on 2 threads', async () => {
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await expect.poll(() => attr('train-backend', 'data-backend'), { timeout: 30_000 }).not.toBe('');
  await byTest('train-backend-choice').selectOption('cpu');
  await byTest('train-threads').selectOption('2');
  await expect
    .poll(async () => (await byTest('train-backend').textContent()) ?? '', { timeout: 60_000 })
    .toMatch(/CPU \(tfjs cpu \+ fast wasm kernels; CPU: 2 threads\)/);
  await byTest('train-dataset').selectOption('mnist');
  await byTest('train-limit').fill('2000');
  await byTest('train-load').click();
  await expect
    .poll(async () => (await byTest('train-data-summary').textContent()) ?? '', { timeout: 60_000 })
    .toMatch(/MNIST: 2,000 images/);
  await byTest('train-epochs').fill('1');
  await byTest('train-batch').fill('32');
  await byTest('train-start').click();
  await expect.poll(() => attr('training-panel', 'data-state'), { timeout: 180_000, interval: 500 }).toBe('done');
  const acc = Number(await attr('eval-accuracy', 'data-value'));
  const sps = Number(await attr('train-sps', 'data-value'));
  console.log(`e2e threads: held-out accuracy ${(acc * 100).toFixed(1)}%, ${sps.toFixed(0)} samples/s on 2 threads`);
  await page.screenshot({ path: `${SHOTS}/training-threads.png`, fullPage: true });
  expect(acc).toBeGreaterThan(0.5);
  expect(errors).toEqual([]);
}, 300_000);
