// axe-core on every main screen, light and dark: the editor with a template, the Train tab, the Summary, the Export
// dialog, the Templates gallery. No serious or critical violation. At 1440x900; screenshots of what was checked go
// to artifacts/screenshots/shell/.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { SHOTS, axeSerious, collectErrors, launchBrowser, tid } from './browser';

const DIR = `${SHOTS}/shell`;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  mkdirSync(DIR, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

/** Serious and critical violations (axeSerious), printed as well so a failing run shows them whole. */
async function violations(p: Page): Promise<string[]> {
  const out = await axeSerious(p, 'a11y');
  if (out.length) console.log(out.join('\n'));
  return out;
}

describe.each(['light', 'dark'] as const)('%s theme', (theme) => {
  beforeAll(async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: theme });
    page = await context.newPage();
    collectErrors(page, errors);
    await page.goto(`${inject('baseURL')}?testHooks`);
    await page.waitForSelector(tid('palette-Conv2D'));
  });
  afterAll(async () => {
    await page.context().close();
  });

  it('follows the system setting', async () => {
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
  });

  it('Templates gallery', async () => {
    await page.click(tid('btn-templates'));
    await page.waitForSelector(tid('template-gallery'));
    await page.screenshot({ path: `${DIR}/a11y-${theme}-templates.png` });
    expect(await violations(page)).toEqual([]);
  });

  it('editor with a template', async () => {
    await page.click(tid('template-resnet20'));
    await page.waitForSelector(tid('templates-dialog'), { state: 'detached' });
    await page.waitForSelector('.layout-busy', { state: 'detached' });
    await page.locator('.react-flow__node').nth(3).click();
    await page.screenshot({ path: `${DIR}/a11y-${theme}-editor.png` });
    expect(await violations(page)).toEqual([]);
  });

  it('Problems and Summary', async () => {
    await page.click(tid('tab-problems'));
    expect(await violations(page)).toEqual([]);
    await page.click(tid('tab-summary'));
    await page.screenshot({ path: `${DIR}/a11y-${theme}-summary.png` });
    expect(await violations(page)).toEqual([]);
  });

  it('Train tab', async () => {
    await page.click(tid('tab-train'));
    await page.waitForSelector(tid('training-panel'));
    await page.screenshot({ path: `${DIR}/a11y-${theme}-train.png` });
    expect(await violations(page)).toEqual([]);
  });

  it('Export dialog', async () => {
    await page.click(tid('btn-export'));
    await page.waitForSelector('[role=dialog] [data-testid=export-go]', { timeout: 60_000 });
    await page.screenshot({ path: `${DIR}/a11y-${theme}-export.png` });
    expect(await violations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    expect(errors).toEqual([]);
  });
});
