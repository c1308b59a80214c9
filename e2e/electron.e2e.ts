// Desktop smoke test: launch the built app in real Electron and check the window, the title and the
// security settings the page can observe. Runs only where the Electron binary exists; elsewhere it is
// reported as skipped, with the reason printed.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ElectronApplication, Page } from 'playwright-core';
import { _electron } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOKE_NAMES } from '../shared/ipc/contract';
import { buildElectron } from '../electron/build.mjs';
import { locateElectron } from '../electron/locateElectron.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electron = locateElectron({ fromDir: root });
const skipReason = electron.ok ? null : `${electron.reason} (set ELECTRON_OVERRIDE_DIST_PATH to run it)`;
if (skipReason) console.log(`[electron e2e] skipped: ${skipReason}`);

describe('desktop app (Electron)', () => {
  let app: ElectronApplication | undefined;
  let page: Page;

  beforeAll(async () => {
    if (!electron.ok) return;
    // dist-web/ comes from the e2e global setup (vite build); main and preload are built here.
    await buildElectron();
    app = await _electron.launch({
      executablePath: electron.path,
      // Chromium refuses to run as root with its sandbox; only then is it turned off.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), '.'],
      cwd: root,
      env: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && e[0] !== 'ELECTRON_RUN_AS_NODE' && e[0] !== 'VITE_DEV_SERVER_URL')),
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  afterAll(async () => {
    await app?.close();
  });

  it.skipIf(!electron.ok)('opens the window on the app:// page with the document title', async () => {
    expect(page.url()).toBe('app://cnn/index.html');
    await page.waitForSelector('#root > *');
    const title = await app!.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0]?.getTitle());
    expect(title).toMatch(/CNN Designer$/);
    await fs.mkdir(path.join(root, 'artifacts'), { recursive: true });
    await page.screenshot({ path: path.join(root, 'artifacts', 'electron-window.png') });
  });

  it.skipIf(!electron.ok)('exposes only the narrow host API, with no Node in the page', async () => {
    const seen = await page.evaluate(() => ({
      keys: Object.keys((window as unknown as { cnnHost: object }).cnnHost).sort(),
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
    }));
    expect(seen).toEqual({ keys: [...INVOKE_NAMES, 'onMenu', 'platform'].sort(), require: 'undefined', process: 'undefined' });
  });

  it.skipIf(!electron.ok)('enforces the CSP and refuses new windows', async () => {
    const result = await page.evaluate(() => {
      let evalAllowed = true;
      try {
        eval('1');
      } catch {
        evalAllowed = false;
      }
      return { evalAllowed, popup: window.open('https://example.com') === null };
    });
    expect(result).toEqual({ evalAllowed: false, popup: true });
  });

  it.skipIf(!electron.ok)('answers a host call through the preload', async () => {
    const recent = await page.evaluate(() => (window as unknown as { cnnHost: { listRecent(): Promise<unknown> } }).cnnHost.listRecent());
    expect(recent).toMatchObject({ ok: true });
  });
});
