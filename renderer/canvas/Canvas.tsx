// The React Flow canvas. The store holds the document; this component derives React Flow's nodes
// and edges from it (reusing objects for unchanged nodes, see derive.ts), keeps a dragged node's
// position locally until the drag ends (one store edit and one undo step per drag), and turns
// React Flow's events into store commands.
import { FarZoom } from './FarZoom';
import { DoctorMarks } from '../explain/DoctorMarks';
import { TourCard } from '../explain/Tour';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
} from '@xyflow/react';
import { isLayerType, setGroupCollapsed } from '../../shared/graph';
import { addLayer, insertSnippet } from '../commands/editing';
import { IS_MAC } from '../commands/shortcuts';
import { NODE_TYPES } from '../nodes/LayerNode';
import { useServices } from '../services';
import { useEditor } from '../store/store';
import { deriveEdges, deriveNodes, newDeriveCache, type Dims, type ShapeFlowEdge } from './derive';
import { MIME_LAYER, MIME_SNIPPET } from './dnd';
import { useDirection } from './direction';
import { GoToLayer } from './GoToLayer';
import {
  applyGroups,
  groupContaining,
  groupIdOf,
  layoutView,
  newGroupCache,
  translateGroupChanges,
  type CanvasNode,
} from './groupView';
import { DEFAULT_NODE_SIZE, hasOverlap, type Size } from './layout';
import { layoutWithGroups } from './layoutGroups';
import { centreClear, clearInsets, fitPaddingFor, overlaysIn } from './fitPadding';
import { readableViewport } from './readableFit';
import { EDGE_TYPES } from './ShapeEdge';
import { useCanvasViews } from './useViews';
import { ContextMenu, useContextMenu } from './contextMenu';
import { useCanvasKeys } from './useCanvasKeys';
import { CONNECTION_RADIUS, useWiring } from './useWiring';
import { currentT, useT } from '../i18n';

type Pos = { x: number; y: number };

const FIT = { padding: 0.12, maxZoom: 1, duration: 0 } as const;
const MULTI_KEYS = IS_MAC ? ['Meta', 'Shift'] : ['Control', 'Shift'];
const PRO_OPTIONS = { hideAttribution: true } as const;
const SEVERITY_COLOUR: Record<string, string> = { error: '#d92d20', warning: '#dc8a06' };

const minimapColour = (n: CanvasNode) => SEVERITY_COLOUR[n.data.severity ?? ''] ?? '#98a2b3';

