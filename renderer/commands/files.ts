// File commands: New, Open, Open Recent, Save, Save As, the window title, autosave to the
// recovery file and restoring it. Everything goes through the Host (desktop or browser); the store
// and the host are passed in so tests drive these with a fake host.
import { emptyDoc, parseProject, serializeProject } from '../../shared/graph';
import type { GraphDoc } from '../../shared/graph';
import type { CanvasBridge } from '../canvas/bridge';
import type { Host } from '../host/host';
import type { EditorState, EditorStore } from '../store/store';
import { currentT, errorSays } from '../i18n';

/**
 * Weights and run history with the project file (renderer/runs/projectPort.ts, registered once it has loaded):
 * `save` gives the text and the weight blobs to write beside it (desktop); `opened` reads them back after Open.
 */
export interface ProjectFilesPort {
  save?(doc: GraphDoc): Promise<{ text: string; blobs: { sha256: string; bytes: Uint8Array }[] }>;
  opened(text: string, file: { path: string; name: string }): Promise<void>;
}

export interface FileDeps {
  readonly store: EditorStore;
  readonly host: Host;
  /** Absent in tests without one; `port` is null until the runs code has loaded. */
  readonly projectFiles?: { port: ProjectFilesPort | null };
  /** The app's canvas (a restored draft keeps its positions); absent in tests without one. */
  readonly canvas?: Pick<CanvasBridge, 'skipNextLoadLayout'>;
}

/** Longest name the host contract takes for a title or a dialog (MAX_NAME_CHARS). */
const MAX_TITLE_CHARS = 255;
/** The name of a document nobody named yet (shared/graph's default). */
const UNTITLED = emptyDoc().metadata.name;

/**
 * The name in the title bar and the unsaved-changes question: the file's name, else the document's own
 * name. A name from a file (or a restored draft) may hold newlines or other control characters, which
 * no title can show and the desktop host refuses: they become spaces, and the name is cut to fit.
 */
export function documentName(s: Pick<EditorState, 'fileName' | 'doc'>): string {
  const raw = s.fileName ?? s.doc.metadata.name ?? '';
  const clean = raw
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const name = [...clean].slice(0, MAX_TITLE_CHARS).join('').trim() || UNTITLED;
  // the documents' default name (shared/graph's emptyDoc) is shown in the reader's language
  return name === UNTITLED ? currentT().t('ui.topBar.untitled') : name;
}

const errorText = errorSays;

/** Ask before dropping unsaved changes. True when it is fine to go on. */
export async function confirmLeave(deps: FileDeps): Promise<boolean> {
  const s = deps.store.getState();
  if (s.doc === s.savedDoc) return true;
  const choice = await deps.host.confirmDiscard(documentName(s));
  if (choice === 'cancel') return false;
  if (choice === 'save') return save(deps, false);
  return true;
}

export async function newFile(deps: FileDeps): Promise<boolean> {
  if (!(await confirmLeave(deps))) return false;
  deps.store.getState().loadDoc(emptyDoc(), { path: null, name: null });
  await clearRecoveryQuietly(deps);
  return true;
}

/**
 * Load a project's text as the current document. A file that cannot be read leaves the current
 * graph untouched and says why; repairs and migrations are reported as a notice.
 */
export function loadText(deps: FileDeps, text: string, file: { path: string | null; name: string | null }): boolean {
  const st = deps.store.getState();
  const r = parseProject(text);
  const tr = currentT();
  const label = file.name ?? tr.t('ui.notice.theFile');
  if (!r.ok) {
    const errors = r.errorMsgs ? r.errorMsgs.map(tr.msg).join(' ') : r.errors.join(' ');
    st.notify('error', tr.t('ui.notice.openFailed', { file: label, errors }));
    return false;
  }
  st.loadDoc(r.doc, file);
  if (r.warnings.length) {
    st.notify(
      'info',
      tr.t(r.warnings.length > 1 ? 'ui.notice.openedChanges' : 'ui.notice.openedChange', {
        file: label,
        n: r.warnings.length,
        changes: `${r.warningMsgs.slice(0, 3).map(tr.msg).join(' ')}${r.warnings.length > 3 ? ' …' : ''}`,
      }),
    );
  } else st.clearNotice();
  return true;
}

