// "What it sees" in the inspector: after training, the selected node's feature maps are in the Inspector tab;
// clicking a pixel there shows that unit's receptive field box on the probe image (rf-overlay, equal to the
// analysis's rfBox), its effective field (erf-heatmap, nonzero inside the box and zero outside) and, for a
// convolution, the worked arithmetic equal to the model's own value.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { analyse, parseProject } from '../shared/graph';
import { rfBox } from '../shared/graph/rfBox';
import { SHOTS, collectErrors, launchBrowser, loadMnistOnCpu } from './browser';

let browser: Browser;
let page: Page;
const errors: string[] = [];
const OUT = `${SHOTS}/explain`;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  collectErrors(page, errors);
  await page.goto(`${inject('baseURL')}?testHooks`);
  await page.waitForFunction(() => (window as any).__cnn);
});
afterAll(async () => {
  await browser?.close();
});

const byTest = (id: string) => page.getByTestId(id);
const state = () => byTest('training-panel').getAttribute('data-state');

it('a pixel clicked in the inspector shows the receptive field box, the effective field and the worked convolution', async () => {
  const text = readFileSync('templates/json/lenet5-mnist.cnn.json', 'utf8');
  const parsed = parseProject(text);
  if (!parsed.ok) throw new Error('template');
  const a = analyse(parsed.doc);
  expect(await page.evaluate((t) => (window as any).__cnn.loadText(t, 'lenet.cnn.json'), text)).toBe(true);

  // Before any training the section says what to do.
  await page.evaluate(() => (window as any).__cnn.store.getState().select(['C3']));
  await byTest('tab-inspector').click();
  await expect.poll(() => byTest('inspector-sees-none').count()).toBe(1);
  expect(await byTest('inspector-sees-none').textContent()).toContain('Train the model');
  // Dense and Flatten have no maps: no section.
  await page.evaluate(() => (window as any).__cnn.store.getState().select(['flatten']));
  await expect.poll(() => byTest('inspector-sees').count()).toBe(0);

  await byTest('tab-train').click();
  await byTest('training-panel').waitFor();
  await loadMnistOnCpu(page, 600);
  await byTest('train-epochs').fill('1');
  await byTest('train-batch').fill('16');
  await byTest('train-start').click();
  await expect.poll(state, { timeout: 180_000 }).toBe('done');

  await page.evaluate(() => (window as any).__cnn.store.getState().select(['C3']));
  await byTest('tab-inspector').click();
  const grid = byTest('inspector-sees').getByTestId('featuremaps-C3');
  await expect.poll(() => grid.count(), { timeout: 10_000 }).toBe(1);
  expect(await byTest('rf-hint').count()).toBe(1);
  // The brightest unit of channel 3 (an active one: a ReLU unit that is off has no gradient).
  const map = await page.evaluate(() => {
    const c = document.querySelector('[data-testid=inspector-sees] [data-testid=featuremaps-C3]') as HTMLCanvasElement;
    const cols = Number(c.dataset.cols),
      scale = Number(c.dataset.scale);
    // Read the drawn tile of channel 2 back from the canvas and pick its brightest pixel.
    const ctx = c.getContext('2d')!;
    const tw = 10,
      th = 10;
    const col = 2 % cols,
      row = Math.floor(2 / cols);
    const img = ctx.getImageData(col * (tw + 1), row * (th + 1), tw, th).data;
    let best = 0;
    for (let p = 1; p < tw * th; p++) if (img[p * 4] > img[best * 4]) best = p;
    return { cols, scale, y: Math.floor(best / tw), x: best % tw, col, row };
  });
  expect(a.nodes.get('C3')!.shape!.slice(0, 2)).toEqual([10, 10]);
  await grid.click({
    position: {
      x: (map.col * 11 + map.x + 0.5) * map.scale,
      y: (map.row * 11 + map.y + 0.5) * map.scale,
    },
  });
  const box = rfBox(a.nodes.get('C3')!.rf!, map.y, map.x, 28, 28);
  const overlay = byTest('rf-overlay');
  await expect.poll(() => overlay.getAttribute('data-top'), { timeout: 30_000 }).toBe(String(box.full.top));
  expect(await overlay.getAttribute('data-left')).toBe(String(box.full.left));
  expect(await overlay.getAttribute('data-bottom')).toBe(String(box.full.bottom));
  expect(await overlay.getAttribute('data-right')).toBe(String(box.full.right));
  const heat = byTest('erf-heatmap');
  await expect.poll(async () => Number(await heat.getAttribute('data-max')), { timeout: 60_000 }).toBeGreaterThan(0);
  expect(await heat.getAttribute('data-outside')).toBe('0');
  const conv = byTest('conv-explain');
  await expect.poll(() => conv.getAttribute('data-kind'), { timeout: 30_000 }).toBe('conv');
  expect(Number(await conv.getAttribute('data-diff'))).toBeLessThan(1e-5);
  // The view lives in the inspector, not the (hidden) Train tab.
  expect(await byTest('inspector-sees').getByTestId('rf-overlay').count()).toBe(1);
  expect(await byTest('training-panel').count()).toBe(0);

  for (const [vw, vh] of [
    [1440, 900],
    [1024, 640],
  ]) {
    await page.setViewportSize({ width: vw, height: vh });
    await byTest('inspector-sees').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUT}/inspector-sees-${vw}x${vh}.png` });
  }
  expect(errors).toEqual([]);
}, 400_000);
