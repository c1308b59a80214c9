// The React Flow canvas. The store holds the document; this component derives React Flow's nodes
// and edges from it (reusing objects for unchanged nodes, see derive.ts), keeps a dragged node's
// position locally until the drag ends (one store edit and one undo step per drag), and turns
// React Flow's events into store commands.
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
} from '@xyflow/react';
import { isLayerType } from '../../shared/graph';
import { addLayer, insertSnippet } from '../commands/editing';
import { IS_MAC } from '../commands/shortcuts';
import { NODE_TYPES } from '../nodes/LayerNode';
import { useServices } from '../services';
import { useEditor } from '../store/store';
import { deriveEdges, deriveNodes, newDeriveCache, type Dims, type LayerFlowNode, type ShapeFlowEdge } from './derive';
import { MIME_LAYER, MIME_SNIPPET } from './dnd';
import { DEFAULT_NODE_SIZE, hasOverlap, layoutDoc, type Size } from './layout';
import { EDGE_TYPES } from './ShapeEdge';
import { useViews } from './useViews';
import { useT } from '../i18n';

type Pos = { x: number; y: number };

const FIT = { padding: 0.12, maxZoom: 1, duration: 0 } as const;
/** Below this zoom node text is unreadable: a load shows the top of a deep net instead. */
const READABLE_ZOOM = 0.45;
const MULTI_KEYS = IS_MAC ? ['Meta', 'Shift'] : ['Control', 'Shift'];
const SEVERITY_COLOUR: Record<string, string> = { error: '#d92d20', warning: '#dc8a06' };

const minimapColour = (n: LayerFlowNode) => SEVERITY_COLOUR[n.data.severity ?? ''] ?? '#98a2b3';

