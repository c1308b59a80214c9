// The safeguards main.ts sets that main.test.ts does not look at: every hardened web preference,
// redirects, the dev-server URL (honoured only when unpackaged) and the crash-loop guard's wiring.
// Like main.test.ts, this runs the real main.ts against a stand-in `electron` module; each scenario
// loads main.ts afresh (vi.resetModules) because it reads app.isPackaged and the env at load time.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../shared/ipc/contract';

type Listener = (...args: any[]) => unknown;

const holder = vi.hoisted(() => {
  const on = (map: Map<string, Listener[]>) => (event: string, fn: Listener) => {
    map.set(event, [...(map.get(event) ?? []), fn]);
  };
  const emit = (map: Map<string, Listener[]>, event: string, ...args: unknown[]) =>
    (map.get(event) ?? []).map((fn) => fn(...args));
  function makeFake(options: { isPackaged: boolean; messageBoxResponses?: number[]; singleInstance?: boolean }) {
    const state = {
      appEvents: new Map<string, Listener[]>(),
      windows: [] as any[],
      quits: 0,
      boxes: [] as any[],
      responses: [...(options.messageBoxResponses ?? [])],
      ipc: new Map<string, Listener>(),
      permissionRequest: null as Listener | null,
      protocolHandlers: new Map<string, Listener>(),
    };
    class FakeWebContents {
      events = new Map<string, Listener[]>();
      reloads = 0;
      on = on(this.events);
      send() {}
      reload() {
        this.reloads++;
      }
    }
    class FakeBrowserWindow {
      events = new Map<string, Listener[]>();
      webContents = new FakeWebContents();
      url = '';
      on = on(this.events);
      once = on(this.events);
      constructor(readonly options: any) {
        state.windows.push(this);
      }
      static getAllWindows() {
        return state.windows;
      }
      loadURL(url: string) {
        this.url = url;
        return Promise.resolve();
      }
      setTitle() {}
      setDocumentEdited() {}
      isDestroyed() {
        return false;
      }
      close() {}
      show() {}
    }
    const electron = {
      app: {
        isPackaged: options.isPackaged,
        getPath: (name: string) => `/tmp/cnn-main-safeguards-test/${name}`,
        requestSingleInstanceLock: () => options.singleInstance ?? true,
        on: on(state.appEvents),
        whenReady: () => Promise.resolve(),
        quit: () => {
          state.quits++;
        },
      },
      protocol: {
        registerSchemesAsPrivileged: () => undefined,
        handle: (scheme: string, fn: Listener) => state.protocolHandlers.set(scheme, fn),
      },
      ipcMain: { handle: (channel: string, fn: Listener) => state.ipc.set(channel, fn) },
      Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => undefined },
      session: {
        defaultSession: {
          setPermissionRequestHandler: (fn: Listener) => (state.permissionRequest = fn),
          setPermissionCheckHandler: () => undefined,
          webRequest: { onHeadersReceived: () => undefined },
        },
      },
      dialog: {
        showMessageBoxSync: () => 2,
        showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
        showSaveDialog: async () => ({ canceled: true }),
        showMessageBox: async (_win: unknown, box: unknown) => {
          state.boxes.push(box);
          return { response: state.responses.shift() ?? 1 };
        },
      },
      BrowserWindow: FakeBrowserWindow,
    };
    return { state, electron };
  }
  return { current: null as ReturnType<typeof makeFake> | null, makeFake, on, emit };
});

vi.mock('electron', () => {
  const api: Record<string, unknown> = {};
  for (const key of ['app', 'protocol', 'ipcMain', 'Menu', 'session', 'dialog', 'BrowserWindow']) {
    Object.defineProperty(api, key, {
      enumerable: true,
      get: () => (holder.current!.electron as Record<string, unknown>)[key],
    });
  }
  // Getters, not copies: the factory runs once, each scenario swaps holder.current.
  Object.defineProperty(api, 'default', { enumerable: true, value: api });
  return api;
});

async function loadMain(options: {
  isPackaged: boolean;
  devServerUrl?: string;
  messageBoxResponses?: number[];
  singleInstance?: boolean;
}) {
  holder.current = holder.makeFake(options);
  if (options.devServerUrl === undefined) delete process.env.VITE_DEV_SERVER_URL;
  else process.env.VITE_DEV_SERVER_URL = options.devServerUrl;
  vi.resetModules();
  await import('./main');
  const { state } = holder.current;
  if (options.singleInstance !== false) await vi.waitFor(() => expect(state.windows).toHaveLength(1));
  return state;
}

