// Groups on the canvas. A collapsed group is drawn as one node standing for its members (its edges rerouted to
// it, the edges inside it hidden); an expanded group as a labelled frame behind its members. Pure functions over
// React Flow's nodes and edges as derive.ts makes them, reusing objects so React Flow skips what did not change;
// a document without groups passes through untouched (no cost).
import type { Node, NodeChange } from '@xyflow/react';
import {
  formatSI,
  groupShapeText,
  groupSummaries,
  type Analysis,
  type GraphDoc,
  type GraphGroup,
} from '../../shared/graph';
import { groupDigits, type FlowNodeData, type LayerFlowNode, type ShapeFlowEdge } from './derive';
import { DEFAULT_NODE_SIZE, type Size } from './layout';

export const GROUP_PREFIX = 'group:';
const FRAME_PREFIX = 'frame:';
/** Node ids cannot hold ':' (NODE_ID), so these never collide with a layer's id. */
export const groupNodeId = (groupId: string) => `${GROUP_PREFIX}${groupId}`;
export const groupIdOf = (flowId: string): string | null =>
  flowId.startsWith(GROUP_PREFIX) ? flowId.slice(GROUP_PREFIX.length) : null;

export interface GroupFlowData extends FlowNodeData {
  readonly groupId: string;
}
export type GroupFlowNode = Node<GroupFlowData, 'cgroup' | 'gframe'>;
export type CanvasNode = LayerFlowNode | GroupFlowNode;

type Pos = { x: number; y: number };

export interface GroupCache {
  nodes: Map<string, GroupFlowNode>;
  edges: WeakMap<ShapeFlowEdge, ShapeFlowEdge>;
  /** Positions of every layer as last drawn (drag overrides included): a dragged group moves its members. */
  positions: Map<string, Pos>;
  lastNodes: CanvasNode[];
  lastEdges: ShapeFlowEdge[];
}

export const newGroupCache = (): GroupCache => ({
  nodes: new Map(),
  edges: new WeakMap(),
  positions: new Map(),
  lastNodes: [],
  lastEdges: [],
});

const RANK: Record<string, number> = { error: 3, warning: 2, info: 1 };
const FRAME_PAD = 14;
const FRAME_HEAD = 30;

function stable<T>(prev: T[], next: T[]): T[] {
  return prev.length === next.length && next.every((x, i) => x === prev[i]) ? prev : next;
}

/** Collapsed groups' members, by node id. */
export function collapsedOwner(doc: GraphDoc): Map<string, GraphGroup> {
  const owner = new Map<string, GraphGroup>();
  for (const g of doc.groups ?? []) if (g.collapsed) for (const id of g.nodes) owner.set(id, g);
  return owner;
}

