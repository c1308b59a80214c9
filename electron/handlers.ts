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
import { atomicWrite } from './atomicWrite';
import { exportFileNamesProblem } from '../shared/export/fileNames';
import { atomicWriteAll } from './atomicWriteAll';
import { openDataset } from './datasets';
import type { HandlerDeps, HandlerFs } from './handlerDeps';
import { errorCode, HostError, ioError } from './hostError';
import { removeStaleTemps, saveOverFile } from './safeSave';
import { readBlob, saveProjectWithBlobs } from './projectBlobs';
import type { FileStamp } from './session';
import type { Locale } from '../shared/i18n/locales';

export { HostError } from './hostError';
export type { DialogPort, DirEntryLike, HandlerDeps, HandlerFs, ReadHandlePort, WindowPort } from './handlerDeps';

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

const MAX_SAVE_BASE_CHARS = 100;
const WINDOWS_RESERVED_BASE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

/**
 * The file name the Save dialog suggests, from the document name the renderer set (setTitle): a plain
 * base name, never a folder. Separators, control and Windows-forbidden characters become `-`; leading
 * dots and spaces are dropped (no dotfiles, no `..`); at most 100 characters before `.cnn.json`.
 */
export function saveDialogFileName(documentName: string): string {
  let base = documentName.endsWith(PROJECT_EXTENSION) ? documentName.slice(0, -PROJECT_EXTENSION.length) : documentName;
  base = base
    .replace(/[\u0000-\u001f\u007f\u2028\u2029/\\<>:"|?*]+/g, '-')
    .replace(/^[.\s-]+/, '')
    .slice(0, MAX_SAVE_BASE_CHARS)
    .replace(/[.\s]+$/, '');
  if (base === '' || WINDOWS_RESERVED_BASE.test(base.split('.')[0])) base = base === '' ? 'Untitled' : `_${base}`;
  return base + PROJECT_EXTENSION;
}

async function readProject(file: string, deps: HandlerDeps): Promise<OpenedProject> {
  try {
    const info = await deps.fs.stat(file);
    if (!info.isFile()) throw new HostError('not-found', `Cannot open ${file}: it is not a file`);
    if (info.size > MAX_PROJECT_CHARS) {
      throw new HostError(
        'too-large',
        `Cannot open ${file}: it is ${info.size} bytes; a project file is at most ${MAX_PROJECT_CHARS}`,
      );
    }
    const text = new TextDecoder().decode(await deps.fs.readFile(file));
    deps.session.stamps.set(file, { mtimeMs: info.mtimeMs, size: info.size });
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
    await atomicWrite(path.join(deps.paths.userData, RECENT_FILE), JSON.stringify(list, null, 2), {
      fs: deps.fs,
      platform: deps.platform,
    });
  } catch {
    // Losing the recent list is not worth failing the open/save the user asked for.
  }
}

async function remember(file: string, deps: HandlerDeps): Promise<void> {
  deps.session.granted.add(file);
  const list = addRecent(
    await loadRecent(deps),
    { path: file, name: path.basename(file), openedAt: deps.now() },
    MAX_RECENT,
  );
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
      await storeRecent(
        recent.filter((r) => r.path !== file),
        deps,
      );
    }
    throw e;
  }
}

export async function listRecent(_args: [], deps: HandlerDeps): Promise<RecentEntry[]> {
  return [...(await loadRecent(deps))];
}

/**
 * Drops a path from the recent list: the renderer read the file but could not open it as a project, so it
 * must not be offered again. The grant stays: the document open now may still be that file's (saved before the
 * file was spoiled), and saving it back is what repairs it. A path not on the list changes nothing.
 */
export async function forgetRecent([file]: [string], deps: HandlerDeps): Promise<void> {
  const recent = await loadRecent(deps);
  if (!recent.some((e) => e.path === file)) return;
  await storeRecent(
    recent.filter((r) => r.path !== file),
    deps,
  );
}

/**
 * Before saving over the document's own file without a dialog: if the file is not as the app last read
 * or wrote it (another program changed it), ask whether to overwrite. A file that has gone is simply
 * written again.
 */
async function confirmIfChangedOnDisk(file: string, deps: HandlerDeps): Promise<boolean> {
  const known = deps.session.stamps.get(file);
  if (!known) return true;
  let now;
  try {
    now = await deps.fs.stat(file);
  } catch {
    return true;
  }
  if (now.mtimeMs === known.mtimeMs && now.size === known.size) return true;
  return deps.dialog.confirmChangedOnDisk(file);
}

async function recordStamp(file: string, deps: HandlerDeps): Promise<void> {
  try {
    const info = await deps.fs.stat(file);
    deps.session.stamps.set(file, { mtimeMs: info.mtimeMs, size: info.size });
  } catch {
    deps.session.stamps.delete(file);
  }
}

