// Host for a plain browser (`npm run web`, e2e tests): open through a hidden file input, save and
// export as downloads, recent files and the recovery draft in localStorage. Browser APIs are reached
// through BrowserEnv so the logic is tested without a DOM.
import type { ExportFile, RecentEntry } from '../../shared/ipc/contract';
import {
  addRecent,
  fileNameProblem,
  formatWindowTitle,
  MAX_PROJECT_CHARS,
  parseRecentList,
  PROJECT_EXTENSION,
} from '../../shared/ipc/contract';
import { exportFileNamesProblem, exportZipName, fileStemFromName } from '../../shared/export/fileNames';
import { zipExport } from '../../shared/export/zip';
import type { StorageLike, TabLocks } from './browserRecovery';
import { BROWSER_PATH_PREFIX, browserTabLocks, createRecoverySlots, STORAGE_PREFIX } from './browserRecovery';
import type { Host } from './host';
import { HostError } from './host';
import { currentT } from '../i18n';

export type { StorageLike, TabLocks } from './browserRecovery';
export { BROWSER_PATH_PREFIX, STORAGE_PREFIX } from './browserRecovery';

export interface BrowserEnv {
  /** localStorage: recent files and the recovery drafts (one slot per tab, see browserRecovery). */
  storage: StorageLike;
  /** sessionStorage: this tab's id. */
  tabStorage: Pick<StorageLike, 'getItem' | 'setItem'>;
  /** Web Locks (null where missing): tells a closed tab's draft from a live tab's. */
  locks: TabLocks | null;
  newId(): string;
  /** Resolves with the chosen file, or null when the picker is dismissed. */
  pickFile(accept: string): Promise<File | null>;
  download(name: string, data: Blob): void;
  confirm(message: string): boolean;
  /** Asks for a line of text (Save As: the file name); null when cancelled. */
  prompt(message: string, defaultValue: string): string | null;
  setDocumentTitle(title: string): void;
  /** Turns the browser's own "leave site?" prompt on or off. */
  setLeaveWarning(on: boolean): void;
  now(): number;
}

const RECENT_KEY = `${STORAGE_PREFIX}recent`;
const recentTextKey = (path: string) => `${STORAGE_PREFIX}recent-file/${path}`;
const MAX_RECENT = 5;
/** Recent files keep their text in localStorage (about 5 MB per site); larger ones are listed but not kept. */
const MAX_RECENT_TEXT = 1024 * 1024;

/**
 * `lenet` -> `lenet.cnn.json`, `ResNet-20 (CIFAR-10, 32x32x3)` -> `ResNet-20-CIFAR-10-32x32x3.cnn.json`
 * (fileStemFromName); nothing usable left -> `untitled.cnn.json`.
 */
export function projectFileName(documentName: string): string {
  const stem = fileStemFromName(documentName.trim().replace(/(\.cnn)?\.json$/i, ''));
  const withExt = `${stem}${PROJECT_EXTENSION}`;
  return stem && fileNameProblem(withExt) === null ? withExt : `untitled${PROJECT_EXTENSION}`;
}

