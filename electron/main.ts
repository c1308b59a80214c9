// Electron main process: wiring only. The behaviour lives in plain, tested modules (handlers,
// ipcRouter, security, appProtocol, menu, session); this file attaches them to Electron.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session as electronSession } from 'electron';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { MenuEvent, RecentEntry } from '../shared/ipc/contract';
import { APP_NAME, formatWindowTitle, MENU_CHANNEL } from '../shared/ipc/contract';
import { APP_CSP, devCsp } from '../shared/ipc/csp';
import { serveAppRequest } from './appProtocol';
import { CrashGuard, onPageGone } from './crashGuard';
import { askUnsavedChangesSync, createDialogPort } from './dialogs';
import type { HandlerDeps, HandlerFs } from './handlers';
import { discardAndClose, handlers, removeStaleTempFiles } from './handlers';
import { registerIpc } from './ipcRouter';
import { buildMenuTemplate } from './menu';
import {
  APP_ORIGIN,
  APP_SCHEME,
  APP_START_URL,
  isAllowedNavigation,
  isPermissionAllowed,
  isTrustedSender,
  originOf,
} from './security';
import { decideClose, HostSession } from './session';
import type { Locale } from '../shared/i18n/locales';

// Must run before `ready`: app:// behaves like https (standard URL, secure context, fetch, CORS).
protocol.registerSchemesAsPrivileged([
  {
    scheme: APP_SCHEME,
    privileges: {
      standard: true,
      secure: true,
      supportFetchAPI: true,
      corsEnabled: true,
      stream: true,
      codeCache: true,
    },
  },
]);

// `npm start -- --dev` points this at the Vite dev server; a packaged app never honours it.
const devServerUrl = !app.isPackaged ? process.env.VITE_DEV_SERVER_URL : undefined;
const devOrigin = devServerUrl ? originOf(devServerUrl) : null;
const allowedOrigins = devOrigin ? [devOrigin] : [APP_ORIGIN];
const csp = devOrigin ? devCsp(devOrigin) : APP_CSP;
const startUrl = devServerUrl ?? APP_START_URL;
const webRoot = path.join(__dirname, '..', 'dist-web');

const hostSession = new HostSession();
let mainWindow: BrowserWindow | null = null;

function sendMenu(event: MenuEvent): void {
  if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(MENU_CHANNEL, event);
}

// The menu's inputs: the recent files and the page's language (it says which at start-up and on each switch).
let menuRecent: readonly RecentEntry[] = [];
let menuLocale: Locale = 'en';
function setMenu(recent: readonly RecentEntry[] = menuRecent, locale: Locale = menuLocale): void {
  menuRecent = recent;
  menuLocale = locale;
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(buildMenuTemplate({ platform: process.platform, recent, send: sendMenu, locale })),
  );
}

const deps: HandlerDeps = {
  fs: fs as unknown as HandlerFs,
  dialog: createDialogPort(() => mainWindow),
  paths: { userData: app.getPath('userData'), documents: app.getPath('documents') },
  now: () => Date.now(),
  platform: process.platform,
  session: hostSession,
  window: {
    setTitle: (title) => mainWindow?.setTitle(title),
    setDocumentEdited: (edited) => mainWindow?.setDocumentEdited(edited),
    close: () => mainWindow?.close(),
  },
  onRecentChanged: (recent) => setMenu(recent),
  onLocaleChanged: (locale) => setMenu(undefined, locale),
};

function hardenSession(): void {
  const ses = electronSession.defaultSession;
  ses.setPermissionRequestHandler((contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl || contents.getURL(), allowedOrigins));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, allowedOrigins),
  );
  // Pages served over http(s) (the dev server) get the policy as a header too; app:// responses carry it already.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [csp],
        // cross-origin isolation for the CPU kernels' threads, as app:// responses have (appProtocol.ts)
        'Cross-Origin-Opener-Policy': ['same-origin'],
        'Cross-Origin-Embedder-Policy': ['require-corp'],
      },
    });
  });
}

// Every web contents, including any created later: no new windows, no webviews, no leaving the app.
app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.on('will-navigate', (event) => {
    if (!isAllowedNavigation(event.url, allowedOrigins)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAllowedNavigation(event.url, allowedOrigins)) event.preventDefault();
  });
});

function createWindow(): BrowserWindow {
  hostSession.resetForWindow();
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 800,
    minHeight: 500,
    title: formatWindowTitle(hostSession.documentName, false),
    show: false,
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    },
  });
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  // The title is main's (document name + unsaved mark), not the page's <title>.
  win.on('page-title-updated', (event) => event.preventDefault());
  win.on('close', (event) => {
    const decision = decideClose(hostSession, (name) => askUnsavedChangesSync(win, name));
    if (decision === 'close') return;
    event.preventDefault();
    if (decision === 'discard-then-close') void discardAndClose(deps);
    // The renderer saves as usual; its setDirty(false) afterwards closes the window (handlers.setDirty).
    if (decision === 'save-then-close') sendMenu({ command: 'save' });
  });
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  // A crash reloads the page at once, unless it keeps crashing: then Reload / Quit (crashGuard.ts).
  const crashGuard = new CrashGuard({ now: () => Date.now() });
  win.webContents.on('render-process-gone', (_event, details) => {
    // The page's state is gone; the reloaded page offers the recovery file, so closing must not ask.
    hostSession.dirty = false;
    hostSession.closeAfterSave = false;
    if (win.isDestroyed()) return;
    void onPageGone(crashGuard, details.reason, {
      reload: () => {
        if (!win.isDestroyed()) win.webContents.reload();
      },
      quit: () => app.quit(),
      ask: async (box) => (await dialog.showMessageBox(win, box)).response,
      log: (message) => console.error(message),
    });
  });
  void win.loadURL(startUrl);
  return win;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.whenReady().then(async () => {
    protocol.handle(APP_SCHEME, (request) =>
      serveAppRequest(request.url, { root: webRoot, origin: APP_ORIGIN, csp, readFile: (f) => fs.readFile(f) }),
    );
    hardenSession();
    registerIpc(ipcMain, handlers, deps, {
      isTrustedSender: (frame) => isTrustedSender(frame, allowedOrigins),
      log: (message, error) => console.error(`${APP_NAME}: ${message}`, error),
    });
    setMenu(await handlers.listRecent([], deps));
    void removeStaleTempFiles(deps);
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