export async function saveProject([request]: [SaveRequest], deps: HandlerDeps): Promise<SavedProject | null> {
  const { session } = deps;
  const granted = request.currentPath !== undefined && session.granted.has(request.currentPath);
  let target: string | null = !request.saveAs && granted ? request.currentPath! : null;
  try {
    if (target === null) {
      // The folder comes from main's own paths only: the current file (granted by a dialog or the recent
      // list) or Documents. The renderer's document name may only supply a sanitized base name.
      const defaultPath = granted
        ? request.currentPath!
        : path.join(deps.paths.documents, saveDialogFileName(session.documentName));
      const chosen = await deps.dialog.chooseProjectSavePath(defaultPath);
      if (!chosen) {
        session.closeAfterSave = false;
        return null;
      }
      target = withProjectExtension(chosen);
      // The dialog confirmed overwriting `chosen`, not the name with the extension added.
      if (
        target !== chosen &&
        (await exists(deps.fs, target)) &&
        !(await deps.dialog.confirmOverwrite(path.dirname(target), [path.basename(target)]))
      ) {
        session.closeAfterSave = false;
        return null;
      }
    } else if (!(await confirmIfChangedOnDisk(target, deps))) {
      session.closeAfterSave = false;
      return null;
    }
    if (request.blobs?.length)
      await saveProjectWithBlobs(target, request.text, request.blobs, { fs: deps.fs, platform: deps.platform });
    else await saveOverFile(target, request.text, { fs: deps.fs, platform: deps.platform });
  } catch (e) {
    session.closeAfterSave = false;
    throw ioError('Cannot save', target ?? 'the project', e);
  }
  await recordStamp(target, deps);
  await remember(target, deps);
  return { path: target, name: path.basename(target) };
}

/** A weight blob of a project main granted (opened, saved or recent): null when its file is missing. */
export async function readWeightsBlob(
  [projectPath, hash]: [string, string],
  deps: HandlerDeps,
): Promise<Uint8Array | null> {
  if (!deps.session.granted.has(projectPath))
    throw new HostError(
      'not-granted',
      `Cannot read weights for ${JSON.stringify(projectPath)}: it is not a project this window opened or saved`,
    );
  try {
    return await readBlob(projectPath, hash, deps.fs);
  } catch (e) {
    throw ioError('Cannot read the weights of', projectPath, e);
  }
}

// ---- recovery draft (userData/recovery.cnn.json) ---------------------------------------------------
// The draft is an envelope: the project text, and the document's file when main had granted it, with
// the file's stamp as it was then (so the "changed on disk" check still works after a restore).
const RECOVERY_FORMAT = 'cnn-designer-recovery';

interface RecoveryEnvelope {
  format: typeof RECOVERY_FORMAT;
  version: 1;
  text: string;
  path?: string;
  stamp?: FileStamp;
}

function asEnvelope(data: unknown): RecoveryEnvelope | null {
  if (typeof data !== 'object' || data === null) return null;
  const e = data as Partial<RecoveryEnvelope>;
  return e.format === RECOVERY_FORMAT && typeof e.text === 'string' ? (e as RecoveryEnvelope) : null;
}

function isStamp(value: unknown): value is FileStamp {
  const v = value as Partial<FileStamp> | null;
  return typeof v === 'object' && v !== null && Number.isFinite(v.mtimeMs) && Number.isFinite(v.size);
}

export async function writeRecovery([text, documentPath]: [string, string?], deps: HandlerDeps): Promise<void> {
  const file = path.join(deps.paths.userData, RECOVERY_FILE);
  const envelope: RecoveryEnvelope = { format: RECOVERY_FORMAT, version: 1, text };
  // Only a path main handed out itself is kept; anything else the renderer sends is dropped.
  if (documentPath !== undefined && deps.session.granted.has(documentPath)) {
    envelope.path = documentPath;
    const stamp = deps.session.stamps.get(documentPath);
    if (stamp) envelope.stamp = stamp;
  }
  await inRecoveryOrder(deps, async () => {
    // After "Don't Save" a late autosave (sent while the question was open) must not bring the draft back.
    if (deps.session.draftDiscarded) return;
    try {
      await deps.fs.mkdir(deps.paths.userData, { recursive: true });
      await atomicWrite(file, JSON.stringify(envelope), { fs: deps.fs, platform: deps.platform });
    } catch (e) {
      throw ioError('Cannot write the recovery file', file, e);
    }
  });
}

/** Writes and removals of the draft run one after the other, so a removal cannot land inside a write. */
function inRecoveryOrder(deps: HandlerDeps, op: () => Promise<void>): Promise<void> {
  const run = deps.session.recoveryOps.then(op, op);
  deps.session.recoveryOps = run.catch(() => undefined);
  return run;
}

