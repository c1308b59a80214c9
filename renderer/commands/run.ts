// One entry point per command, used by the shortcuts, the top bar and the desktop menu alike: a handler for each
// id of the command table (shared/commands/commands.ts), checked by the compiler.
import type { CommandId } from '../../shared/commands/commands';
import type { MenuEvent } from '../host/host';
import type { Services } from '../services';
import { copySelection, duplicate, paste, selectAll } from './editing';
import { newFile, openFile, openRecentFile, save, type FileDeps } from './files';
import { groupSelection, toggleSelectedGroups, ungroupSelection } from './groups';
import { currentT } from '../i18n';
import { messageOf } from '../../shared/i18n';

/**
 * Every failure of a command reaches the user: as the editor's error notice (shown with role="alert"),
 * prefixed with the command's name, never only as an unhandled rejection in the console.
 */
/** A command's name in the user's language, without the dialog's dots: 'Open'. */
const commandLabel = (id: CommandId): string =>
  currentT()
    .t(`command.${id}.label`)
    .replace(/\u2026$/, '');

function reportFailure(deps: FileDeps, what: string, e: unknown): void {
  deps.store.getState().notify('error', currentT().t('ui.notice.failed', { what, error: messageOf(e) }));
}

function track(deps: FileDeps, what: string, run: () => Promise<unknown>): void {
  run().catch((e: unknown) => reportFailure(deps, what, e));
}

/** What a command reaches: the app's services (renderer/services), passed in, never module state. */
export type CommandDeps = Pick<Services, 'store' | 'host' | 'canvas' | 'openers' | 'clipboard'>;

export type Handler = (deps: CommandDeps) => void;

/** What each command does. Long-running ones are tracked, so their failure becomes a notice too. */
export const HANDLERS = {
  new: (deps) => track(deps, commandLabel('new'), () => newFile(deps)),
  open: (deps) => track(deps, commandLabel('open'), () => openFile(deps)),
  save: (deps) => track(deps, commandLabel('save'), () => save(deps, false)),
  saveAs: (deps) => track(deps, commandLabel('saveAs'), () => save(deps, true)),
  exportModel: (deps) => deps.openers.openExport?.(),
  undo: (deps) => deps.store.getState().undo(),
  redo: (deps) => deps.store.getState().redo(),
  delete: (deps) => deps.store.getState().deleteSelection(),
  copy: (deps) => copySelection(deps.store, deps.clipboard),
  paste: (deps) => paste(deps.store, deps.clipboard),
  duplicate: (deps) => duplicate(deps.store),
  selectAll: (deps) => selectAll(deps.store),
  layout: (deps) => track(deps, commandLabel('layout'), async () => deps.canvas.api()?.layout()),
  fit: (deps) => deps.canvas.api()?.fit(),
  zoomIn: (deps) => deps.canvas.api()?.zoomBy(1.2),
  zoomOut: (deps) => deps.canvas.api()?.zoomBy(1 / 1.2),
  layoutDirection: (deps) => deps.canvas.api()?.toggleDirection(),
  findLayer: (deps) => deps.openers.focusSearch?.(),
  goToLayer: (deps) => deps.canvas.api()?.goToLayer(),
  groupSelection: (deps) => groupSelection(deps.store),
  ungroup: (deps) => ungroupSelection(deps.store),
  toggleGroup: (deps) => toggleSelectedGroups(deps.store),
  escape: (deps) => deps.store.getState().select([]),
} satisfies Record<CommandId, Handler>;

export function runCommand(id: CommandId, deps: CommandDeps): void {
  try {
    HANDLERS[id](deps);
  } catch (e) {
    reportFailure(deps, commandLabel(id), e);
  }
}

/** Desktop menu commands arrive here (the browser host never sends any). */
export function runMenuEvent(event: MenuEvent, deps: CommandDeps): void {
  switch (event.command) {
    case 'openRecent':
      track(deps, 'Open Recent', () => openRecentFile(deps, event.path));
      break;
    default:
      runCommand(event.command, deps);
  }
}
