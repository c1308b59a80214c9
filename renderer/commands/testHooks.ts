// With `?testHooks` in the URL, e2e tests and the UI benchmark reach the store directly (to load a
// generated 300-node graph, or to time a parameter edit without going through a panel).
import { parseProject, serializeProject } from '../../shared/graph';
import type { EditorStore } from '../store/store';

export interface TestHooks {
  store: EditorStore;
  /** Load a project text as if opened from a file with this name. */
  loadText(text: string, name?: string): boolean;
  serialize(): string;
}

declare global {
  interface Window {
    __cnn?: TestHooks;
  }
}

export function installTestHooks(store: EditorStore): void {
  if (typeof window === 'undefined' || !new URLSearchParams(window.location.search).has('testHooks')) return;
  window.__cnn = {
    store,
    loadText(text, name = 'test.cnn.json') {
      const r = parseProject(text);
      if (!r.ok) return false;
      store.getState().loadDoc(r.doc, { path: `test:${name}`, name });
      return true;
    },
    serialize: () => serializeProject(store.getState().doc),
  };
}
