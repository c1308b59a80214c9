// The one contract between the renderer and the Electron main process.
// Both sides import it: the preload exposes exactly these calls, main validates every argument
// with the validators below before a handler runs. Pure TypeScript: no Electron, no Node, no DOM.
import { MENU_COMMAND_IDS, type MenuCommandId } from '../commands/commands';
import { exportFileNamesProblem, MAX_EXPORT_FILES } from '../export/fileNames';
import { DESKTOP_DATA_KINDS, type DesktopDataKind } from '../data/sources';

export { MAX_EXPORT_FILES };

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

export interface SaveRequest {
  text: string;
  /** Ask for a path even when the document already has one. */
  saveAs: boolean;
  /** A path main handed out earlier (open, save or recent). Anything else makes main ask. */
  currentPath?: string;
}

export interface RecentEntry {
  path: string;
  name: string;
  /** Milliseconds since the epoch. */
  openedAt: number;
}

export interface Recovery {
  text: string;
  savedAt: number;
  /** The file the draft belongs to, when the host still vouches for it (desktop: granted again on restore). */
  path?: string;
  /** That file's name, for the title. */
  name?: string;
}

export interface ExportFile {
  /** A plain file name: no folders, no `..`. */
  name: string;
  bytes: Uint8Array;
}

export interface ExportRequest {
  /** What is being exported, e.g. `lenet5-tfjs`: shown in the folder dialog's title. */
  suggestedName: string;
  files: ExportFile[];
}

export interface ExportResult {
  /** The folder written to; null in the browser (files went to the downloads). */
  folder: string | null;
  written: string[];
}

export type DiscardChoice = 'save' | 'discard' | 'cancel';

/** Training data sets the desktop app reads in main (the browser build picks them with file inputs): shared/data/sources.ts says which. */
export const DATASET_KINDS: readonly DatasetKind[] = DESKTOP_DATA_KINDS;
export type DatasetKind = DesktopDataKind;

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

/**
 * How much of a folder data set main reads: `limit` images, a seeded stratified subset (shared/data folderSubset,
 * the same the browser build takes), chosen from the file names so only those files are read.
 */
export interface DatasetOptions {
  /** At most this many images (at least one per class); a whole number from 1. */
  limit: number;
  /** The run's seed: the same seed picks the same images. */
  seed: number;
}

export type OpenedDataset = IdxDataset | SpriteDataset | FolderDataset;

/** The commands the desktop menu may send: those with a menu place in the command table. */
export const MENU_COMMANDS: readonly MenuCommandId[] = MENU_COMMAND_IDS;
export type MenuCommand = MenuCommandId;
export type MenuEvent = { command: MenuCommand } | { command: 'openRecent'; path: string };

/** Every request/response call: its arguments (a tuple) and its result. */
export interface InvokeContract {
  openProject: { args: []; result: OpenedProject | null };
  openRecent: { args: [path: string]; result: OpenedProject };
  saveProject: { args: [request: SaveRequest]; result: SavedProject | null };
  listRecent: { args: []; result: RecentEntry[] };
  /** `path`: the document's file (a path main handed out); main keeps it with the draft only if it granted it. */
  writeRecovery: { args: [text: string, path?: string]; result: void };
  readRecovery: { args: []; result: Recovery | null };
  clearRecovery: { args: []; result: void };
  exportFiles: { args: [request: ExportRequest]; result: ExportResult | null };
  /** Main asks for the files (or folder) with a dialog and returns their bytes; null when cancelled. */
  openDataset: { args: [kind: DatasetKind, options?: DatasetOptions]; result: OpenedDataset | null };
  confirmDiscard: { args: [documentName: string]; result: DiscardChoice };
  setTitle: { args: [documentName: string]; result: void };
  setDirty: { args: [dirty: boolean]; result: void };
}
export type InvokeName = keyof InvokeContract;
export type InvokeArgs<K extends InvokeName> = InvokeContract[K]['args'];
export type InvokeResult<K extends InvokeName> = InvokeContract[K]['result'];

export const CHANNELS = {
  openProject: 'cnn:open-project',
  openRecent: 'cnn:open-recent',
  saveProject: 'cnn:save-project',
  listRecent: 'cnn:list-recent',
  writeRecovery: 'cnn:write-recovery',
  readRecovery: 'cnn:read-recovery',
  clearRecovery: 'cnn:clear-recovery',
  exportFiles: 'cnn:export-files',
  openDataset: 'cnn:open-dataset',
  confirmDiscard: 'cnn:confirm-discard',
  setTitle: 'cnn:set-title',
  setDirty: 'cnn:set-dirty',
} as const satisfies Record<InvokeName, string>;