export async function openFile(deps: FileDeps): Promise<boolean> {
  if (!(await confirmLeave(deps))) return false;
  let opened;
  try {
    opened = await deps.host.openProject();
  } catch (e) {
    deps.store.getState().notify('error', errorText(e));
    return false;
  }
  if (!opened) return false;
  const ok = loadText(deps, opened.text, { path: opened.path, name: opened.name });
  if (ok) {
    await clearRecoveryQuietly(deps);
    await openedWithPort(deps, opened);
  } else await forgetRecentQuietly(deps, opened.path);
  return ok;
}

/** After an Open: the project's weights and runs (warnings about them as a notice; the graph is open already). */
async function openedWithPort(deps: FileDeps, opened: { text: string; path: string; name: string }) {
  try {
    await deps.projectFiles?.port?.opened(opened.text, { path: opened.path, name: opened.name });
  } catch (e) {
    deps.store.getState().notify('error', currentT().t('ui.sweep2.portFailed', { error: errorText(e) }));
  }
}

/** A file that could not be opened is not offered again under Recent. */
async function forgetRecentQuietly(deps: FileDeps, path: string | null) {
  if (!path) return;
  try {
    await deps.host.forgetRecent?.(path);
  } catch {
    /* the list is a convenience */
  }
}

export async function openRecentFile(deps: FileDeps, path: string): Promise<boolean> {
  if (!(await confirmLeave(deps))) return false;
  try {
    const opened = await deps.host.openRecent(path);
    const ok = loadText(deps, opened.text, { path: opened.path, name: opened.name });
    if (ok) {
      await clearRecoveryQuietly(deps);
      await openedWithPort(deps, opened);
    } else await forgetRecentQuietly(deps, opened.path);
    return ok;
  } catch (e) {
    deps.store.getState().notify('error', errorText(e));
    return false;
  }
}

/**
 * Rename the project (the name in the top bar): an undoable edit of the document's name that marks it unsaved.
 * The name shown then is the project's, not the old file's, and the next Save asks where to write it (Save As)
 * so the old file is not overwritten under a name it no longer has. A blank name changes nothing.
 */
export function renameProject(deps: FileDeps, name: string): boolean {
  const clean = name.replace(/\s+/g, ' ').trim();
  const s = deps.store.getState();
  if (!clean || clean === documentName(s)) return false;
  s.edit({ key: 'ui.sweep2.rename' }, (d) => ({ ...d, metadata: { ...d.metadata, name: clean } }));
  if (deps.store.getState().doc === s.doc) return false;
  deps.store.setState({ fileName: null });
  return true;
}

/** Save (or Save As). True when written; the document edited meanwhile stays marked unsaved. */
export async function save(deps: FileDeps, saveAsAsked: boolean): Promise<boolean> {
  const s = deps.store.getState();
  // A renamed project that came from a file (a path but no file name any more) is saved as a new file.
  const saveAs = saveAsAsked || (s.filePath !== null && s.fileName === null);
  const doc: GraphDoc = s.doc;
  let saved;
  try {
    const options = { saveAs, ...(s.filePath ? { path: s.filePath } : {}) };
    const withWeights = await deps.projectFiles?.port?.save?.(doc);
    saved = withWeights?.blobs.length
      ? await deps.host.saveProject(withWeights.text, options, withWeights.blobs)
      : await deps.host.saveProject(withWeights?.text ?? serializeProject(doc), options);
  } catch (e) {
    deps.store.getState().notify('error', currentT().t('ui.notice.saveFailed', { error: errorText(e) }));
    return false;
  }
  if (!saved) return false;
  // What was written is `doc`; edits made while the dialog was open stay unsaved.
  deps.store.setState({ savedDoc: doc, filePath: saved.path, fileName: saved.name });
  deps.store.getState().notify('info', currentT().t('ui.notice.saved', { file: saved.name }));
  await clearRecoveryQuietly(deps);
  return true;
}

