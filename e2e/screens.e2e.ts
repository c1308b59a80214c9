// Every main screen at every window size, in light and dark, checked with axe-core and looked at: the Templates
// gallery, the editor with a template, Problems (with a fix button), Summary, a context menu, go-to-layer, the Export
// dialog, the Train tab after a short run and the Runs tab. Sizes: 1440x900, 1024x640, and a 1440x900 screen at 150%
// zoom, emulated with deviceScaleFactor 1.5 and a 960x600 CSS px viewport (what Chromium lays out at 150%). Each
// screen is checked in the light theme, then the system setting is switched to dark (the app follows it) and it is
// checked again. Then, with real mouse and keyboard events: Fit leaves the minimap and the zoom controls clear of
// every node; the left-to-right layout leaves every edge label clear of the nodes; every right-panel tab is whole
// inside the tab row (also in zh-CN). No serious or critical axe violation anywhere. Screenshots (looked at):
// artifacts/screenshots/screens/.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { SHOTS, SIZES, axeSerious, collectErrors, launchBrowser, settled, tid, type Size } from './browser';

const DIR = `${SHOTS}/screens`;

let browser: Browser;
beforeAll(async () => {
  mkdirSync(DIR, { recursive: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function setTheme(page: Page, theme: 'light' | 'dark') {
  await page.emulateMedia({ colorScheme: theme });
  await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
}

/** Screenshot and axe the screen as it is, in the light and then the dark theme; returns the violations. */
async function checkScreen(page: Page, size: Size, screen: string, lang = 'en'): Promise<string[]> {
  const found: string[] = [];
  for (const theme of ['light', 'dark'] as const) {
    await setTheme(page, theme);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const tag = `${size.name}-${lang === 'en' ? '' : `${lang}-`}${screen}-${theme}`;
    await page.screenshot({ path: `${DIR}/${tag}.png` });
    found.push(...(await axeSerious(page, tag)));
  }
  await setTheme(page, 'light');
  return found;
}

async function openApp(size: Size, errors: string[], locale = 'en-US'): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: size.width, height: size.height },
    deviceScaleFactor: size.scale,
    colorScheme: 'light',
    locale,
  });
  const page = await context.newPage();
  collectErrors(page, errors);
  await page.goto(`${inject('baseURL')}?testHooks`);
  await page.waitForSelector(tid('palette-Conv2D'));
  return page;
}

async function openTemplate(page: Page, id: string) {
  await page.click(tid('btn-templates'));
  await page.click(tid(`template-${id}`));
  await page.waitForSelector(tid('templates-dialog'), { state: 'detached' });
  await page.waitForFunction(() => document.querySelectorAll('.react-flow__node').length > 5);
  await settled(page);
}

/** Each right-panel tab that is not wholly inside the tab row (with its label), or whose label is cut. */
const tabsCut = (page: Page) =>
  page.evaluate(() => {
    const row = document.querySelector('[role=tablist]')!.getBoundingClientRect();
    return [...document.querySelectorAll<HTMLElement>('[role=tab]')]
      .filter((b) => {
        const r = b.getBoundingClientRect();
        return (
          r.left < row.left - 0.5 ||
          r.right > row.right + 0.5 ||
          r.top < row.top - 0.5 ||
          r.bottom > row.bottom + 0.5 ||
          b.scrollWidth > b.clientWidth + 1
        );
      })
      .map((b) => b.textContent);
  });

/** How far the Summary table runs past its scroller, and whether its last column's text keeps off the edge. */
const summaryCut = (page: Page) =>
  page.evaluate(() => {
    const scroller = document.querySelector('[data-testid=summary] .pn-scroll')!;
    const box = scroller.getBoundingClientRect();
    const cells = [...document.querySelectorAll('[data-testid=summary-table] tr > :last-child')];
    const range = document.createRange();
    const textRight = Math.max(
      ...cells.map((c) => {
        range.selectNodeContents(c);
        return range.getBoundingClientRect().right;
      }),
    );
    return { hidden: scroller.scrollWidth - scroller.clientWidth, lastColumnMargin: textRight <= box.right - 6 };
  });

