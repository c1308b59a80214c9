// Copy, paste and duplicate on the document. Pure: a clip is plain JSON (the selected nodes and the
// connections among them); pasting gives every node and edge a fresh id, so the same clip can be
// pasted many times and into another document.
import { newEdgeId, newNodeId } from '../../shared/graph';
import type { GraphDoc, GraphEdge, GraphNode } from '../../shared/graph';

export interface Clip {
  readonly nodes: readonly GraphNode[];
  /** Only edges whose both ends are in `nodes`. */
  readonly edges: readonly GraphEdge[];
}

/** The selected nodes and the edges between them; null when nothing is selected. */
export function copyNodes(doc: GraphDoc, ids: Iterable<string>): Clip | null {
  const set = new Set(ids);
  const nodes = doc.nodes.filter((n) => set.has(n.id));
  if (!nodes.length) return null;
  const edges = doc.edges.filter((e) => set.has(e.source) && set.has(e.target));
  return { nodes, edges };
}

/** Paste a clip shifted by `offset`. Returns the new document and the ids of the pasted nodes. */
export function pasteClip(
  doc: GraphDoc,
  clip: Clip,
  offset: { x: number; y: number },
): { doc: GraphDoc; ids: string[] } {
  const rename = new Map<string, string>();
  const takenNodes = new Set<string>();
  const nodes: GraphNode[] = clip.nodes.map((n) => {
    const id = newNodeId(doc, n.type, takenNodes);
    takenNodes.add(id);
    rename.set(n.id, id);
    return {
      ...n,
      id,
      position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
      ...(n.label !== undefined ? { label: n.label } : {}),
    };
  });
  const takenEdges = new Set<string>();
  const edges: GraphEdge[] = clip.edges.map((e) => {
    const id = newEdgeId(doc, takenEdges);
    takenEdges.add(id);
    return { id, source: rename.get(e.source)!, target: rename.get(e.target)!, targetPort: e.targetPort };
  });
  return {
    doc: { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] },
    ids: nodes.map((n) => n.id),
  };
}
