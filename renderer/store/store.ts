// The editor's state: one zustand store in typed slices (graph + history, selection, ui).
// Only the document is stored; shapes, problems and receptive fields are derived from it by the
// engine (see analysis.ts), never stored beside it. Every edit goes through `edit()`, which
// records history, so undo/redo covers all of them.
import { create } from 'zustand';
import {
  applyFix as engineApplyFix,
  addNode as engineAddNode,
  emptyDoc,
  moveNodes as engineMoveNodes,
  removeEdges,
  removeNodes,
  setParams,
} from '../../shared/graph';
import type { Fix, GraphDoc, GraphEdge, GraphNode, LayerType, ParamValue, Params } from '../../shared/graph';
import { wireAcrossGroups } from '../canvas/wiring';
import { currentT } from '../i18n';
import type { Msg, Translator } from '../../shared/i18n';

const HISTORY_LIMIT = 200;

export interface GraphSlice {
  doc: GraphDoc;
  /** The document as last saved or opened; dirty = doc !== savedDoc. */
  savedDoc: GraphDoc;
  filePath: string | null;
  fileName: string | null;
  /** Bumped by every loadDoc (open, new, template, restore): the canvas lays out and fits on a change. */
  loadEpoch: number;
}

/**
 * An edit's name as message data (a catalogue key and its values, e.g. {key: 'ui.undo.add', params: {layer:
 * {key: 'layer.Conv2D.title'}}}): kept as data and rendered when shown, so an edit made before a language switch
 * is named in the new language. A plain string is shown as it is.
 */
export type EditLabel = Msg | string;

/** An edit's name in the current language. */
export const labelText = (l: EditLabel): string => {
  if (typeof l === 'string') return l;
  // The top bar asks for the Undo and Redo names on every change of the store (each edit): translated once per
  // label and language, not on every ask. Keyed by the label's content, not the object: every edit makes a new
  // label object ("Set Height" again), and translating it took ~0.15 ms of each parameter edit.
  const tr = currentT();
  if (labelTexts.tr !== tr) labelTexts = { tr, texts: new Map() };
  const key = JSON.stringify(l);
  let text = labelTexts.texts.get(key);
  if (text === undefined) {
    if (labelTexts.texts.size >= 256) labelTexts.texts.clear();
    labelTexts.texts.set(key, (text = tr.msg(l)));
  }
  return text;
};
let labelTexts: { tr: Translator | null; texts: Map<string, string> } = { tr: null, texts: new Map() };

/** One undo step: the document before (past) or after (future) it, and the name of the edit that made it. */
export interface HistoryEntry {
  doc: GraphDoc;
  /** 'Move', 'Add Conv' as data: the UI says "Undo Move" (labelText renders it). */
  label: EditLabel;
}

export interface HistorySlice {
  past: HistoryEntry[];
  future: HistoryEntry[];
  /** Key of the last coalescable edit (e.g. a drag of the same nodes): repeated edits merge into one undo step. */
  lastKey: string | null;
}

export interface SelectionSlice {
  selectedNodes: readonly string[];
  selectedEdges: readonly string[];
}

export interface UiSlice {
  /** True while training runs: edits are refused with a notice. */
  locked: boolean;
  batchSize: number;
  notice: { kind: 'info' | 'error'; text: string } | null;
  /** A request for the canvas to select and centre a node (nonce makes repeats distinct). */
  focus: { nodeId: string; nonce: number } | null;
}

export interface Actions {
  /** Apply an edit to the document, recorded in history. `key` coalesces repeated edits. */
  edit(label: EditLabel, fn: (doc: GraphDoc) => GraphDoc, key?: string): void;
  undo(): void;
  redo(): void;
  addNode(type: LayerType, position: { x: number; y: number }, params?: Params): string | null;
  connect(source: string, target: string, targetPort: string): void;
  setParam(nodeId: string, name: string, value: ParamValue): void;
  moveNodes(positions: ReadonlyMap<string, { x: number; y: number }>, dragKey?: string): void;
  deleteSelection(): void;
  applyFix(fix: Fix): void;
  /** Replace the document (open, new, template); clears history unless keepHistory. */
  loadDoc(doc: GraphDoc, file?: { path: string | null; name: string | null }, keepHistory?: boolean): void;
  markSaved(file: { path: string | null; name: string | null }): void;
  /**
   * Place nodes after a load (auto-layout of a template or import): not an undo step, and a
   * document that was unchanged since it was opened stays unchanged.
   */
  placeLoaded(positions: ReadonlyMap<string, { x: number; y: number }>): void;
  select(nodes: readonly string[], edges?: readonly string[]): void;
  setLocked(locked: boolean): void;
  setBatchSize(n: number): void;
  notify(kind: 'info' | 'error', text: string): void;
  clearNotice(): void;
  /** Select a node and ask the canvas to centre it (Problems panel, search). */
  focusNode(nodeId: string): void;
}

export type EditorState = GraphSlice & HistorySlice & SelectionSlice & UiSlice & Actions;

