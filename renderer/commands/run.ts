// One entry point per command, used by the shortcuts, the top bar and the desktop menu alike.
import { canvasApi } from '../canvas/bridge';
import type { MenuEvent } from '../host/host';
import { copySelection, duplicate, paste, selectAll } from './editing';
import { newFile, openFile, openRecentFile, save, type FileDeps } from './files';
import type { CommandId } from './shortcuts';

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

export function runCommand(id: CommandId, deps: FileDeps): void {
  const st = deps.store.getState();
  switch (id) {
    case 'new': void newFile(deps); break;
    case 'open': void openFile(deps); break;
    case 'save': void save(deps, false); break;
    case 'saveAs': void save(deps, true); break;
    case 'undo': st.undo(); break;
    case 'redo': st.redo(); break;
    case 'delete': st.deleteSelection(); break;
    case 'copy': copySelection(deps.store); break;
    case 'paste': paste(deps.store); break;
    case 'duplicate': duplicate(deps.store); break;
    case 'selectAll': selectAll(deps.store); break;
    case 'layout': void canvasApi()?.layout(); break;
    case 'fit': canvasApi()?.fit(); break;
    case 'findLayer': focusSearch?.(); break;
    case 'escape': st.select([]); break;
  }
}

/** Desktop menu commands arrive here (the browser host never sends any). */
export function runMenuEvent(event: MenuEvent, deps: FileDeps): void {
  switch (event.command) {
    case 'openRecent': void openRecentFile(deps, event.path); break;
    case 'exportModel': openExport?.(); break;
    default: runCommand(event.command, deps);
  }
}
