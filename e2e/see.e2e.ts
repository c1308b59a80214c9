// See what the network sees: click a feature-map pixel and the probe image shows that unit's receptive field
// (the analysis's box, checked against shared/graph/rfBox computed here in Node) and its effective field, the
// worker's |d unit / d input|, as a heatmap that is zero outside the box and follows the training.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { analyse, parseProject } from '../shared/graph';
import { rfBox } from '../shared/graph/rfBox';
import { chain } from '../shared/train/testing';
import { SHOTS, launchBrowser, loadMnistOnCpu, openTrainingPage } from './browser';

let browser: Browser;
let page: Page;
const errors: string[] = [];
const OUT = `${SHOTS}/see`;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await openTrainingPage(browser, inject('baseURL'), { errors });
});
afterAll(async () => {
  await browser?.close();
});

const byTest = (id: string) => page.getByTestId(id);
const state = () => byTest('training-panel').getAttribute('data-state');

/** The brightest unit of a channel (an active one: a ReLU unit that is off has no gradient at all). */
async function brightest(nodeId: string, ch: number): Promise<[number, number]> {
  return page.evaluate(
    ([id, c]) => {
      const m = (window as any).__training.useTraining.getState().maps.find((x: any) => x.nodeId === id);
      const n = m.height * m.width;
      let best = 0;
      for (let p = 1; p < n; p++) if (m.data[c * n + p] > m.data[c * n + best]) best = p;
      return [Math.floor(best / m.width), best % m.width] as [number, number];
    },
    [nodeId, ch] as const,
  );
}

/** Clicks pixel (y, x) of channel `ch` of a node's feature-map grid. */
async function clickUnit(nodeId: string, ch: number, y: number, x: number) {
  const grid = byTest(`featuremaps-${nodeId}`);
  const cols = Number(await grid.getAttribute('data-cols')),
    scale = Number(await grid.getAttribute('data-scale'));
  const map = await page.evaluate(
    (id) => (window as any).__training.useTraining.getState().maps.find((m: any) => m.nodeId === id),
    nodeId,
  );
  const px = (ch % cols) * (map.width + 1) + x,
    py = Math.floor(ch / cols) * (map.height + 1) + y;
  // Playwright's position is from the padding box (inside the border): the middle of the zoomed pixel.
  await grid.click({ position: { x: (px + 0.5) * scale, y: (py + 0.5) * scale } });
}

const doc = () => {
  const r = parseProject(readFileSync('templates/json/lenet5-mnist.cnn.json', 'utf8'));
  if (!r.ok) throw new Error('template');
  return r.doc;
};

