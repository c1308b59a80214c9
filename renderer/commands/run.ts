// One entry point per command, used by the shortcuts, the top bar and the desktop menu alike.
import { canvasApi } from '../canvas/bridge';
import type { MenuEvent } from '../host/host';
import { copySelection, duplicate, paste, selectAll } from './editing';
import { newFile, openFile, openRecentFile, save, type FileDeps } from './files';
import type { CommandId } from './shortcuts';
import { SHORTCUTS } from './shortcuts';

/** Focus the palette's search box (the palette registers it). */
let focusSearch: (() => void) | null = null;
export function setPaletteFocus(fn: (() => void) | null): void {
  focusSearch = fn;
}

/** Open the export dialog (the app registers it). */
let openExport: (() => void) | null = null;
export function setExportOpener(fn: (() => void) | null): void {
  openExport = fn;
}

/**
 * Every failure of a command reaches the user: as the editor's error notice (shown with role="alert"),
 * prefixed with the command's name, never only as an unhandled rejection in the console.
 */
function reportFailure(deps: FileDeps, what: string, e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  deps.store.getState().notify('error', `${what} failed: ${message}`);
}

function track(deps: FileDeps, what: string, run: () => Promise<unknown>): void {
  run().catch((e: unknown) => reportFailure(deps, what, e));
}

const label = (id: CommandId) => SHORTCUTS.find((s) => s.id === id)?.label.replace(/…$/, '') ?? id;

export function runCommand(id: CommandId, deps: FileDeps): void {
  try {
    dispatch(id, deps);
  } catch (e) {
    reportFailure(deps, label(id), e);
  }
}

function dispatch(id: CommandId, deps: FileDeps): void {
  const st = deps.store.getState();
  switch (id) {
    case 'new': track(deps, label(id), () => newFile(deps)); break;
    case 'open': track(deps, label(id), () => openFile(deps)); break;
    case 'save': track(deps, label(id), () => save(deps, false)); break;
    case 'saveAs': track(deps, label(id), () => save(deps, true)); break;
    case 'undo': st.undo(); break;
    case 'redo': st.redo(); break;
    case 'delete': st.deleteSelection(); break;
    case 'copy': copySelection(deps.store); break;
    case 'paste': paste(deps.store); break;
    case 'duplicate': duplicate(deps.store); break;
    case 'selectAll': selectAll(deps.store); break;
    case 'layout': track(deps, label(id), async () => canvasApi()?.layout()); break;
    case 'fit': canvasApi()?.fit(); break;
    case 'findLayer': focusSearch?.(); break;
    case 'escape': st.select([]); break;
  }
}

/** Desktop menu commands arrive here (the browser host never sends any). */
export function runMenuEvent(event: MenuEvent, deps: FileDeps): void {
  switch (event.command) {
    case 'openRecent': track(deps, 'Open Recent', () => openRecentFile(deps, event.path)); break;
    case 'exportModel': openExport?.(); break;
    default: runCommand(event.command, deps);
  }
}
