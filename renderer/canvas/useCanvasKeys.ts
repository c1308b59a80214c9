// The canvas's own keys, taken before React Flow sees them (a capture handler on the canvas): arrow keys
// move the focus between connected nodes (Shift+arrow still nudges the node, React Flow's default), and
// Shift+F10 or the ContextMenu key opens the focused node's or edge's menu.
import { useCallback, type KeyboardEvent } from 'react';
import type { EditorStore } from '../store/store';
import type { OpenMenu } from './contextMenu';
import { isArrow, neighbour } from './keyboard';

export function focusNode(id: string): boolean {
  const el = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
  el?.focus();
  return !!el;
}

export function useCanvasKeys(store: EditorStore, openMenu: (m: OpenMenu) => void) {
  return useCallback(
    (e: KeyboardEvent<HTMLDivElement>) => {
      const t = e.target as HTMLElement;
      const nodeEl = t.closest?.<HTMLElement>('.react-flow__node');
      const edgeEl = t.closest?.<HTMLElement>('.react-flow__edge');
      if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
        const el = nodeEl ?? edgeEl;
        const id = el?.getAttribute('data-id');
        if (!el || !id) return;
        e.preventDefault();
        e.stopPropagation();
        const r = el.getBoundingClientRect();
        const st = store.getState();
        if (nodeEl) {
          if (!st.selectedNodes.includes(id)) st.select([id]);
          openMenu({ target: { kind: 'node', id }, x: r.left + 12, y: r.bottom - 4, returnFocus: el });
        } else {
          const at = { x: r.left + r.width / 2, y: r.top + r.height / 2 };
          openMenu({ target: { kind: 'edge', id }, ...at, returnFocus: el });
        }
        return;
      }
      if (!nodeEl || !isArrow(e.key) || e.shiftKey || e.altKey || e.ctrlKey || e.metaKey) return;
      const id = nodeEl.dataset.id;
      if (!id) return;
      e.preventDefault();
      e.stopPropagation();
      const next = neighbour(store.getState().doc, id, e.key);
      if (!next) return;
      store.getState().select([next]);
      focusNode(next);
    },
    [store, openMenu],
  );
}
