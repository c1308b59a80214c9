// What the UI may ask of the machine it runs on. Two implementations: electronHost (the desktop app,
// through the preload's window.cnnHost) and browserHost (file input, downloads, localStorage).
// The UI never touches Electron or the file system directly; getHost() (./index) picks one.
import type {
  DatasetKind,
  DatasetOptions,
  DiscardChoice,
  ExportFile,
  ExportResult,
  IpcErrorCode,
  MenuCommand,
  MenuEvent,
  OpenedDataset,
  OpenedProject,
  RecentEntry,
  Recovery,
  SavedProject,
} from '../../shared/ipc/contract';
import type { Locale } from '../../shared/i18n/locales';

export type {
  DatasetKind,
  DatasetOptions,
  DiscardChoice,
  ExportFile,
  ExportResult,
  MenuCommand,
  MenuEvent,
  OpenedDataset,
  OpenedProject,
  RecentEntry,
  Recovery,
  SavedProject,
};

export interface SaveOptions {
  /** Ask for a (new) location even when `path` is given. */
  saveAs: boolean;
  /** The current document's path, exactly as an earlier open/save returned it; omit for a new document. */
  path?: string;
}

export interface Host {
  readonly kind: 'electron' | 'browser';
  /**
   * Lets the user pick a project file; null when they cancel. Does not change the current
   * document: parse the text first and keep the returned path only if it loads.
   */
  openProject(): Promise<OpenedProject | null>;
  /** Opens an entry of listRecent() (its `path`). Rejects with HostError('not-found') if it has gone. */
  openRecent(path: string): Promise<OpenedProject>;
  /** Most recent first. */
  listRecent(): Promise<RecentEntry[]>;
  /**
   * Drops an entry from the recent list: a file that was read but is not a project the app can open must not be
   * offered again. Optional: a host without it keeps its list as it is.
   */
  forgetRecent?(path: string): Promise<void>;
  /**
   * Writes the project; null when the user cancels the dialog. The returned path is the document's
   * path from now on (pass it as `options.path` next time). After a successful save, call setDirty(false).
   */
  saveProject(
    text: string,
    options: SaveOptions,
    blobs?: readonly { readonly sha256: string; readonly bytes: Uint8Array }[],
  ): Promise<SavedProject | null>;
  /**
   * Desktop only: the bytes of a weight blob kept beside the project at `projectPath` (a path open/save returned),
   * by SHA-256; null when the file is missing. (`blobs` of saveProject are written there, before the project.)
   */
  readWeightsBlob?(projectPath: string, hash: string): Promise<Uint8Array | null>;
  /**
   * The autosaved draft, or null when there is none (offer to restore it at start-up). Its `path` and
   * `name`, when present, are the document's file, valid for saveProject again.
   */
  readRecovery(): Promise<Recovery | null>;
  /** `path`: the document's file as an earlier open/save returned it, kept with the draft. */
  writeRecovery(text: string, path?: string): Promise<void>;
  /** Call after a successful save and when the user declines to restore. */
  clearRecovery(): Promise<void>;
  /** Writes all files into one folder the user picks (desktop) or downloads them (browser); null if cancelled. */
  exportFiles(suggestedName: string, files: ExportFile[]): Promise<ExportResult | null>;
  /**
   * Desktop only: lets the user choose a training data set's files (or folder) in a native dialog and
   * returns their bytes, read by the main process; null when cancelled. Rejects with a HostError whose
   * message says what is wrong with the choice. The browser host leaves it out: there the page picks the
   * files with file inputs. A folder's `options.limit` makes main read only a seeded stratified subset.
   */
  openDataset?(kind: DatasetKind, options?: DatasetOptions): Promise<OpenedDataset | null>;
  /** Asks about unsaved changes before New/Open. The browser host answers only 'discard' or 'cancel'. */
  confirmDiscard(documentName: string): Promise<DiscardChoice>;
  /** The document's name for the title (e.g. `lenet.cnn.json` or `Untitled`). */
  setTitle(documentName: string): void;
  /** Marks unsaved changes: shown in the title, and closing the window asks first. */
  setDirty(dirty: boolean): void;
  /** The page's language: the desktop menu follows it (the browser has no menu). */
  setLocale(locale: Locale): void;
  /** Menu commands (desktop menu bar). Returns the unsubscribe function. */
  onMenu(callback: (event: MenuEvent) => void): () => void;
}

/** A failure the user should read: the message names the file and the reason. */
export class HostError extends Error {
  constructor(
    readonly code: IpcErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HostError';
  }
}