export function Canvas() {
  const services = useServices();
  const bridge = services.canvas;
  // Not every change of the views: an edit that changes only face and label text does not render the Canvas.
  const views = useCanvasViews();
  const doc = views.doc;
  const selectedNodes = useEditor((s) => s.selectedNodes);
  const selectedEdges = useEditor((s) => s.selectedEdges);
  const loadEpoch = useEditor((s) => s.loadEpoch);
  const focus = useEditor((s) => s.focus);
  const locked = useEditor((s) => s.locked);
  const rf = useReactFlow<CanvasNode, ShapeFlowEdge>();
  const dir = useDirection((s) => s.dir);
  const [goTo, setGoTo] = useState(false);
  const groupCache = useRef(newGroupCache()).current;

  const cache = useRef(newDeriveCache()).current;
  const dims = useRef(new Map<string, Dims>()).current;
  const dragRef = useRef<Map<string, Pos> | null>(null);
  const [drag, setDrag] = useState<Map<string, Pos> | null>(null);
  /** Bumped when a node is measured for the first time, so its flow node carries the size (minimap). */
  const [measuredCount, setMeasuredCount] = useState(0);
  /** A loaded graph waiting for its layout is hidden, so it does not jump into place. */
  const tr = useT();
  const [layingOut, setLayingOut] = useState(false);

  const selN = useMemo(() => new Set(selectedNodes), [selectedNodes]);
  const selE = useMemo(() => new Set(selectedEdges), [selectedEdges]);
  const flowNodes = useMemo(
    () => deriveNodes(views, selN, cache, drag ?? undefined, dims),
    // measuredCount: dims (a ref) gained a node
    [views, selN, drag, cache, dims, measuredCount],
  );
  const flowEdges = useMemo(() => deriveEdges(doc, selE, cache), [doc, selE, cache]);
  // Collapsed groups drawn as one node each, expanded ones framed (a document without groups passes through).
  const { nodes, edges } = useMemo(
    () => applyGroups(doc, flowNodes, flowEdges, selN, groupCache, dims),
    [doc, flowNodes, flowEdges, selN, groupCache, dims],
  );

  const onNodesChange = useCallback(
    (raw: NodeChange<CanvasNode>[]) => {
      const st = useEditor.getState();
      const changes = translateGroupChanges(raw, st.doc, groupCache);
      let sel: Set<string> | null = null;
      let moving: Map<string, Pos> | null = null;
      let done: Map<string, Pos> | null = null;
      let firstMeasured = false;
      let lockedDrag = false;
      for (const c of changes) {
        if (c.type === 'dimensions' && c.dimensions) {
          firstMeasured ||= !dims.has(c.id);
          dims.set(c.id, c.dimensions);
        } else if (c.type === 'position' && c.position) {
          // While training the graph is locked: the node stays put and the notice says why (not a silent pan).
          if (st.locked) lockedDrag = true;
          else if (c.dragging) (moving ??= new Map(dragRef.current ?? [])).set(c.id, c.position);
          else (done ??= new Map()).set(c.id, c.position);
        } else if (c.type === 'select') {
          sel ??= new Set(st.selectedNodes);
          if (c.selected) sel.add(c.id);
          else sel.delete(c.id);
        }
      }
      if (firstMeasured) setMeasuredCount((n) => n + 1);
      if (lockedDrag) {
        const text = currentT().t('ui.shell.lockedDrag');
        if (st.notice?.text !== text) st.notify('info', text);
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
    [dims, groupCache],
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

  const wiring = useWiring(services.store);
  const toFlow = useCallback((p: Pos) => rf.screenToFlowPosition(p), [rf]);
  const ctx = useContextMenu(services, toFlow);
  const onKeyDownCapture = useCanvasKeys(services.store, ctx.open);

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
   * Fit the graph, except that a deep net (ResNet) is never shrunk below a readable zoom: what fits is
   * shown from the Input (the top, or the left edge laid out left to right), and the rest is a scroll away.
   */
  const smartFit = useCallback(
    (duration = 0) => {
      const el = document.querySelector('.react-flow');
      const shown = rf.getNodes().filter((n) => n.type !== 'gframe' && !n.hidden);
      if (!shown.length || !el) return;
      const boxes = shown.map((n) => ({ ...n.position, ...sizeOf(n.id) }));
      const { width: cw, height: ch } = el.getBoundingClientRect();
      const v = readableViewport(boxes, { width: cw, height: ch }, useDirection.getState().dir, clearInsets(el));
      // Padding in px that keeps the graph clear of the minimap and the zoom controls (fitPadding.ts).
      if (!v) void rf.fitView({ ...FIT, padding: fitPaddingFor(el, boxes, FIT.maxZoom), duration });
      else void rf.setViewport(v, { duration });
    },
    [rf, sizeOf],
  );

  const fitSoon = useCallback(() => {
    // Two frames: React Flow measures the new nodes first.
    requestAnimationFrame(() => requestAnimationFrame(() => smartFit()));
  }, [smartFit]);

  /** Layouts in flight (a centring request waits for them). */
  const layouts = useRef(0);
  const layoutAll = useCallback(
    async (coalesceKey?: string) => {
      const before = useEditor.getState().doc;
      layouts.current++;
      const pos = await layoutWithGroups(before, sizeOf, useDirection.getState().dir).finally(() => {
        layouts.current--;
      });
      const st = useEditor.getState();
      if (st.doc !== before) return; // edited meanwhile: a stale layout would undo that edit
      st.edit(
        { key: 'ui.undo.layout' },
        (d) => ({
          ...d,
          nodes: d.nodes.map((n) => {
            const p = pos.get(n.id);
            return p && (p.x !== n.position.x || p.y !== n.position.y) ? { ...n, position: p } : n;
          }),
        }),
        coalesceKey,
      );
      fitSoon();
    },
    [sizeOf, fitSoon],
  );

  /** Collapse or expand a group (the effect below lays the graph out again around it, in the same undo step). */
  const setCollapsed = useCallback((groupId: string, collapsed: boolean) => {
    useEditor
      .getState()
      .edit(
        { key: collapsed ? 'ui.undo.collapse' : 'ui.undo.expand' },
        (d) => setGroupCollapsed(d, groupId, collapsed),
        `group:${groupId}:${Date.now()}`,
      );
  }, []);

  useEffect(() => {
    bridge.setApi({
      fit: () => smartFit(200),
      // Not animated: a key held down or pressed twice quickly must compound from the zoom it reached.
      zoomBy: (f) => {
        void rf.zoomTo(rf.getZoom() * f);
      },
      fitReadable: () => smartFit(200),
      viewCentre: () => {
        const el = document.querySelector('.react-flow');
        const r = el?.getBoundingClientRect();
        return r ? rf.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 }) : { x: 0, y: 0 };
      },
      sizeOf,
      layout: () => layoutAll(),
      toggleDirection: () => {
        const d = useDirection.getState();
        d.set(d.dir === 'DOWN' ? 'RIGHT' : 'DOWN');
      },
      goToLayer: () => {
        if (useEditor.getState().doc.nodes.length) setGoTo(true);
      },
    });
    return () => bridge.setApi(null);
  }, [bridge, rf, sizeOf, layoutAll, smartFit]);

  // A new direction lays the graph out again (after the node handles moved to their new sides).
  const lastDir = useRef(dir);
  useEffect(() => {
    if (lastDir.current === dir) return;
    lastDir.current = dir;
    if (useEditor.getState().doc.nodes.length)
      requestAnimationFrame(() => {
        void layoutAll();
      });
  }, [dir, layoutAll]);

  // Collapsing or expanding a group (a command, a button, undo) lays the graph out again around it.
  const collapsedKey = (doc.groups ?? []).map((g) => (g.collapsed ? '1' : '0')).join('');
  const lastCollapsed = useRef(collapsedKey);
  useEffect(() => {
    if (lastCollapsed.current === collapsedKey) return;
    lastCollapsed.current = collapsedKey;
    const st = useEditor.getState();
    // Undo and redo bring back the positions of their time: only a fresh collapse or expansion is laid out.
    if (st.lastKey?.startsWith('group:')) void layoutAll(st.lastKey);
  }, [collapsedKey, layoutAll, sizeOf]);

  // After a load: lay out templates and imports (no file, or boxes that overlap), then fit.
  useEffect(() => {
    if (loadEpoch === 0) return;
    const st = useEditor.getState();
    const skip = bridge.takeSkipLayout();
    if (st.doc.nodes.length < 2 || skip) {
      fitSoon();
      return;
    }
    const needs = st.filePath === null || hasOverlap(layoutView(st.doc), sizeOf);
    if (!needs) {
      fitSoon();
      return;
    }
    const loaded = st.doc;
    let live = true;
    setLayingOut(true);
    void layoutWithGroups(loaded, sizeOf, useDirection.getState().dir)
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

  // Problems panel (or search) asks to centre a node. A node of a group being expanded is centred once the
  // layout around it has landed (retried each frame for a moment).
  useEffect(() => {
    if (!focus) return;
    // A layer inside a collapsed group (found by search, or a problem in it) is shown by expanding the group.
    const g = groupContaining(useEditor.getState().doc, focus.nodeId);
    if (g?.collapsed) setCollapsed(g.id, false);
    const until = performance.now() + 10_000;
    let calm = 0;
    let raf = 0;
    const go = () => {
      const n = rf.getInternalNode(focus.nodeId);
      // Two quiet frames after the last layout: its positions have reached React Flow.
      calm = n && layouts.current === 0 ? calm + 1 : 0;
      if (calm < 3 && performance.now() < until) {
        raf = requestAnimationFrame(go);
        return;
      }
      if (!n) return;
      const { width, height } = sizeOf(focus.nodeId);
      const el = document.querySelector('.react-flow');
      if (!el) return;
      // Centred in what the minimap and the zoom controls leave clear, zoomed out where it would not fit there.
      const box = { ...n.internals.positionAbsolute, width, height };
      const v = centreClear(el.getBoundingClientRect(), box, overlaysIn(el), Math.max(rf.getZoom(), 0.9));
      void rf.setViewport(v, { duration: 250 });
    };
    go();
    return () => cancelAnimationFrame(raf);
  }, [focus, rf, sizeOf, setCollapsed]);

  const pickLayer = useCallback((id: string) => {
    setGoTo(false);
    useEditor.getState().focusNode(id);
  }, []);

  const onNodeDoubleClick = useCallback(
    (_: unknown, n: CanvasNode) => {
      const gid = groupIdOf(n.id);
      if (gid) setCollapsed(gid, false);
    },
    [setCollapsed],
  );

  // A click on the overview centres the canvas there, at the zoom it has.
  const onMinimapClick = useCallback(
    (_: unknown, p: { x: number; y: number }) => {
      void rf.setCenter(p.x, p.y, { zoom: rf.getZoom(), duration: 200 });
    },
    [rf],
  );

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
      onKeyDownCapture={onKeyDownCapture}
      id="canvas"
      tabIndex={-1}
    >
      <ReactFlow<CanvasNode, ShapeFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        {...wiring}
        connectionRadius={CONNECTION_RADIUS}
        edgesReconnectable={!locked}
        onNodeContextMenu={ctx.onNodeContextMenu}
        onEdgeContextMenu={ctx.onEdgeContextMenu}
        onPaneContextMenu={ctx.onPaneContextMenu}
        onNodeDoubleClick={onNodeDoubleClick}
        isValidConnection={isValidConnection}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={MULTI_KEYS}
        nodesDraggable
        nodesConnectable={!locked}
        minZoom={0.05}
        maxZoom={2.5}
        zoomOnDoubleClick={false}
        // React Flow's attribution link sat over node text at the canvas corner: the status bar carries it instead
        // (StatusBar.tsx, st-credit), so the credit stays and never covers a node.
        proOptions={PRO_OPTIONS}
        onInit={markInteractive}
      >
        <FarZoom />
        <Background variant={BackgroundVariant.Dots} gap={16} size={1} color="#c9ced6" />
        <Controls position="bottom-left" showInteractive={false} />
        {doc.nodes.length > 0 && (
          <MiniMap<CanvasNode>
            position="bottom-right"
            pannable
            zoomable
            onClick={onMinimapClick}
            nodeColor={minimapColour}
            nodeStrokeWidth={0}
            ariaLabel={tr.t('ui.canvas.overview')}
          />
        )}
      </ReactFlow>
      {ctx.menu && <ContextMenu menu={ctx.menu} services={services} onClose={ctx.close} />}
      <DoctorMarks />
      <TourCard />
      {doc.nodes.length === 0 && <EmptyHint />}
      {goTo && <GoToLayer doc={doc} onPick={pickLayer} onClose={() => setGoTo(false)} />}
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
