// Document + analysis -> React Flow nodes and edges. Pure, and incremental on purpose: an entry
// whose inputs did not change is returned as the very same object, so React Flow skips it and the
// memoised node component does not re-render (a 300-node graph stays smooth while dragging).
import type { Edge, Node } from '@xyflow/react';
import { formatCount, formatRF, layerDef, shapeText } from '../../shared/graph';
import type { Analysis, GraphDoc, GraphEdge, GraphNode, LayerType, NodeAnalysis, Problem } from '../../shared/graph';

export type Category = ReturnType<typeof layerDef>['category'];

/** Everything the node face shows, as plain strings: compared field by field to decide re-renders. */
export interface LayerNodeData extends Record<string, unknown> {
  readonly type: LayerType;
  readonly title: string;
  readonly category: Category;
  readonly label: string;
  readonly summary: string;
  readonly shape: string;
  readonly params: string;
  readonly rf: string;
  readonly severity: 'error' | 'warning' | 'info' | null;
  /** Every problem on the node, one per line (the hover text). */
  readonly message: string;
  /** Input port names; labelled on the node when there are several. */
  readonly ports: readonly string[];
  /** False for nodes off the input-to-output path (drawn dimmed). */
  readonly live: boolean;
}

export interface ShapeEdgeData extends Record<string, unknown> {
  readonly label: string;
  /** The shape is unknown ('?'): drawn dashed. */
  readonly unknown: boolean;
}

export type LayerFlowNode = Node<LayerNodeData, 'layer'>;
export type ShapeFlowEdge = Edge<ShapeEdgeData, 'shape'>;

export type Dims = { width: number; height: number };
type Pos = { readonly x: number; readonly y: number };

interface NodeEntry { g: GraphNode; na: NodeAnalysis | undefined; problems: readonly Problem[] | undefined; live: boolean; data: LayerNodeData; node: LayerFlowNode }
interface EdgeEntry { g: GraphEdge; data: ShapeEdgeData; edge: ShapeFlowEdge }

export interface DeriveCache {
  nodes: Map<string, NodeEntry>;
  edges: Map<string, EdgeEntry>;
  /** Problems grouped by node, per analysis object. */
  byNode: { analysis: Analysis | null; map: Map<string, Problem[]> };
}

export const newDeriveCache = (): DeriveCache => ({ nodes: new Map(), edges: new Map(), byNode: { analysis: null, map: new Map() } });

const RANK = { error: 3, warning: 2, info: 1 } as const;

function problemsByNode(cache: DeriveCache, a: Analysis): Map<string, Problem[]> {
  if (cache.byNode.analysis === a) return cache.byNode.map;
  const map = new Map<string, Problem[]>();
  for (const p of a.problems) {
    if (!p.nodeId) continue;
    const list = map.get(p.nodeId);
    if (list) { if (!list.includes(p)) list.push(p); } else map.set(p.nodeId, [p]);
  }
  cache.byNode = { analysis: a, map };
  return map;
}

function paramText(na: NodeAnalysis | undefined): string {
  if (!na || !na.shape) return '?';
  const n = na.counts.trainable + na.counts.nonTrainable;
  return n === 0 ? '0' : formatCount(n);
}

export function nodeData(g: GraphNode, na: NodeAnalysis | undefined, problems: readonly Problem[] | undefined, live: boolean): LayerNodeData {
  const def = layerDef(g.type);
  let severity: LayerNodeData['severity'] = null;
  for (const p of problems ?? []) if (!severity || RANK[p.severity] > RANK[severity]) severity = p.severity;
  return {
    type: g.type,
    title: def.title,
    category: def.category,
    label: g.label ?? g.id,
    summary: safe(() => def.summary(g.params)),
    shape: shapeText(na?.shape ?? null),
    params: paramText(na),
    rf: na?.rf ? formatRF(na.rf) : '?',
    severity,
    message: (problems ?? []).map((p) => `${p.severity === 'error' ? 'Error' : p.severity === 'warning' ? 'Warning' : 'Note'}: ${p.message}`).join('\n'),
    ports: safe(() => def.ports(g.params), [] as readonly string[]),
    live,
  };
}

