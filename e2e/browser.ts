// Launch Debian's Chromium through playwright-core (Playwright's own browser download does not
// work here). Flags from REFERENCE.md; software WebGL is accepted for tfjs.
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where specs save screenshots of the main screens (gitignored). */
export const SHOTS = 'artifacts/screenshots';

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
