// main.ts is wiring; Electron's binary is not available here, so this runs the real main.ts against
// a stand-in `electron` module and checks what it attaches: window options, protocol, session
// hardening, IPC validation, and the close-with-unsaved-changes flow.
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS, INVOKE_NAMES, MENU_CHANNEL } from '../shared/ipc/contract';
import { APP_CSP } from '../shared/ipc/csp';

type Listener = (...args: any[]) => unknown;

const fake = vi.hoisted(() => {
  const listeners = (): Map<string, Listener[]> => new Map();
  const on = (map: Map<string, Listener[]>) => (event: string, fn: Listener) => {
    map.set(event, [...(map.get(event) ?? []), fn]);
  };
  const emit = (map: Map<string, Listener[]>, event: string, ...args: unknown[]) =>
    (map.get(event) ?? []).forEach((fn) => fn(...args));
  let resolveReady!: () => void;
  const ready = new Promise<void>((r) => (resolveReady = r));
  const state = {
    appEvents: listeners(),
    windows: [] as any[],
    ipc: new Map<string, Listener>(),
    schemes: [] as unknown[],
    protocolHandlers: new Map<string, Listener>(),
    permissionRequest: null as Listener | null,
    permissionCheck: null as Listener | null,
    headers: null as Listener | null,
    menus: [] as unknown[],
    messageBoxAnswer: 2,
    resolveReady,
    listeners,
    on,
    emit,
  };
  class FakeWebContents {
    events = listeners();
    sent: unknown[][] = [];
    on = on(this.events);
    send(channel: string, ...args: unknown[]) {
      this.sent.push([channel, ...args]);
    }
    reload() {}
  }
  class FakeBrowserWindow {
    events = listeners();
    webContents = new FakeWebContents();
    title = '';
    closeCalls = 0;
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
    setTitle(t: string) {
      this.title = t;
    }
    setDocumentEdited() {}
    isDestroyed() {
      return false;
    }
    close() {
      this.closeCalls++;
    }
    show() {}
  }
  const electron = {
    app: {
      isPackaged: false,
      getPath: (name: string) => `/tmp/cnn-main-test/${name}`,
      requestSingleInstanceLock: () => true,
      on: on(state.appEvents),
      whenReady: () => ready,
      quit: () => undefined,
    },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => state.schemes.push(...s),
      handle: (scheme: string, fn: Listener) => state.protocolHandlers.set(scheme, fn),
    },
    ipcMain: { handle: (channel: string, fn: Listener) => state.ipc.set(channel, fn) },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: (m: unknown) => state.menus.push(m) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Listener) => (state.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Listener) => (state.permissionCheck = fn),
        webRequest: { onHeadersReceived: (fn: Listener) => (state.headers = fn) },
      },
    },
    dialog: {
      showMessageBoxSync: () => state.messageBoxAnswer,
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showSaveDialog: async () => ({ canceled: true }),
      showMessageBox: async () => ({ response: 1 }),
    },
    BrowserWindow: FakeBrowserWindow,
  };
  return { state, electron };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

const { state } = fake;
const trusted = { senderFrame: { url: 'app://cnn/index.html', parent: null } };
const invoke = (name: keyof typeof CHANNELS, event: unknown, ...args: unknown[]) =>
  state.ipc.get(CHANNELS[name])!(event, ...args);

beforeAll(async () => {
  delete process.env.VITE_DEV_SERVER_URL;
  await import('./main');
  state.resolveReady();
  await vi.waitFor(() => expect(state.windows).toHaveLength(1));
});