export function createEditorStore(initial: GraphDoc = emptyDoc()) {
  return create<EditorState>()((set, get) => ({
    doc: initial,
    savedDoc: initial,
    filePath: null,
    fileName: null,
    loadEpoch: 0,
    past: [],
    future: [],
    lastKey: null,
    selectedNodes: [],
    selectedEdges: [],
    locked: false,
    batchSize: 32,
    notice: null,
    focus: null,

    edit(label, fn, key) {
      const s = get();
      if (s.locked) {
        set({
          notice: {
            kind: 'info',
            text: currentT().t('ui.notice.locked', { action: labelText(label).toLowerCase() }),
          },
        });
        return;
      }
      const next = fn(s.doc);
      if (next === s.doc) return;
      const coalesce = key !== undefined && key === s.lastKey;
      set({
        doc: next,
        past: coalesce ? s.past : [...s.past.slice(-HISTORY_LIMIT + 1), { doc: s.doc, label }],
        future: [],
        lastKey: key ?? null,
      });
    },
    undo() {
      const s = get();
      if (s.locked || !s.past.length) return;
      const { doc: prev, label } = s.past[s.past.length - 1];
      set({
        doc: prev,
        past: s.past.slice(0, -1),
        future: [{ doc: s.doc, label }, ...s.future],
        lastKey: null,
        ...pruneSelection(s, prev),
      });
    },
    redo() {
      const s = get();
      if (s.locked || !s.future.length) return;
      const { doc: next, label } = s.future[0];
      set({
        doc: next,
        past: [...s.past, { doc: s.doc, label }],
        future: s.future.slice(1),
        lastKey: null,
        ...pruneSelection(s, next),
      });
    },
    addNode(type, position, params) {
      let id: string | null = null;
      get().edit({ key: 'ui.undo.add', params: { layer: { key: `layer.${type}.title` } } }, (d) => {
        const r = engineAddNode(d, type, position, params);
        id = r.id;
        return r.doc;
      });
      if (id) set({ selectedNodes: [id], selectedEdges: [] });
      return id;
    },
    connect(source, target, targetPort) {
      if (source === target) return;
      // An input port takes one connection: wiring onto a fed port replaces its feed, in the same undo step.
      // A collapsed group's box is no node of the document: the wire goes to its boundary layer, or is refused.
      const r = wireAcrossGroups(get().doc, source, target, targetPort);
      if ('error' in r) get().notify('error', currentT().t('ui.shell.notConnected', { error: r.error }));
      else get().edit({ key: 'ui.undo.connect' }, () => r.doc);
    },
    setParam(nodeId, name, value) {
      const type = get().doc.nodes.find((n) => n.id === nodeId)?.type;
      get().edit(
        { key: 'ui.param.set', params: { label: type ? { key: `param.${type}.${name}.label` } : name } },
        (d) => setParams(d, nodeId, { [name]: value }),
      );
    },
    moveNodes(positions, dragKey) {
      get().edit(
        { key: 'ui.undo.move' },
        (d) => engineMoveNodes(d, positions),
        dragKey ? `move:${dragKey}` : undefined,
      );
    },
    deleteSelection() {
      const s = get();
      if (!s.selectedNodes.length && !s.selectedEdges.length) return;
      const nodes = new Set(s.selectedNodes),
        edges = new Set(s.selectedEdges);
      s.edit({ key: 'ui.undo.delete' }, (d) => removeEdges(removeNodes(d, nodes), edges));
      set({ selectedNodes: [], selectedEdges: [] });
    },
    applyFix(fix) {
      let select: string | undefined;
      get().edit(fix.msg, (d) => {
        const r = engineApplyFix(d, fix);
        select = r.select;
        return r.doc;
      });
      if (select) set({ selectedNodes: [select], selectedEdges: [] });
    },
    loadDoc(doc, file, keepHistory) {
      const s = get();
      set({
        doc,
        savedDoc: file ? doc : s.savedDoc,
        filePath: file ? file.path : s.filePath,
        fileName: file ? file.name : s.fileName,
        past: keepHistory ? [...s.past, { doc: s.doc, label: { key: 'ui.undo.load' } }] : [],
        future: [],
        lastKey: null,
        selectedNodes: [],
        selectedEdges: [],
        loadEpoch: s.loadEpoch + 1,
      });
    },
    placeLoaded(positions) {
      const s = get();
      const next = engineMoveNodes(s.doc, positions);
      set({ doc: next, savedDoc: s.doc === s.savedDoc ? next : s.savedDoc });
    },
    markSaved(file) {
      set({ savedDoc: get().doc, filePath: file.path, fileName: file.name });
    },
    select(nodes, edges = []) {
      set({ selectedNodes: nodes, selectedEdges: edges });
    },
    setLocked(locked) {
      set({ locked });
    },
    setBatchSize(n) {
      if (Number.isInteger(n) && n >= 1 && n <= 65536) set({ batchSize: n });
    },
    notify(kind, text) {
      set({ notice: { kind, text } });
    },
    clearNotice() {
      set({ notice: null });
    },
    focusNode(nodeId) {
      set({ selectedNodes: [nodeId], selectedEdges: [], focus: { nodeId, nonce: (get().focus?.nonce ?? 0) + 1 } });
    },
  }));
}

function pruneSelection(s: SelectionSlice, doc: GraphDoc): Partial<SelectionSlice> {
  const nodes = new Set(doc.nodes.map((n: GraphNode) => n.id)),
    edges = new Set(doc.edges.map((e: GraphEdge) => e.id));
  return {
    selectedNodes: s.selectedNodes.filter((id) => nodes.has(id)),
    selectedEdges: s.selectedEdges.filter((id) => edges.has(id)),
  };
}

export type EditorStore = ReturnType<typeof createEditorStore>;

/** The app's store. Tests create their own with createEditorStore(). */
export const useEditor = createEditorStore();

export const selectDirty = (s: EditorState) => s.doc !== s.savedDoc;

/** The name of the edit Undo would take back ('Move'), or null when there is none. */
export const undoLabel = (s: HistorySlice): string | null => {
  const l = s.past[s.past.length - 1]?.label;
  return l === undefined ? null : labelText(l);
};
/** The name of the edit Redo would make again, or null. */
export const redoLabel = (s: HistorySlice): string | null => {
  const l = s.future[0]?.label;
  return l === undefined ? null : labelText(l);
};
