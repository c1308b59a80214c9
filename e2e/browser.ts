// Launch Debian's Chromium through playwright-core (Playwright's own browser download does not
// work here). Flags from REFERENCE.md; software WebGL is accepted for tfjs.
import { existsSync, mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where specs save screenshots of the main screens (gitignored). */
export const SHOTS = 'artifacts/screenshots';

/** A window the specs drive: CSS px and the device scale factor (the zoom). */
export interface Size {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly scale: number;
}

/**
 * The sizes issue 11 asks every screen to work at: a 1440x900 laptop, a 1024x640 window, and a 1440x900 screen at
 * 150% (960x600 CSS px, deviceScaleFactor 1.5). `name` goes into test and screenshot names.
 */
export const SIZES: readonly Size[] = [
  { name: '1440x900', width: 1440, height: 900, scale: 1 },
  { name: '1024x640', width: 1024, height: 640, scale: 1 },
  { name: '150pct', width: 960, height: 600, scale: 1.5 },
];

/** A 1920x1080 screen at 200% (960x540 CSS px, deviceScaleFactor 2): the shell spec drives it too. */
export const SIZE_200: Size = { name: '200pct', width: 960, height: 540, scale: 2 };

/** The CSS selector of an element by its data-testid. */
export const tid = (id: string) => `[data-testid="${id}"]`;

/** A page at `size` in a context of its own (so its localStorage starts empty), its errors collected into `errors`. */
export async function pageAt(browser: Browser, size: Size, errors: string[]): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: size.width, height: size.height },
    deviceScaleFactor: size.scale,
  });
  const page = await context.newPage();
  collectErrors(page, errors);
  return page;
}

/** Record uncaught page errors and console errors into `errors`, so a spec can assert there were none. */
export function collectErrors(page: Page, errors: string[]): void {
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install it with "apt-get install -y chromium" (.ci/run does) or set CHROMIUM_PATH.`,
    );
  }
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--enable-unsafe-swiftshader',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * The Training panel on its own page (training.html) with a template and the test hooks, its errors
 * collected into `errors`. `before` runs before the page loads (init scripts).
 */
export async function openTrainingPage(
  browser: Browser,
  baseURL: string,
  o: {
    errors: string[];
    template?: string;
    height?: number;
    before?: (page: Page) => Promise<unknown>;
  },
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 900, height: o.height ?? 1400 } });
  collectErrors(page, o.errors);
  await o.before?.(page);
  await page.goto(`${baseURL}training.html?template=${o.template ?? 'lenet5-mnist'}&testHooks`);
  await page.waitForSelector('[data-testid=training-panel]');
  return page;
}

/** Wait until the canvas has settled: no "Laying out" veil, the viewport and the nodes still over two checks. */
export async function settled(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="layout-busy"]', { state: 'detached' });
  let last = '';
  for (let i = 0; i < 60; i++) {
    await page.waitForTimeout(250);
    const now = await page
      .locator('.react-flow__viewport')
      .evaluate(
        (el) =>
          getComputedStyle(el).transform +
          [...document.querySelectorAll('.react-flow__node')].map((n) => (n as HTMLElement).style.transform).join(),
      );
    if (now === last) return;
    last = now;
  }
  throw new Error('the canvas did not settle');
}

/** axe-core's serious and critical violations on the page as it is, one line each (rule, impact, first elements). */
export async function axeSerious(page: Page, where: string): Promise<string[]> {
  const r = await new AxeBuilder({ page: page as never }).analyze();
  return r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${where}: ${v.id} (${v.impact}): ${v.nodes
          .slice(0, 4)
          .map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1]?.trim() ?? ''}`)
          .join(' | ')}`,
    );
}

/**
 * In the Train tab: choose the CPU backend (and wait until the worker runs on it), then load `limit` MNIST images
 * and wait until the panel is ready to train.
 */
export async function loadMnistOnCpu(page: Page, limit: number): Promise<void> {
  const byTest = (id: string) => page.getByTestId(id);
  await byTest('train-backend-choice').selectOption('cpu');
  await expect.poll(() => byTest('train-backend').getAttribute('data-backend'), { timeout: 60_000 }).toBe('cpu');
  await byTest('train-dataset').selectOption('mnist');
  await byTest('train-limit').fill(String(limit));
  await byTest('train-load').click();
  await expect.poll(() => byTest('training-panel').getAttribute('data-state'), { timeout: 90_000 }).toBe('ready');
}
