// The canvas's view model: node faces and edge labels derived from the app store's document,
// kept outside React. It follows the store synchronously (before React renders), and each node or
// label component subscribes to its own entry, so an edit re-renders exactly the faces and labels
// whose text changed, without React Flow re-processing its nodes and edges.
import { useSyncExternalStore } from 'react';
import { analysisOf } from '../store/analysis';
import { useEditor } from '../store/store';
import { deriveViews, newDeriveCache, type Views } from './derive';

const cache = newDeriveCache();
let views: Views = deriveViews(useEditor.getState().doc, analysisOf(useEditor.getState().doc), cache);
const listeners = new Set<() => void>();

useEditor.subscribe((s) => {
  if (s.doc === views.doc) return;
  views = deriveViews(s.doc, analysisOf(s.doc), cache);
  for (const l of listeners) l();
});

/** Called synchronously after every change of the views (before React renders). */
export function subscribeViews(l: () => void): () => void {
  listeners.add(l);
  return () => { listeners.delete(l); };
}

export const getViews = (): Views => views;

export function useViews(): Views {
  return useSyncExternalStore(subscribeViews, getViews);
}

/** Whether an edge's shape is unknown (the edge is drawn dashed): changes far less often than its label. */
export function useEdgeUnknown(id: string): boolean {
  return useSyncExternalStore(subscribeViews, () => views.edges.get(id)?.unknown ?? true);
}
