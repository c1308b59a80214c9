// The IPC handlers: plain functions `(args, deps) => result`. No Electron here; main.ts injects the
// real fs, dialogs and window, tests inject fakes (or a real temp folder).
import * as path from 'node:path';
import type {
  DiscardChoice,
  ExportRequest,
  ExportResult,
  InvokeArgs,
  InvokeName,
  InvokeResult,
  OpenedProject,
  RecentEntry,
  Recovery,
  SavedProject,
  SaveRequest,
} from '../shared/ipc/contract';
import { addRecent, MAX_PROJECT_CHARS, parseRecentList, PROJECT_EXTENSION } from '../shared/ipc/contract';
import type { AtomicFs, FileHandlePort } from './atomicWrite';
import { atomicWrite, atomicWriteMany } from './atomicWrite';
import { openDataset } from './datasets';
import { errorCode, HostError, ioError } from './hostError';
import type { HostSession } from './session';

export { HostError } from './hostError';

/** One entry of a folder listing (Node's Dirent has this shape). */
export interface DirEntryLike {
  name: string;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/** A file opened for reading (node's FileHandle fits): data-set files are read in bounded steps. */
export interface ReadHandlePort {
  read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  stat(): Promise<{ size: number; isFile(): boolean }>;
  close(): Promise<void>;
}

export interface HandlerFs extends AtomicFs {
  readFile(file: string): Promise<Uint8Array>;
  /** Follows symbolic links. */
  stat(file: string): Promise<{ mode: number; size: number; mtimeMs: number; isFile(): boolean }>;
  /** Resolves symbolic links (saving writes to the link's target). */
  realpath(file: string): Promise<string>;
  /** Numeric flags (O_RDONLY | ...): a file opened for reading, as data sets are read. */
  open(file: string, flags: number): Promise<ReadHandlePort>;
  open(file: string, flags: string, mode?: number): Promise<FileHandlePort>;
  mkdir(dir: string, options: { recursive: true }): Promise<unknown>;
  readdir(dir: string, options: { withFileTypes: true }): Promise<DirEntryLike[]>;
}

/** Native dialogs, narrowed to the questions this app asks. Each returns null / false when cancelled. */
export interface DialogPort {
  chooseProjectToOpen(defaultPath: string): Promise<string | null>;
  chooseProjectSavePath(defaultPath: string): Promise<string | null>;
  chooseExportFolder(title: string, defaultPath: string): Promise<string | null>;
  confirmOverwrite(folder: string, names: string[]): Promise<boolean>;
  /** Training data: one dialog in which the user selects all the files of a data set. */
  chooseDatasetFiles(kind: 'idx' | 'cifar-sprite', defaultPath: string): Promise<string[] | null>;
  /** Training data: a folder with one subfolder per class. */
  chooseDatasetFolder(defaultPath: string): Promise<string | null>;
  askUnsavedChanges(documentName: string): Promise<DiscardChoice>;
}

export interface WindowPort {
  setTitle(title: string): void;
  /** macOS: the dot in the close button. */
  setDocumentEdited(edited: boolean): void;
  close(): void;
}

export interface HandlerDeps {
  fs: HandlerFs;
  dialog: DialogPort;
  paths: { userData: string; documents: string };
  now(): number;
  platform: NodeJS.Platform;
  session: HostSession;
  window: WindowPort;
  /** Main rebuilds the Open Recent menu with it. */
  onRecentChanged?(list: RecentEntry[]): void;
}

const RECENT_FILE = 'recent-projects.json';
const RECOVERY_FILE = 'recovery.cnn.json';
const MAX_RECENT = 10;

async function exists(fs: HandlerFs, file: string): Promise<boolean> {
  try {
    await fs.stat(file);
    return true;
  } catch {
    return false;
  }
}

/** `net` -> `net.cnn.json`; a name the user gave an extension of their own is kept as typed. */
export function withProjectExtension(file: string): string {
  return path.basename(file).includes('.') ? file : file + PROJECT_EXTENSION;
}

async function readProject(file: string, deps: HandlerDeps): Promise<OpenedProject> {
  try {
    const info = await deps.fs.stat(file);
    if (!info.isFile()) throw new HostError('not-found', `Cannot open ${file}: it is not a file`);
    if (info.size > MAX_PROJECT_CHARS) {
      throw new HostError('too-large', `Cannot open ${file}: it is ${info.size} bytes; a project file is at most ${MAX_PROJECT_CHARS}`);
    }
    const text = new TextDecoder().decode(await deps.fs.readFile(file));
    return { path: file, name: path.basename(file), text };
  } catch (e) {
    throw ioError('Cannot open', file, e);
  }
}

// ---- recent list (userData/recent-projects.json) -----------------------------------------------

async function loadRecent(deps: HandlerDeps): Promise<RecentEntry[]> {
  if (deps.session.recent) return deps.session.recent;
  let text: string | null = null;
  try {
    text = new TextDecoder().decode(await deps.fs.readFile(path.join(deps.paths.userData, RECENT_FILE)));
  } catch {
    // No list yet (first run) or unreadable: start empty rather than fail opening a file.
  }
  deps.session.recent = parseRecentList(text).slice(0, MAX_RECENT);
  return deps.session.recent;
}

async function storeRecent(list: RecentEntry[], deps: HandlerDeps): Promise<void> {
  deps.session.recent = list;
  deps.onRecentChanged?.(list);
  try {
    await deps.fs.mkdir(deps.paths.userData, { recursive: true });
    await atomicWrite(path.join(deps.paths.userData, RECENT_FILE), JSON.stringify(list, null, 2), { fs: deps.fs, platform: deps.platform });
  } catch {
    // Losing the recent list is not worth failing the open/save the user asked for.
  }
}

async function remember(file: string, deps: HandlerDeps): Promise<void> {
  deps.session.granted.add(file);
  const list = addRecent(await loadRecent(deps), { path: file, name: path.basename(file), openedAt: deps.now() }, MAX_RECENT);
  await storeRecent(list, deps);
}

// ---- handlers --------------------------------------------------------------------------------

export async function openProject(_args: [], deps: HandlerDeps): Promise<OpenedProject | null> {
  const recent = await loadRecent(deps);
  const startIn = recent[0] ? path.dirname(recent[0].path) : deps.paths.documents;
  const file = await deps.dialog.chooseProjectToOpen(startIn);
  if (!file) return null;
  const project = await readProject(file, deps);
  await remember(file, deps);
  return project;
}

export async function openRecent([file]: [string], deps: HandlerDeps): Promise<OpenedProject> {
  const recent = await loadRecent(deps);
  if (!recent.some((e) => e.path === file)) {
    throw new HostError('not-granted', `Cannot open ${JSON.stringify(file)}: it is not in the recent files list`);
  }
  try {
    const project = await readProject(file, deps);
    await remember(file, deps);
    return project;
  } catch (e) {
    if (e instanceof HostError && e.code === 'not-found') {
      await storeRecent(recent.filter((r) => r.path !== file), deps);
    }
    throw e;
  }
}

export async function listRecent(_args: [], deps: HandlerDeps): Promise<RecentEntry[]> {
  return [...(await loadRecent(deps))];
}

export async function saveProject([request]: [SaveRequest], deps: HandlerDeps): Promise<SavedProject | null> {
  const { session } = deps;
  const granted = request.currentPath !== undefined && session.granted.has(request.currentPath);
  let target: string | null = !request.saveAs && granted ? request.currentPath! : null;
  try {
    if (target === null) {
      const fallbackName = session.documentName.endsWith(PROJECT_EXTENSION) ? session.documentName : `${session.documentName}${PROJECT_EXTENSION}`;
      // A path the renderer sent but main never handed out is only a hint for the dialog's folder.
      const defaultPath = granted ? request.currentPath! : path.join(deps.paths.documents, fallbackName);
      const chosen = await deps.dialog.chooseProjectSavePath(defaultPath);
      if (!chosen) {
        session.closeAfterSave = false;
        return null;
      }
      target = withProjectExtension(chosen);
      // The dialog confirmed overwriting `chosen`, not the name with the extension added.
      if (target !== chosen && (await exists(deps.fs, target)) && !(await deps.dialog.confirmOverwrite(path.dirname(target), [path.basename(target)]))) {
        session.closeAfterSave = false;
        return null;
      }
    }
    await atomicWrite(target, request.text, { fs: deps.fs, platform: deps.platform });
  } catch (e) {
    session.closeAfterSave = false;
    throw ioError('Cannot save', target ?? 'the project', e);
  }
  await remember(target, deps);
  return { path: target, name: path.basename(target) };
}

export async function writeRecovery([text]: [string], deps: HandlerDeps): Promise<void> {
  const file = path.join(deps.paths.userData, RECOVERY_FILE);
  try {
    await deps.fs.mkdir(deps.paths.userData, { recursive: true });
    await atomicWrite(file, text, { fs: deps.fs, platform: deps.platform });
  } catch (e) {
    throw ioError('Cannot write the recovery file', file, e);
  }
}

export async function readRecovery(_args: [], deps: HandlerDeps): Promise<Recovery | null> {
  const file = path.join(deps.paths.userData, RECOVERY_FILE);
  try {
    const info = await deps.fs.stat(file);
    const text = new TextDecoder().decode(await deps.fs.readFile(file));
    return { text, savedAt: info.mtimeMs };
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return null;
    throw ioError('Cannot read the recovery file', file, e);
  }
}

export async function clearRecovery(_args: [], deps: HandlerDeps): Promise<void> {
  const file = path.join(deps.paths.userData, RECOVERY_FILE);
  try {
    await deps.fs.unlink(file);
  } catch (e) {
    if (errorCode(e) !== 'ENOENT') throw ioError('Cannot remove the recovery file', file, e);
  }
}

export async function exportFiles([request]: [ExportRequest], deps: HandlerDeps): Promise<ExportResult | null> {
  const folder = await deps.dialog.chooseExportFolder(`Export ${request.suggestedName}: choose a folder`, deps.session.lastExportFolder ?? deps.paths.documents);
  if (!folder) return null;
  const targets = request.files.map((f) => ({ name: f.name, path: path.join(folder, f.name), data: f.bytes }));
  // Names were validated as plain names already; this guards the join itself.
  for (const t of targets) {
    if (path.dirname(path.resolve(t.path)) !== path.resolve(folder)) {
      throw new HostError('invalid-args', `exportFiles: ${JSON.stringify(t.name)} would leave the chosen folder`);
    }
  }
  const existing: string[] = [];
  for (const t of targets) if (await exists(deps.fs, t.path)) existing.push(t.name);
  if (existing.length > 0 && !(await deps.dialog.confirmOverwrite(folder, existing))) return null;
  try {
    await atomicWriteMany(targets, { fs: deps.fs, platform: deps.platform });
  } catch (e) {
    throw ioError('Cannot export to', folder, e);
  }
  deps.session.lastExportFolder = folder;
  return { folder, written: targets.map((t) => t.name) };
}

export async function confirmDiscard([documentName]: [string], deps: HandlerDeps): Promise<DiscardChoice> {
  return deps.dialog.askUnsavedChanges(documentName);
}

export async function setTitle([documentName]: [string], deps: HandlerDeps): Promise<void> {
  deps.session.documentName = documentName;
  deps.window.setTitle(deps.session.title());
}

export async function setDirty([dirty]: [boolean], deps: HandlerDeps): Promise<void> {
  const { session } = deps;
  session.dirty = dirty;
  deps.window.setTitle(session.title());
  deps.window.setDocumentEdited(dirty);
  if (!dirty && session.closeAfterSave) {
    session.closeAfterSave = false;
    deps.window.close();
  }
}

export type Handler<K extends InvokeName> = (args: InvokeArgs<K>, deps: HandlerDeps) => Promise<InvokeResult<K>>;

/** Every call in the contract has exactly one handler (the compiler checks). */
export const handlers: { [K in InvokeName]: Handler<K> } = {
  openProject,
  openRecent,
  listRecent,
  saveProject,
  writeRecovery,
  readRecovery,
  clearRecovery,
  exportFiles,
  openDataset,
  confirmDiscard,
  setTitle,
  setDirty,
};
