// Document + analysis -> what the canvas shows, in two parts. Pure, and incremental on purpose.
//  - Views: the text on each node and edge label (shapes, counts, problems). The node and label
//    components read these from viewModel.ts directly, so an edit that changes every shape
//    re-renders only those small components, not React Flow's node and edge wrappers.
//  - Flow nodes/edges: what React Flow itself needs (position, selection, handles). An entry whose
//    inputs did not change is the very same object, so React Flow skips it.
import type { Edge, Node } from '@xyflow/react';
import { formatRF, fusedActivationOf, layerDef, shapeText } from '../../shared/graph';
import type { Analysis, GraphDoc, GraphEdge, GraphNode, LayerType, NodeAnalysis, Problem } from '../../shared/graph';
import { currentT } from '../i18n';
import type { Translator } from '../../shared/i18n';

export type Category = ReturnType<typeof layerDef>['category'];

/** Everything the node face shows, as plain strings: compared field by field to decide re-renders. */
export interface LayerNodeData extends Record<string, unknown> {
  readonly type: LayerType;
  readonly title: string;
  readonly category: Category;
  readonly label: string;
  readonly summary: string;
  /** The non-linear activation fused into the layer ('relu'), shown on the face; '' when none (or linear). */
  readonly activation: string;
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

/** React Flow's copy carries only what React Flow itself uses (the minimap colours by severity). */
export interface FlowNodeData extends Record<string, unknown> {
  readonly severity: LayerNodeData['severity'];
}
export type LayerFlowNode = Node<FlowNodeData, 'layer'>;
export type ShapeFlowEdge = Edge<Record<string, never>, 'shape'>;

export type Dims = { width: number; height: number };
type Pos = { readonly x: number; readonly y: number };

interface ViewEntry {
  g: GraphNode;
  na: NodeAnalysis | undefined;
  problems: readonly Problem[] | undefined;
  live: boolean;
  data: LayerNodeData;
}

/**
 * Entries by id, in document order, each derived the first time it is read: a face or label nobody draws (the
 * members of a collapsed group, the edges inside it) is never formatted.
 */
export interface LazyMap<V> extends Iterable<[string, V]> {
  get(id: string): V | undefined;
  /** The entry if it was already formatted (read), without formatting it. */
  peek(id: string): V | undefined;
  has(id: string): boolean;
  readonly size: number;
  values(): Iterable<V>;
}

export interface Views {
  readonly doc: GraphDoc;
  readonly nodes: LazyMap<LayerNodeData>;
  readonly edges: LazyMap<ShapeEdgeData>;
  /** The worst problem on a node (what its face and the minimap show), without formatting the face. */
  severityOf(id: string): LayerNodeData['severity'];
}

class Lazy<V> implements LazyMap<V> {
  private readonly done = new Map<string, V>();
  constructor(
    private readonly ids: ReadonlyMap<string, unknown>,
    private readonly make: (id: string) => V,
  ) {}
  get(id: string): V | undefined {
    let v = this.done.get(id);
    if (v === undefined && this.ids.has(id)) {
      v = this.make(id);
      this.done.set(id, v);
    }
    return v;
  }
  peek(id: string): V | undefined {
    return this.done.get(id);
  }
  has(id: string): boolean {
    return this.ids.has(id);
  }
  get size(): number {
    return this.ids.size;
  }
  *[Symbol.iterator](): Iterator<[string, V]> {
    for (const id of this.ids.keys()) yield [id, this.get(id)!];
  }
  *values(): Iterable<V> {
    for (const id of this.ids.keys()) yield this.get(id)!;
  }
}

export interface DeriveCache {
  views: Map<string, ViewEntry>;
  /** Each label, with the analysis of its source it was formatted from (the same object: the same label). */
  labels: Map<string, { na: NodeAnalysis | undefined; data: ShapeEdgeData }>;
  nodes: Map<string, LayerFlowNode>;
  edges: Map<string, { g: GraphEdge; edge: ShapeFlowEdge }>;
  /** The last arrays handed to React Flow: returned again when no element changed. */
  lastNodes: LayerFlowNode[];
  lastEdges: ShapeFlowEdge[];
  /** Problems grouped by node, per analysis object. */
  byNode: { analysis: Analysis | null; map: Map<string, Problem[]> };
}

export const newDeriveCache = (): DeriveCache => ({
  views: new Map(),
  labels: new Map(),
  nodes: new Map(),
  edges: new Map(),
  lastNodes: [],
  lastEdges: [],
  byNode: { analysis: null, map: new Map() },
});

/** The previous array when `next` holds the same objects (React Flow then skips its whole update). */
function stable<T>(prev: T[], next: T[]): T[] {
  return prev.length === next.length && next.every((x, i) => x === prev[i]) ? prev : next;
}

const FLOW_DATA: Record<string, FlowNodeData> = {
  none: { severity: null },
  error: { severity: 'error' },
  warning: { severity: 'warning' },
  info: { severity: 'info' },
};

const RANK = { error: 3, warning: 2, info: 1 } as const;

function problemsByNode(cache: DeriveCache, a: Analysis): Map<string, Problem[]> {
  if (cache.byNode.analysis === a) return cache.byNode.map;
  const map = new Map<string, Problem[]>();
  for (const p of a.problems) {
    if (!p.nodeId) continue;
    const list = map.get(p.nodeId);
    if (list) {
      if (!list.includes(p)) list.push(p);
    } else map.set(p.nodeId, [p]);
  }
  cache.byNode = { analysis: a, map };
  return map;
}

/**
 * 1234567 -> "1,234,567", as formatCount writes it, without toLocaleString: its first call loads
 * locale data (~100 ms on a slow machine), which would land in the app's start-up.
 */
export function groupDigits(n: number): string {
  const s = String(Math.round(Math.abs(n)));
  return (n < 0 ? '-' : '') + s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function paramText(na: NodeAnalysis | undefined): string {
  if (!na || !na.shape) return '?';
  const n = na.counts.trainable + na.counts.nonTrainable;
  // Every face below an edit is formatted again, its count mostly unchanged: the texts of recent counts are kept.
  let text = countTexts.get(n);
  if (text === undefined) {
    if (countTexts.size >= 4096) countTexts.clear();
    countTexts.set(n, (text = groupDigits(n)));
  }
  return text;
}
const countTexts = new Map<number, string>();

/** What every face of one pass formats with: the translator and its fixed words, looked up once, not per node. */
export interface FaceFormat {
  readonly tr: Translator;
  /** "global" in the RF column. */
  readonly global: string;
}

export function faceFormat(tr: Translator = currentT()): FaceFormat {
  // One per translator: each edit's pass would otherwise look up the same word again.
  if (lastFormat?.tr !== tr) lastFormat = { tr, global: tr.t('ui.summary.global') };
  return lastFormat;
}
let lastFormat: FaceFormat | undefined;

export function nodeData(
  g: GraphNode,
  na: NodeAnalysis | undefined,
  problems: readonly Problem[] | undefined,
  live: boolean,
  /** The node's previous face when the node itself (type, params, label) is unchanged: its own texts are kept. */
  same?: LayerNodeData,
  /** The translation pass (deriveViews makes one for all nodes). */
  fmt: FaceFormat = faceFormat(),
): LayerNodeData {
  const tr = fmt.tr;
  const severity = worst(problems);
  let own: Pick<LayerNodeData, 'type' | 'title' | 'category' | 'label' | 'summary' | 'activation' | 'ports'>;
  if (same) own = same;
  else {
    const def = layerDef(g.type);
    own = {
      type: g.type,
      title: def.title,
      category: def.category,
      label: clip(g.label ?? g.id, Math.max(6, 25 - def.title.length)),
      summary: clip(
        safe(() => {
          const s = def.summary(g.params);
          return typeof s === 'string' ? s : tr.msg(s);
        }),
        28,
      ),
      activation: safe(() => fusedActivationOf(g) ?? '', ''),
      ports: safe(() => def.ports(g.params), [] as readonly string[]),
    };
  }
  return {
    type: own.type,
    title: own.title,
    category: own.category,
    label: own.label,
    summary: own.summary,
    activation: own.activation,
    shape: shapeText(na?.shape ?? null),
    params: paramText(na),
    rf: rfText(na, fmt),
    severity,
    message: problems?.length
      ? problems.map((p) => `${tr.t(`ui.node.${p.severity}`)}: ${tr.msg(p.msg)}`).join('\n')
      : '',
    ports: own.ports,
    live,
  };
}

const rfText = (na: NodeAnalysis | undefined, fmt: FaceFormat): string => (na?.rf ? formatRF(na.rf, fmt.global) : '?');

function worst(problems: readonly Problem[] | undefined): LayerNodeData['severity'] {
  let severity: LayerNodeData['severity'] = null;
  if (problems) for (const p of problems) if (!severity || RANK[p.severity] > RANK[severity]) severity = p.severity;
  return severity;
}

/** Shorten to n characters with an ellipsis (the node face is a fixed 200 px, monospaced). */
export function clip(text: string, n: number): string {
  return text.length <= n ? text : `${text.slice(0, n - 1)}…`;
}

function safe<T>(fn: () => T, fallback?: T): T {
  try {
    return fn();
  } catch {
    return (fallback ?? '') as T;
  }
}

function sameData(a: LayerNodeData, b: LayerNodeData): boolean {
  for (const k of Object.keys(a) as (keyof LayerNodeData)[]) {
    if (k === 'ports') {
      if (a.ports === b.ports) continue;
      if (a.ports.length !== b.ports.length || a.ports.some((p, i) => p !== b.ports[i])) return false;
    } else if (a[k] !== b[k]) return false;
  }
  return true;
}

/**
 * Node faces and edge labels for the document, each formatted when first read (see LazyMap); an entry whose
 * inputs are unchanged since it was last formatted is the very same object, so memoised components skip it.
 */
export function deriveViews(doc: GraphDoc, analysis: Analysis, cache: DeriveCache): Views {
  const byNode = problemsByNode(cache, analysis);
  const hasOutput = analysis.outputId !== null;
  const nodeById = new Map<string, GraphNode>();
  for (const g of doc.nodes) nodeById.set(g.id, g);
  const edgeById = new Map<string, GraphEdge>();
  for (const e of doc.edges) edgeById.set(e.id, e);
  if (cache.views.size > nodeById.size)
    for (const id of cache.views.keys()) if (!nodeById.has(id)) cache.views.delete(id);
  if (cache.labels.size > edgeById.size)
    for (const id of cache.labels.keys()) if (!edgeById.has(id)) cache.labels.delete(id);
  let fmt: FaceFormat | undefined;
  const face = (id: string): LayerNodeData => {
    const g = nodeById.get(id)!;
    const na = analysis.nodes.get(id);
    const problems = byNode.get(id);
    const live = !hasOutput || analysis.live.has(id);
    const prev = cache.views.get(id);
    let data: LayerNodeData;
    if (prev && prev.g === g && prev.live === live && sameProblems(prev.problems, problems)) {
      // The node, its problems and its liveness are unchanged: at most its stats line (an edit upstream changed
      // its analysis). Only those three texts are formatted, and the face is kept when they read the same.
      if (prev.na === na) data = prev.data;
      else {
        const d = prev.data;
        const shape = shapeText(na?.shape ?? null),
          params = paramText(na),
          rf = rfText(na, (fmt ??= faceFormat()));
        data = shape === d.shape && params === d.params && rf === d.rf ? d : { ...d, shape, params, rf };
      }
    } else {
      // Its problems or liveness changed, or the node itself: its own texts are kept while the node is the same.
      data = nodeData(g, na, problems, live, prev && prev.g === g ? prev.data : undefined, (fmt ??= faceFormat()));
      if (prev && sameData(prev.data, data)) data = prev.data;
    }
    // The entry is updated in place (an edit upstream would otherwise allocate one per face).
    if (prev) {
      prev.g = g;
      prev.na = na;
      prev.problems = problems;
      prev.live = live;
      prev.data = data;
    } else cache.views.set(id, { g, na, problems, live, data });
    return data;
  };
  const label = (id: string): ShapeEdgeData => {
    const source = edgeById.get(id)!.source;
    const na = analysis.nodes.get(source);
    const prev = cache.labels.get(id);
    if (prev && prev.na === na) return prev.data;
    const shape = na?.shape ?? null;
    // The source's face, formatted from the same analysis (faces are told before labels), has the same text.
    const face = cache.views.get(source);
    const text = face && face.na === na ? face.data.shape : shapeText(shape);
    const data = prev && prev.data.label === text ? prev.data : { label: text, unknown: shape === null };
    if (prev) {
      prev.na = na;
      prev.data = data;
    } else cache.labels.set(id, { na, data });
    return data;
  };
  return {
    doc,
    nodes: new Lazy(nodeById, face),
    edges: new Lazy(edgeById, label),
    severityOf: (id) => worst(byNode.get(id)),
  };
}

/**
 * React Flow nodes for the document. `overrides` are positions of nodes being dragged (not yet
 * committed to the store); `dims` are sizes React Flow measured, kept on rebuilt node objects so
 * it need not measure again.
 */
export function deriveNodes(
  views: Views,
  selected: ReadonlySet<string>,
  cache: DeriveCache,
  overrides?: ReadonlyMap<string, Pos>,
  dims?: ReadonlyMap<string, Dims>,
): LayerFlowNode[] {
  const { doc } = views;
  const out: LayerFlowNode[] = new Array(doc.nodes.length);
  const seen = new Set<string>();
  for (let i = 0; i < doc.nodes.length; i++) {
    const g = doc.nodes[i];
    seen.add(g.id);
    const data = FLOW_DATA[views.severityOf(g.id) ?? 'none'];
    const sel = selected.has(g.id);
    const position = overrides?.get(g.id) ?? g.position;
    const dragging = overrides?.has(g.id) ?? false;
    const prev = cache.nodes.get(g.id);
    let node: LayerFlowNode;
    if (
      prev &&
      prev.data === data &&
      prev.position === position &&
      (prev.selected ?? false) === sel &&
      (prev.dragging ?? false) === dragging &&
      // A node first measured after it was built gets its size (the minimap draws only measured nodes).
      (prev.measured !== undefined || !dims?.has(g.id))
    ) {
      node = prev;
    } else {
      const d = dims?.get(g.id);
      node = { id: g.id, type: 'layer', position, data, selected: sel, dragging, ...(d ? { measured: d } : {}) };
    }
    cache.nodes.set(g.id, node);
    out[i] = node;
  }
  if (cache.nodes.size > seen.size) for (const id of cache.nodes.keys()) if (!seen.has(id)) cache.nodes.delete(id);
  return (cache.lastNodes = stable(cache.lastNodes, out));
}

function sameProblems(a: readonly Problem[] | undefined, b: readonly Problem[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  return a.every((p, i) => p === b[i]);
}

/** React Flow edges (their labels come from the views). */
export function deriveEdges(doc: GraphDoc, selected: ReadonlySet<string>, cache: DeriveCache): ShapeFlowEdge[] {
  const out: ShapeFlowEdge[] = new Array(doc.edges.length);
  const seen = new Set<string>();
  for (let i = 0; i < doc.edges.length; i++) {
    const g = doc.edges[i];
    seen.add(g.id);
    const sel = selected.has(g.id);
    const prev = cache.edges.get(g.id);
    const edge: ShapeFlowEdge =
      prev && prev.g === g && (prev.edge.selected ?? false) === sel
        ? prev.edge
        : {
            id: g.id,
            source: g.source,
            target: g.target,
            sourceHandle: 'out',
            targetHandle: g.targetPort,
            type: 'shape',
            selected: sel,
          };
    cache.edges.set(g.id, { g, edge });
    out[i] = edge;
  }
  if (cache.edges.size > seen.size) for (const id of cache.edges.keys()) if (!seen.has(id)) cache.edges.delete(id);
  return (cache.lastEdges = stable(cache.lastEdges, out));
}

/**
 * Whether the Canvas component would draw `b` exactly as it draws `a`: it reads the document only for React Flow's
 * nodes (id, position, worst problem), the edges, the groups and the go-to-layer list (id, type, label); the faces'
 * and labels' text reach the DOM without it (LayerNode, ShapeEdge). A parameter edit upstream changes hundreds of
 * shapes and none of this, so the Canvas (and React Flow under it) need not render for it.
 */
export function sameForCanvas(a: Views, b: Views): boolean {
  if (a === b) return true;
  const da = a.doc,
    db = b.doc;
  if (da.edges !== db.edges || da.groups !== db.groups || da.nodes.length !== db.nodes.length) return false;
  for (let i = 0; i < da.nodes.length; i++) {
    const x = da.nodes[i],
      y = db.nodes[i];
    if (x === y) {
      if (a.severityOf(x.id) !== b.severityOf(y.id)) return false;
      continue;
    }
    if (x.id !== y.id || x.type !== y.type || x.label !== y.label || x.position !== y.position) return false;
    if (a.severityOf(x.id) !== b.severityOf(y.id)) return false;
  }
  return true;
}

/**
 * Whether two faces differ only in the texts LayerNode writes into the DOM itself: the stats line (shape, parameter
 * count, receptive field) and the summary (an Input's "32x32x3", a layer's settings): then the face need not render
 * through React. Compared field by field, no key string built.
 */
export function sameFaceHead(a: LayerNodeData, b: LayerNodeData): boolean {
  if (a === b) return true;
  for (const k of Object.keys(a) as (keyof LayerNodeData)[]) {
    if (k === 'shape' || k === 'params' || k === 'rf' || k === 'summary') continue;
    if (k === 'ports') {
      if (a.ports === b.ports) continue;
      if (a.ports.length !== b.ports.length || a.ports.some((p, i) => p !== b.ports[i])) return false;
    } else if (a[k] !== b[k]) return false;
  }
  return true;
}
