// Pure edits on a GraphDoc. Each returns a new document and shares every untouched node object,
// which keeps re-analysis incremental. The editor's commands and the fixes offered by the
// validator are all built from these.
import { CATALOGUE, newNodeParams } from './catalogue';
import { pruneGroups } from './groups';
import type { Fix, GraphDoc, GraphEdge, GraphNode, LayerType, ParamValue, Params } from './types';

/** A fresh node id like conv3, unused in the document (and not in `taken`). */
export function newNodeId(doc: GraphDoc, type: LayerType, taken: ReadonlySet<string> = new Set()): string {
  const used = new Set(doc.nodes.map((n) => n.id));
  for (let i = 1; ; i++) {
    const id = `${CATALOGUE[type].idPrefix}${i}`;
    if (!used.has(id) && !taken.has(id)) return id;
  }
}

export function newEdgeId(doc: GraphDoc, taken: ReadonlySet<string> = new Set()): string {
  const used = new Set(doc.edges.map((e) => e.id));
  for (let i = doc.edges.length + 1; ; i++) {
    const id = `e${i}`;
    if (!used.has(id) && !taken.has(id)) return id;
  }
}

export function addNode(
  doc: GraphDoc,
  type: LayerType,
  position: { x: number; y: number },
  params?: Params,
  id?: string,
): { doc: GraphDoc; id: string } {
  const nid = id ?? newNodeId(doc, type);
  const node: GraphNode = { id: nid, type, params: { ...newNodeParams(type), ...params }, position };
  return { doc: { ...doc, nodes: [...doc.nodes, node] }, id: nid };
}

export function setParams(doc: GraphDoc, nodeId: string, patch: Readonly<Record<string, ParamValue>>): GraphDoc {
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (n.id === nodeId ? { ...n, params: { ...n.params, ...patch } } : n)),
    // A node whose ports depend on its params (Concat's inputs) loses the connections into ports it no longer has.
    edges: dropDanglingPorts(doc, nodeId, patch),
  };
}

function dropDanglingPorts(
  doc: GraphDoc,
  nodeId: string,
  patch: Readonly<Record<string, ParamValue>>,
): readonly GraphEdge[] {
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!node) return doc.edges;
  const def = CATALOGUE[node.type];
  const ports = def.ports({ ...node.params, ...patch });
  // Port lists are shared constants (layers/common.ts): the same list means the same ports.
  if (ports === def.ports(node.params)) return doc.edges;
  const kept = doc.edges.filter((e) => e.target !== nodeId || ports.includes(e.targetPort));
  return kept.length === doc.edges.length ? doc.edges : kept;
}

export function moveNodes(doc: GraphDoc, positions: ReadonlyMap<string, { x: number; y: number }>): GraphDoc {
  return { ...doc, nodes: doc.nodes.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)) };
}

export function connect(
  doc: GraphDoc,
  source: string,
  target: string,
  targetPort: string,
): { doc: GraphDoc; id: string } {
  const id = newEdgeId(doc);
  return { doc: { ...doc, edges: [...doc.edges, { id, source, target, targetPort }] }, id };
}

export function removeEdges(doc: GraphDoc, ids: ReadonlySet<string>): GraphDoc {
  return { ...doc, edges: doc.edges.filter((e) => !ids.has(e.id)) };
}

export function removeNodes(doc: GraphDoc, ids: ReadonlySet<string>): GraphDoc {
  return pruneGroups({
    ...doc,
    nodes: doc.nodes.filter((n) => !ids.has(n.id)),
    edges: doc.edges.filter((e) => !ids.has(e.source) && !ids.has(e.target)),
  });
}

/**
 * Remove a single-input node and reconnect: whatever fed it now feeds what it fed. Used for
 * "remove this Softmax" so the graph stays wired.
 */
export function bypassNode(doc: GraphDoc, nodeId: string): GraphDoc {
  const incoming = doc.edges.filter((e) => e.target === nodeId);
  if (incoming.length !== 1) return removeNodes(doc, new Set([nodeId]));
  const src = incoming[0].source;
  return pruneGroups({
    ...doc,
    nodes: doc.nodes.filter((n) => n.id !== nodeId),
    edges: doc.edges.filter((e) => e.target !== nodeId).map((e) => (e.source === nodeId ? { ...e, source: src } : e)),
  });
}

/** Put a new node on an existing edge: source -> new -> target. */
export function insertOnEdge(
  doc: GraphDoc,
  edgeId: string,
  type: LayerType,
  params?: Params,
): { doc: GraphDoc; id: string } {
  const edge = doc.edges.find((e) => e.id === edgeId);
  if (!edge) return { doc, id: '' };
  const src = doc.nodes.find((n) => n.id === edge.source),
    tgt = doc.nodes.find((n) => n.id === edge.target);
  const pos =
    src && tgt
      ? { x: (src.position.x + tgt.position.x) / 2, y: (src.position.y + tgt.position.y) / 2 }
      : { x: 0, y: 0 };
  const added = addNode(doc, type, pos, params);
  const port = CATALOGUE[type].ports(added.doc.nodes[added.doc.nodes.length - 1].params)[0];
  const e2 = newEdgeId(added.doc);
  return {
    id: added.id,
    doc: {
      ...added.doc,
      edges: [
        ...added.doc.edges.map((e) => (e.id === edgeId ? { ...e, target: added.id, targetPort: port } : e)),
        { id: e2, source: added.id, target: edge.target, targetPort: edge.targetPort },
      ],
    },
  };
}

/** Add a node after `after` and move its outgoing connections to the new node. */
export function appendAfter(
  doc: GraphDoc,
  after: string,
  type: LayerType,
  params?: Params,
): { doc: GraphDoc; id: string } {
  const anchor = doc.nodes.find((n) => n.id === after);
  const pos = anchor ? { x: anchor.position.x, y: anchor.position.y + 110 } : { x: 0, y: 0 };
  const added = addNode(doc, type, pos, params);
  const port = CATALOGUE[type].ports(added.doc.nodes[added.doc.nodes.length - 1].params)[0];
  const moved = added.doc.edges.map((e) => (e.source === after ? { ...e, source: added.id } : e));
  const eid = newEdgeId(added.doc);
  return {
    id: added.id,
    doc: { ...added.doc, edges: [...moved, { id: eid, source: after, target: added.id, targetPort: port }] },
  };
}

/** Apply a fix offered by the validator. Returns the new document and the node to select. */
export function applyFix(doc: GraphDoc, fix: Fix): { doc: GraphDoc; select?: string } {
  switch (fix.kind) {
    case 'setParam':
      return { doc: setParams(doc, fix.nodeId, { [fix.param]: fix.value, ...fix.also }), select: fix.nodeId };
    case 'insertNode': {
      const r = insertOnEdge(doc, fix.edgeId, fix.type, fix.params);
      return { doc: r.doc, select: r.id };
    }
    case 'appendNode': {
      const r = appendAfter(doc, fix.after, fix.type, fix.params);
      return { doc: r.doc, select: r.id };
    }
    case 'addInput': {
      const target = doc.nodes.find((n) => n.id === fix.before);
      const pos = target ? { x: target.position.x, y: target.position.y - 110 } : { x: 0, y: 0 };
      const added = addNode(doc, 'Input', pos, fix.params);
      return { doc: connect(added.doc, added.id, fix.before, fix.port).doc, select: added.id };
    }
    case 'removeEdge':
      return { doc: removeEdges(doc, new Set([fix.edgeId])) };
    case 'removeNode':
      return { doc: bypassNode(doc, fix.nodeId) };
  }
}
