// No horizontal overflow at the narrow sizes with the widest tabs open: 1024x640, and a 1440x900 screen at 150%
// (960x600 CSS px, deviceScaleFactor 1.5). The Runs tab lists a run (its last column, Delete, visible) and the
// Train tab shows its doctor, receptive-field and explain sections after a run. Screenshots: artifacts/screenshots/shell2.
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { serializeProject } from '../shared/graph';
import { tinyNet } from '../shared/train/testing';
import { SHOTS, SIZES, collectErrors, launchBrowser } from './browser';

const DIR = `${SHOTS}/shell2`;
/** The narrow ones of SIZES: 1024x640 and 150%. */
const NARROW = SIZES.filter((s) => s.width < 1440);

let browser: Browser;
beforeAll(async () => {
  mkdirSync(DIR, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** How far the page, and each of `selectors`, reaches past the window's right edge (0 when it does not). */
const overflow = (page: Page, selectors: string[]) =>
  page.evaluate((sels) => {
    const w = window.innerWidth;
    const out: Record<string, number> = { page: Math.max(0, document.documentElement.scrollWidth - w) };
    for (const s of sels)
      for (const el of document.querySelectorAll(s)) {
        const r = el.getBoundingClientRect();
        if (r.width) out[s] = Math.max(out[s] ?? 0, Math.round(Math.max(0, r.right - w)));
      }
    return out;
  }, selectors);

for (const size of NARROW) {
  describe(`at ${size.name}`, () => {
    let page: Page;
    const errors: string[] = [];
    beforeAll(async () => {
      const context = await browser.newContext({
        viewport: { width: size.width, height: size.height },
        deviceScaleFactor: size.scale,
      });
      page = await context.newPage();
      collectErrors(page, errors);
      await page.goto(`${inject('baseURL')}?testHooks`);
      await page.waitForSelector('[data-testid=palette-Conv2D]');
      const doc = { ...tinyNet(), metadata: { name: 'Tiny Net' } };
      expect(await page.evaluate((t) => window.__cnn!.loadText(t, 'tiny.cnn.json'), serializeProject(doc))).toBe(true);
    });
    afterAll(async () => {
      await page?.context().close();
    });
    const byTest = (id: string) => page.getByTestId(id);

    it('the Train tab after a run, and the Runs tab with the run, fit in the window', async () => {
      await byTest('tab-train').click();
      await page.waitForSelector('[data-testid=training-panel]');
      await byTest('train-dataset').selectOption('mnist');
      await byTest('train-limit').fill('200');
      await byTest('train-load').click();
      await expect
        .poll(async () => (await byTest('train-data-summary').textContent()) ?? '', { timeout: 90_000 })
        .toMatch(/MNIST: 200 images/);
      await byTest('train-epochs').fill('1');
      await byTest('train-start').click();
      await expect
        .poll(() => byTest('training-panel').getAttribute('data-state'), { timeout: 180_000, interval: 500 })
        .toBe('done');
      await byTest('run-record').waitFor({ timeout: 60_000 });
      await page.screenshot({ path: `${DIR}/train-${size.name}.png` });
      expect(await overflow(page, ['.app', '[data-testid=training-panel]', '[data-testid=training-panel] *'])).toEqual({
        page: 0,
        '.app': 0,
        '[data-testid=training-panel]': 0,
        '[data-testid=training-panel] *': 0,
      });
      // The doctor and the explain sections further down the tab.
      const shown: string[] = [];
      for (const id of ['doctor', 'step-once-section']) {
        if (!(await byTest(id).count())) continue;
        shown.push(id);
        await byTest(id).scrollIntoViewIfNeeded();
        await page.screenshot({ path: `${DIR}/train-${id}-${size.name}.png` });
      }
      expect(shown).toContain('step-once-section');
      expect(await overflow(page, ['[data-testid=training-panel] *'])).toEqual({
        page: 0,
        '[data-testid=training-panel] *': 0,
      });

      await byTest('tab-runs').click();
      await byTest('runs-list').waitFor();
      await page.screenshot({ path: `${DIR}/runs-${size.name}.png` });
      expect(
        await overflow(page, ['.app', '[data-testid=runs-panel]', '[data-testid=runs-list] th:last-child']),
      ).toEqual({
        page: 0,
        '.app': 0,
        '[data-testid=runs-panel]': 0,
        '[data-testid=runs-list] th:last-child': 0,
      });
      // The last column (Restore / Delete) is inside the panel, not clipped by it.
      const clipped = await page.evaluate(() => {
        const panel = document.querySelector('[data-testid=runs-panel]')!.getBoundingClientRect();
        const del = document.querySelector('[data-testid^=delete-run-]')!.getBoundingClientRect();
        return Math.round(Math.max(0, del.right - panel.right));
      });
      expect(clipped).toBe(0);
      expect(errors).toEqual([]);
    }, 400_000);
  });
}
