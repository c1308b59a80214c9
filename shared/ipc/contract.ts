// The one contract between the renderer and the Electron main process: every call, its channel, its
// arguments and its result. Both sides import it: the preload exposes exactly these calls, main validates every
// argument with the schemas in ./schemas before a handler runs. Pure TypeScript: no Electron, no Node, no DOM.
// The limits, schemas, recent list and title helpers live in their own files and are re-exported here.
import type { CallArgs, CallName, MenuEvent, RecentEntry } from './schemas';

export * from './limits';
export * from './recent';
export * from './schemas';
export * from './title';

/** A project file as main hands it to the renderer. `path` is a token main has granted. */
export interface OpenedProject {
  path: string;
  /** File name shown in the title, e.g. `lenet.cnn.json`. */
  name: string;
  text: string;
}

export interface SavedProject {
  path: string;
  name: string;
}

export interface Recovery {
  text: string;
  savedAt: number;
  /** The file the draft belongs to, when the host still vouches for it (desktop: granted again on restore). */
  path?: string;
  /** That file's name, for the title. */
  name?: string;
}

export interface ExportResult {
  /** The folder written to; null in the browser (files went to the downloads). */
  folder: string | null;
  written: string[];
}

export type DiscardChoice = 'save' | 'discard' | 'cancel';

/** An IDX pair (raw or gzipped, as on disk), with the test pair when the user chose one too. */
export interface IdxDataset {
  kind: 'idx';
  /** Shown in the data summary, e.g. `fashion` from `fashion-train-images-idx3-ubyte.gz`. */
  name: string;
  images: Uint8Array;
  labels: Uint8Array;
  testImages?: Uint8Array;
  testLabels?: Uint8Array;
}

/** A CIFAR-style sprite PNG (one image per row) and its labels, as class indices (one per row). */
export interface SpriteDataset {
  kind: 'cifar-sprite';
  png: Uint8Array;
  labels: number[];
}

export interface DatasetFile {
  /** The first-level subfolder of the chosen folder. */
  className: string;
  /** The path inside the class folder, `/`-separated (e.g. `a.png` or `batch2/a.png`). */
  name: string;
  bytes: Uint8Array;
}

/** A folder with one subfolder per class: every image file in it, read by main (or those a limit kept). */
export interface FolderDataset {
  kind: 'folder';
  /** The chosen folder's name. */
  name: string;
  files: DatasetFile[];
  /** How many images the folder holds, when a limit (DatasetOptions) kept only `files` of them. */
  total?: number;
  /** Files left out and why, as `class/name (reason)`: links that lead outside the folder, FIFOs and the like. */
  skipped?: string[];
}

export type OpenedDataset = IdxDataset | SpriteDataset | FolderDataset;

/** Every request/response call: its arguments (a tuple, from the schemas) and its result. */
export interface InvokeContract {
  openProject: { args: CallArgs<'openProject'>; result: OpenedProject | null };
  openRecent: { args: CallArgs<'openRecent'>; result: OpenedProject };
  saveProject: { args: CallArgs<'saveProject'>; result: SavedProject | null };
  readWeightsBlob: { args: CallArgs<'readWeightsBlob'>; result: Uint8Array | null };
  listRecent: { args: CallArgs<'listRecent'>; result: RecentEntry[] };
  /** Drops a path from the recent list; nothing happens for a path not on it. */
  forgetRecent: { args: CallArgs<'forgetRecent'>; result: void };
  /** `path`: the document's file (a path main handed out); main keeps it with the draft only if it granted it. */
  writeRecovery: { args: CallArgs<'writeRecovery'>; result: void };
  readRecovery: { args: CallArgs<'readRecovery'>; result: Recovery | null };
  clearRecovery: { args: CallArgs<'clearRecovery'>; result: void };
  exportFiles: { args: CallArgs<'exportFiles'>; result: ExportResult | null };
  /** Main asks for the files (or folder) with a dialog and returns their bytes; null when cancelled. */
  openDataset: { args: CallArgs<'openDataset'>; result: OpenedDataset | null };
  confirmDiscard: { args: CallArgs<'confirmDiscard'>; result: DiscardChoice };
  setTitle: { args: CallArgs<'setTitle'>; result: void };
  setDirty: { args: CallArgs<'setDirty'>; result: void };
  setLocale: { args: CallArgs<'setLocale'>; result: void };
}
export type InvokeName = keyof InvokeContract;
// Every call has a schema and every schema a call: a compile error here when the two lists differ.
const SAME_CALLS: [InvokeName, CallName] extends [CallName, InvokeName] ? true : never = true;
void SAME_CALLS;
export type InvokeArgs<K extends InvokeName> = InvokeContract[K]['args'];
export type InvokeResult<K extends InvokeName> = InvokeContract[K]['result'];

export const CHANNELS = {
  openProject: 'cnn:open-project',
  openRecent: 'cnn:open-recent',
  saveProject: 'cnn:save-project',
  readWeightsBlob: 'cnn:read-weights-blob',
  listRecent: 'cnn:list-recent',
  forgetRecent: 'cnn:forget-recent',
  writeRecovery: 'cnn:write-recovery',
  readRecovery: 'cnn:read-recovery',
  clearRecovery: 'cnn:clear-recovery',
  exportFiles: 'cnn:export-files',
  openDataset: 'cnn:open-dataset',
  confirmDiscard: 'cnn:confirm-discard',
  setTitle: 'cnn:set-title',
  setDirty: 'cnn:set-dirty',
  setLocale: 'cnn:set-locale',
} as const satisfies Record<InvokeName, string>;

export const INVOKE_NAMES = Object.keys(CHANNELS) as InvokeName[];

/** main -> renderer: a menu command (payload: MenuEvent). */
export const MENU_CHANNEL = 'cnn:menu';

/** Errors cross IPC as data, so the renderer gets the message as written (not Electron's wrapper text). */
export type IpcErrorCode =
  'invalid-args' | 'forbidden-sender' | 'not-granted' | 'not-found' | 'too-large' | 'invalid-data' | 'io' | 'internal';
export interface IpcError {
  code: IpcErrorCode;
  message: string;
}
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** What the preload puts on `window.cnnHost`. Nothing else is exposed. */
export type CnnHostApi = {
  [K in InvokeName]: (...args: InvokeArgs<K>) => Promise<IpcResult<InvokeResult<K>>>;
} & {
  onMenu(callback: (event: MenuEvent) => void): () => void;
  readonly platform: string;
};
