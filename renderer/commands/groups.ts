// The group commands (shared/commands: Group selection, Ungroup, Collapse/expand), each one undo step.
import { groupNodes, setGroupCollapsed, ungroup, type GraphGroup } from '../../shared/graph';
import { groupIdOf } from '../canvas/groupView';
import type { EditorStore } from '../store/store';
import { currentT } from '../i18n';

/** The groups the selection touches (a selected collapsed group selects all its members). */
function selectedGroups(store: EditorStore): GraphGroup[] {
  const s = store.getState();
  const sel = new Set(s.selectedNodes);
  return (s.doc.groups ?? []).filter((g) => g.nodes.some((n) => sel.has(n)));
}

export function groupSelection(store: EditorStore): void {
  const s = store.getState();
  const ids = s.selectedNodes.filter((id) => groupIdOf(id) === null);
  if (!ids.length) {
    s.notify('info', currentT().t('ui.notice.groupNothing'));
    return;
  }
  let made: string | null = null;
  // The new group is collapsed: the key lets the layout that follows (Canvas) close up the room its members took,
  // in this undo step.
  s.edit(
    { key: 'ui.undo.group' },
    (d) => {
      const r = groupNodes(d, ids);
      made = r.id;
      return r.doc;
    },
    `group:new:${Date.now()}`,
  );
  if (made) s.select(ids);
}

export function ungroupSelection(store: EditorStore): void {
  const s = store.getState();
  const groups = selectedGroups(store);
  if (!groups.length) {
    s.notify('info', currentT().t('ui.notice.ungroupNothing'));
    return;
  }
  // Ungrouping a collapsed group shows its members again: the canvas lays the graph out around them (same step).
  s.edit(
    { key: 'ui.undo.ungroup' },
    (d) => groups.reduce((x, g) => ungroup(x, g.id), d),
    groups.some((g) => g.collapsed) ? `group:ungroup:${Date.now()}` : undefined,
  );
}

/** Collapse the selected groups, or expand them when they all are collapsed. */
export function toggleSelectedGroups(store: EditorStore): void {
  const s = store.getState();
  const groups = selectedGroups(store);
  if (!groups.length) {
    s.notify('info', currentT().t('ui.notice.toggleNothing'));
    return;
  }
  const collapse = !groups.every((g) => g.collapsed);
  s.edit(
    { key: collapse ? 'ui.undo.collapse' : 'ui.undo.expand' },
    (d) => groups.reduce((x, g) => setGroupCollapsed(x, g.id, collapse), d),
    // The layout that follows on the canvas joins this undo step.
    `group:selection:${Date.now()}`,
  );
}
