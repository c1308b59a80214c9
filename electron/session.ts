// What main remembers about the one document window: the paths it has handed out (the renderer may
// only save to those), the recent list, and the title/dirty state that closing consults.
import type { DiscardChoice, RecentEntry } from '../shared/ipc/contract';
import { formatWindowTitle } from '../shared/ipc/contract';

export class HostSession {
  /** Paths main chose through a dialog or read from its own recent list. */
  readonly granted = new Set<string>();
  /** Loaded lazily from userData; null until then. */
  recent: RecentEntry[] | null = null;
  documentName = 'Untitled';
  dirty = false;
  /** Set when the user chose "Save" while closing: a successful save (setDirty(false)) closes the window. */
  closeAfterSave = false;
  lastExportFolder: string | undefined;

  title(): string {
    return formatWindowTitle(this.documentName, this.dirty);
  }
}

export type CloseDecision = 'close' | 'stay' | 'save-then-close';

/**
 * Called from the window's synchronous `close` event: a clean document closes, a dirty one asks.
 * `ask` must be synchronous (Electron needs preventDefault before the handler returns).
 */
export function decideClose(session: HostSession, ask: (documentName: string) => DiscardChoice): CloseDecision {
  if (!session.dirty) return 'close';
  const choice = ask(session.documentName);
  if (choice === 'discard') return 'close';
  if (choice === 'save') {
    session.closeAfterSave = true;
    return 'save-then-close';
  }
  session.closeAfterSave = false;
  return 'stay';
}
