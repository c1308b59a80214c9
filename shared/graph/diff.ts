// What changed between two networks, for comparing runs: nodes added and removed (by id), nodes whose type or
// parameters changed, and connections added and removed. Positions and labels are layout, not the network, so
// they are not differences. Pure and deterministic: every list is sorted.
import type { GraphDoc, GraphEdge, GraphNode, ParamValue } from './types';

export interface ParamChange {
  readonly param: string;
  /** undefined: the parameter is absent on that side. */
  readonly before: ParamValue | undefined;
  readonly after: ParamValue | undefined;
}

export interface NodeChange {
  readonly id: string;
  /** Set when the layer type itself changed. */
  readonly type?: { readonly before: GraphNode['type']; readonly after: GraphNode['type'] };
  readonly params: readonly ParamChange[];
}

export interface EdgeRef {
  readonly source: string;
  readonly target: string;
  readonly targetPort: string;
}

export interface GraphDiff {
  readonly added: readonly GraphNode[];
  readonly removed: readonly GraphNode[];
  readonly changed: readonly NodeChange[];
  readonly edgesAdded: readonly EdgeRef[];
  readonly edgesRemoved: readonly EdgeRef[];
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const same = (a: ParamValue | undefined, b: ParamValue | undefined) =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b;
const edgeKey = (e: EdgeRef) => JSON.stringify([e.source, e.target, e.targetPort]);
const ref = (e: GraphEdge): EdgeRef => ({ source: e.source, target: e.target, targetPort: e.targetPort });

/** The differences from graph `a` to graph `b`. Connections are compared by (source, target, port), not edge id. */
export function diffGraphs(a: GraphDoc, b: GraphDoc): GraphDiff {
  const before = new Map(a.nodes.map((n) => [n.id, n]));
  const after = new Map(b.nodes.map((n) => [n.id, n]));
  const added = b.nodes.filter((n) => !before.has(n.id)).sort(byId);
  const removed = a.nodes.filter((n) => !after.has(n.id)).sort(byId);
  const changed: NodeChange[] = [];
  for (const n of [...a.nodes].sort(byId)) {
    const m = after.get(n.id);
    if (!m) continue;
    const keys = [...new Set([...Object.keys(n.params), ...Object.keys(m.params)])].sort();
    const params = keys
      .filter((k) => !same(n.params[k], m.params[k]))
      .map((k) => ({ param: k, before: n.params[k], after: m.params[k] }));
    if (n.type !== m.type || params.length)
      changed.push({ id: n.id, ...(n.type !== m.type ? { type: { before: n.type, after: m.type } } : {}), params });
  }
  const aEdges = new Map(a.edges.map((e) => [edgeKey(e), ref(e)]));
  const bEdges = new Map(b.edges.map((e) => [edgeKey(e), ref(e)]));
  const sortEdges = (l: EdgeRef[]) => l.sort((x, y) => (edgeKey(x) < edgeKey(y) ? -1 : 1));
  return {
    added,
    removed,
    changed,
    edgesAdded: sortEdges([...bEdges].filter(([k]) => !aEdges.has(k)).map(([, e]) => e)),
    edgesRemoved: sortEdges([...aEdges].filter(([k]) => !bEdges.has(k)).map(([, e]) => e)),
  };
}

/** True when the two graphs are the same network (no differences). */
export const isEmptyDiff = (d: GraphDiff) =>
  !d.added.length && !d.removed.length && !d.changed.length && !d.edgesAdded.length && !d.edgesRemoved.length;
