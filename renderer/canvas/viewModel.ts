// The canvas's view model: node faces and edge labels derived from the app store's document,
// kept outside React. It follows the store synchronously (before React renders), and each node or
// label component subscribes to its own entry, so an edit re-renders exactly the faces and labels
// whose text changed, without React Flow re-processing its nodes and edges.
// One per app (renderer/services): it subscribes to its store when created, not when imported. Components read it
// with the hooks in useViews.ts.
import { analysisOf } from '../store/analysis';
import type { EditorStore } from '../store/store';
import { deriveViews, newDeriveCache, type Views } from './derive';
import { onLocaleChange } from '../i18n';

export interface ViewModel {
  /** Called synchronously after every change of the views (before React renders). */
  subscribe(l: () => void): () => void;
  get(): Views;
  /** Stop following the store. */
  dispose(): void;
}

export function createViewModel(store: EditorStore): ViewModel {
  let cache = newDeriveCache();
  let views: Views = deriveViews(store.getState().doc, analysisOf(store.getState().doc), cache);
  const listeners = new Set<() => void>();
  const dispose = store.subscribe((s) => {
    if (s.doc === views.doc) return;
    views = deriveViews(s.doc, analysisOf(s.doc), cache);
    for (const l of listeners) l();
  });
  // A language switch rewrites every face's problem text (the cache knows nothing of the locale).
  const offLocale = onLocaleChange(() => {
    cache = newDeriveCache();
    views = deriveViews(store.getState().doc, analysisOf(store.getState().doc), cache);
    for (const l of listeners) l();
  });
  return {
    subscribe: (l) => {
      listeners.add(l);
      return () => {
        listeners.delete(l);
      };
    },
    get: () => views,
    dispose: () => {
      dispose();
      offLocale();
    },
  };
}
