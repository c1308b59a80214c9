// The canvas's view model: node faces and edge labels derived from the app store's document,
// kept outside React. It follows the store at the end of each task (before React renders), and each node or
// label component subscribes to its own entry, so an edit re-renders exactly the faces and labels
// whose text changed, without React Flow re-processing its nodes and edges.
// One per app (renderer/services): it subscribes to its store when created, not when imported. Components read it
// with the hooks in useViews.ts.
import { analysisOf } from '../store/analysis';
import type { EditorStore } from '../store/store';
import { deriveViews, newDeriveCache, sameFaceHead, type LazyMap, type ShapeEdgeData, type Views } from './derive';
import { onLocaleChange } from '../i18n';

export interface ViewModel {
  /** Called after every change of the views (at the end of the task that edited, before React renders). */
  subscribe(l: () => void): () => void;
  /**
   * Like subscribe, for one node's face: called only after a change of the views that changed that face (its data
   * is another object), or its node was added or removed. An edit downstream tells a handful of faces, not all.
   */
  subscribeNode(id: string, l: () => void): () => void;
  /**
   * Like subscribeNode, but only for a change of the face other than its stats line (sameFaceHead), which the face
   * writes into the DOM itself: an edit upstream changes hundreds of stats lines and tells none of these.
   */
  subscribeNodeHead(id: string, l: () => void): () => void;
  /** Like subscribeNode, for one edge's label. */
  subscribeEdge(id: string, l: () => void): () => void;
  /** Like subscribeEdge, but only when the label turns to or from unknown (drawn dashed). */
  subscribeEdgeUnknown(id: string, l: () => void): () => void;
  get(): Views;
  /** Stop following the store. */
  dispose(): void;
}

export function createViewModel(store: EditorStore): ViewModel {
  let cache = newDeriveCache();
  let views: Views = deriveViews(store.getState().doc, analysisOf(store.getState().doc), cache);
  const listeners = new Set<() => void>();
  // Edits made in one task (a fix that sets two parameters, height then width) are derived and shown once:
  // the update waits for the end of the task (a microtask, still before React renders and before the frame).
  // get() is always current (it derives on demand); only the notification waits.
  let queued = false;
  let live = true;
  const current = (): Views => {
    const doc = store.getState().doc;
    if (live && doc !== views.doc) views = deriveViews(doc, analysisOf(doc), cache);
    return views;
  };
  const nodeListeners = new Map<string, Set<() => void>>();
  const headListeners = new Map<string, Set<() => void>>();
  const edgeListeners = new Map<string, Set<() => void>>();
  const unknownListeners = new Map<string, Set<() => void>>();
  let notified = views;
  const notify = () => {
    queued = false;
    if (!live || current() === notified) return;
    const before = notified;
    notified = views;
    for (const l of listeners) l();
    // Faces before labels: a label reuses its source face's shape text (deriveViews).
    tellChanged(nodeListeners, before.nodes, views.nodes);
    tellChanged(headListeners, before.nodes, views.nodes, sameFaceHead);
    tellChanged(edgeListeners, before.edges, views.edges);
    tellChanged(unknownListeners, before.edges, views.edges, sameUnknown);
  };
  const off = store.subscribe((s) => {
    if (s.doc === notified.doc || queued) return;
    queued = true;
    queueMicrotask(notify);
  });
  const dispose = () => {
    live = false;
    off();
  };
  // A language switch rewrites every face's problem text (the cache knows nothing of the locale).
  const offLocale = onLocaleChange(() => {
    cache = newDeriveCache();
    views = deriveViews(store.getState().doc, analysisOf(store.getState().doc), cache);
    notified = views;
    for (const l of listeners) l();
    for (const keyed of [nodeListeners, headListeners, edgeListeners, unknownListeners])
      for (const set of keyed.values()) for (const l of set) l();
  });
  return {
    subscribe: (l) => {
      listeners.add(l);
      return () => {
        listeners.delete(l);
      };
    },
    subscribeNode: (id, l) => keyedSubscribe(nodeListeners, id, l),
    subscribeNodeHead: (id, l) => keyedSubscribe(headListeners, id, l),
    subscribeEdge: (id, l) => keyedSubscribe(edgeListeners, id, l),
    subscribeEdgeUnknown: (id, l) => keyedSubscribe(unknownListeners, id, l),
    get: current,
    dispose: () => {
      dispose();
      offLocale();
    },
  };
}

function keyedSubscribe(keyed: Map<string, Set<() => void>>, id: string, l: () => void): () => void {
  let set = keyed.get(id);
  if (!set) keyed.set(id, (set = new Set()));
  set.add(l);
  return () => {
    set.delete(l);
    if (!set.size && keyed.get(id) === set) keyed.delete(id);
  };
}

const sameUnknown = (a: ShapeEdgeData, b: ShapeEdgeData): boolean => a.unknown === b.unknown;

/**
 * Calls the listeners of the entries that changed from `before` to `now` (with `alike`, only of those whose change
 * it does not call alike). An entry `before` never formatted (nobody read it), or one added or removed, counts as
 * changed; the entries of `now` are formatted here, as their listeners would read them anyway.
 */
function tellChanged<V>(
  keyed: Map<string, Set<() => void>>,
  before: LazyMap<V>,
  now: LazyMap<V>,
  alike?: (was: V, is: V) => boolean,
): void {
  for (const [id, set] of keyed) {
    const was = before.peek(id);
    if (was !== undefined) {
      const is = now.get(id);
      if (was === is || (alike && is !== undefined && alike(was, is))) continue;
    }
    for (const l of set) l();
  }
}