/** Nodes whose box meets the minimap's or the zoom controls' box. */
const nodesUnderOverlays = (page: Page) =>
  page.evaluate(() => {
    const meet = (a: DOMRect, b: DOMRect) =>
      a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const overlays = [...document.querySelectorAll('.react-flow__minimap, .react-flow__controls')].map((o) =>
      o.getBoundingClientRect(),
    );
    return [...document.querySelectorAll<HTMLElement>('.react-flow__node')]
      .filter((n) => overlays.some((o) => meet(n.getBoundingClientRect(), o)))
      .map((n) => n.dataset.id);
  });

/** Edge labels whose box meets a node's box. */
const labelsOverNodes = (page: Page) =>
  page.evaluate(() => {
    const meet = (a: DOMRect, b: DOMRect) =>
      a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const nodes = [...document.querySelectorAll('.react-flow__node')].map((n) => n.getBoundingClientRect());
    return [...document.querySelectorAll<HTMLElement>('[data-testid^="edge-label-"]')]
      .filter((l) => nodes.some((n) => meet(l.getBoundingClientRect(), n)))
      .map((l) => `${l.dataset.testid} ${l.textContent}`);
  });

for (const size of SIZES) {
  describe(`at ${size.name}`, () => {
    let page: Page;
    const errors: string[] = [];
    const found: string[] = [];
    beforeAll(async () => {
      page = await openApp(size, errors);
    });
    afterAll(async () => {
      await page?.context().close();
    });

    it('Templates gallery and the editor with a template', async () => {
      await page.click(tid('btn-templates'));
      await page.waitForSelector(tid('template-gallery'));
      found.push(...(await checkScreen(page, size, 'templates')));
      await page.click(tid('template-lenet5-mnist'));
      await page.waitForSelector(tid('templates-dialog'), { state: 'detached' });
      await settled(page);
      await page.locator('.react-flow__node').nth(3).click();
      found.push(...(await checkScreen(page, size, 'editor')));
      expect(found).toEqual([]);
    }, 300_000);

    it('Fit leaves every node clear of the minimap and the zoom controls', async () => {
      await page.click(tid('btn-fit'));
      await settled(page);
      await page.screenshot({ path: `${DIR}/${size.name}-fit.png` });
      expect(await page.locator('.react-flow__node').count()).toBe(10);
      expect(await nodesUnderOverlays(page)).toEqual([]);
    });

    it('every right-panel tab is whole inside the tab row, with a problem badge', async () => {
      // A kernel larger than its input: an error, so the Problems tab carries a badge (and the row a fix button).
      await page.evaluate(() => window.__cnn!.store.getState().setParam('C3', 'kernel', [20, 20]));
      await page.waitForSelector(tid('problems-badge'));
      expect(await tabsCut(page)).toEqual([]);
      await page.click(tid('tab-problems'));
      await page.waitForSelector(tid('fix-kernel-too-large-C3'));
      expect(await tabsCut(page)).toEqual([]);
      found.push(...(await checkScreen(page, size, 'problems')));
      // The row's node button is the keyboard's way to the node: Tab reaches it, Enter selects the node.
      await page.focus(tid('problem-node-kernel-too-large-C3'));
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('.react-flow__node.selected [data-testid="node-C3"]').count()).toBe(1);
      await page.evaluate(() => window.__cnn!.store.getState().setParam('C3', 'kernel', [5, 5]));
      await page.waitForSelector(tid('problems-badge'), { state: 'detached' });
      await page.click(tid('tab-summary'));
      found.push(...(await checkScreen(page, size, 'summary')));
      expect(await tabsCut(page)).toEqual([]);
      // Every Summary column is whole: no sideways scroll, and the last (RF) keeps a margin from the panel's edge.
      expect(await summaryCut(page)).toEqual({ hidden: 0, lastColumnMargin: true });
      expect(found).toEqual([]);
    }, 300_000);

    it('a context menu, go-to-layer and the Export dialog', async () => {
      await page.click(tid('tab-inspector'));
      await page.getByTestId('node-S2').click({ button: 'right' });
      await page.waitForSelector(tid('context-menu'));
      found.push(...(await checkScreen(page, size, 'context-menu')));
      await page.keyboard.press('Escape');
      await page.waitForSelector(tid('context-menu'), { state: 'detached' });
      await page.keyboard.press('Control+f');
      await page.waitForSelector(tid('goto-layer'));
      await page.keyboard.type('C');
      found.push(...(await checkScreen(page, size, 'goto')));
      await page.keyboard.press('Escape');
      await page.waitForSelector(tid('goto-layer'), { state: 'detached' });
      await page.click(tid('btn-export'));
      await page.waitForSelector('[role=dialog] [data-testid=export-go]', { timeout: 60_000 });
      found.push(...(await checkScreen(page, size, 'export')));
      // The dialog fits the window: its last control is on screen.
      const box = (await page.locator('.modal').boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(size.height + 0.5);
      expect(box.x + box.width).toBeLessThanOrEqual(size.width + 0.5);
      await page.keyboard.press('Escape');
      await page.waitForSelector('.modal', { state: 'detached' });
      expect(found).toEqual([]);
    }, 300_000);

    it('the Train tab after a short run, and the Runs tab', async () => {
      await page.click(tid('tab-train'));
      await page.waitForSelector(tid('training-panel'));
      await page.selectOption(tid('train-dataset'), 'mnist');
      await page.fill(tid('train-limit'), '200');
      await page.click(tid('train-load'));
      await expect
        .poll(async () => (await page.textContent(tid('train-data-summary'))) ?? '', { timeout: 90_000 })
        .toMatch(/MNIST: 200 images/);
      await page.fill(tid('train-epochs'), '1');
      await page.click(tid('train-start'));
      await expect
        .poll(() => page.getAttribute(tid('training-panel'), 'data-state'), { timeout: 240_000, interval: 500 })
        .toBe('done');
      await page.waitForSelector(tid('run-record'), { timeout: 60_000 });
      expect(await tabsCut(page)).toEqual([]);
      found.push(...(await checkScreen(page, size, 'train')));
      await page.click(tid('tab-runs'));
      await page.waitForSelector(tid('runs-list'));
      found.push(...(await checkScreen(page, size, 'runs')));
      expect(found).toEqual([]);
    }, 420_000);

    it('left to right, every edge label is clear of the nodes', async () => {
      await page.click(tid('btn-layoutDirection'));
      await expect.poll(() => page.textContent(tid('btn-layoutDirection'))).toContain('→');
      await settled(page);
      await page.click(tid('btn-fit'));
      await settled(page);
      await page.screenshot({ path: `${DIR}/${size.name}-left-to-right.png` });
      expect(await page.locator('[data-testid^="edge-label-"]').count()).toBe(9);
      expect(await labelsOverNodes(page)).toEqual([]);
      expect(await nodesUnderOverlays(page)).toEqual([]);
      await page.click(tid('btn-layoutDirection'));
      await settled(page);
      expect(errors).toEqual([]);
    }, 180_000);
  });
}