/** A draft's path is trusted again only if it is still in main's own recent list and still a file. */
async function stillOurs(file: string, deps: HandlerDeps): Promise<boolean> {
  if (!(await loadRecent(deps)).some((e) => e.path === file)) return false;
  try {
    return (await deps.fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

export async function readRecovery(_args: [], deps: HandlerDeps): Promise<Recovery | null> {
  const file = path.join(deps.paths.userData, RECOVERY_FILE);
  let raw: string;
  let savedAt: number;
  try {
    savedAt = (await deps.fs.stat(file)).mtimeMs;
    raw = new TextDecoder().decode(await deps.fs.readFile(file));
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return null;
    throw ioError('Cannot read the recovery file', file, e);
  }
  let data: unknown = null;
  try {
    data = JSON.parse(raw);
  } catch {
    // Not JSON at all: handed over as it is; the renderer's parser says what is wrong with it.
  }
  const envelope = asEnvelope(data);
  // A draft written before the envelope existed is the project text itself.
  if (!envelope) return { text: raw, savedAt };
  const recovery: Recovery = { text: envelope.text, savedAt };
  if (typeof envelope.path === 'string' && (await stillOurs(envelope.path, deps))) {
    deps.session.granted.add(envelope.path);
    if (isStamp(envelope.stamp))
      deps.session.stamps.set(envelope.path, { mtimeMs: envelope.stamp.mtimeMs, size: envelope.stamp.size });
    recovery.path = envelope.path;
    recovery.name = path.basename(envelope.path);
  }
  return recovery;
}

export async function clearRecovery(_args: [], deps: HandlerDeps): Promise<void> {
  const file = path.join(deps.paths.userData, RECOVERY_FILE);
  await inRecoveryOrder(deps, async () => {
    try {
      await deps.fs.unlink(file);
    } catch (e) {
      if (errorCode(e) !== 'ENOENT') throw ioError('Cannot remove the recovery file', file, e);
    }
  });
}

export async function exportFiles([request]: [ExportRequest], deps: HandlerDeps): Promise<ExportResult | null> {
  // The exporter's own names only (model.json, train.py...): never a dotfile, a path or "..". The
  // contract checks this too; checked again here, before any dialog, because this handler writes.
  const names = exportFileNamesProblem(request.files.map((f) => f.name));
  if (names) throw new HostError('invalid-args', `exportFiles: ${names}`);
  const folder = await deps.dialog.chooseExportFolder(
    `Export ${request.suggestedName}: choose a folder`,
    deps.session.lastExportFolder ?? deps.paths.documents,
  );
  if (!folder) return null;
  const existing: string[] = [];
  for (const f of request.files) if (await exists(deps.fs, path.join(folder, f.name))) existing.push(f.name);
  if (existing.length > 0 && !(await deps.dialog.confirmOverwrite(folder, existing))) return null;
  try {
    await atomicWriteAll(
      folder,
      request.files.map((f) => ({ name: f.name, data: f.bytes })),
      { fs: deps.fs, platform: deps.platform },
    );
  } catch (e) {
    throw ioError('Cannot export to', folder, e);
  }
  deps.session.lastExportFolder = folder;
  return { folder, written: request.files.map((f) => f.name) };
}

/**
 * "Don't Save" while closing: the recovery draft goes first (else the next start would offer the work
 * the user just threw away), then the window closes, clean, so closing does not ask again.
 */
export async function discardAndClose(deps: HandlerDeps): Promise<void> {
  deps.session.dirty = false;
  deps.session.closeAfterSave = false;
  deps.session.draftDiscarded = true;
  try {
    await clearRecovery([], deps);
  } catch {
    // The window still closes; the draft will be offered at the next start, which loses nothing.
  }
  deps.window.close();
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

/** The page's language changed (or was chosen at start-up): the menu follows it. */
export async function setLocale([locale]: [Locale], deps: HandlerDeps): Promise<void> {
  deps.onLocaleChanged?.(locale);
}

/**
 * Start-up housekeeping: removes temp files that our own atomic writes left when the app crashed
 * mid-save, next to the recent files (and their link targets) and in userData. Only names matching
 * our temp pattern for those very files, written by a process that is gone; never throws.
 */
export async function removeStaleTempFiles(deps: HandlerDeps, isAlive?: (pid: number) => boolean): Promise<string[]> {
  const files = [path.join(deps.paths.userData, RECENT_FILE), path.join(deps.paths.userData, RECOVERY_FILE)];
  for (const entry of await loadRecent(deps)) {
    files.push(entry.path);
    try {
      files.push(await deps.fs.realpath(entry.path));
    } catch {
      // Gone or unreadable: nothing beside its target to clean.
    }
  }
  return removeStaleTemps(files, deps.fs, isAlive);
}

export type Handler<K extends InvokeName> = (args: InvokeArgs<K>, deps: HandlerDeps) => Promise<InvokeResult<K>>;

/** Every call in the contract has exactly one handler (the compiler checks). */
export const handlers: { [K in InvokeName]: Handler<K> } = {
  openProject,
  openRecent,
  listRecent,
  forgetRecent,
  saveProject,
  readWeightsBlob,
  writeRecovery,
  readRecovery,
  clearRecovery,
  exportFiles,
  openDataset,
  confirmDiscard,
  setTitle,
  setDirty,
  setLocale,
};
