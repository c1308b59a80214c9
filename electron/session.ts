// What main remembers about the one document window: the paths it has handed out (the renderer may
// only save to those), the recent list, and the title/dirty state that closing consults.
import type { DiscardChoice, RecentEntry } from '../shared/ipc/contract';
import { formatWindowTitle } from '../shared/ipc/contract';

/** What a file looked like when the app last read or wrote it: a save compares before overwriting. */
export interface FileStamp {
  mtimeMs: number;
  size: number;
}

export class HostSession {
  /** Paths main chose through a dialog or read from its own recent list. */
  readonly granted = new Set<string>();
  /** Per granted path: the file as the app last opened or saved it ("changed on disk since?"). */
  readonly stamps = new Map<string, FileStamp>();
  /** Loaded lazily from userData; null until then. */
  recent: RecentEntry[] | null = null;
  documentName = 'Untitled';
  dirty = false;
  /** Set when the user chose "Save" while closing: a successful save (setDirty(false)) closes the window. */
  closeAfterSave = false;
  lastExportFolder: string | undefined;
  /** Set by "Don't Save" while closing: the window's remaining autosaves are dropped. */
  draftDiscarded = false;
  /** The recovery file's writes and removals, in order (see handlers.inRecoveryOrder). */
  recoveryOps: Promise<void> = Promise.resolve();

  /** A new document window (macOS keeps the app running with none): nothing of the last one's state. */
  resetForWindow(): void {
    this.documentName = 'Untitled';
    this.dirty = false;
    this.closeAfterSave = false;
    this.draftDiscarded = false;
  }

  title(): string {
    return formatWindowTitle(this.documentName, this.dirty);
  }
}

/** 'discard-then-close': "Don't Save"; the recovery draft must go before the window does (handlers.discardAndClose). */
export type CloseDecision = 'close' | 'stay' | 'save-then-close' | 'discard-then-close';

/**
 * Called from the window's synchronous `close` event: a clean document closes, a dirty one asks.
 * `ask` must be synchronous (Electron needs preventDefault before the handler returns).
 */
export function decideClose(session: HostSession, ask: (documentName: string) => DiscardChoice): CloseDecision {
  if (!session.dirty) return 'close';
  const choice = ask(session.documentName);
  if (choice === 'discard') return 'discard-then-close';
  if (choice === 'save') {
    session.closeAfterSave = true;
    return 'save-then-close';
  }
  session.closeAfterSave = false;
  return 'stay';
}