export function Canvas() {
  const { canvas: bridge } = useServices();
  const views = useViews();
  const doc = views.doc;
  const selectedNodes = useEditor((s) => s.selectedNodes);
  const selectedEdges = useEditor((s) => s.selectedEdges);
  const loadEpoch = useEditor((s) => s.loadEpoch);
  const focus = useEditor((s) => s.focus);
  const locked = useEditor((s) => s.locked);
  const rf = useReactFlow<LayerFlowNode, ShapeFlowEdge>();

  const cache = useRef(newDeriveCache()).current;
  const dims = useRef(new Map<string, Dims>()).current;
  const dragRef = useRef<Map<string, Pos> | null>(null);
  const [drag, setDrag] = useState<Map<string, Pos> | null>(null);
  /** A loaded graph waiting for its layout is hidden, so it does not jump into place. */
  const tr = useT();
  const [layingOut, setLayingOut] = useState(false);

  const selN = useMemo(() => new Set(selectedNodes), [selectedNodes]);
  const selE = useMemo(() => new Set(selectedEdges), [selectedEdges]);
  const nodes = useMemo(
    () => deriveNodes(views, selN, cache, drag ?? undefined, dims),
    [views, selN, drag, cache, dims],
  );
  const edges = useMemo(() => deriveEdges(doc, selE, cache), [doc, selE, cache]);

  const onNodesChange = useCallback(
    (changes: NodeChange<LayerFlowNode>[]) => {
      const st = useEditor.getState();
      let sel: Set<string> | null = null;
      let moving: Map<string, Pos> | null = null;
      let done: Map<string, Pos> | null = null;
      for (const c of changes) {
        if (c.type === 'dimensions' && c.dimensions) dims.set(c.id, c.dimensions);
        else if (c.type === 'position' && c.position) {
          if (c.dragging) (moving ??= new Map(dragRef.current ?? [])).set(c.id, c.position);
          else (done ??= new Map()).set(c.id, c.position);
        } else if (c.type === 'select') {
          sel ??= new Set(st.selectedNodes);
          if (c.selected) sel.add(c.id);
          else sel.delete(c.id);
        }
      }
      if (sel) st.select([...sel], useEditor.getState().selectedEdges);
      if (done) {
        const all = new Map([...(dragRef.current ?? []), ...done]);
        dragRef.current = null;
        setDrag(null);
        st.moveNodes(all);
      } else if (moving) {
        dragRef.current = moving;
        setDrag(moving);
      }
    },
    [dims],
  );

  const onEdgesChange = useCallback((changes: EdgeChange<ShapeFlowEdge>[]) => {
    const st = useEditor.getState();
    let sel: Set<string> | null = null;
    for (const c of changes) {
      if (c.type === 'select') {
        sel ??= new Set(st.selectedEdges);
        if (c.selected) sel.add(c.id);
        else sel.delete(c.id);
      }
    }
    if (sel) st.select(useEditor.getState().selectedNodes, [...sel]);
  }, []);

  const onConnect = useCallback((c: Connection) => {
    if (!c.targetHandle) return;
    useEditor.getState().connect(c.source, c.target, c.targetHandle);
  }, []);

  // Any pair of ports may be connected; the engine explains what is wrong with the result.
  const isValidConnection = useCallback<IsValidConnection<ShapeFlowEdge>>((c) => c.source !== c.target, []);

  const sizeOf = useCallback(
    (id: string): Size => {
      const m = rf.getInternalNode(id)?.measured;
      return m?.width && m.height ? { width: m.width, height: m.height } : (dims.get(id) ?? DEFAULT_NODE_SIZE);
    },
    [rf, dims],
  );

  /**
   * Fit the graph, except that a deep net (ResNet) is not shrunk to an unreadable strip: below a
   * readable zoom it is shown at that zoom from the top (the Input), centred across.
   */
  const smartFit = useCallback(
    (duration = 0) => {
      const doc = useEditor.getState().doc;
      const el = document.querySelector('.react-flow');
      if (!doc.nodes.length || !el) return;
      let x0 = Infinity,
        y0 = Infinity,
        x1 = -Infinity,
        y1 = -Infinity;
      for (const n of doc.nodes) {
        const { width, height } = sizeOf(n.id);
        x0 = Math.min(x0, n.position.x);
        y0 = Math.min(y0, n.position.y);
        x1 = Math.max(x1, n.position.x + width);
        y1 = Math.max(y1, n.position.y + height);
      }
      const { width: cw, height: ch } = el.getBoundingClientRect();
      const zoom = Math.min(cw / ((x1 - x0) * 1.15), ch / ((y1 - y0) * 1.15));
      if (zoom >= READABLE_ZOOM) {
        void rf.fitView({ ...FIT, duration });
        return;
      }
      const z = Math.min(0.75, cw / ((x1 - x0) * 1.1));
      void rf.setViewport({ x: cw / 2 - ((x0 + x1) / 2) * z, y: 24 - y0 * z, zoom: z }, { duration });
    },
    [rf, sizeOf],
  );

  const fitSoon = useCallback(() => {
    // Two frames: React Flow measures the new nodes first.
    requestAnimationFrame(() => requestAnimationFrame(() => smartFit()));
  }, [smartFit]);

  const layoutAll = useCallback(async () => {
    const before = useEditor.getState().doc;
    const pos = await layoutDoc(before, sizeOf);
    const st = useEditor.getState();
    if (st.doc !== before) return; // edited meanwhile: a stale layout would undo that edit
    st.edit('Auto-layout', (d) => ({
      ...d,
      nodes: d.nodes.map((n) => {
        const p = pos.get(n.id);
        return p && (p.x !== n.position.x || p.y !== n.position.y) ? { ...n, position: p } : n;
      }),
    }));
    fitSoon();
  }, [sizeOf, fitSoon]);

  useEffect(() => {
    bridge.setApi({
      fit: () => {
        void rf.fitView({ ...FIT, duration: 200 });
      },
      fitReadable: () => smartFit(200),
      viewCentre: () => {
        const el = document.querySelector('.react-flow');
        const r = el?.getBoundingClientRect();
        return r ? rf.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 }) : { x: 0, y: 0 };
      },
      sizeOf,
      layout: layoutAll,
    });
    return () => bridge.setApi(null);
  }, [bridge, rf, sizeOf, layoutAll, smartFit]);

  // After a load: lay out templates and imports (no file, or boxes that overlap), then fit.
  useEffect(() => {
    if (loadEpoch === 0) return;
    const st = useEditor.getState();
    const skip = bridge.takeSkipLayout();
    if (st.doc.nodes.length < 2 || skip) {
      fitSoon();
      return;
    }
    const needs = st.filePath === null || hasOverlap(st.doc, sizeOf);
    if (!needs) {
      fitSoon();
      return;
    }
    const loaded = st.doc;
    let live = true;
    setLayingOut(true);
    void layoutDoc(loaded, sizeOf)
      .then((pos) => {
        if (!live) return;
        if (useEditor.getState().doc === loaded) useEditor.getState().placeLoaded(pos);
        fitSoon();
      })
      .finally(() => {
        if (live) requestAnimationFrame(() => requestAnimationFrame(() => setLayingOut(false)));
      });
    return () => {
      live = false;
      setLayingOut(false);
    };
  }, [bridge, loadEpoch, sizeOf, fitSoon]);

  // Problems panel (or search) asks to centre a node.
  useEffect(() => {
    if (!focus) return;
    const n = rf.getInternalNode(focus.nodeId);
    if (!n) return;
    const { width, height } = sizeOf(focus.nodeId);
    void rf.setCenter(n.internals.positionAbsolute.x + width / 2, n.internals.positionAbsolute.y + height / 2, {
      zoom: Math.max(rf.getZoom(), 0.9),
      duration: 250,
    });
  }, [focus, rf, sizeOf]);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(MIME_LAYER) && !e.dataTransfer.types.includes(MIME_SNIPPET)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(MIME_LAYER);
      const snippet = e.dataTransfer.getData(MIME_SNIPPET);
      if (!type && !snippet) return;
      e.preventDefault();
      const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      // The drop point becomes the top centre of the node (where the cursor holds it).
      const at = { x: p.x - DEFAULT_NODE_SIZE.width / 2, y: p.y - 16 };
      if (isLayerType(type)) addLayer(useEditor, type, at);
      else if (snippet) insertSnippet(useEditor, snippet, at);
    },
    [rf],
  );

  return (
    <div
      className={`canvas${layingOut ? ' laying-out' : ''}`}
      data-testid="canvas"
      onDragOver={onDragOver}
      onDrop={onDrop}
    >
      <ReactFlow<LayerFlowNode, ShapeFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={MULTI_KEYS}
        nodesDraggable={!locked}
        nodesConnectable={!locked}
        minZoom={0.05}
        maxZoom={2.5}
        zoomOnDoubleClick={false}
        attributionPosition="top-right"
        onInit={markInteractive}
      >
        <Background variant={BackgroundVariant.Dots} gap={16} size={1} color="#c9ced6" />
        <Controls position="bottom-left" showInteractive={false} />
        {doc.nodes.length > 0 && (
          <MiniMap<LayerFlowNode>
            position="bottom-right"
            pannable
            zoomable
            nodeColor={minimapColour}
            nodeStrokeWidth={0}
            ariaLabel={tr.t('ui.canvas.overview')}
          />
        )}
      </ReactFlow>
      {doc.nodes.length === 0 && <EmptyHint />}
      {layingOut && (
        <div className="layout-busy" data-testid="layout-busy">
          {tr.t('ui.canvas.layingOut')}
        </div>
      )}
    </div>
  );
}

/** Cold-start measurement point (bench/ui.ts reads it). */
function markInteractive() {
  if (!performance.getEntriesByName('canvas-interactive').length) performance.mark('canvas-interactive');
  document.documentElement.dataset.canvasReady = '1';
}

function EmptyHint() {
  const tr = useT();
  return (
    <div className="empty-hint" data-testid="empty-hint">
      <div className="empty-title">{tr.t('ui.canvas.emptyTitle')}</div>
      <div>
        {tr.t('ui.canvas.emptyDrag')} <kbd>/</kbd> {tr.t('ui.canvas.emptySearch')} <kbd>{tr.t('ui.canvas.enter')}</kbd>{' '}
        {tr.t('ui.canvas.emptyAdd')}
      </div>
      <div>
        {tr.t('ui.canvas.emptyTemplates')} <b>{tr.t('ui.app.templates')}</b>
      </div>
    </div>
  );
}
