// Moving through the graph with the arrow keys: Down follows an edge to a node this one feeds, Up to a
// node that feeds it, Left and Right go to its siblings (nodes fed by the same node, else feeding the same
// node), nearest on screen first. Pure, on the document, so it is tested without a browser.
import type { GraphDoc } from '../../shared/graph';

export type ArrowKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight';
export const isArrow = (k: string): k is ArrowKey =>
  k === 'ArrowUp' || k === 'ArrowDown' || k === 'ArrowLeft' || k === 'ArrowRight';

/** The node an arrow key moves to from `id`, or null when there is none that way. */
export function neighbour(doc: GraphDoc, id: string, key: ArrowKey): string | null {
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const me = byId.get(id);
  if (!me) return null;
  const x = (n: string) => byId.get(n)?.position.x ?? 0;
  const nearest = (ids: string[]) =>
    ids.length ? ids.reduce((b, n) => (Math.abs(x(n) - me.position.x) < Math.abs(x(b) - me.position.x) ? n : b)) : null;
  const children = (n: string) => doc.edges.filter((e) => e.source === n).map((e) => e.target);
  const parents = (n: string) => doc.edges.filter((e) => e.target === n).map((e) => e.source);
  if (key === 'ArrowDown') return nearest(children(id));
  if (key === 'ArrowUp') return nearest(parents(id));
  let siblings = [...new Set(parents(id).flatMap(children))];
  if (siblings.length < 2) siblings = [...new Set(children(id).flatMap(parents))];
  const order = siblings.filter((n) => byId.has(n)).sort((a, b) => x(a) - x(b) || a.localeCompare(b));
  const i = order.indexOf(id);
  if (i < 0) return null;
  const j = key === 'ArrowLeft' ? i - 1 : i + 1;
  return j >= 0 && j < order.length ? order[j] : null;
}
