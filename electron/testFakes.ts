// Test doubles for the handlers' dependencies: an in-memory file system and a scripted dialog.
// (Used by *.test.ts only; not bundled into the app.)
import * as path from 'node:path';
import type { DiscardChoice } from '../shared/ipc/contract';
import type { FileHandlePort } from './atomicWrite';
import type { DialogPort, DirEntryLike, HandlerDeps, HandlerFs, ReadHandlePort, WindowPort } from './handlers';
import { HostSession } from './session';

const errno = (code: string, file: string) => Object.assign(new Error(`${code}: ${file}`), { code });

/** Files and folders in memory. POSIX paths; folders must exist before files are created in them. */
export class MemFs implements HandlerFs {
  readonly files = new Map<string, { data: Uint8Array; mode: number; mtimeMs: number }>();
  readonly dirs = new Set<string>(['/']);
  /** Set to make the next writes fail after this many bytes (a full disk). */
  failWritesWith: string | null = null;
  clock = 1_000;

  constructor(initial: Record<string, string> = {}) {
    for (const [file, text] of Object.entries(initial)) {
      this.mkdirp(path.posix.dirname(file));
      this.files.set(file, { data: new TextEncoder().encode(text), mode: 0o644, mtimeMs: this.clock });
    }
  }

  private mkdirp(dir: string): void {
    for (let d = dir; !this.dirs.has(d); d = path.posix.dirname(d)) this.dirs.add(d);
  }

  /** Adds a file with these bytes (or, for size checks, anything with a length), creating its folders. */
  put(file: string, data: Uint8Array | { length: number }): void {
    this.mkdirp(path.posix.dirname(file));
    this.files.set(file, { data: data as Uint8Array, mode: 0o644, mtimeMs: this.clock });
  }

  text(file: string): string | undefined {
    const f = this.files.get(file);
    return f && new TextDecoder().decode(f.data);
  }

  list(dir: string): string[] {
    return [...this.files.keys()]
      .filter((f) => path.posix.dirname(f) === dir)
      .map((f) => path.posix.basename(f))
      .sort();
  }

  async readFile(file: string): Promise<Uint8Array> {
    const f = this.files.get(file);
    if (!f) throw errno(this.dirs.has(file) ? 'EISDIR' : 'ENOENT', file);
    return f.data.slice();
  }

  async stat(file: string) {
    const f = this.files.get(file);
    if (f) return { mode: f.mode, size: f.data.length, mtimeMs: f.mtimeMs, nlink: 1, isFile: () => true };
    if (this.dirs.has(file)) return { mode: 0o755, size: 0, mtimeMs: 0, nlink: 1, isFile: () => false };
    throw errno('ENOENT', file);
  }

  /** No links in memory: a path is its own real path. */
  async realpath(file: string): Promise<string> {
    if (this.files.has(file) || this.dirs.has(file)) return file;
    throw errno('ENOENT', file);
  }

  async readdir(dir: string): Promise<DirEntryLike[]> {
    if (!this.dirs.has(dir)) throw errno(this.files.has(dir) ? 'ENOTDIR' : 'ENOENT', dir);
    const entry = (name: string, folder: boolean): DirEntryLike => ({
      name,
      isFile: () => !folder,
      isDirectory: () => folder,
      isSymbolicLink: () => false,
    });
    const inDir = (p: string) => p !== dir && path.posix.dirname(p) === dir;
    return [
      ...[...this.dirs].filter(inDir).map((d) => entry(path.posix.basename(d), true)),
      ...[...this.files.keys()].filter(inDir).map((f) => entry(path.posix.basename(f), false)),
    ];
  }

  async mkdir(dir: string): Promise<unknown> {
    this.mkdirp(dir);
    return undefined;
  }