export const INVOKE_NAMES = Object.keys(CHANNELS) as InvokeName[];

/** main -> renderer: a menu command (payload: MenuEvent). */
export const MENU_CHANNEL = 'cnn:menu';

/** Errors cross IPC as data, so the renderer gets the message as written (not Electron's wrapper text). */
export type IpcErrorCode = 'invalid-args' | 'forbidden-sender' | 'not-granted' | 'not-found' | 'too-large' | 'invalid-data' | 'io' | 'internal';
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

// ---- limits ----------------------------------------------------------------------------------
export const MAX_PROJECT_CHARS = 64 * 1024 * 1024;
export const MAX_PATH_CHARS = 4096;
export const MAX_NAME_CHARS = 255;
export const MAX_EXPORT_BYTES = 2 * 1024 * 1024 * 1024;
export const PROJECT_EXTENSION = '.cnn.json';
/** At most this many images in a folder data set. */
export const MAX_DATASET_FILES = 100_000;
/**
 * At most this many bytes of data-set files in all. Main sends them to the page in one IPC reply, and
 * Electron serialises a reply into one buffer that fails (or crashes) past 512 MiB; this leaves room for
 * the file names and the serialiser's overhead.
 */
export const MAX_DATASET_BYTES = 400 * 1024 * 1024;

// ---- validators --------------------------------------------------------------------------------
export type Validation<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Validation<T> => ({ ok: true, value });
const fail = <T>(message: string): Validation<T> => ({ ok: false, message });

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value instanceof Uint8Array) return `${value.constructor.name}(${value.length})`;
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function unknownKeys(value: Record<string, unknown>, allowed: readonly string[]): string[] {
  return Object.keys(value).filter((k) => !allowed.includes(k));
}

const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;

function checkText(value: unknown, what: string): string | null {
  if (typeof value !== 'string') return `${what} must be a string, got ${describe(value)}`;
  if (value.length > MAX_PROJECT_CHARS) return `${what} is ${value.length} characters; the limit is ${MAX_PROJECT_CHARS}`;
  return null;
}

function checkPath(value: unknown, what: string): string | null {
  if (typeof value !== 'string') return `${what} must be a string, got ${describe(value)}`;
  if (value.length === 0) return `${what} is empty`;
  if (value.length > MAX_PATH_CHARS) return `${what} is ${value.length} characters; the limit is ${MAX_PATH_CHARS}`;
  if (value.includes('\u0000')) return `${what} contains a NUL character`;
  return null;
}