function isQuotaError(e: unknown): boolean {
  return e instanceof Error && (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED');
}

export function createBrowserHost(env: BrowserEnv = defaultBrowserEnv()): Host {
  let documentName = 'Untitled';
  let dirty = false;
  const drafts = createRecoverySlots(env);

  const readRecent = (): RecentEntry[] => parseRecentList(env.storage.getItem(RECENT_KEY));

  /** Records a file and keeps its text so openRecent can return it; drops old texts when storage is full. */
  const remember = (name: string, text: string): string => {
    const path = BROWSER_PATH_PREFIX + name;
    const before = readRecent();
    const list = addRecent(before, { path, name, openedAt: env.now() }, MAX_RECENT);
    for (const old of before)
      if (!list.some((e) => e.path === old.path)) env.storage.removeItem(recentTextKey(old.path));
    let stored = false;
    while (!stored && text.length <= MAX_RECENT_TEXT) {
      try {
        env.storage.setItem(recentTextKey(path), text);
        stored = true;
      } catch (e) {
        if (!isQuotaError(e)) throw e;
        // Make room: forget the oldest other file's text (it stays listed; reopening it explains).
        const victim = list
          .filter((en) => en.path !== path && env.storage.getItem(recentTextKey(en.path)) !== null)
          .at(-1);
        if (!victim) break;
        env.storage.removeItem(recentTextKey(victim.path));
      }
    }
    // Never leave an older copy of this file behind to be "reopened" instead of the current one.
    if (!stored) env.storage.removeItem(recentTextKey(path));
    try {
      env.storage.setItem(RECENT_KEY, JSON.stringify(list));
    } catch {
      // The list is a convenience; a full storage must not fail the open or save itself.
    }
    return path;
  };

  const updateTitle = () => env.setDocumentTitle(formatWindowTitle(documentName, dirty));

  return {
    kind: 'browser',

    async openProject() {
      const file = await env.pickFile(`${PROJECT_EXTENSION},.json,application/json`);
      if (!file) return null;
      if (file.size > MAX_PROJECT_CHARS) {
        throw new HostError(
          'too-large',
          `Cannot open ${file.name}: it is ${file.size} bytes; a project file is at most ${MAX_PROJECT_CHARS}`,
        );
      }
      const text = await file.text();
      return { path: remember(file.name, text), name: file.name, text };
    },

    async openRecent(path) {
      const entry = readRecent().find((e) => e.path === path);
      if (!entry)
        throw new HostError('not-granted', `Cannot open ${JSON.stringify(path)}: it is not in the recent files list`);
      const text = env.storage.getItem(recentTextKey(path));
      if (text === null) {
        throw new HostError(
          'not-found',
          `Cannot reopen ${entry.name}: the browser did not keep a copy (it was too large or storage was full); use Open instead`,
        );
      }
      remember(entry.name, text);
      return { path, name: entry.name, text };
    },

    async listRecent() {
      return readRecent();
    },

    async forgetRecent(path) {
      const list = readRecent();
      if (!list.some((e) => e.path === path)) return;
      env.storage.removeItem(recentTextKey(path));
      try {
        env.storage.setItem(RECENT_KEY, JSON.stringify(list.filter((e) => e.path !== path)));
      } catch {
        // The list is a convenience.
      }
    },

    async saveProject(text, options) {
      // Save downloads under the document's name (the file's name, or the project name once renamed); Save As
      // first asks for a name. Where the download lands is the browser's setting.
      let name = projectFileName(documentName);
      if (options.saveAs) {
        const answer = env.prompt(currentT().t('ui.shell.saveAsPrompt'), name);
        if (answer === null || !answer.trim()) return null;
        name = projectFileName(answer);
      }
      env.download(name, new Blob([text], { type: 'application/json' }));
      return { path: remember(name, text), name };
    },

    readRecovery: () => drafts.read(),

    async writeRecovery(text, path) {
      try {
        await drafts.write(text, path);
      } catch (e) {
        if (isQuotaError(e))
          throw new HostError(
            'too-large',
            `Cannot keep a recovery copy: the project (${text.length} characters) does not fit in the browser's storage`,
          );
        throw e;
      }
    },

    clearRecovery: () => drafts.clear(),

    async exportFiles(suggestedName: string, files: ExportFile[]) {
      const suggested = fileNameProblem(suggestedName);
      if (suggested) throw new HostError('invalid-args', `exportFiles: suggestedName: ${suggested}`);
      const problem = exportFileNamesProblem(files.map((f) => f.name));
      if (problem) throw new HostError('invalid-args', `exportFiles: ${problem}`);
      // One download: a zip named after the export (exportZipName), the files inside under their own names
      // (model.json refers to its weight files by name).
      const zip = exportZipName(suggestedName);
      env.download(zip, new Blob([zipExport(files) as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
      return { folder: null, written: [zip] };
    },

    async confirmDiscard(name) {
      return env.confirm(currentT().t('ui.sweep2.discardConfirm', { name })) ? 'discard' : 'cancel';
    },

    setTitle(name) {
      documentName = name;
      updateTitle();
    },

    setLocale() {
      // A browser page has no native menu to translate.
    },

    setDirty(value) {
      dirty = value;
      updateTitle();
      env.setLeaveWarning(value);
    },

    onMenu() {
      // A browser page has no native menu; the page's own shortcuts and buttons cover these commands.
      return () => undefined;
    },
  };
}

/** The real browser: a hidden <input type=file>, <a download>, localStorage, beforeunload. */
export function defaultBrowserEnv(): BrowserEnv {
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    event.preventDefault();
    // Older Chromium needs returnValue set to show the prompt.
    event.returnValue = '';
  };
  return {
    storage: window.localStorage,
    tabStorage: window.sessionStorage,
    locks: browserTabLocks(),
    // randomUUID needs a secure context (localhost and app:// are; a LAN address over http is not).
    newId: () =>
      typeof crypto.randomUUID === 'function'
        ? crypto.randomUUID()
        : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`,
    pickFile(accept) {
      return new Promise((resolve) => {
        const input = document.createElement('input');
        input.type = 'file';
        input.accept = accept;
        input.style.display = 'none';
        const done = (file: File | null) => {
          input.remove();
          resolve(file);
        };
        input.addEventListener('change', () => done(input.files?.[0] ?? null), { once: true });
        input.addEventListener('cancel', () => done(null), { once: true });
        document.body.appendChild(input);
        input.click();
      });
    },
    download(name, data) {
      const url = URL.createObjectURL(data);
      const a = document.createElement('a');
      a.href = url;
      a.download = name;
      a.style.display = 'none';
      document.body.appendChild(a);
      a.click();
      a.remove();
      // Revoking at once can cancel the download in some browsers.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    },
    confirm: (message) => window.confirm(message),
    prompt: (message, defaultValue) => window.prompt(message, defaultValue),
    setDocumentTitle: (title) => {
      document.title = title;
    },
    setLeaveWarning(on) {
      if (on) window.addEventListener('beforeunload', onBeforeUnload);
      else window.removeEventListener('beforeunload', onBeforeUnload);
    },
    now: () => Date.now(),
  };
}