/** React Flow's nodes and edges with the document's groups applied. */
export function applyGroups(
  doc: GraphDoc,
  flowNodes: LayerFlowNode[],
  flowEdges: ShapeFlowEdge[],
  selected: ReadonlySet<string>,
  cache: GroupCache,
  dims: ReadonlyMap<string, Size> = new Map(),
): { nodes: CanvasNode[]; edges: ShapeFlowEdge[] } {
  const sizeOf = (id: string) => dims.get(id) ?? DEFAULT_NODE_SIZE;
  const groups = doc.groups ?? [];
  if (!groups.length) return { nodes: flowNodes, edges: flowEdges };
  const owner = collapsedOwner(doc);
  const byId = new Map<string, LayerFlowNode>();
  for (const n of flowNodes) byId.set(n.id, n);
  cache.positions = new Map(flowNodes.map((n) => [n.id, n.position]));

  const frames: CanvasNode[] = [];
  const out: CanvasNode[] = [];
  for (const g of groups) {
    let x0 = Infinity,
      y0 = Infinity,
      x1 = -Infinity,
      y1 = -Infinity;
    let severity: FlowNodeData['severity'] = null;
    let allSelected = true;
    let dragging = false;
    for (const id of g.nodes) {
      const n = byId.get(id);
      if (!n) continue;
      const s = g.collapsed ? DEFAULT_NODE_SIZE : sizeOf(id);
      x0 = Math.min(x0, n.position.x);
      y0 = Math.min(y0, n.position.y);
      x1 = Math.max(x1, n.position.x + s.width);
      y1 = Math.max(y1, n.position.y + s.height);
      const sev = n.data.severity;
      if (sev && (!severity || RANK[sev] > RANK[severity])) severity = sev;
      if (!selected.has(id)) allSelected = false;
      if (n.dragging) dragging = true;
    }
    if (x0 === Infinity) continue;
    if (g.collapsed) {
      const id = groupNodeId(g.id);
      const prev = cache.nodes.get(id);
      const node: GroupFlowNode =
        prev &&
        prev.type === 'cgroup' &&
        prev.position.x === x0 &&
        prev.position.y === y0 &&
        prev.data.severity === severity &&
        (prev.selected ?? false) === allSelected &&
        (prev.dragging ?? false) === dragging
          ? prev
          : {
              id,
              type: 'cgroup',
              position: { x: x0, y: y0 },
              data: { severity, groupId: g.id },
              selected: allSelected,
              dragging,
              // The measured size, kept on rebuilt objects: without it React Flow hides the node to measure it
              // again, and a double-click's second press would land on the canvas behind.
              ...(dims.has(id) ? { measured: dims.get(id) } : {}),
            };
      cache.nodes.set(id, node);
      out.push(node);
    } else {
      const id = `${FRAME_PREFIX}${g.id}`;
      const position = { x: x0 - FRAME_PAD, y: y0 - FRAME_HEAD };
      const width = x1 - x0 + 2 * FRAME_PAD,
        height = y1 - y0 + FRAME_HEAD + FRAME_PAD;
      const prev = cache.nodes.get(id);
      const node: GroupFlowNode =
        prev &&
        prev.position.x === position.x &&
        prev.position.y === position.y &&
        prev.width === width &&
        prev.height === height
          ? prev
          : {
              id,
              type: 'gframe',
              position,
              width,
              height,
              data: { severity: null, groupId: g.id },
              selectable: false,
              draggable: false,
              connectable: false,
              focusable: false,
              zIndex: -1,
            };
      cache.nodes.set(id, node);
      frames.push(node);
    }
  }
  for (const n of flowNodes) if (!owner.has(n.id)) out.push(n);

  const edges: ShapeFlowEdge[] = [];
  const seen = new Set<string>();
  for (const e of flowEdges) {
    const s = owner.get(e.source),
      t = owner.get(e.target);
    if (!s && !t) {
      edges.push(e);
      continue;
    }
    if (s && s === t) continue;
    const source = s ? groupNodeId(s.id) : e.source;
    const target = t ? groupNodeId(t.id) : e.target;
    const targetHandle = t ? 'in' : e.targetHandle;
    // Two edges from one node into a block (its first conv and its shortcut) become one arrow.
    const key = `${source}\u0000${target}\u0000${targetHandle}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const prev = cache.edges.get(e);
    const edge: ShapeFlowEdge =
      prev && prev.source === source && prev.target === target && prev.targetHandle === targetHandle
        ? prev
        : { ...e, source, target, sourceHandle: 'out', targetHandle };
    cache.edges.set(e, edge);
    edges.push(edge);
  }
  return {
    nodes: (cache.lastNodes = stable(cache.lastNodes, [...frames, ...out])),
    edges: (cache.lastEdges = stable(cache.lastEdges, edges)),
  };
}

/**
 * React Flow's changes on group nodes, as changes on their members: dragging a collapsed group moves every
 * member by the same amount; selecting it selects its members. Other changes pass through.
 */
export function translateGroupChanges(
  changes: NodeChange<CanvasNode>[],
  doc: GraphDoc,
  cache: GroupCache,
): NodeChange<LayerFlowNode>[] {
  if (!doc.groups?.length) return changes as NodeChange<LayerFlowNode>[];
  const out: NodeChange<LayerFlowNode>[] = [];
  for (const c of changes) {
    const gid = 'id' in c ? groupIdOf(c.id) : null;
    const g = gid ? doc.groups.find((x) => x.id === gid) : undefined;
    if (!g) {
      if (!('id' in c) || !c.id.startsWith(FRAME_PREFIX)) out.push(c as NodeChange<LayerFlowNode>);
      continue;
    }
    if (c.type === 'position' && c.position) {
      const at = cache.nodes.get(c.id)?.position;
      if (!at) continue;
      const dx = c.position.x - at.x,
        dy = c.position.y - at.y;
      for (const id of g.nodes) {
        const p = cache.positions.get(id);
        if (p) out.push({ type: 'position', id, position: { x: p.x + dx, y: p.y + dy }, dragging: c.dragging });
      }
    } else if (c.type === 'select') {
      for (const id of g.nodes) out.push({ type: 'select', id, selected: c.selected });
    } else if (c.type === 'dimensions') out.push(c as NodeChange<LayerFlowNode>);
  }
  return out;
}

/** The graph the layout sees: each collapsed group one box (an Activation-shaped stand-in: one port in, one out). */
export function layoutView(doc: GraphDoc): GraphDoc {
  const owner = collapsedOwner(doc);
  if (!owner.size) return doc;
  const placed = new Set<string>();
  const nodes = [];
  for (const n of doc.nodes) {
    const g = owner.get(n.id);
    if (!g) nodes.push(n);
    else if (!placed.has(g.id)) {
      placed.add(g.id);
      nodes.push({ id: groupNodeId(g.id), type: 'Activation' as const, params: {}, position: n.position });
    }
  }
  const seen = new Set<string>();
  const edges = [];
  for (const e of doc.edges) {
    const s = owner.get(e.source),
      t = owner.get(e.target);
    if (s && s === t) continue;
    const source = s ? groupNodeId(s.id) : e.source;
    const target = t ? groupNodeId(t.id) : e.target;
    const targetPort = t ? 'in' : e.targetPort;
    const key = `${source}\u0000${target}\u0000${targetPort}`;
    if (seen.has(key)) continue;
    seen.add(key);
    edges.push({ ...e, source, target, targetPort });
  }
  return { ...doc, nodes, edges };
}

/** Positions for the real nodes from a layout of layoutView(doc): a group's members keep their arrangement. */
export function positionsFromView(doc: GraphDoc, view: ReadonlyMap<string, Pos>): Map<string, Pos> {
  const out = new Map<string, Pos>();
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  for (const [id, p] of view) {
    const gid = groupIdOf(id);
    if (gid === null) {
      out.set(id, p);
      continue;
    }
    const g = doc.groups?.find((x) => x.id === gid);
    if (!g) continue;
    let x0 = Infinity,
      y0 = Infinity;
    for (const m of g.nodes) {
      const n = byId.get(m);
      if (!n) continue;
      x0 = Math.min(x0, n.position.x);
      y0 = Math.min(y0, n.position.y);
    }
    for (const m of g.nodes) {
      const n = byId.get(m);
      if (n) out.set(m, { x: Math.round(p.x + n.position.x - x0), y: Math.round(p.y + n.position.y - y0) });
    }
  }
  return out;
}

/** What a group's box shows, as text. */
export interface GroupFace {
  readonly label: string;
  readonly members: number;
  readonly shapes: string;
  readonly params: string;
  readonly macs: string;
  readonly collapsed: boolean;
}

const faceCache = new WeakMap<GraphDoc, Map<string, GroupFace>>();
const lastFaces = new Map<string, GroupFace>();

/** Faces of every group of the document (computed once per document; unchanged faces keep their objects). */
export function groupFaces(doc: GraphDoc, analysis: Analysis): Map<string, GroupFace> {
  const hit = faceCache.get(doc);
  if (hit) return hit;
  const out = new Map<string, GroupFace>();
  const summaries = groupSummaries(doc, analysis);
  for (const g of doc.groups ?? []) {
    const s = summaries.get(g.id)!;
    const face: GroupFace = {
      label: g.label,
      members: g.nodes.length,
      shapes: groupShapeText(s),
      params: groupDigits(s.trainable + s.nonTrainable),
      macs: formatSI(s.macs),
      collapsed: g.collapsed,
    };
    const prev = lastFaces.get(g.id);
    const same =
      prev &&
      (Object.keys(face) as (keyof GroupFace)[]).every((k) => prev[k] === face[k]) &&
      prev.collapsed === face.collapsed;
    const f = same ? prev : face;
    lastFaces.set(g.id, f);
    out.set(g.id, f);
  }
  faceCache.set(doc, out);
  return out;
}

/** The group (collapsed or not) a node belongs to. */
export function groupContaining(doc: GraphDoc, nodeId: string): GraphGroup | undefined {
  return doc.groups?.find((g) => g.nodes.includes(nodeId));
}
