// The editor's shell at every window size: 1440x900, 1024x640, and a 1440x900 screen at 150% zoom (960x600 CSS px,
// deviceScaleFactor 1.5) and a 1920x1080 screen at 200% (960x540 CSS px, deviceScaleFactor 2). Real mouse and
// keyboard events; screenshots go to artifacts/screenshots/shell/.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { SHOTS, SIZES, SIZE_200, collectErrors, launchBrowser, tid, type Size } from './browser';

const DIR = `${SHOTS}/shell`;
/** Issue 11's three sizes and a 1920x1080 screen at 200%. */
const FOUR: readonly Size[] = [...SIZES, SIZE_200];

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

async function openApp(size: Size, errors: string[]): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: { width: size.width, height: size.height },
    deviceScaleFactor: size.scale,
    acceptDownloads: true,
  });
  const page = await context.newPage();
  collectErrors(page, errors);
  await page.goto(`${inject('baseURL')}?testHooks`);
  await page.waitForSelector(tid('palette-Conv2D'));
  return { context, page };
}

async function openTemplate(page: Page, id: string) {
  await page.click(tid('btn-templates'));
  await page.click(tid(`template-${id}`));
  await page.waitForSelector(tid('templates-dialog'), { state: 'detached' });
  await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length > 5);
  await page.waitForSelector('.layout-busy', { state: 'detached' });
}

/** How many rows the top bar's controls take, and its height in px. */
const topBarRows = (page: Page) =>
  page.evaluate(() => {
    const bar = document.querySelector('.topbar')!;
    const mids = [...bar.querySelectorAll('button, select, .doc-title')]
      .map((e) => e.getBoundingClientRect())
      .filter((r) => r.width > 1)
      .map((r) => (r.top + r.bottom) / 2);
    const rows = mids.sort((a, b) => a - b).filter((m, i, a) => i === 0 || m - a[i - 1] > 8).length;
    return { rows, height: Math.round(bar.getBoundingClientRect().height) };
  });

/** The element's box lies wholly inside the viewport. */
async function onScreen(page: Page, selector: string) {
  const box = await page.locator(selector).first().boundingBox();
  const vp = page.viewportSize()!;
  expect(box, selector).not.toBeNull();
  expect(box!.x, selector).toBeGreaterThanOrEqual(0);
  expect(box!.y, selector).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width, selector).toBeLessThanOrEqual(vp.width + 0.5);
  expect(box!.y + box!.height, selector).toBeLessThanOrEqual(vp.height + 0.5);
}