function safe<T>(fn: () => T, fallback?: T): T {
  try { return fn(); } catch { return (fallback ?? '') as T; }
}

function sameData(a: LayerNodeData, b: LayerNodeData): boolean {
  for (const k of Object.keys(a) as (keyof LayerNodeData)[]) {
    if (k === 'ports') {
      if (a.ports.length !== b.ports.length || a.ports.some((p, i) => p !== b.ports[i])) return false;
    } else if (a[k] !== b[k]) return false;
  }
  return true;
}

/**
 * React Flow nodes for the document. `overrides` are positions of nodes being dragged (not yet
 * committed to the store); `dims` are sizes React Flow measured, kept on rebuilt node objects so
 * it need not measure again.
 */
export function deriveNodes(
  doc: GraphDoc, analysis: Analysis, selected: ReadonlySet<string>, cache: DeriveCache,
  overrides?: ReadonlyMap<string, Pos>, dims?: ReadonlyMap<string, Dims>,
): LayerFlowNode[] {
  const byNode = problemsByNode(cache, analysis);
  const hasOutput = analysis.outputId !== null;
  const out: LayerFlowNode[] = new Array(doc.nodes.length);
  const seen = new Set<string>();
  for (let i = 0; i < doc.nodes.length; i++) {
    const g = doc.nodes[i];
    seen.add(g.id);
    const na = analysis.nodes.get(g.id);
    const problems = byNode.get(g.id);
    const live = !hasOutput || analysis.live.has(g.id);
    const prev = cache.nodes.get(g.id);
    let data: LayerNodeData;
    if (prev && prev.g === g && prev.na === na && prev.live === live && sameProblems(prev.problems, problems)) data = prev.data;
    else {
      data = nodeData(g, na, problems, live);
      if (prev && sameData(prev.data, data)) data = prev.data;
    }
    const sel = selected.has(g.id);
    const position = overrides?.get(g.id) ?? g.position;
    const dragging = overrides?.has(g.id) ?? false;
    let node: LayerFlowNode;
    if (prev && prev.node.data === data && prev.node.position === position && (prev.node.selected ?? false) === sel && (prev.node.dragging ?? false) === dragging) {
      node = prev.node;
    } else {
      const d = dims?.get(g.id);
      node = { id: g.id, type: 'layer', position, data, selected: sel, dragging, ...(d ? { measured: d } : {}) };
    }
    cache.nodes.set(g.id, { g, na, problems, live, data, node });
    out[i] = node;
  }
  if (cache.nodes.size > seen.size) for (const id of cache.nodes.keys()) if (!seen.has(id)) cache.nodes.delete(id);
  return out;
}

function sameProblems(a: readonly Problem[] | undefined, b: readonly Problem[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((p, i) => p === b[i]);
}

/** React Flow edges, each labelled with the shape its source produces. */
export function deriveEdges(doc: GraphDoc, analysis: Analysis, selected: ReadonlySet<string>, cache: DeriveCache): ShapeFlowEdge[] {
  const out: ShapeFlowEdge[] = new Array(doc.edges.length);
  const seen = new Set<string>();
  for (let i = 0; i < doc.edges.length; i++) {
    const g = doc.edges[i];
    seen.add(g.id);
    const shape = analysis.nodes.get(g.source)?.shape ?? null;
    const label = shapeText(shape);
    const prev = cache.edges.get(g.id);
    const sel = selected.has(g.id);
    let edge: ShapeFlowEdge;
    let data: ShapeEdgeData;
    if (prev && prev.g === g && prev.data.label === label && (prev.edge.selected ?? false) === sel) {
      edge = prev.edge; data = prev.data;
    } else {
      data = prev && prev.data.label === label ? prev.data : { label, unknown: shape === null };
      edge = { id: g.id, source: g.source, target: g.target, sourceHandle: 'out', targetHandle: g.targetPort, type: 'shape', data, selected: sel };
    }
    cache.edges.set(g.id, { g, data, edge });
    out[i] = edge;
  }
  if (cache.edges.size > seen.size) for (const id of cache.edges.keys()) if (!seen.has(id)) cache.edges.delete(id);
  return out;
}