async function clearRecoveryQuietly(deps: FileDeps) {
  try {
    await deps.host.clearRecovery();
  } catch {
    /* nothing to clear is fine */
  }
}

/** Keep the host's title and unsaved-changes mark in step with the store. Returns the unsubscribe. */
export function syncTitle(deps: FileDeps): () => void {
  let lastName = '',
    lastDirty: boolean | null = null;
  const apply = (s: EditorState) => {
    const name = documentName(s),
      dirty = s.doc !== s.savedDoc;
    if (name !== lastName) {
      lastName = name;
      deps.host.setTitle(name);
    }
    if (dirty !== lastDirty) {
      lastDirty = dirty;
      deps.host.setDirty(dirty);
    }
  };
  apply(deps.store.getState());
  return deps.store.subscribe(apply);
}

/**
 * Write the unsaved document to the recovery file a moment after each edit, so a crash loses at
 * most `delayMs` of work. Returns the stop function.
 */
export function startAutosave(deps: FileDeps, delayMs = 1500): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastDoc: GraphDoc | null = null;
  const flush = () => {
    timer = null;
    const s = deps.store.getState();
    if (s.doc === s.savedDoc || s.doc === lastDoc) return;
    lastDoc = s.doc;
    // The file goes with the draft, so a restored document still saves where it came from.
    const write = s.filePath
      ? deps.host.writeRecovery(serializeProject(s.doc), s.filePath)
      : deps.host.writeRecovery(serializeProject(s.doc));
    write.catch((e: unknown) => deps.store.getState().notify('error', errorText(e)));
  };
  const unsubscribe = deps.store.subscribe((s, prev) => {
    if (s.doc === prev.doc) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(flush, delayMs);
  });
  return () => {
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}

export interface RecoveryOffer {
  readonly savedAt: number;
  readonly text: string;
  readonly nodes: number;
  /** The document's file, when the host still vouches for it; restored with the draft. */
  readonly file?: { readonly path: string; readonly name: string };
}

/** A recovery draft worth offering (readable and not empty), or null. */
export async function findRecovery(deps: FileDeps): Promise<RecoveryOffer | null> {
  let rec;
  try {
    rec = await deps.host.readRecovery();
  } catch {
    return null;
  }
  if (!rec) return null;
  const r = parseProject(rec.text);
  if (!r.ok || r.doc.nodes.length === 0) {
    await clearRecoveryQuietly(deps);
    return null;
  }
  const offer = { savedAt: rec.savedAt, text: rec.text, nodes: r.doc.nodes.length };
  return rec.path && rec.name ? { ...offer, file: { path: rec.path, name: rec.name } } : offer;
}

/** Load the draft as an unsaved document of its file (or of none: then saving asks where). */
export function restoreRecovery(deps: FileDeps, offer: RecoveryOffer): boolean {
  const r = parseProject(offer.text);
  if (!r.ok) return false;
  const st = deps.store.getState();
  deps.canvas?.skipNextLoadLayout();
  st.loadDoc(r.doc, offer.file ? { path: offer.file.path, name: offer.file.name } : { path: null, name: null });
  // Restored work is unsaved: mark the document dirty against an empty one.
  deps.store.setState({ savedDoc: emptyDoc(r.doc.metadata.name) });
  st.notify(
    'info',
    offer.file
      ? currentT().t('ui.notice.restoredOn', { file: offer.file.name, when: currentT().dateTime(offer.savedAt) })
      : currentT().t('ui.notice.restored', { when: currentT().dateTime(offer.savedAt) }),
  );
  return true;
}

export async function discardRecovery(deps: FileDeps): Promise<void> {
  await clearRecoveryQuietly(deps);
}
