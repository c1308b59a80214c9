// Wiring rules of the canvas, as pure edits of the document: a wire onto an input that is already fed
// replaces the old connection (each input port takes one edge: a Concat or Residual has one port per
// input, as the catalogue says), a wire dropped on a node's body goes to its nearest free input, and an
// edge's end can be moved to another port. Each is one edit, so one undo step.
import { CATALOGUE, connect as engineConnect } from '../../shared/graph';
import type { GraphDoc } from '../../shared/graph';

/** Connect source -> target.port, replacing whatever fed that port. Unchanged doc if already so wired. */
export function wireTo(doc: GraphDoc, source: string, target: string, port: string): GraphDoc {
  if (source === target) return doc;
  const tgt = doc.nodes.find((n) => n.id === target);
  if (!tgt || !doc.nodes.some((n) => n.id === source)) return doc;
  if (!CATALOGUE[tgt.type].ports(tgt.params).includes(port)) return doc;
  const old = doc.edges.filter((e) => e.target === target && e.targetPort === port);
  if (old.length === 1 && old[0].source === source) return doc;
  const kept = old.length ? { ...doc, edges: doc.edges.filter((e) => !old.includes(e)) } : doc;
  return engineConnect(kept, source, target, port).doc;
}

/** Move an existing edge to new ends (dragging one end of it); the port it lands on loses any other feed. */
export function rewire(doc: GraphDoc, edgeId: string, source: string, target: string, port: string): GraphDoc {
  const edge = doc.edges.find((e) => e.id === edgeId);
  if (!edge) return doc;
  if (edge.source === source && edge.target === target && edge.targetPort === port) return doc;
  if (source === target) return doc;
  const tgt = doc.nodes.find((n) => n.id === target);
  if (!tgt || !CATALOGUE[tgt.type].ports(tgt.params).includes(port)) return doc;
  const edges = doc.edges
    .filter((e) => e.id === edgeId || !(e.target === target && e.targetPort === port))
    .map((e) => (e.id === edgeId ? { ...e, source, target, targetPort: port } : e));
  return { ...doc, edges };
}

/** The input ports of `target` that nothing feeds yet, in port order. */
export function freePorts(doc: GraphDoc, target: string): string[] {
  const node = doc.nodes.find((n) => n.id === target);
  if (!node) return [];
  const fed = new Set(doc.edges.filter((e) => e.target === target).map((e) => e.targetPort));
  return CATALOGUE[node.type].ports(node.params).filter((p) => !fed.has(p));
}

/**
 * The port a wire dropped on a node's body goes to: the nearest free input (by the screen distance to
 * each port's handle in `at`), else the nearest input at all (its old feed is then replaced). Null for a
 * node without inputs.
 */
export function portForDrop(
  doc: GraphDoc,
  target: string,
  pointer: { x: number; y: number },
  at: ReadonlyMap<string, { x: number; y: number }>,
): string | null {
  const node = doc.nodes.find((n) => n.id === target);
  if (!node) return null;
  const all = CATALOGUE[node.type].ports(node.params);
  if (!all.length) return null;
  const free = freePorts(doc, target);
  const pool = free.length ? free : [...all];
  const dist = (p: string) => {
    const q = at.get(p);
    return q ? Math.hypot(q.x - pointer.x, q.y - pointer.y) : Infinity;
  };
  return pool.reduce((best, p) => (dist(p) < dist(best) ? p : best), pool[0]);
}
