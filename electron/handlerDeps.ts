// What the IPC handlers are given: the file system, the dialogs, the window and the session (main.ts
// injects the real ones, tests fakes). Types only, in a file of their own so that the handler modules
// (handlers.ts, datasets.ts) can share them without importing each other.
import type { DiscardChoice, RecentEntry } from '../shared/ipc/contract';
import type { AtomicFs, FileHandlePort } from './atomicWrite';
import type { HostSession } from './session';
import type { Locale } from '../shared/i18n/locales';

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
  stat(file: string): Promise<{ mode: number; size: number; mtimeMs: number; nlink: number; isFile(): boolean }>;
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
  /** The document's file changed on disk since it was opened or saved: true to overwrite it anyway. */
  confirmChangedOnDisk(file: string): Promise<boolean>;
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
  /** Main rebuilds the menu in the page's language. */
  onLocaleChanged?(locale: Locale): void;
}
