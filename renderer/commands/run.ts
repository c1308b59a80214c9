// One entry point per command, used by the shortcuts, the top bar and the desktop menu alike: a handler for each
// id of the command table (shared/commands/commands.ts), checked by the compiler.
import { plainLabel, type CommandId } from '../../shared/commands/commands';
import { canvasApi } from '../canvas/bridge';
import type { MenuEvent } from '../host/host';
import { copySelection, duplicate, paste, selectAll } from './editing';
import { newFile, openFile, openRecentFile, save, type FileDeps } from './files';

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

export type Handler = (deps: FileDeps) => void;

/** What each command does. Long-running ones are tracked, so their failure becomes a notice too. */
export const HANDLERS = {
  new: (deps) => track(deps, plainLabel('new'), () => newFile(deps)),
  open: (deps) => track(deps, plainLabel('open'), () => openFile(deps)),
  save: (deps) => track(deps, plainLabel('save'), () => save(deps, false)),
  saveAs: (deps) => track(deps, plainLabel('saveAs'), () => save(deps, true)),
  exportModel: () => openExport?.(),
  undo: (deps) => deps.store.getState().undo(),
  redo: (deps) => deps.store.getState().redo(),
  delete: (deps) => deps.store.getState().deleteSelection(),
  copy: (deps) => copySelection(deps.store),
  paste: (deps) => paste(deps.store),
  duplicate: (deps) => duplicate(deps.store),
  selectAll: (deps) => selectAll(deps.store),
  layout: (deps) => track(deps, plainLabel('layout'), async () => canvasApi()?.layout()),
  fit: () => canvasApi()?.fit(),
  findLayer: () => focusSearch?.(),
  escape: (deps) => deps.store.getState().select([]),
} satisfies Record<CommandId, Handler>;

export function runCommand(id: CommandId, deps: FileDeps): void {
  try {
    HANDLERS[id](deps);
  } catch (e) {
    reportFailure(deps, plainLabel(id), e);
  }
}

/** Desktop menu commands arrive here (the browser host never sends any). */
export function runMenuEvent(event: MenuEvent, deps: FileDeps): void {
  switch (event.command) {
    case 'openRecent': track(deps, 'Open Recent', () => openRecentFile(deps, event.path)); break;
    default: runCommand(event.command, deps);
  }
}
