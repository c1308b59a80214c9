// Weights belong to a network, not to a layout: moving nodes (or the automatic layout after a
// load) makes a new document object that the same weights still fit.
import type { GraphDoc } from '../../shared/graph';

const sameParams = (a: object, b: object) => a === b || JSON.stringify(a) === JSON.stringify(b);

/** True when `b` is `a` up to node positions (same nodes, parameters and connections). */
export function sameNetwork(a: unknown, b: GraphDoc): boolean {
  if (a === b) return true;
  if (!a || typeof a !== 'object' || !Array.isArray((a as GraphDoc).nodes)) return false;
  const d = a as GraphDoc;
  return (
    d.nodes.length === b.nodes.length &&
    d.edges.length === b.edges.length &&
    d.nodes.every(
      (n, i) => n.id === b.nodes[i].id && n.type === b.nodes[i].type && sameParams(n.params, b.nodes[i].params),
    ) &&
    d.edges.every(
      (e, i) =>
        e.source === b.edges[i].source && e.target === b.edges[i].target && e.targetPort === b.edges[i].targetPort,
    )
  );
}
