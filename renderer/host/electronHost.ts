// Host for the desktop app: every call goes through the preload's narrow API (window.cnnHost).
import type { CnnHostApi, IpcResult } from '../../shared/ipc/contract';
import type { Host } from './host';
import { HostError } from './host';

declare global {
  interface Window {
    /** Set by electron/preload.ts; absent in a plain browser. */
    cnnHost?: CnnHostApi;
  }
}

async function unwrap<T>(call: Promise<IpcResult<T>>): Promise<T> {
  const result = await call;
  if (result.ok) return result.value;
  throw new HostError(result.error.code, result.error.message);
}

export function createElectronHost(api: CnnHostApi, log: (message: string) => void = console.warn): Host {
  // Title and dirty state are fire-and-forget; a failure there is a bug worth a console line, not a dialog.
  const notify = (what: string, call: Promise<IpcResult<void>>) => {
    call.then(
      (r) => {
        if (!r.ok) log(`${what}: ${r.error.message}`);
      },
      (e: unknown) => log(`${what}: ${String(e)}`),
    );
  };
  return {
    kind: 'electron',
    openProject: () => unwrap(api.openProject()),
    openRecent: (path) => unwrap(api.openRecent(path)),
    listRecent: () => unwrap(api.listRecent()),
    forgetRecent: (path) => unwrap(api.forgetRecent(path)),
    saveProject: (text, options, blobs) =>
      unwrap(
        api.saveProject({
          text,
          saveAs: options.saveAs,
          ...(options.path === undefined ? {} : { currentPath: options.path }),
          ...(blobs?.length ? { blobs: [...blobs] } : {}),
        }),
      ),
    readWeightsBlob: (projectPath, hash) => unwrap(api.readWeightsBlob(projectPath, hash)),
    readRecovery: () => unwrap(api.readRecovery()),
    writeRecovery: (text, path) => unwrap(path === undefined ? api.writeRecovery(text) : api.writeRecovery(text, path)),
    clearRecovery: () => unwrap(api.clearRecovery()),
    exportFiles: (suggestedName, files) => unwrap(api.exportFiles({ suggestedName, files })),
    openDataset: (kind, options) => unwrap(options ? api.openDataset(kind, options) : api.openDataset(kind)),
    confirmDiscard: (documentName) => unwrap(api.confirmDiscard(documentName)),
    setTitle: (documentName) => notify('setTitle', api.setTitle(documentName)),
    setDirty: (dirty) => notify('setDirty', api.setDirty(dirty)),
    setLocale: (locale) => notify('setLocale', api.setLocale(locale)),
    onMenu: (callback) => api.onMenu(callback),
  };
}