/** What main attached to each web contents (app's web-contents-created). */
function attachedContents(state: { appEvents: Map<string, Listener[]> }) {
  const events = new Map<string, Listener[]>();
  const contents = { setWindowOpenHandler: () => undefined, on: holder.on(events) };
  holder.emit(state.appEvents, 'web-contents-created', {}, contents);
  return (event: string, url: string) => {
    const e = {
      url,
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    holder.emit(events, event, e);
    return e.prevented;
  };
}

afterEach(() => {
  delete process.env.VITE_DEV_SERVER_URL;
});

describe('main process safeguards', () => {
  it('sets every hardened web preference: no Node in workers, no insecure content, no navigation by dropping a file', async () => {
    const state = await loadMain({ isPackaged: true });
    expect(state.windows[0].options.webPreferences).toEqual({
      preload: expect.stringMatching(/preload\.cjs$/),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    });
  });

  it('blocks redirects away from the app as it blocks navigation', async () => {
    const state = await loadMain({ isPackaged: true });
    const blocked = attachedContents(state);
    expect(blocked('will-redirect', 'https://evil.example/')).toBe(true);
    expect(blocked('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(blocked('will-redirect', 'app://cnn/index.html')).toBe(false);
    expect(blocked('will-navigate', 'https://evil.example/')).toBe(true);
  });

  it('never honours VITE_DEV_SERVER_URL in a packaged app', async () => {
    const state = await loadMain({ isPackaged: true, devServerUrl: 'http://evil.example:5173/' });
    expect(state.windows[0].url).toBe('app://cnn/index.html');
    // ...and the dev origin is not trusted for navigation either.
    expect(attachedContents(state)('will-navigate', 'http://evil.example:5173/')).toBe(true);
  });

  it('uses the dev server when unpackaged (npm start -- --dev), and trusts only that origin', async () => {
    const state = await loadMain({ isPackaged: false, devServerUrl: 'http://localhost:5173/' });
    expect(state.windows[0].url).toBe('http://localhost:5173/');
    const blocked = attachedContents(state);
    expect(blocked('will-navigate', 'http://localhost:5173/index.html')).toBe(false);
    expect(blocked('will-navigate', 'app://cnn/index.html')).toBe(true);
  });

  it('a second instance quits at once instead of opening a second window on the same recovery file', async () => {
    const state = await loadMain({ isPackaged: true, singleInstance: false });
    await new Promise((r) => setTimeout(r, 50));
    expect(state.quits).toBe(1);
    expect(state.windows).toEqual([]);
  });

  it('serves app:// from the built renderer only, not from the app folder above it', async () => {
    const state = await loadMain({ isPackaged: true });
    const serve = (url: string) => state.protocolHandlers.get('app')!({ url }) as Promise<Response>;
    expect((await serve('app://cnn/package.json')).status).toBe(404); // exists one folder up, in the app's root
    expect((await serve('app://cnn/electron/main.ts')).status).toBe(404);
  });

  it('judges a permission request by the URL of the frame that asks, else of the page', async () => {
    const state = await loadMain({ isPackaged: true });
    const ask = (requestingUrl: string, pageUrl: string) => {
      const answers: boolean[] = [];
      state.permissionRequest!(
        { getURL: () => pageUrl },
        'clipboard-sanitized-write',
        (b: boolean) => answers.push(b),
        { requestingUrl },
      );
      return answers[0];
    };
    expect(ask('app://cnn/index.html', 'app://cnn/index.html')).toBe(true);
    expect(ask('https://evil.example/', 'app://cnn/index.html')).toBe(false); // an iframe of another origin
    expect(ask('', 'app://cnn/index.html')).toBe(true);
    expect(ask('', 'https://evil.example/')).toBe(false);
  });

  it("keeps main's title: the page cannot retitle the window", async () => {
    const state = await loadMain({ isPackaged: true });
    const event = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    holder.emit(state.windows[0].events, 'page-title-updated', event, 'Enter your password');
    expect(event.prevented).toBe(true);
  });

  it('after a crash, closing does not ask about changes the dead page held (they are in the recovery file)', async () => {
    const state = await loadMain({ isPackaged: true });
    const [win] = state.windows;
    const trusted = { senderFrame: { url: 'app://cnn/index.html', parent: null } };
    await state.ipc.get(CHANNELS.setDirty)!(trusted, true);
    const close = () => {
      const event = {
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      holder.emit(win.events, 'close', event);
      return event.prevented;
    };
    expect(close()).toBe(true); // dirty: asks (the fake answers Cancel)
    await Promise.all(holder.emit(win.webContents.events, 'render-process-gone', {}, { reason: 'crashed' }));
    expect(close()).toBe(false);
  });

  it('reloads a crashed page once, then asks Reload / Quit when it crashes again right away', async () => {
    const state = await loadMain({ isPackaged: true, messageBoxResponses: [1] });
    const [win] = state.windows;
    const gone = (reason: string) =>
      Promise.all(holder.emit(win.webContents.events, 'render-process-gone', {}, { reason }));
    await gone('clean-exit');
    expect(win.webContents.reloads).toBe(0);
    await gone('crashed');
    expect(win.webContents.reloads).toBe(1);
    expect(state.boxes).toEqual([]);
    await gone('crashed'); // within seconds of the reload: a crash loop
    expect(win.webContents.reloads).toBe(1);
    expect(state.boxes).toHaveLength(1);
    expect(state.boxes[0]).toMatchObject({ message: 'CNN Designer keeps crashing', buttons: ['Reload', 'Quit'] });
    expect(state.quits).toBe(1); // the user chose Quit; the recovery file stays for the next start
  });
});
