// The editor's shell at every window size: 1440x900, 1024x640, and a 1440x900 screen at 150% zoom (960x600 CSS px,
// deviceScaleFactor 1.5) and a 1920x1080 screen at 200% (960x540 CSS px, deviceScaleFactor 2). Real mouse and
// keyboard events; screenshots go to artifacts/screenshots/shell/.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { SHOTS, collectErrors, launchBrowser } from './browser';

const DIR = `${SHOTS}/shell`;
export const SIZES = [
  { name: '1440x900', width: 1440, height: 900, scale: 1 },
  { name: '1024x640', width: 1024, height: 640, scale: 1 },
  { name: '150pct', width: 960, height: 600, scale: 1.5 },
  { name: '200pct', width: 960, height: 540, scale: 2 },
] as const;

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

const tid = (id: string) => `[data-testid="${id}"]`;

async function openApp(
  size: (typeof SIZES)[number],
  errors: string[],
): Promise<{ context: BrowserContext; page: Page }> {
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

describe.each(SIZES)('at $name', (size) => {
  it('keeps the top bar, the canvas and both side panels on screen', async () => {
    const errors: string[] = [];
    const { context, page } = await openApp(size, errors);
    await openTemplate(page, 'resnet20');
    for (const s of ['btn-templates', 'btn-export', 'btn-open', 'btn-save', 'tab-train', 'tab-summary', 'canvas'])
      await onScreen(page, tid(s));
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
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('files and the top bar (1440x900)', () => {
  it('shows the nodes in the minimap after restoring unsaved work', async () => {
    const errors: string[] = [];
    const { context, page } = await openApp(SIZES[0], errors);
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
    await page2.screenshot({ path: `${DIR}/restored-minimap.png` });
    await context.close();
  });
});