describe.each(FOUR)('at $name', (size) => {
  it('keeps the top bar, the canvas and both side panels on screen', async () => {
    const errors: string[] = [];
    const { context, page } = await openApp(size, errors);
    await openTemplate(page, 'resnet20');
    for (const s of ['btn-templates', 'btn-export', 'btn-open', 'btn-save', 'tab-train', 'tab-summary', 'canvas'])
      await onScreen(page, tid(s));
    // The top bar is one row, in both languages (it wrapped onto two at 1024 px and below): every control shares it.
    for (const lang of ['zh-CN', 'en']) {
      await page.selectOption(tid('lang-select'), lang);
      await page.waitForFunction((l) => document.documentElement.lang === l, lang);
      expect(await topBarRows(page), lang).toEqual({ rows: 1, height: 40 });
      await onScreen(page, tid('lang-select'));
    }
    // Nothing scrolls the page itself.
    const overflow = await page.evaluate(() => [
      document.documentElement.scrollWidth - window.innerWidth,
      document.documentElement.scrollHeight - window.innerHeight,
    ]);
    expect(overflow).toEqual([0, 0]);
    const canvas = (await page.locator(tid('canvas')).boundingBox())!;
    expect(canvas.width).toBeGreaterThan(300);
    await page.screenshot({ path: `${DIR}/editor-${size.name}.png` });
    await page.click(tid('tab-train'));
    await page.waitForSelector(tid('training-panel'));
    await onScreen(page, tid('train-start'));
    await page.screenshot({ path: `${DIR}/train-${size.name}.png` });
    await page.click(tid('tab-summary'));
    await page.screenshot({ path: `${DIR}/summary-${size.name}.png` });
    // Summary: every column reachable (the table scrolls sideways inside the panel when it is narrow).
    await page.locator('[data-testid=summary-table] th', { hasText: 'RF' }).scrollIntoViewIfNeeded();
    await onScreen(page, '[data-testid=summary-table] th:last-child');
    // Export dialog and Templates gallery fit the window.
    await page.click(tid('btn-export'));
    await onScreen(page, '[role=dialog]');
    await page.screenshot({ path: `${DIR}/export-${size.name}.png` });
    await page.keyboard.press('Escape');
    await page.click(tid('btn-templates'));
    await onScreen(page, tid('templates-dialog'));
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('collapses, expands and resizes the side panels with the mouse and the keyboard, and remembers their sizes', async () => {
    const errors: string[] = [];
    const { context, page } = await openApp(size, errors);
    const width = async (id: string) => (await page.locator(`#${id}`).boundingBox())!.width;
    const canvas0 = await width('panel-canvas');
    await page.click(tid('collapse-left'));
    expect(await width('panel-palette')).toBeLessThan(40);
    expect(await width('panel-canvas')).toBeGreaterThan(canvas0 + 100);
    await page.click(tid('collapse-right'));
    expect(await width('panel-details')).toBeLessThan(40);
    await page.screenshot({ path: `${DIR}/collapsed-${size.name}.png` });
    await page.click(tid('expand-left'));
    await page.click(tid('expand-right'));
    expect(await width('panel-palette')).toBeGreaterThan(150);
    // Drag the right separator 80 px to the left: the details panel grows by as much.
    const right0 = await width('panel-details');
    const sep = (await page.locator('#sep-right').boundingBox())!;
    await page.mouse.move(sep.x + sep.width / 2, sep.y + sep.height / 2);
    await page.mouse.down();
    await page.mouse.move(sep.x + sep.width / 2 - 40, sep.y + sep.height / 2, { steps: 4 });
    await page.mouse.move(sep.x + sep.width / 2 - 80, sep.y + sep.height / 2, { steps: 4 });
    await page.mouse.up();
    const right1 = await width('panel-details');
    expect(right1).toBeGreaterThan(right0 + 60);
    // Keyboard: focus the left separator and press the arrow keys.
    const left0 = await width('panel-palette');
    await page.focus('#sep-left');
    await page.keyboard.press('ArrowRight');
    expect(await width('panel-palette')).toBeGreaterThan(left0);
    const left1 = await width('panel-palette');
    const right2 = await width('panel-details'); // the canvas at its minimum may have taken from the details
    await page.waitForTimeout(300);
    await page.reload();
    await page.waitForSelector(tid('palette-Conv2D'));
    expect(Math.abs((await width('panel-details')) - right2)).toBeLessThan(3);
    expect(Math.abs((await width('panel-palette')) - left1)).toBeLessThan(3);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('closes the Recent menu on Escape and on a click outside', async () => {
    const errors: string[] = [];
    const { context, page } = await openApp(size, errors);
    await page.click(tid('btn-recent'));
    await page.waitForSelector(tid('recent-menu'));
    await page.screenshot({ path: `${DIR}/recent-${size.name}.png` });
    await page.keyboard.press('Escape');
    await page.waitForSelector(tid('recent-menu'), { state: 'detached' });
    await page.click(tid('btn-recent'));
    await page.waitForSelector(tid('recent-menu'));
    const c = (await page.locator(tid('canvas')).boundingBox())!;
    await page.mouse.click(c.x + c.width / 2, c.y + c.height / 2);
    await page.waitForSelector(tid('recent-menu'), { state: 'detached' });
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('files, the top bar and the Train tab', () => {
  it.each(SIZES)('shows the nodes in the minimap after restoring unsaved work (at $name)', async (size) => {
    const errors: string[] = [];
    const { context, page } = await openApp(size, errors);
    await openTemplate(page, 'lenet5-mnist');
    // An edit, then wait for the autosave (1.5 s) to keep a draft.
    await page.click(tid('btn-layout'));
    await page.waitForFunction(() => {
      for (let i = 0; i < localStorage.length; i++) if (localStorage.key(i)!.includes('recovery')) return true;
      return false;
    });
    await page.waitForTimeout(2500);
    const page2 = await context.newPage();
    collectErrors(page2, errors);
    await page.close({ runBeforeUnload: false });
    await page2.goto(`${inject('baseURL')}?testHooks`);
    await page2.click(tid('btn-restore'));
    await page2.waitForFunction(() => document.querySelectorAll('.react-flow__node').length >= 10);
    await page2.waitForTimeout(500);
    expect(await page2.locator('.react-flow__minimap-node').count()).toBeGreaterThanOrEqual(10);
    await page2.screenshot({ path: `${DIR}/restored-minimap-${size.name}.png` });
    await context.close();
  });

  it.each(SIZES)(
    'renames the project in place (Enter keeps, Escape cancels), and Save As asks for a file name (at $name)',
    async (size) => {
      const errors: string[] = [];
      const { context, page } = await openApp(size, errors);
      await openTemplate(page, 'resnet20');
      const name = () => page.locator(tid('doc-name')).textContent();
      expect(await name()).toBe('ResNet-20 (CIFAR-10, 32x32x3)');
      await page.click(tid('doc-name'));
      await page.keyboard.type('Throwaway');
      await page.keyboard.press('Escape');
      expect(await name()).toBe('ResNet-20 (CIFAR-10, 32x32x3)');
      await page.click(tid('doc-name'));
      await page.keyboard.type('My ResNet');
      await page.keyboard.press('Enter');
      expect(await name()).toBe('My ResNet');
      expect(await page.locator(tid('dirty-mark')).count()).toBe(1);
      await page.screenshot({ path: `${DIR}/renamed-${size.name}.png` });
      // Save As: the browser asks for the name (proposing the project's), downloads under it, and the name follows.
      const asked: string[] = [];
      page.once('dialog', (d) => {
        asked.push(d.defaultValue());
        void d.accept('my resnet v2');
      });
      const download = page.waitForEvent('download');
      await page.click(tid('btn-saveAs'));
      expect((await download).suggestedFilename()).toBe('my-resnet-v2.cnn.json');
      expect(asked).toEqual(['My-ResNet.cnn.json']);
      expect(await name()).toBe('my-resnet-v2.cnn.json');
      expect(await page.locator(tid('dirty-mark')).count()).toBe(0);
      // Save (not As) downloads under the same name without asking.
      let promptedAgain = false;
      page.once('dialog', (d) => {
        promptedAgain = true;
        void d.dismiss();
      });
      const again = page.waitForEvent('download');
      await page.keyboard.press('Control+s');
      expect((await again).suggestedFilename()).toBe('my-resnet-v2.cnn.json');
      expect(promptedAgain).toBe(false);
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  it.each(SIZES)('does not add a file that failed to open to Recent (at $name)', async (size) => {
    const errors: string[] = [];
    const { context, page } = await openApp(size, errors);
    const chooser = page.waitForEvent('filechooser');
    await page.click(tid('btn-open'));
    await (
      await chooser
    ).setFiles({ name: 'broken.cnn.json', mimeType: 'application/json', buffer: Buffer.from('{"nodes": [') });
    await page.waitForSelector('.notice.error');
    await page.click(tid('btn-recent'));
    await page.waitForSelector(tid('recent-menu'));
    expect(await page.locator(tid('recent-menu')).textContent()).not.toContain('broken.cnn.json');
    expect(await page.locator(tid('recent-menu')).textContent()).toContain('No recent files yet.');
    await context.close();
  });

  it.each(SIZES)('switches to the dark theme and remembers it (at $name)', async (size) => {
    const errors: string[] = [];
    const { context, page } = await openApp(size, errors);
    await openTemplate(page, 'lenet5-mnist');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await page.selectOption(tid('theme-select'), 'dark');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.locator('.react-flow__node').nth(2).click();
    await page.screenshot({ path: `${DIR}/dark-editor-${size.name}.png` });
    await page.click(tid('tab-summary'));
    await page.screenshot({ path: `${DIR}/dark-summary-${size.name}.png` });
    await page.reload();
    await page.waitForSelector(tid('palette-Conv2D'));
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.selectOption(tid('theme-select'), 'system');
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(errors).toEqual([]);
    await context.close();
  });

  it.each(SIZES)(
    'Train tab: keeps the data limit across a tab switch and says why Train is disabled (at $name)',
    async (size) => {
      const errors: string[] = [];
      const { context, page } = await openApp(size, errors);
      await openTemplate(page, 'lenet5-mnist');
      await page.click(tid('tab-train'));
      await page.click(tid('train-limit'));
      await page.keyboard.type('4000');
      await page.click(tid('tab-inspector'));
      await page.click(tid('tab-train'));
      expect(await page.inputValue(tid('train-limit'))).toBe('4000');
      const why = page.locator(tid('train-why-disabled'));
      expect(await why.textContent()).toMatch(/Load a data set first/);
      expect(await page.getAttribute(tid('train-start'), 'aria-describedby')).toBe(await why.getAttribute('id'));
      expect(await page.isDisabled(tid('train-start'))).toBe(true);
      await page.screenshot({ path: `${DIR}/train-disabled-${size.name}.png` });
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  it.each(SIZES)('says the graph is locked when a node is dragged while training (at $name)', async (size) => {
    const errors: string[] = [];
    const { context, page } = await openApp(size, errors);
    await openTemplate(page, 'lenet5-mnist');
    // What a run does to the editor (trainingStore: setLocked(true) while it runs).
    await page.evaluate(() => window.__cnn!.store.getState().setLocked(true));
    const node = page.locator('.react-flow__node').nth(2);
    const before = (await node.boundingBox())!;
    const pane0 = await page.evaluate(() => document.querySelector('.react-flow__viewport')!.getAttribute('style'));
    await page.mouse.move(before.x + before.width / 2, before.y + before.height / 2);
    await page.mouse.down();
    await page.mouse.move(before.x + before.width / 2 + 60, before.y + before.height / 2 + 40, { steps: 6 });
    await page.mouse.move(before.x + before.width / 2 + 120, before.y + before.height / 2 + 80, { steps: 6 });
    await page.mouse.up();
    const after = (await node.boundingBox())!;
    expect([after.x, after.y]).toEqual([before.x, before.y]);
    expect(await page.evaluate(() => document.querySelector('.react-flow__viewport')!.getAttribute('style'))).toBe(
      pane0,
    );
    expect(await page.locator('.notice').first().textContent()).toMatch(/locked while training/);
    await page.screenshot({ path: `${DIR}/locked-drag-${size.name}.png` });
    expect(errors).toEqual([]);
    await context.close();
  });

  it.each(SIZES)(
    'trains in the app: the probe says its predicted class, Continue counts epochs on and appends to the charts, a drag while training says the graph is locked (at $name)',
    async (size) => {
      const errors: string[] = [];
      const { context, page } = await openApp(size, errors);
      await openTemplate(page, 'lenet5-mnist');
      await page.click(tid('tab-train'));
      await page.selectOption(tid('train-backend-choice'), 'cpu');
      await expect.poll(() => page.getAttribute(tid('train-backend'), 'data-backend'), { timeout: 60_000 }).toBe('cpu');
      await page.selectOption(tid('train-dataset'), 'mnist');
      await page.fill(tid('train-limit'), '3000');
      await page.click(tid('train-load'));
      await page.waitForSelector(`${tid('train-start')}:not([disabled])`, { timeout: 60_000 });
      expect(await page.locator(tid('train-why-disabled')).count()).toBe(0);
      await page.fill(tid('train-epochs'), '2');
      await page.click(tid('train-start'));
      // While it runs, a drag on a node says why nothing moves. The run is paused first (a paused run still locks
      // the graph): with the fast CPU kernels 2 epochs can end before a drag unpaused.
      await page.waitForSelector(tid('train-locked'), { timeout: 60_000 });
      await page.click(tid('train-pause'), { timeout: 60_000 });
      await expect
        .poll(() => page.getAttribute(tid('training-panel'), 'data-state'), { timeout: 60_000 })
        .toBe('paused');
      expect(await page.locator(tid('train-locked')).count()).toBe(1);
      const node = page.locator('.react-flow__node').nth(1);
      const b = (await node.boundingBox())!;
      await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2);
      await page.mouse.down();
      await page.mouse.move(b.x + b.width / 2 + 50, b.y + b.height / 2 + 30, { steps: 5 });
      await page.mouse.up();
      await page.waitForSelector('.notice >> text=/locked while training/');
      await page.screenshot({ path: `${DIR}/training-locked-${size.name}.png` });
      await page.click(tid('train-resume'));
      await expect
        .poll(() => page.getAttribute(tid('training-panel'), 'data-state'), { timeout: 120_000 })
        .toBe('done');
      const progress = () =>
        page
          .locator(`${tid('train-progress')} .pn-small`)
          .first()
          .textContent();
      expect(await progress()).toMatch(/^epoch 2\/2/);
      const points1 = Number(await page.getAttribute(tid('chart-loss'), 'data-points'));
      const prediction = page.locator(tid('train-probe-prediction'));
      await prediction.waitFor();
      expect(await prediction.textContent()).toMatch(/^predicted \d \(\d+(\.\d)?%\) [✓✗]$/);
      await page.click(tid('train-continue'));
      await expect
        .poll(() => page.getAttribute(tid('training-panel'), 'data-state'), { timeout: 120_000 })
        .toBe('done');
      expect(await progress()).toMatch(/^epoch 4\/4/);
      // The charts draw on a time budget (useBudgeted): the last points may land a moment after 'done'.
      await expect
        .poll(async () => Number(await page.getAttribute(tid('chart-loss'), 'data-points')), { timeout: 30_000 })
        .toBeGreaterThan(points1);
      // Issue 11 item 6, "chart axis labels are cut": every axis tick label lies inside its chart's drawing.
      const cut = await page.$$eval('.tr-chart', (charts) =>
        charts.flatMap((chart) => {
          const svg = chart.querySelector('svg.recharts-surface');
          if (!svg) return [`${chart.getAttribute('data-testid')}: no svg`];
          const s = svg.getBoundingClientRect();
          return [...chart.querySelectorAll('.recharts-cartesian-axis-tick-value')].flatMap((t) => {
            const r = t.getBoundingClientRect();
            const inside =
              r.left >= s.left - 0.5 && r.right <= s.right + 0.5 && r.top >= s.top - 0.5 && r.bottom <= s.bottom + 0.5;
            return inside ? [] : [`${chart.getAttribute('data-testid')}: "${t.textContent}"`];
          });
        }),
      );
      expect(await page.locator('.tr-chart .recharts-cartesian-axis-tick-value').count()).toBeGreaterThan(10);
      expect(cut).toEqual([]);
      // ...and each chart lies across the Train panel's width, not cut by its right edge.
      const panel = (await page.locator(tid('training-panel')).boundingBox())!;
      for (const svg of await page.locator('.tr-chart svg.recharts-surface').all()) {
        const b = (await svg.boundingBox())!;
        expect([b.x >= panel.x - 0.5, b.x + b.width <= panel.x + panel.width + 0.5]).toEqual([true, true]);
      }
      await page.locator(tid('train-featuremaps')).scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${DIR}/trained-continue-${size.name}.png` });
      expect(errors).toEqual([]);
      await context.close();
    },
    300_000,
  );
});
