// What the command table's `enabledWhen` conditions mean on the editor's state, and the names a command takes
// from it ("Undo Move"). Pure, for the top bar (and any other view of the commands) and its tests.
import { commandSpec, plainLabel, type CommandId, type EnabledWhen } from '../../shared/commands/commands';
import { redoLabel, undoLabel, type EditorState } from '../store/store';

export const CONDITIONS = {
  canUndo: (s) => s.past.length > 0 && !s.locked,
  canRedo: (s) => s.future.length > 0 && !s.locked,
  hasNodes: (s) => s.doc.nodes.length > 0,
} satisfies Record<EnabledWhen, (s: EditorState) => boolean>;

export function isEnabled(id: CommandId, s: EditorState): boolean {
  const when = commandSpec(id).enabledWhen;
  return when ? CONDITIONS[when](s) : true;
}

/** Commands whose name says what they will do, from the history: 'Undo Move', 'Redo Add Conv'. */
const LIVE_NAMES: Partial<Record<CommandId, (s: EditorState) => string | null>> = { undo: undoLabel, redo: redoLabel };

/** The command's name now: its label, plus the edit it acts on where there is one. */
export function commandName(id: CommandId, s: EditorState, label: string = plainLabel(id)): string {
  const what = LIVE_NAMES[id]?.(s);
  return what ? `${label} ${what}` : label;
}