describe('in zh-CN', () => {
  for (const size of SIZES) {
    // The tab row at every size; axe once (at 1024x640), in both themes.
    const axe = size.name === '1024x640';
    it(`at ${size.name}: every tab whole in its row${axe ? ', and no axe violation on the editor, Problems and Summary' : ''}`, async () => {
      const errors: string[] = [];
      const page = await openApp(size, errors, 'zh-CN');
      try {
        expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
        await openTemplate(page, 'lenet5-mnist');
        await page.evaluate(() => window.__cnn!.store.getState().setParam('C3', 'kernel', [20, 20]));
        await page.waitForSelector(tid('problems-badge'));
        expect(await tabsCut(page)).toEqual([]);
        const found = axe ? await checkScreen(page, size, 'editor', 'zh-CN') : [];
        await page.click(tid('tab-problems'));
        await page.waitForSelector(tid('fix-kernel-too-large-C3'));
        if (axe) found.push(...(await checkScreen(page, size, 'problems', 'zh-CN')));
        else await page.screenshot({ path: `${DIR}/${size.name}-zh-CN-problems.png` });
        await page.click(tid('tab-summary'));
        if (axe) found.push(...(await checkScreen(page, size, 'summary', 'zh-CN')));
        expect(await tabsCut(page)).toEqual([]);
        expect(found).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await page.context().close();
      }
    }, 300_000);
  }
});
