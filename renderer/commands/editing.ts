// Editing commands shared by the palette, the shortcuts and the top bar. Each is one undoable
// edit through the store. Positions default to something sensible when the caller has no drop
// point: below the selected node (and wired to it), else the centre of the view.
import { addNode as engineAddNode, connect, layerDef } from '../../shared/graph';
import type { GraphDoc, LayerType } from '../../shared/graph';
import { snippetById } from '../../templates/snippets';
import type { CanvasBridge } from '../canvas/bridge';
import { DEFAULT_NODE_SIZE } from '../canvas/layout';
import { analysisOf } from '../store/analysis';
import type { EditorStore } from '../store/store';
import { copyNodes, pasteClip, type Clip } from './clipboard';

type Pos = { x: number; y: number };

const W = DEFAULT_NODE_SIZE.width,
  H = DEFAULT_NODE_SIZE.height;
/** Vertical step between a node and the one added below it (room for the edge label). */
export const ROW = H + 44;

function occupied(doc: GraphDoc, p: Pos): boolean {
  return doc.nodes.some((n) => Math.abs(n.position.x - p.x) < W && Math.abs(n.position.y - p.y) < H);
}

/** The first free spot at or to the right of `p`. */
export function freeSpot(doc: GraphDoc, p: Pos): Pos {
  let q = { x: Math.round(p.x), y: Math.round(p.y) };
  for (let i = 0; i < 50 && occupied(doc, q); i++) q = { x: q.x + W + 30, y: q.y };
  return q;
}

/** The single selected node, if exactly one is selected. */
function anchorOf(store: EditorStore): string | null {
  const s = store.getState();
  return s.selectedNodes.length === 1 && s.doc.nodes.some((n) => n.id === s.selectedNodes[0])
    ? s.selectedNodes[0]
    : null;
}

function defaultSpot(doc: GraphDoc, canvas: CanvasBridge | undefined): Pos {
  const c = canvas?.api()?.viewCentre() ?? { x: 0, y: 0 };
  return freeSpot(doc, { x: c.x - W / 2, y: c.y - H / 2 });
}

/**
 * Add a layer. With `at` (a drop point) it goes there unconnected; without, it goes below the
 * selected node and takes its output (so Enter, Enter, Enter in the palette builds a chain). Without either,
 * it goes to the centre of the app's canvas (`canvas`), or the origin when there is none.
 */
export function addLayer(store: EditorStore, type: LayerType, at?: Pos, canvas?: CanvasBridge): string | null {
  const anchor = at || type === 'Input' ? null : anchorOf(store);
  let id: string | null = null;
  store.getState().edit({ key: 'ui.undo.add', params: { layer: { key: `layer.${type}.title` } } }, (d) => {
    const a = anchor ? d.nodes.find((n) => n.id === anchor)! : null;
    const pos = at
      ? { x: Math.round(at.x), y: Math.round(at.y) }
      : a
        ? freeSpot(d, { x: a.position.x, y: a.position.y + ROW })
        : defaultSpot(d, canvas);
    const r = engineAddNode(d, type, pos);
    id = r.id;
    if (!a) return r.doc;
    const port = layerDef(type).ports(r.doc.nodes[r.doc.nodes.length - 1].params)[0];
    return port ? connect(r.doc, a.id, r.id, port).doc : r.doc;
  });
  if (id) store.getState().select([id]);
  return id;
}

/** Insert a snippet; wired after the selected node when there is one (and no drop point). */
export function insertSnippet(store: EditorStore, snippetId: string, at?: Pos, canvas?: CanvasBridge): string[] {
  const snippet = snippetById(snippetId);
  if (!snippet) return [];
  const anchor = at ? null : anchorOf(store);
  let ids: string[] = [];
  store
    .getState()
    .edit({ key: 'ui.undo.insert', params: { layer: { key: `ui.snippet.${snippet.id}.title` } } }, (d) => {
      const a = anchor ? d.nodes.find((n) => n.id === anchor)! : null;
      const shape = a ? analysisOf(d).nodes.get(a.id)?.shape : null;
      const channels = shape && shape.length === 3 ? shape[2] : undefined;
      const pos = at ?? (a ? freeSpot(d, { x: a.position.x, y: a.position.y + ROW }) : defaultSpot(d, canvas));
      const r = snippet.insert(d, pos, { anchor: a?.id, channels });
      ids = r.ids;
      return r.doc;
    });
  if (ids.length) store.getState().select([ids[ids.length - 1]]);
  return ids;
}

/** The app's clipboard (one per app, in its services): the last copied nodes and how often they were pasted. */
export interface Clipboard {
  clip: Clip | null;
  pastes: number;
}

export function createClipboard(): Clipboard {
  return { clip: null, pastes: 0 };
}

export function copySelection(store: EditorStore, board: Clipboard): boolean {
  const s = store.getState();
  const c = copyNodes(s.doc, s.selectedNodes);
  if (!c) return false;
  board.clip = c;
  board.pastes = 0;
  return true;
}

export function hasClip(board: Clipboard): boolean {
  return board.clip !== null;
}

const OFFSET = 40;

/** Paste the last copied nodes, each paste a step further from the originals. */
export function paste(store: EditorStore, board: Clipboard): string[] {
  if (!board.clip) return [];
  const c = board.clip;
  board.pastes++;
  const shift = { x: OFFSET * board.pastes, y: OFFSET * board.pastes };
  let ids: string[] = [];
  store.getState().edit({ key: 'ui.undo.paste' }, (d) => {
    const r = pasteClip(d, c, shift);
    ids = r.ids;
    return r.doc;
  });
  store.getState().select(ids);
  return ids;
}

/** Copy and paste in one step, leaving the clipboard as it was. */
export function duplicate(store: EditorStore): string[] {
  const s = store.getState();
  const c = copyNodes(s.doc, s.selectedNodes);
  if (!c) return [];
  let ids: string[] = [];
  s.edit({ key: 'ui.undo.duplicate' }, (d) => {
    const r = pasteClip(d, c, { x: OFFSET, y: OFFSET });
    ids = r.ids;
    return r.doc;
  });
  store.getState().select(ids);
  return ids;
}

export function selectAll(store: EditorStore): void {
  const s = store.getState();
  s.select(
    s.doc.nodes.map((n) => n.id),
    s.doc.edges.map((e) => e.id),
  );
}