function checkLabel(value: unknown, what: string): string | null {
  if (typeof value !== 'string') return `${what} must be a string, got ${describe(value)}`;
  if (value.length === 0 || value.length > MAX_NAME_CHARS) return `${what} must have 1 to ${MAX_NAME_CHARS} characters, got ${value.length}`;
  if (CONTROL_CHARS.test(value)) return `${what} ${describe(value)} contains control characters`;
  return null;
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * Why a file name is not safe to create inside a chosen folder, or null when it is.
 * Plain names only: no separators, no `..`, nothing Windows would refuse.
 */
export function fileNameProblem(name: unknown): string | null {
  const label = checkLabel(name, 'file name');
  if (label) return label;
  const n = name as string;
  if (n.includes('/') || n.includes('\\')) return `file name ${JSON.stringify(n)} contains a path separator: give a plain name such as "model.json"`;
  if (n.includes('..')) return `file name ${JSON.stringify(n)} contains "..": give a plain name such as "model.json"`;
  if (n === '.') return 'file name "." is not a file';
  if (/[<>:"|?*]/.test(n)) return `file name ${JSON.stringify(n)} contains one of < > : " | ? * which Windows does not allow`;
  if (/[. ]$/.test(n)) return `file name ${JSON.stringify(n)} ends with a dot or a space, which Windows drops`;
  if (WINDOWS_RESERVED.test(n)) return `file name ${JSON.stringify(n)} is reserved on Windows`;
  return null;
}

function arity<T extends unknown[]>(args: readonly unknown[], n: number, name: string): Validation<T> | null {
  return args.length === n ? null : fail(`${name} takes ${n} argument${n === 1 ? '' : 's'}, got ${args.length}`);
}

function validateSaveRequest(value: unknown): Validation<SaveRequest> {
  if (!isPlainObject(value)) return fail(`saveProject: the request must be an object, got ${describe(value)}`);
  const extra = unknownKeys(value, ['text', 'saveAs', 'currentPath']);
  if (extra.length) return fail(`saveProject: unknown field(s) ${extra.join(', ')}`);
  const text = checkText(value.text, 'saveProject: text');
  if (text) return fail(text);
  if (typeof value.saveAs !== 'boolean') return fail(`saveProject: saveAs must be true or false, got ${describe(value.saveAs)}`);
  if (value.currentPath !== undefined) {
    const p = checkPath(value.currentPath, 'saveProject: currentPath');
    if (p) return fail(p);
  }
  const request: SaveRequest = { text: value.text as string, saveAs: value.saveAs };
  if (value.currentPath !== undefined) request.currentPath = value.currentPath as string;
  return ok(request);
}

function validateExportRequest(value: unknown): Validation<ExportRequest> {
  if (!isPlainObject(value)) return fail(`exportFiles: the request must be an object, got ${describe(value)}`);
  const extra = unknownKeys(value, ['suggestedName', 'files']);
  if (extra.length) return fail(`exportFiles: unknown field(s) ${extra.join(', ')}`);
  const suggested = fileNameProblem(value.suggestedName);
  if (suggested) return fail(`exportFiles: suggestedName: ${suggested}`);
  if (!Array.isArray(value.files)) return fail(`exportFiles: files must be an array, got ${describe(value.files)}`);
  if (value.files.length > MAX_EXPORT_FILES) return fail(`exportFiles: ${value.files.length} files; the limit is ${MAX_EXPORT_FILES}`);
  let total = 0;
  const files: ExportFile[] = [];
  for (const [i, f] of value.files.entries()) {
    if (!isPlainObject(f)) return fail(`exportFiles: files[${i}] must be {name, bytes}, got ${describe(f)}`);
    if (!(f.bytes instanceof Uint8Array)) return fail(`exportFiles: files[${i}].bytes must be a Uint8Array, got ${describe(f.bytes)}`);
    total += f.bytes.byteLength;
    files.push({ name: f.name as string, bytes: f.bytes });
  }
  // The exporter's own names only (no dotfiles, separators or ".."): the same rule as shared/export's.
  const names = exportFileNamesProblem(files.map((f) => f.name));
  if (names) return fail(`exportFiles: ${names}`);
  if (total > MAX_EXPORT_BYTES) return fail(`exportFiles: ${total} bytes in all; the limit is ${MAX_EXPORT_BYTES}`);
  return ok({ suggestedName: value.suggestedName as string, files });
}

/** The folder kind's optional second argument: {limit, seed}, whole numbers (seed as the run's, any safe integer). */
function validateDatasetOptions(kind: unknown, value: unknown): Validation<DatasetOptions> {
  if (kind !== 'folder') return fail(`openDataset: options (a limit) are for the "folder" kind only, got kind ${describe(kind)}`);
  if (!isPlainObject(value)) return fail(`openDataset: options must be {limit, seed}, got ${describe(value)}`);
  const extra = unknownKeys(value, ['limit', 'seed']);
  if (extra.length) return fail(`openDataset: unknown option(s) ${extra.join(', ')}`);
  const { limit, seed } = value;
  if (typeof limit !== 'number' || !Number.isSafeInteger(limit) || limit < 1) return fail(`openDataset: limit must be a whole number from 1, got ${describe(limit)}`);
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) return fail(`openDataset: seed must be a whole number, got ${describe(seed)}`);
  return ok({ limit, seed });
}

const noArgs = (name: InvokeName) => (args: readonly unknown[]): Validation<[]> => arity<[]>(args, 0, name) ?? ok([]);

/** One validator per call; main runs it on the raw IPC arguments before the handler sees them. */
export const validators: { [K in InvokeName]: (args: readonly unknown[]) => Validation<InvokeArgs<K>> } = {
  openProject: noArgs('openProject'),
  listRecent: noArgs('listRecent'),
  readRecovery: noArgs('readRecovery'),
  clearRecovery: noArgs('clearRecovery'),
  openRecent(args) {
    const bad = arity<[string]>(args, 1, 'openRecent');
    if (bad) return bad;
    const p = checkPath(args[0], 'openRecent: path');
    return p ? fail(p) : ok([args[0] as string]);
  },
  saveProject(args) {
    const bad = arity<[SaveRequest]>(args, 1, 'saveProject');
    if (bad) return bad;
    const r = validateSaveRequest(args[0]);
    return r.ok ? ok([r.value]) : r;
  },
  writeRecovery(args) {
    if (args.length !== 1 && args.length !== 2) return fail(`writeRecovery takes 1 or 2 arguments, got ${args.length}`);
    const t = checkText(args[0], 'writeRecovery: text');
    if (t) return fail(t);
    if (args.length === 1) return ok([args[0] as string]);
    const p = checkPath(args[1], 'writeRecovery: path');
    return p ? fail(p) : ok([args[0] as string, args[1] as string]);
  },
  exportFiles(args) {
    const bad = arity<[ExportRequest]>(args, 1, 'exportFiles');
    if (bad) return bad;
    const r = validateExportRequest(args[0]);
    return r.ok ? ok([r.value]) : r;
  },
  openDataset(args) {
    if (args.length === 2) {
      const o = validateDatasetOptions(args[0], args[1]);
      return o.ok ? ok([args[0] as DatasetKind, o.value]) : o;
    }
    const bad = arity<[DatasetKind]>(args, 1, 'openDataset');
    if (bad) return fail(`openDataset takes 1 or 2 arguments, got ${args.length}`);
    return (DATASET_KINDS as readonly unknown[]).includes(args[0])
      ? ok([args[0] as DatasetKind])
      : fail(`openDataset: kind must be one of ${DATASET_KINDS.map((k) => JSON.stringify(k)).join(', ')}, got ${describe(args[0])}`);
  },
  confirmDiscard(args) {
    const bad = arity<[string]>(args, 1, 'confirmDiscard');
    if (bad) return bad;
    const l = checkLabel(args[0], 'confirmDiscard: documentName');
    return l ? fail(l) : ok([args[0] as string]);
  },
  setTitle(args) {
    const bad = arity<[string]>(args, 1, 'setTitle');
    if (bad) return bad;
    const l = checkLabel(args[0], 'setTitle: documentName');
    return l ? fail(l) : ok([args[0] as string]);
  },
  setDirty(args) {
    const bad = arity<[boolean]>(args, 1, 'setDirty');
    if (bad) return bad;
    return typeof args[0] === 'boolean' ? ok([args[0]]) : fail(`setDirty: dirty must be true or false, got ${describe(args[0])}`);
  },
};

/** Menu events arrive from main; the preload checks them before calling the page. */
export function isMenuEvent(value: unknown): value is MenuEvent {
  if (!isPlainObject(value)) return false;
  if (value.command === 'openRecent') return checkPath(value.path, 'path') === null;
  return (MENU_COMMANDS as readonly unknown[]).includes(value.command);
}

// ---- shared presentation -------------------------------------------------------------------------
export const APP_NAME = 'CNN Designer';

/** The window title both hosts show: `*lenet.cnn.json - CNN Designer` when there are unsaved changes. */
export function formatWindowTitle(documentName: string, dirty: boolean): string {
  return `${dirty ? '*' : ''}${documentName} \u2014 ${APP_NAME}`;
}

/**
 * The data-set name both builds show for an IDX pair, from the images file's name:
 * `fashion-train-images-idx3-ubyte.gz` -> `fashion`; MNIST's own `train-images-idx3-ubyte` -> `IDX data`.
 */
export function idxDatasetName(imagesFileName: string): string {
  return imagesFileName.replace(/[-.]?(train-)?images.*$/i, '') || 'IDX data';
}

/** Most recent first, one entry per path, at most `max`. */
export function addRecent(list: readonly RecentEntry[], entry: RecentEntry, max = 10): RecentEntry[] {
  return [entry, ...list.filter((e) => e.path !== entry.path)].slice(0, max);
}

/** Reads a stored recent list, dropping anything malformed instead of failing. */
export function parseRecentList(text: string | null): RecentEntry[] {
  if (!text) return [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(data)) return [];
  return data.filter((e): e is RecentEntry =>
    isPlainObject(e) && checkPath(e.path, 'path') === null && typeof e.name === 'string' && typeof e.openedAt === 'number');
}