  open(file: string, flags: number): Promise<ReadHandlePort>;
  open(file: string, flags: string, mode?: number): Promise<FileHandlePort>;
  async open(file: string, flags: string | number, mode = 0o644): Promise<FileHandlePort | ReadHandlePort> {
    if (typeof flags === 'number') {
      const f = this.files.get(file);
      if (!f && !this.dirs.has(file)) throw errno('ENOENT', file);
      return {
        read: async (buffer, offset, length, position) => {
          if (!f) throw errno('EISDIR', file);
          const part = f.data.subarray(position, position + length);
          buffer.set(part, offset);
          return { bytesRead: part.length };
        },
        stat: async () => ({ size: f ? f.data.length : 0, isFile: () => f !== undefined }),
        close: async () => undefined,
      };
    }
    if (flags === 'r') {
      if (!this.dirs.has(file) && !this.files.has(file)) throw errno('ENOENT', file);
      return { writeFile: async () => undefined, sync: async () => undefined, close: async () => undefined };
    }
    if (!this.dirs.has(path.posix.dirname(file))) throw errno('ENOENT', file);
    if (flags === 'wx' && this.files.has(file)) throw errno('EEXIST', file);
    this.files.set(file, { data: new Uint8Array(0), mode, mtimeMs: this.clock });
    return {
      writeFile: async (data) => {
        if (this.failWritesWith) {
          this.files.set(file, { data: data.slice(0, data.length >> 1), mode, mtimeMs: this.clock });
          throw errno(this.failWritesWith, file);
        }
        this.files.set(file, { data: data.slice(), mode, mtimeMs: ++this.clock });
      },
      sync: async () => undefined,
      close: async () => undefined,
    };
  }

  async rename(from: string, to: string): Promise<void> {
    const f = this.files.get(from);
    if (!f) throw errno('ENOENT', from);
    this.files.delete(from);
    this.files.set(to, f);
  }

  async unlink(file: string): Promise<void> {
    if (!this.files.delete(file)) throw errno('ENOENT', file);
  }
}

/** Answers each dialog from a queue the test fills; records what was asked. */
export class ScriptedDialog implements DialogPort {
  openAnswers: (string | null)[] = [];
  saveAnswers: (string | null)[] = [];
  folderAnswers: (string | null)[] = [];
  overwriteAnswers: boolean[] = [];
  unsavedAnswers: DiscardChoice[] = [];
  changedOnDiskAnswers: boolean[] = [];
  datasetFileAnswers: (string[] | null)[] = [];
  datasetFolderAnswers: (string | null)[] = [];
  readonly asked: string[] = [];

  private next<T>(queue: T[], what: string): T {
    if (queue.length === 0) throw new Error(`unexpected dialog: ${what}`);
    return queue.shift() as T;
  }
  async chooseProjectToOpen(defaultPath: string) {
    this.asked.push(`open ${defaultPath}`);
    return this.next(this.openAnswers, 'open');
  }
  async chooseProjectSavePath(defaultPath: string) {
    this.asked.push(`save ${defaultPath}`);
    return this.next(this.saveAnswers, 'save');
  }
  async chooseExportFolder(title: string, defaultPath: string) {
    this.asked.push(`folder ${title} ${defaultPath}`);
    return this.next(this.folderAnswers, 'folder');
  }
  async confirmOverwrite(folder: string, names: string[]) {
    this.asked.push(`overwrite ${folder} ${names.join(',')}`);
    return this.next(this.overwriteAnswers, 'overwrite');
  }
  async chooseDatasetFiles(kind: 'idx' | 'cifar-sprite', defaultPath: string) {
    this.asked.push(`dataset-files ${kind} ${defaultPath}`);
    return this.next(this.datasetFileAnswers, 'dataset files');
  }
  async chooseDatasetFolder(defaultPath: string) {
    this.asked.push(`dataset-folder ${defaultPath}`);
    return this.next(this.datasetFolderAnswers, 'dataset folder');
  }
  async confirmChangedOnDisk(file: string) {
    this.asked.push(`changed ${file}`);
    return this.next(this.changedOnDiskAnswers, 'changed on disk');
  }
  async askUnsavedChanges(documentName: string) {
    this.asked.push(`unsaved ${documentName}`);
    return this.next(this.unsavedAnswers, 'unsaved');
  }
}

export class FakeWindow implements WindowPort {
  title = '';
  edited = false;
  closed = 0;
  setTitle(title: string) {
    this.title = title;
  }
  setDocumentEdited(edited: boolean) {
    this.edited = edited;
  }
  close() {
    this.closed++;
  }
}

export function fakeDeps(fs: HandlerFs = new MemFs(), overrides: Partial<HandlerDeps> = {}) {
  const dialog = new ScriptedDialog();
  const window = new FakeWindow();
  let now = 1_700_000_000_000;
  const deps: HandlerDeps = {
    fs,
    dialog,
    window,
    paths: { userData: '/home/u/.config/cnn-designer', documents: '/home/u/Documents' },
    now: () => now++,
    platform: 'linux',
    session: new HostSession(),
    ...overrides,
  };
  return { deps, dialog, window, fs };
}