it('a clicked feature-map pixel shows its receptive field box and its effective field, updated as training goes on', async () => {
  const a = analyse(doc());
  // Enough batches (3 epochs of ~225) that training is still running after the click: with the fast CPU kernels
  // 600 images ended before a later probe could come.
  await loadMnistOnCpu(page, 4000);
  await byTest('train-epochs').fill('3');
  await byTest('train-batch').fill('16');
  await byTest('train-start').click();
  await expect.poll(() => byTest('featuremaps-C3').count(), { timeout: 120_000 }).toBe(1);

  // An active C3 unit: 14x14 pixels.
  const [y3, x3] = await brightest('C3', 2);
  await clickUnit('C3', 2, y3, x3);
  const box = rfBox(a.nodes.get('C3')!.rf!, y3, x3, 28, 28);
  const overlay = byTest('rf-overlay');
  await expect.poll(() => overlay.getAttribute('data-top'), { timeout: 30_000 }).toBe(String(box.full.top));
  expect(await overlay.getAttribute('data-left')).toBe(String(box.full.left));
  expect(await overlay.getAttribute('data-bottom')).toBe(String(box.full.bottom));
  expect(await overlay.getAttribute('data-right')).toBe(String(box.full.right));
  expect(box.full.bottom - box.full.top + 1).toBe(a.nodes.get('C3')!.rf!.size[0]);

  // The heatmap: nonzero somewhere, zero outside the box; it comes again with later probes.
  const heat = byTest('erf-heatmap');
  await expect.poll(async () => Number(await heat.getAttribute('data-max')), { timeout: 60_000 }).toBeGreaterThan(0);
  expect(await heat.getAttribute('data-outside')).toBe('0');
  const step0 = Number(await byTest('erf-step').getAttribute('data-step'));
  await expect
    .poll(async () => Number(await byTest('erf-step').getAttribute('data-step')), { timeout: 120_000 })
    .toBeGreaterThan(step0);
  expect(await heat.getAttribute('data-outside')).toBe('0');
  await expect.poll(state, { timeout: 180_000 }).toBe('done');

  // The timeline: one frame per epoch; the slider shows epoch 1's maps, then the live ones again.
  const slider = byTest('epoch-slider');
  expect(await slider.getAttribute('max')).toBe('3');
  expect(await slider.getAttribute('data-value')).toBe('live');
  const c1 = () =>
    page.evaluate(() => (document.querySelector('[data-testid=featuremaps-C1]') as HTMLCanvasElement).toDataURL());
  const liveC1 = await c1();
  await slider.fill('0');
  await expect.poll(() => slider.getAttribute('data-value')).toBe('1');
  expect(await byTest('epoch-shown').textContent()).toBe('maps and kernels at the end of epoch 1');
  await expect.poll(c1).not.toBe(liveC1);
  await slider.fill('3');
  await expect.poll(() => slider.getAttribute('data-value')).toBe('live');
  await expect.poll(c1).toBe(liveC1);

  // A C1 unit at the corner: its 5x5 field reaches two rows and columns into the 'same' padding.
  await clickUnit('C1', 0, 0, 0);
  await expect.poll(() => overlay.getAttribute('data-top')).toBe('-2');
  expect(await overlay.getAttribute('data-padded')).toBe('true');
  expect(await byTest('rf-padded').textContent()).toContain('2 rows and 2 columns');
  await expect
    .poll(async () => Number(await heat.getAttribute('data-max')), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(0);
  expect(await heat.getAttribute('data-outside')).toBe('0');

  // The same unit's convolution worked out: the model's own value, within 1e-5.
  const conv = byTest('conv-explain');
  await expect.poll(() => conv.getAttribute('data-kind'), { timeout: 30_000 }).toBe('conv');
  expect(Number(await conv.getAttribute('data-diff'))).toBeLessThan(1e-5);
  expect(await conv.textContent()).toContain('out = floor((28 + 2*2 - 1*(5 - 1) - 1) / 1) + 1 = 28');
  await page.setViewportSize({ width: 1440, height: 900 });
  await conv.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}/conv-explain-1440x900.png` });

  const [y2, x2] = await brightest('S2', 3);
  await clickUnit('S2', 3, y2, x2);
  const s2 = rfBox(a.nodes.get('S2')!.rf!, y2, x2, 28, 28);
  await expect.poll(() => overlay.getAttribute('data-left')).toBe(String(s2.full.left));
  await expect.poll(() => conv.getAttribute('data-kind'), { timeout: 30_000 }).toBe('max');
  expect(Number(await conv.getAttribute('data-diff'))).toBeLessThan(1e-5);
  await expect.poll(async () => Number(await heat.getAttribute('data-max')), { timeout: 30_000 }).toBeGreaterThan(0);
  expect(await heat.getAttribute('data-outside')).toBe('0');
  // One batch, step by step, for C1: activations, gradient, and the update's size.
  await byTest('step-once-layer').selectOption('C1');
  await byTest('step-once').click();
  await expect
    .poll(async () => Number(await byTest('step-once-view').getAttribute('data-update')), { timeout: 60_000 })
    .toBeGreaterThan(0);
  expect(await byTest('step-once-view').textContent()).toMatch(/1\. Forward.*2\. Loss.*3\. Backward.*4\. Update/s);
  await byTest('step-once-view').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}/step-once-1440x900.png` });
  for (const [w, h] of [
    [1440, 900],
    [1024, 640],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await byTest('rf-view').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUT}/rf-${w}x${h}.png` });
  }
  expect(errors).toEqual([]);
});

it('in the app, the training doctor diagnoses a deep sigmoid stack at learning rate 1 (vanishing gradients), marks its nodes, and its fix adds BatchNorm', async () => {
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${inject('baseURL')}?testHooks`);
  await page.waitForFunction(() => (window as any).__cnn);
  const sigmoid = chain('deep sigmoid', [
    ['input', 'Input', { height: 28, width: 28, channels: 1 }],
    ...[1, 2, 3, 4, 5, 6].map(
      (i) => [`c${i}`, 'Conv2D', { filters: 8, kernel: [3, 3], padding: 'same', activation: 'sigmoid' }] as const,
    ),
    ['flat', 'Flatten', {}],
    ['out', 'Dense', { units: 10, activation: 'softmax' }],
  ] as Parameters<typeof chain>[1]);
  expect(
    await page.evaluate((t) => (window as any).__cnn.loadText(t, 'sigmoid.cnn.json'), JSON.stringify(sigmoid)),
  ).toBe(true);
  await byTest('tab-train').click();
  await byTest('training-panel').waitFor();
  await loadMnistOnCpu(page, 600);
  await byTest('train-optimizer').selectOption('sgd');
  await byTest('train-momentum').fill('0');
  await byTest('train-lr').fill('1');
  await byTest('train-epochs').fill('2');
  await byTest('train-batch').fill('16');
  await byTest('train-start').click();
  await expect.poll(state, { timeout: 180_000 }).toMatch(/done|diverged/);
  const card = byTest('doctor-vanishing-gradients');
  await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
  expect(await card.textContent()).toMatch(/The gradient reaching c1 is .* of out/);
  // The health mark on the nodes concerned, and the same diagnosis in Problems.
  await expect.poll(() => byTest('health-c1').count()).toBe(1);
  for (const [w, h] of [
    [1440, 900],
    [1024, 640],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await byTest('doctor').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${OUT}/doctor-${w}x${h}.png` });
  }
  await byTest('tab-problems').click();
  await expect.poll(() => byTest('problems-doctor-vanishing-gradients').count()).toBe(1);
  await page.screenshot({ path: `${OUT}/doctor-problems-1024x640.png` });
  const fix = byTest('problems-doctor-fix-vanishing-gradients-0');
  expect(await fix.textContent()).toBe('Add BatchNorm after the 6 hidden layers');
  await fix.click();
  const types = () =>
    page.evaluate(() => (window as any).__cnn.store.getState().doc.nodes.map((n: { type: string }) => n.type));
  await expect.poll(async () => (await types()).filter((t: string) => t === 'BatchNorm').length).toBe(6);
  // The graph is no longer a plain stack: the diagnosis and its marks go.
  await expect.poll(() => byTest('problems-doctor-vanishing-gradients').count()).toBe(0);
  await expect.poll(() => byTest('health-c1').count()).toBe(0);
  expect(errors).toEqual([]);
});

it('the gallery tells what each classic introduced; its tour walks through the nodes concerned', async () => {
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${inject('baseURL')}?testHooks`);
  await page.waitForFunction(() => (window as any).__cnn);
  await page
    .getByRole('button', { name: /templates/i })
    .first()
    .click();
  await byTest('template-stories').waitFor();
  expect(await byTest('template-stories').textContent()).toContain('ReLU, Dropout, overlapping max pooling');
  await byTest('template-stories').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${OUT}/stories-gallery-1440x900.png` });
  await byTest('tour-lenet5-1998').click();
  const selected = () => page.evaluate(() => (window as any).__cnn.store.getState().selectedNodes);
  await byTest('tour-card').waitFor();
  await expect.poll(selected).toEqual(['C1']);
  await byTest('tour-next').click();
  await expect.poll(selected).toEqual(['S2', 'S4']);
  await byTest('tour-next').click();
  await byTest('tour-next').click();
  await expect.poll(selected).toEqual(['C5', 'F6', 'output']);
  expect(await byTest('tour-card').textContent()).toContain('C5: a convolution as a fully connected layer');
  for (const [w, h] of [
    [1440, 900],
    [1024, 640],
  ]) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `${OUT}/tour-${w}x${h}.png` });
  }
  await byTest('tour-close').click();
  expect(await byTest('tour-card').count()).toBe(0);
  expect(errors).toEqual([]);
});
