// Wiring rules of the canvas, as pure edits of the document: a wire onto an input that is already fed
// replaces the old connection (each input port takes one edge: a Concat or Residual has one port per
// input, as the catalogue says), a wire dropped on a node's body goes to its nearest free input, and an
// edge's end can be moved to another port. Each is one edit, so one undo step.
import { CATALOGUE, connect as engineConnect } from '../../shared/graph';
import type { GraphDoc } from '../../shared/graph';
import { currentT } from '../i18n';

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

const GROUP_FLOW_PREFIX = 'group:';

/**
 * A wire whose end is a collapsed group's box (React Flow id `group:<id>`): the document has no such
 * node, so the wire goes to the group's boundary layer. From a group: the one member that feeds layers
 * outside it (else its one member feeding nothing inside it). Onto a group: the inputs fed from outside
 * are all moved to the new source when one outside node fed them (a residual block's conv and shortcut
 * both take the block's input); a group that nothing outside feeds takes the wire on its one free input.
 * Anything else is ambiguous: an error that says to expand the group and wire the layer meant.
 */
export function wireAcrossGroups(
  doc: GraphDoc,
  source: string,
  target: string,
  port: string,
): { doc: GraphDoc } | { error: string } {
  const groupOf = (flowId: string) =>
    flowId.startsWith(GROUP_FLOW_PREFIX)
      ? ((doc.groups ?? []).find((g) => g.id === flowId.slice(GROUP_FLOW_PREFIX.length)) ?? null)
      : null;
  const sg = groupOf(source),
    tg = groupOf(target);
  const missing = [source, target].find((id) => id.startsWith(GROUP_FLOW_PREFIX) && !groupOf(id));
  const tr = currentT();
  if (missing) return { error: tr.t('ui.shell.groupGone', { group: missing.slice(GROUP_FLOW_PREFIX.length) }) };
  if (sg && sg === tg) return { doc };
  const expand = (label: string, what: string) => tr.t('ui.shell.groupExpand', { label, what });

  let src = source;
  if (sg) {
    const inside = new Set(sg.nodes);
    const leaving = [
      ...new Set(doc.edges.filter((e) => inside.has(e.source) && !inside.has(e.target)).map((e) => e.source)),
    ];
    const exits = leaving.length
      ? leaving
      : sg.nodes.filter((id) => !doc.edges.some((e) => e.source === id && inside.has(e.target)));
    if (exits.length !== 1) return { error: expand(sg.label, tr.t('ui.shell.groupOutputs', { n: exits.length })) };
    src = exits[0];
  }
  if (!tg) {
    if (!doc.nodes.some((n) => n.id === target)) return { error: tr.t('ui.shell.noLayer', { target }) };
    return { doc: wireTo(doc, src, target, port) };
  }

  const inside = new Set(tg.nodes);
  if (inside.has(src)) return { doc };
  const entering = doc.edges.filter((e) => inside.has(e.target) && !inside.has(e.source));
  if (entering.length) {
    const feeders = new Set(entering.map((e) => e.source));
    if (feeders.size !== 1) return { error: expand(tg.label, tr.t('ui.shell.groupFeeders', { n: feeders.size })) };
    if (feeders.has(src)) return { doc };
    return {
      doc: entering.reduce((d, e) => rewire(d, e.id, src, e.target, e.targetPort), doc),
    };
  }
  const free = tg.nodes.flatMap((id) => freePorts(doc, id).map((p) => [id, p] as const));
  if (free.length !== 1)
    return {
      error: expand(
        tg.label,
        free.length ? tr.t('ui.shell.groupFree', { n: free.length }) : tr.t('ui.shell.groupNoFree'),
      ),
    };
  return { doc: wireTo(doc, src, free[0][0], free[0][1]) };
}
