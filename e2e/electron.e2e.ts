// Desktop smoke test: launch the built app in real Electron and check the window, the title and the
// security settings the page can observe. Runs only where the Electron binary exists; elsewhere it is
// reported as skipped, with the reason printed.
import * as fs from 'node:fs/promises';
import * as http from 'node:http';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ElectronApplication, Page } from 'playwright-core';
import { _electron } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOKE_NAMES } from '../shared/ipc/contract';
import { APP_CSP } from '../shared/ipc/csp';
import { serveAppRequest } from '../electron/appProtocol';
import { APP_ORIGIN } from '../electron/security';
import { launchBrowser } from './browser';
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
      env: Object.fromEntries(
        Object.entries(process.env).filter(
          (e): e is [string, string] =>
            e[1] !== undefined && e[0] !== 'ELECTRON_RUN_AS_NODE' && e[0] !== 'VITE_DEV_SERVER_URL',
        ),
      ),
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
    expect(seen).toEqual({
      keys: [...INVOKE_NAMES, 'onMenu', 'platform'].sort(),
      require: 'undefined',
      process: 'undefined',
    });
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
    const recent = await page.evaluate(() =>
      (window as unknown as { cnnHost: { listRecent(): Promise<unknown> } }).cnnHost.listRecent(),
    );
    expect(recent).toMatchObject({ ok: true });
  });
});

// Runs everywhere: the built renderer, served by main's app:// handler (content types, CSP header),
// starts in Chromium without errors or CSP violations. Only the origin differs (http instead of app://).
describe('renderer served by the app:// handler', () => {
  it('starts under the CSP header without errors', async () => {
    const server = http.createServer((req, res) => {
      void serveAppRequest(APP_ORIGIN + (req.url ?? '/'), {
        root: path.join(root, 'dist-web'),
        origin: APP_ORIGIN,
        csp: APP_CSP,
        readFile: (f) => fs.readFile(f),
      }).then(async (r) => {
        res.writeHead(r.status, Object.fromEntries(r.headers));
        res.end(Buffer.from(await r.arrayBuffer()));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      const violations: string[] = [];
      page.on('console', (m) => {
        const text = m.text();
        if (text.startsWith('CSP violation:')) violations.push(text);
        else if (m.type() === 'error' && !text.includes('favicon')) errors.push(text);
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.addInitScript(() => {
        window.addEventListener('securitypolicyviolation', (e) =>
          console.log(
            `CSP violation: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
          ),
        );
      });
      const { port } = server.address() as { port: number };
      const response = await page.goto(`http://127.0.0.1:${port}/`);
      expect(response?.headers()['content-security-policy']).toBe(APP_CSP);
      await page.waitForSelector('#root > *');
      expect(errors).toEqual([]);
      // Nothing the app loads (scripts, workers, styles, fetches) may be blocked. A refused eval is
      // tolerated: zod 4 probes `Function('')` inside try/catch unless z.config({ jitless: true }) is set.
      const evalProbes = violations.filter((v) => v.startsWith('CSP violation: script-src eval '));
      if (evalProbes.length)
        console.warn(
          `[csp] ${evalProbes.length} refused eval probe(s), harmless but noisy:\n  ${evalProbes.join('\n  ')}`,
        );
      expect(violations.filter((v) => !evalProbes.includes(v))).toEqual([]);
    } finally {
      await browser.close();
      server.close();
    }
  });
});
