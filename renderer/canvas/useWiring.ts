// React Flow's connection events turned into the wiring edits of wiring.ts: a wire dropped on a handle
// connects there (replacing that input's old feed), a wire dropped on a node's body goes to its nearest
// free input, and an edge's end dragged elsewhere moves the edge. Each is one undo step.
import { useCallback, useRef } from 'react';
import type { Connection, FinalConnectionState, OnReconnect } from '@xyflow/react';
import type { EditorStore } from '../store/store';
import type { ShapeFlowEdge } from './derive';
import { portForDrop, rewire } from './wiring';

/** Generous, but less than half a node's height: a drop near a handle snaps to it. */
export const CONNECTION_RADIUS = 30;

type Pointer = { x: number; y: number };

function pointerOf(event: MouseEvent | TouchEvent): Pointer | null {
  if ('clientX' in event) return { x: event.clientX, y: event.clientY };
  const t = event.changedTouches[0];
  return t ? { x: t.clientX, y: t.clientY } : null;
}

/** The node whose body is under the pointer (its React Flow wrapper's data-id). */
function nodeUnder(p: Pointer): string | null {
  for (const el of document.elementsFromPoint(p.x, p.y)) {
    const n = (el as HTMLElement).closest?.('.react-flow__node');
    if (n) return n.getAttribute('data-id');
  }
  return null;
}

/** Screen centres of a node's input handles, by port name. */
function inputHandles(nodeId: string): Map<string, Pointer> {
  const at = new Map<string, Pointer>();
  const node = document.querySelector(`.react-flow__node[data-id="${CSS.escape(nodeId)}"]`);
  for (const h of node?.querySelectorAll<HTMLElement>('.react-flow__handle.target') ?? []) {
    const r = h.getBoundingClientRect();
    const port = h.dataset.handleid;
    if (port) at.set(port, { x: r.left + r.width / 2, y: r.top + r.height / 2 });
  }
  return at;
}

export function useWiring(store: EditorStore) {
  // React Flow reports a reconnect's end to onConnectEnd too (first): that drop belongs to onReconnectEnd.
  const reconnecting = useRef(false);
  const onReconnectStart = useCallback(() => {
    reconnecting.current = true;
  }, []);
  const onConnect = useCallback(
    (c: Connection) => {
      if (c.targetHandle) store.getState().connect(c.source, c.target, c.targetHandle);
    },
    [store],
  );

  // A drop that React Flow did not connect (not near a handle): onto a node's body.
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (reconnecting.current || state.isValid || !state.fromNode || !state.fromHandle) return;
      const p = pointerOf(event);
      const over = p && nodeUnder(p);
      if (!p || !over || over === state.fromNode.id) return;
      const st = store.getState();
      if (state.fromHandle.type === 'source') {
        // A collapsed group's box is no document node: the store wires its boundary layer (or says why not).
        const port = over.startsWith('group:') ? 'in' : portForDrop(st.doc, over, p, inputHandles(over));
        if (port) st.connect(state.fromNode.id, over, port);
      } else if (state.fromHandle.id) {
        // Dragged backwards from an input: the node dropped on feeds it.
        st.connect(over, state.fromNode.id, state.fromHandle.id);
      }
    },
    [store],
  );

  const onReconnect = useCallback<OnReconnect<ShapeFlowEdge>>(
    (old, c) => {
      if (!c.targetHandle) return;
      store
        .getState()
        .edit({ key: 'ui.undo.reconnect' }, (d) => rewire(d, old.id, c.source, c.target, c.targetHandle!));
    },
    [store],
  );

  // An edge end dropped on a node's body rather than on a handle. `fixed` is the end that stayed put.
  const onReconnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, edge: ShapeFlowEdge, fixed: 'source' | 'target', state: FinalConnectionState) => {
      reconnecting.current = false;
      if (state.isValid) return;
      const p = pointerOf(event);
      const over = p && nodeUnder(p);
      if (!p || !over) return;
      const st = store.getState();
      const e = st.doc.edges.find((x) => x.id === edge.id);
      if (!e) return;
      if (fixed === 'source') {
        const others = { ...st.doc, edges: st.doc.edges.filter((x) => x.id !== e.id) };
        const port = portForDrop(others, over, p, inputHandles(over));
        if (port) st.edit({ key: 'ui.undo.reconnect' }, (d) => rewire(d, e.id, e.source, over, port));
      } else if (over !== e.target)
        st.edit({ key: 'ui.undo.reconnect' }, (d) => rewire(d, e.id, over, e.target, e.targetPort));
    },
    [store],
  );

  return { onConnect, onConnectEnd, onReconnect, onReconnectStart, onReconnectEnd };
}