describe('main process wiring', () => {
  it('registers app:// as a standard, secure scheme before ready', () => {
    expect(state.schemes).toEqual([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) },
    ]);
    expect(state.protocolHandlers.has('app')).toBe(true);
  });

  it('opens a sandboxed, isolated window on the app page', () => {
    const [win] = state.windows;
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(win.options.webPreferences.preload).toMatch(/preload\.cjs$/);
    expect(win.url).toBe('app://cnn/index.html');
    expect(state.menus).toHaveLength(1);
  });

  it('serves the page with the CSP header', async () => {
    const response = (await state.protocolHandlers.get('app')!({ url: 'app://cnn/no-such-file.js' })) as Response;
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(APP_CSP);
    let headers: any;
    state.headers!({ responseHeaders: { 'X-A': ['1'] } }, (r: unknown) => (headers = r));
    expect(headers).toEqual({
      responseHeaders: {
        'X-A': ['1'],
        'Content-Security-Policy': [APP_CSP],
        'Cross-Origin-Opener-Policy': ['same-origin'],
        'Cross-Origin-Embedder-Policy': ['require-corp'],
      },
    });
  });

  it('denies permissions, new windows, webviews and navigation away', () => {
    const answers: boolean[] = [];
    state.permissionRequest!({ getURL: () => 'app://cnn/index.html' }, 'media', (b: boolean) => answers.push(b), {
      requestingUrl: 'app://cnn/index.html',
    });
    expect(answers).toEqual([false]);
    expect(state.permissionCheck!(null, 'geolocation', 'app://cnn')).toBe(false);

    const contents = {
      events: state.listeners(),
      openHandler: null as Listener | null,
      setWindowOpenHandler(fn: Listener) {
        this.openHandler = fn;
      },
      on(e: string, fn: Listener) {
        state.on(this.events)(e, fn);
      },
    };
    state.emit(state.appEvents, 'web-contents-created', {}, contents);
    expect(contents.openHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const navigate = (url: string) => {
      const event = {
        url,
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      state.emit(contents.events, 'will-navigate', event);
      return event.prevented;
    };
    expect(navigate('https://example.com/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('app://cnn/index.html')).toBe(false);
    const webview = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
    };
    state.emit(contents.events, 'will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
  });

  it('handles every contract channel and refuses untrusted senders and bad arguments', async () => {
    expect([...state.ipc.keys()].sort()).toEqual(INVOKE_NAMES.map((n) => CHANNELS[n]).sort());
    expect(
      await invoke('setTitle', { senderFrame: { url: 'https://evil.example/', parent: null } }, 'x'),
    ).toMatchObject({ ok: false, error: { code: 'forbidden-sender' } });
    expect(await invoke('setDirty', trusted, 'yes')).toMatchObject({ ok: false, error: { code: 'invalid-args' } });
    expect(await invoke('setTitle', trusted, 'net.cnn.json')).toEqual({ ok: true, value: undefined });
    expect(state.windows[0].title).toBe('net.cnn.json \u2014 CNN Designer');
  });

  it('asks before closing with unsaved changes; Save closes once the save is done', async () => {
    const [win] = state.windows;
    const close = () => {
      const event = {
        prevented: false,
        preventDefault() {
          this.prevented = true;
        },
      };
      state.emit(win.events, 'close', event);
      return event.prevented;
    };
    expect(close()).toBe(false); // clean: no question
    await invoke('setDirty', trusted, true);
    expect(win.title).toBe('*net.cnn.json \u2014 CNN Designer');
    state.messageBoxAnswer = 2; // Cancel
    expect(close()).toBe(true);
    state.messageBoxAnswer = 0; // Save
    expect(close()).toBe(true);
    expect(win.webContents.sent.at(-1)).toEqual([MENU_CHANNEL, { command: 'save' }]);
    await invoke('setDirty', trusted, false); // the renderer saved
    expect(win.closeCalls).toBe(1);
    await invoke('setDirty', trusted, true);
    // Don't Save: the recovery draft goes first (the next start must not offer it), then the window.
    const userData = '/tmp/cnn-main-test/userData';
    await mkdir(userData, { recursive: true });
    await writeFile(`${userData}/recovery.cnn.json`, '{"draft":1}');
    state.messageBoxAnswer = 1;
    expect(close()).toBe(true);
    await vi.waitFor(() => expect(win.closeCalls).toBe(2));
    await expect(stat(`${userData}/recovery.cnn.json`)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(close()).toBe(false); // clean now: the window's own close goes through without asking
  });
});
